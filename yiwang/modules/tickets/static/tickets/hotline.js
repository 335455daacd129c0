// 话务受理 shortcuts: Alt+<key> moves to the field whose accesskey is <key>. Browsers give access
// keys different modifiers (and some none without a menu bar); this keeps Alt working everywhere.
document.addEventListener("keydown", (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.key.length !== 1) return;
  const target = document.querySelector(`[accesskey="${CSS.escape(event.key)}"]`);
  if (target) {
    event.preventDefault();
    target.focus();
  }
});
