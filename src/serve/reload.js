// isnad serve: reloads the page when the site has been rebuilt, and shows
// the dossier's errors over it while the last good site is served. Added to
// pages by the preview server only; built sites never contain it.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? script.getAttribute("data-generation") : null;
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

  function poll() {
    fetch("/__isnad/version", { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (state) {
        if (served !== null && String(state.generation) !== served) {
          location.reload();
          return;
        }
        show(state.errors);
        setTimeout(poll, 250);
      })
      .catch(function () {
        // The server is restarting or gone; keep trying, more slowly.
        setTimeout(poll, 1000);
      });
  }

  poll();
})();
