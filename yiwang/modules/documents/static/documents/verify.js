// 验章: after an upload, move the focus to the answer (or to the list of problems) so that a
// screen-reader or keyboard user lands on it, as a sighted user sees it.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("error-summary") || document.getElementById("verify-result");
  if (target) target.focus();
});
