// The ticket page's 打印凭条 button (no inline script: the site's CSP forbids it).
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
