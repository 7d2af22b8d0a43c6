// The Copy button beside a campaign's address: shown only where the browser lets a page copy.
// Without it the address stays in a field to select and copy by hand.
(function () {
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = button.dataset.copied; },
        function () { field.select(); }
      );
    });
  });
})();
