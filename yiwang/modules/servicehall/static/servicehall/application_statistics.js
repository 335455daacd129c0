// 办件统计: draws each [data-chart] element as a grouped bar chart from the json_script element it
// names (no inline script). The table below it is the text alternative. ECharts is served locally.
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { top: 40, left: 40, right: 16, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
