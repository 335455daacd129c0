/* Draws a BPMN diagram with the locally served bpmn-js NavigatedViewer and marks the done steps
   (with the gateways and events passed), the current steps and the timers waiting now. Data comes from a json_script element named by data-wf-diagram (no inline
   script, for the Content-Security-Policy). When drawn, the container gets data-wf-rendered,
   data-wf-done, data-wf-current and data-wf-waiting so tests and assistive tooling can read the state. */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-wf-diagram"));
    var fallback = container.parentNode.querySelector(".wf-diagram-fallback");
    if (!source || typeof window.BpmnJS !== "function") {
      if (fallback) fallback.hidden = false;
      return;
    }
    var data = JSON.parse(source.textContent);
    var viewer = new window.BpmnJS({ container: container });
    viewer
      .importXML(data.xml)
      .then(function () {
        var canvas = viewer.get("canvas");
        var registry = viewer.get("elementRegistry");
        function mark(ids, cls) {
          (ids || []).forEach(function (id) {
            if (registry.get(id)) canvas.addMarker(id, cls);
          });
        }
        mark(data.done, "wf-done");
        mark(data.current, "wf-current");
        mark(data.waiting, "wf-waiting");
        canvas.zoom("fit-viewport", "auto");
        container.setAttribute("data-wf-done", (data.done || []).join(" "));
        container.setAttribute("data-wf-current", (data.current || []).join(" "));
        container.setAttribute("data-wf-waiting", (data.waiting || []).join(" "));
        container.setAttribute("data-wf-rendered", "true");
        // The drawing is one image for screen readers, described by the text log beside it; it stays
        // focusable so keyboard users can pan (arrow keys) and zoom (+/-).
        var svg = container.querySelector(".djs-container > svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", container.getAttribute("data-wf-label") || "流程图");
          if (container.getAttribute("data-wf-describedby")) {
            svg.setAttribute("aria-describedby", container.getAttribute("data-wf-describedby"));
          }
        }
      })
      .catch(function () {
        if (fallback) fallback.hidden = false;
        container.setAttribute("data-wf-rendered", "error");
      });
  }

  function init() {
    document.querySelectorAll("[data-wf-diagram]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
