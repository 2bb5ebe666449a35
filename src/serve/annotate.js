// isnad serve: annotate from the page. Selecting words of a document's
// text shows a panel with the YAML of a claim or a note on them, ready to
// paste into the front matter. The page only says what was selected and
// what text is around it; the server finds the quote and what tells it
// apart with isnad's own anchoring, and checks that the block marks
// exactly the selection. Loaded by reload.js on document pages served by
// `isnad serve`; built sites never contain it. The server puts
// ISNAD_ANNOTATE (the interface strings) before this script.
(function () {
  "use strict";
  var body = document.querySelector(".document-body");
  if (!body || document.getElementById("isnad-annotate")) return;
  var config = window.ISNAD_ANNOTATE || { strings: {} };
  function t(key) {
    return config.strings[key] || key;
  }
  // What isnad adds to the text (reference numerals, contradiction counts,
  // footnote numbers) is not the document's and is left out.
  var ADDED = "sup.ann-ref, .ann-against, sup.footnote-reference";
  // The elements whose text is one block for anchoring: a quote may not
  // run from one into another.
  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, pre, figcaption";
  // How much of the text around the selection is sent: enough to tell
  // any two occurrences apart.
  var CONTEXT = 2000;
  var rtl = (document.documentElement.getAttribute("dir") || "").toLowerCase() === "rtl";

  var panel = null;
  var parts = {};
  var state = { kind: "claim", by: "", request: null, range: null, sent: 0, crosses: false };
  var returnFocus = null;

  function textOf(range) {
    var fragment = range.cloneContents();
    Array.prototype.forEach.call(fragment.querySelectorAll(ADDED), function (node) {
      node.remove();
    });
    return fragment.textContent;
  }

  // The selection, when it lies in the document's text.
  function selectedRange() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
    if (!textOf(range).trim()) return null;
    return range;
  }

  // How many blocks the selected characters (white space aside) are in.
  // Checked here, since white space is all that tells «end of one
  // paragraph, start of the next» from the same words within one.
  function blockCount(range) {
    var root = range.commonAncestorContainer;
    if (root.nodeType === Node.TEXT_NODE) return 1;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var blocks = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!range.intersectsNode(node) || node.parentElement.closest(ADDED)) continue;
      var from = node === range.startContainer ? range.startOffset : 0;
      var to = node === range.endContainer ? range.endOffset : node.data.length;
      if (!node.data.slice(from, to).trim()) continue;
      var block = node.parentElement.closest(BLOCKS) || body;
      if (blocks.indexOf(block) < 0) blocks.push(block);
    }
    return blocks.length;
  }

  function describe(range) {
    var before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(body, body.childNodes.length);
    return {
      page: location.pathname,
      text: textOf(range),
      before: textOf(before).slice(-CONTEXT),
      after: textOf(after).slice(0, CONTEXT),
    };
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function addStyle() {
    var style = element("style", { id: "isnad-annotate-style" });
    style.textContent =
      "#isnad-annotate{position:absolute;z-index:2147483646;box-sizing:border-box;" +
      "max-inline-size:calc(100vw - 16px);padding-block:.6em .8em;padding-inline:.9em;" +
      "background:#fffdf7;color:#1d1d1d;border:1px solid #8a7a55;border-radius:6px;" +
      "box-shadow:0 6px 24px rgba(0,0,0,.25);font:15px/1.5 system-ui,sans-serif;text-align:start}" +
      "#isnad-annotate *{box-sizing:border-box}#isnad-annotate [hidden]{display:none!important}" +
      "#isnad-annotate .isnad-annotate-head{display:flex;align-items:center;gap:.5em;margin-block-end:.4em}" +
      "#isnad-annotate h2{font-size:1em;margin:0;flex:1}" +
      "#isnad-annotate fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2em 1em}" +
      "#isnad-annotate legend{padding:0;margin-block-end:.2em;font-weight:600}" +
      "#isnad-annotate label{display:inline-flex;align-items:center;gap:.3em}" +
      "#isnad-annotate .isnad-annotate-by{display:flex;flex-wrap:wrap;gap:.3em;margin-block:.5em}" +
      "#isnad-annotate select{max-inline-size:100%;font:inherit}" +
      "#isnad-annotate textarea{display:block;inline-size:100%;margin-block:.4em;padding:.4em;" +
      "font:13px/1.5 ui-monospace,monospace;white-space:pre;overflow:auto;resize:vertical;" +
      "background:#f3efe4;color:inherit;border:1px solid #b9ad8e;border-radius:4px}" +
      "#isnad-annotate button{font:inherit;padding-block:.25em;padding-inline:.8em;cursor:pointer;" +
      "border:1px solid #6f6246;border-radius:4px;background:#fff;color:inherit}" +
      "#isnad-annotate .isnad-annotate-copy{background:#5b4a1f;color:#fff;border-color:#5b4a1f}" +
      "#isnad-annotate :focus-visible{outline:3px solid #1a66d9;outline-offset:2px}" +
      "#isnad-annotate p{margin-block:.3em;margin-inline:0;font-size:.88em}" +
      "#isnad-annotate .isnad-annotate-error{color:#a11}" +
      "#isnad-annotate .isnad-annotate-actions{display:flex;align-items:center;gap:.6em}" +
      "@media (prefers-color-scheme:dark){#isnad-annotate{background:#23211c;color:#eee;border-color:#8a7a55}" +
      "#isnad-annotate textarea{background:#15140f}#isnad-annotate button{background:#333;color:#eee}" +
      "#isnad-annotate .isnad-annotate-error{color:#f88}}";
    document.head.appendChild(style);
  }

  function build() {
    addStyle();
    panel = element("section", {
      id: "isnad-annotate",
      role: "dialog",
      "aria-labelledby": "isnad-annotate-title",
      dir: rtl ? "rtl" : "ltr",
      lang: config.lang || document.documentElement.lang || "",
      "data-state": "working",
    });
    var head = element("div", { class: "isnad-annotate-head" });
    head.appendChild(element("h2", { id: "isnad-annotate-title", tabindex: "-1" }, t("annotate_title")));
    parts.close = element("button", { type: "button", "aria-label": t("annotate_close") }, "×");
    parts.close.addEventListener("click", function () {
      close(true);
    });
    head.appendChild(parts.close);
    panel.appendChild(head);

    var kinds = element("fieldset");
    kinds.appendChild(element("legend", {}, t("annotate_kind")));
    parts.kinds = {};
    ["claim", "note"].forEach(function (kind) {
      var label = element("label");
      var input = element("input", { type: "radio", name: "isnad-annotate-kind", value: kind });
      input.checked = state.kind === kind;
      input.addEventListener("change", function () {
        state.kind = kind;
        update();
      });
      parts.kinds[kind] = input;
      label.appendChild(input);
      label.appendChild(document.createTextNode(t("annotate_" + kind)));
      kinds.appendChild(label);
    });
    panel.appendChild(kinds);

    parts.byRow = element("label", { class: "isnad-annotate-by" });
    parts.byRow.appendChild(document.createTextNode(t("annotate_by")));
    parts.by = element("select", { name: "by" });
    parts.by.appendChild(element("option", { value: "" }, t("annotate_by_editor")));
    parts.by.addEventListener("change", function () {
      state.by = parts.by.value;
      update();
    });
    parts.byRow.appendChild(parts.by);
    panel.appendChild(parts.byRow);

    parts.yaml = element("textarea", {
      readonly: "",
      dir: "ltr",
      rows: "4",
      spellcheck: "false",
      "aria-labelledby": "isnad-annotate-title",
    });
    panel.appendChild(parts.yaml);
    parts.message = element("p", { class: "isnad-annotate-message" });
    panel.appendChild(parts.message);

    var actions = element("div", { class: "isnad-annotate-actions" });
    parts.copy = element("button", { type: "button", class: "isnad-annotate-copy" }, t("annotate_copy"));
    parts.copy.addEventListener("click", copy);
    actions.appendChild(parts.copy);
    parts.status = element("span", { role: "status", "aria-live": "polite" });
    actions.appendChild(parts.status);
    panel.appendChild(actions);
    panel.appendChild(element("p", { class: "isnad-annotate-keys" }, t("annotate_keys")));

    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    });
    document.body.appendChild(panel);
  }

  // Below the selection, its start edge (right in right-to-left pages)
  // lined up with the selection's, inside the window.
  function place(range) {
    var rect = range.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    var width = Math.min(460, viewport - 16);
    panel.style.inlineSize = width + "px";
    var left = rtl ? rect.right - width : rect.left;
    left = Math.max(8, Math.min(left, viewport - width - 8));
    panel.style.left = left + window.scrollX + "px";
    panel.style.top = rect.bottom + window.scrollY + 8 + "px";
  }

  function setActors(actors) {
    if (parts.by.options.length > 1 || !actors) return;
    actors.forEach(function (actor) {
      var option = element("option", { value: actor.id }, actor.name + " (" + actor.id + ")");
      parts.by.appendChild(option);
    });
    parts.by.value = state.by;
  }

  function show(ok, data) {
    if (!ok) {
      panel.setAttribute("data-state", "error");
      parts.yaml.value = "";
      parts.yaml.hidden = true;
      parts.copy.disabled = true;
      parts.message.className = "isnad-annotate-error";
      parts.message.textContent = data.error || t("annotate_error_request");
      return;
    }
    setActors(data.actors);
    parts.yaml.hidden = false;
    parts.yaml.value = data.yaml;
    parts.yaml.rows = data.yaml.split("\n").length;
    parts.copy.disabled = false;
    parts.message.className = "isnad-annotate-message";
    parts.message.textContent = t(state.kind === "claim" ? "annotate_paste_claim" : "annotate_paste_note");
    panel.setAttribute("data-state", "ready");
  }

  // Asks the server for the block; an answer to an older question (the
  // reader changed the kind or claimant meanwhile) is dropped.
  function update() {
    parts.byRow.hidden = state.kind !== "claim";
    parts.status.textContent = "";
    panel.setAttribute("data-state", "working");
    parts.message.className = "isnad-annotate-message";
    parts.message.textContent = t("annotate_working");
    var asked = ++state.sent;
    if (state.crosses) {
      show(false, { error: t("annotate_error_not_in_one_block") });
      return;
    }
    var question = Object.assign({}, state.request, {
      kind: state.kind,
      by: state.kind === "claim" && state.by ? state.by : null,
    });
    fetch("/__isnad/quote", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(question),
      cache: "no-store",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (asked === state.sent) show(answer.ok, answer.data);
      })
      .catch(function () {
        if (asked === state.sent) show(false, { error: t("annotate_error_network") });
      });
  }

  function open(range, focus) {
    if (!panel) build();
    state.request = describe(range);
    state.range = range.cloneRange();
    panel.hidden = false;
    place(range);
    state.crosses = blockCount(range) > 1;
    update();
    if (focus) {
      returnFocus = document.activeElement;
      panel.querySelector("h2").focus();
    }
  }

  // Closes the panel; from the keyboard, focus and the selection go back
  // where they were.
  function close(restore) {
    if (!panel || panel.hidden) return;
    // Focus must not stay on an element that is no longer shown (the
    // browser would move it only at its next rendering).
    if (panel.contains(document.activeElement)) document.activeElement.blur();
    panel.hidden = true;
    state.sent += 1;
    if (!restore) return;
    if (returnFocus && returnFocus.focus && returnFocus !== document.body) returnFocus.focus();
    returnFocus = null;
    if (state.range) {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(state.range);
    }
  }

  function copy() {
    var text = parts.yaml.value;
    function byHand() {
      parts.yaml.focus();
      parts.yaml.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      parts.status.textContent = t(done ? "annotate_copied" : "annotate_copy_by_hand");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        parts.status.textContent = t("annotate_copied");
      }, byHand);
    } else {
      byHand();
    }
  }

  function inPanel(node) {
    return panel && node instanceof Node && panel.contains(node);
  }

  document.addEventListener("mousedown", function (event) {
    if (panel && !panel.hidden && !inPanel(event.target)) close(false);
  });
  document.addEventListener("mouseup", function (event) {
    if (inPanel(event.target)) return;
    // The selection is final once the click has been handled.
    setTimeout(function () {
      var range = selectedRange();
      if (range) open(range, false);
    }, 0);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel && !panel.hidden) {
      close(true);
      return;
    }
    // KeyA: the key of A whatever the keyboard's layout (ش on an Arabic one).
    var isA = event.code === "KeyA" || event.key === "a" || event.key === "A";
    if (!isA || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (inPanel(target) || (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) {
      return;
    }
    var range = selectedRange();
    if (!range) return;
    event.preventDefault();
    open(range, true);
  });
})();
