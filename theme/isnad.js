/* isnad: small enhancements; every page reads fully without them.
   On narrow screens, a reference number opens its explanation inline, under
   the paragraph, instead of jumping to the list at the end of the text. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 62rem)");

  function block(element) {
    return element.closest("p, li, h1, h2, h3, h4, h5, h6, blockquote, td") || element;
  }

  function toggle(link, event) {
    if (!narrow.matches) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var explanation = document.getElementById(id);
    if (!explanation) return;
    event.preventDefault();
    var openId = "inline-" + id;
    var open = document.getElementById(openId);
    if (open) {
      open.remove();
      link.setAttribute("aria-expanded", "false");
      return;
    }
    var panel = document.createElement("div");
    panel.className = "inline-annotation";
    panel.id = openId;
    panel.setAttribute("role", "note");
    panel.innerHTML = explanation.innerHTML; /* our own rendered markup */
    panel.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    block(link).insertAdjacentElement("afterend", panel);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", openId);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".ann-ref a");
    if (link) toggle(link, event);
  });
})();
