// isnad serve: reloads the page when the site has been rebuilt, loads its
// stylesheets again in place when only they changed, and shows the
// dossier's errors over it while the last good site is served. The server
// pushes its build state as server-sent events on /__isnad/events. Added to
// pages by the preview server only; built sites never contain it.
(function () {
  "use strict";
  var script = document.currentScript;
  var attribute = script ? script.getAttribute("data-generation") : null;
  var served = attribute === null ? null : Number(attribute);
  var box = null;

  function show(errors) {
    if (!errors) {
      if (box) {
        box.remove();
        box = null;
      }
      return;
    }
    if (!box) {
      box = document.createElement("pre");
      box.id = "isnad-serve-errors";
      box.setAttribute("role", "alert");
      box.setAttribute("dir", "ltr");
      box.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;" +
        "padding:1em;background:#2b0b0b;color:#fff;font:13px/1.45 monospace;" +
        "white-space:pre-wrap;text-align:left;z-index:2147483647;border-top:4px solid #e33";
      document.body.appendChild(box);
    }
    box.textContent =
      "isnad: the dossier has errors; this is the last good build.\n\n" + errors;
  }

  // Loads every same-origin stylesheet again under a new query, each new
  // <link> replacing the old one once loaded, so the page never shows
  // unstyled.
  function restyle(generation) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("isnad", String(generation));
      var fresh = link.cloneNode();
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function apply(state) {
    if (served !== null && state.generation !== served) {
      // Every build since this page's changed only stylesheets.
      if (served >= state.full && state.generation > served) {
        restyle(state.generation);
        served = state.generation;
      } else {
        location.reload();
        return;
      }
    }
    show(state.errors);
  }

  // Browsers without server-sent events ask for the state instead.
  function poll() {
    fetch("/__isnad/version", { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (state) {
        apply(state);
        setTimeout(poll, 250);
      })
      .catch(function () {
        setTimeout(poll, 1000);
      });
  }

  // Document pages can be annotated from the preview (annotate.js).
  if (document.querySelector(".document-body")) {
    var annotate = document.createElement("script");
    annotate.src = "/__isnad/annotate.js";
    document.head.appendChild(annotate);
  }

  if (!window.EventSource) {
    poll();
    return;
  }
  // EventSource reconnects by itself (after the `retry` the server sends)
  // when the server restarts; the state it then sends decides.
  var events = new EventSource("/__isnad/events");
  events.onmessage = function (message) {
    apply(JSON.parse(message.data));
  };
})();
