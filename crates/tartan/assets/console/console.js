// Tartan console: small progressive enhancement. Every form works without it.
(function () {
  "use strict";
  // Ask before a form whose button names a consequence (data-confirm holds the button's effect text).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var text = form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });
  // The "set error" form: show the chosen code's effect as the operator picks it.
  document.querySelectorAll("select[data-effects]").forEach(function (select) {
    var effects = JSON.parse(select.getAttribute("data-effects"));
    var target = document.getElementById(select.getAttribute("data-effect-target"));
    var form = select.form;
    function show() {
      var text = effects[select.value] || "";
      if (target) target.textContent = text;
      if (form) form.setAttribute("data-confirm", text);
    }
    select.addEventListener("change", show);
    show();
  });
})();
