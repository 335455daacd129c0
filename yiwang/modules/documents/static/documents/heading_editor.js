// 正文 heading levels (GB/T 9704-2012 §7.3.3): "一、" → "（一）" → "1." → "（1）".
// Progressive enhancement: a toolbar above each textarea[data-heading-editor] inserts, at the
// cursor, the next number of a level, counted from the headings already above the cursor (a
// higher level restarts the lower ones). Without this script the textarea works as before.
(function () {
  "use strict";
  var DIGITS = "〇一二三四五六七八九";
  function chinese(n) {
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 100) return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
    return String(n);
  }
  var LEVELS = [
    { label: "一、", pattern: /^[一二三四五六七八九十]+、/, make: function (n) { return chinese(n) + "、"; } },
    { label: "（一）", pattern: /^（[一二三四五六七八九十]+）/, make: function (n) { return "（" + chinese(n) + "）"; } },
    { label: "1.", pattern: /^\d+\.\s?/, make: function (n) { return n + ". "; } },
    { label: "（1）", pattern: /^（\d+）/, make: function (n) { return "（" + n + "）"; } },
  ];
  function nextNumber(text, level) {
    var count = 0;
    text.split("\n").forEach(function (line) {
      line = line.replace(/^\s+/, "");
      for (var i = 0; i < LEVELS.length; i++) {
        if (LEVELS[i].pattern.test(line)) {
          if (i === level) count += 1;
          else if (i < level) count = 0;
          break;
        }
      }
    });
    return count + 1;
  }
  function insert(area, level) {
    var start = area.selectionStart, end = area.selectionEnd, value = area.value;
    var before = value.slice(0, start);
    var prefix = before.length && before.slice(-1) !== "\n" ? "\n" : "";
    var text = prefix + LEVELS[level].make(nextNumber(before, level));
    area.value = before + text + value.slice(end);
    area.selectionStart = area.selectionEnd = start + text.length;
    area.focus();
  }
  function enhance(area) {
    var bar = document.createElement("div");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "插入层次序数");
    bar.className = "documents-heading-toolbar";
    LEVELS.forEach(function (level, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.textContent = level.label;
      button.setAttribute("aria-label", "插入第" + (index + 1) + "层序号 " + level.label);
      button.addEventListener("click", function () { insert(area, index); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  }
  document.querySelectorAll("textarea[data-heading-editor]").forEach(enhance);
})();
