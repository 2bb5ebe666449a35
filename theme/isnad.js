/* isnad: small enhancements; every page reads fully without them.
   On narrow screens, a reference number opens its explanation inline, under
   the paragraph, instead of jumping to the list at the end of the text; so
   do the marked words themselves, which are a far bigger target for a
   finger than the number. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 62rem)");

  /* How the latest click began ("touch", "mouse", "pen"): only a finger
     cannot tell a name's link from the marked words around it. */
  var pointer = "";
  document.addEventListener("pointerdown", function (event) { pointer = event.pointerType; }, true);

  function block(element) {
    return element.closest("p, li, h1, h2, h3, h4, h5, h6, blockquote, td") || element;
  }

  function explanationId(link) {
    return decodeURIComponent(link.getAttribute("href").slice(1));
  }

  function toggle(link, event) {
    if (!narrow.matches) return;
    var id = explanationId(link);
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

  /* The reference number of a mark. A mark cut by other markup comes in
     pieces sharing data-ann; its number follows the last piece and links to
     "about-" + data-ann, or for a note's later occurrence ("note-…-2") to
     its first one's (ids from src/render/mod.rs). */
  function referenceOf(mark) {
    var ann = mark.getAttribute("data-ann");
    var about = "about-" + ann;
    if (!document.getElementById(about)) about = "about-" + ann.replace(/-\d+$/, "");
    var pieces = document.querySelectorAll('mark.ann[data-ann="' + CSS.escape(ann) + '"]');
    var last = pieces[pieces.length - 1];
    var refs = document.querySelectorAll('.ann-ref a[href="#' + CSS.escape(about) + '"]');
    for (var i = 0; i < refs.length; i++) {
      if (last.compareDocumentPosition(refs[i]) === Node.DOCUMENT_POSITION_FOLLOWING) return refs[i];
    }
    return refs[0] || null;
  }

  document.addEventListener("click", function (event) {
    if (!narrow.matches || !event.target.closest) return;
    var reference = event.target.closest(".ann-ref a");
    if (reference) { toggle(reference, event); return; }
    var mark = event.target.closest(".document-body mark.ann");
    /* Selecting words is not asking for their explanation. */
    if (!mark || String(window.getSelection()) !== "") return;
    reference = referenceOf(mark);
    if (!reference) return;
    if (event.target.closest("a")) {
      /* A link in the marked words (an actor's name): a first tap of a
         finger opens the explanation, the next follows the link. A mouse
         or the keyboard (a click of detail 0) follows it at once. */
      var open = document.getElementById("inline-" + explanationId(reference));
      if (pointer !== "touch" || event.detail === 0 || open) return;
    }
    toggle(reference, event);
  });
})();
