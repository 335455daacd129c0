// 话务受理 keyboard use.
// Alt+<key> moves to the field whose accesskey is <key>: browsers give access keys different
// modifiers (and some none without a menu bar); this keeps Alt working everywhere.
document.addEventListener("keydown", (event) => {
  if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.length === 1) {
    const target = document.querySelector(`[accesskey="${CSS.escape(event.key)}"]`);
    if (target) {
      event.preventDefault();
      target.focus();
    }
  }
  // Ctrl+Enter in the content (a textarea, where Enter is a new line) submits the ticket.
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target instanceof HTMLTextAreaElement) {
    const form = event.target.form;
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
  }
});

// A refused submission: the error summary takes the focus so it is read first; its links lead
// to the fields.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
