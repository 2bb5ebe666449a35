/* isnad search: runs from file:// with no server. The index is a set of
   scripts (search/meta.js, search/t/*.js, search/e/*.js) loaded with script
   tags on demand; see src/write/search.rs for their format. Folding here must
   stay identical to search_readings in src/fold.rs (spec §6). */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";
  var state = { meta: null, terms: {}, entries: {}, loading: {}, loaded: {} };
  var LIMIT = 50;

  var search = (window.isnadSearch = {
    setMeta: function (meta) { state.meta = meta; },
    addTerms: function (key, list) { state.terms[key] = list; },
    addEntries: function (index, list) { state.entries[index] = list; }
  });

  function isMark(c) {
    var code = c.charCodeAt(0);
    return (code >= 0x064b && code <= 0x065f) || code === 0x0670 || code === 0x0640;
  }

  function isWordChar(c) {
    return /[\p{L}\p{N}]/u.test(c) || isMark(c);
  }

  /* A word's letters folded the way readers type: normalize_for_search in
     src/fold.rs. A letter typed decomposed (alef, then a combining hamza)
     is the composed letter, as in the index. */
  function normalize(word) {
    var out = "";
    for (var c of word.normalize("NFC")) {
      var code = c.charCodeAt(0);
      if (isMark(c)) continue;
      if ("أإآٱ".indexOf(c) >= 0) out += "ا";
      else if (c === "ى") out += "ي";
      else if (c === "ة") out += "ه";
      else if (code >= 0x0660 && code <= 0x0669) out += String(code - 0x0660);
      else if (code >= 0x06f0 && code <= 0x06f9) out += String(code - 0x06f0);
      else out += c.toLowerCase();
    }
    return out;
  }

  /* Every plausible reading of a word: as written, and with each proclitic
     it may carry taken off (search_readings in src/fold.rs, with the table
     of proclitics the index gives in search/meta.js). */
  function readings(word) {
    var p = (state.meta && state.meta.proclitics) ||
      { conjunctions: ["و", "ف"], prepositions: ["ب", "ل", "ك"], article: "ال", lam_article: "لل" };
    var base = normalize(word), out = [];
    var keep = function (rest) { return Array.from(rest).length >= 2; };
    var push = function (r) { if (out.indexOf(r) < 0) out.push(r); };
    var strip = function (w, letters) {
      var first = Array.from(w)[0];
      var rest = w.slice(first ? first.length : 0);
      return letters.indexOf(first) >= 0 && keep(rest) ? rest : null;
    };
    var prefix = function (w, text) {
      return w.indexOf(text) === 0 && keep(w.slice(text.length)) ? w.slice(text.length) : null;
    };
    push(base);
    [base, strip(base, p.conjunctions)].forEach(function (w) {
      if (w === null) return;
      push(w);
      var lam = prefix(w, p.lam_article);
      if (lam !== null) push(lam);
      [w, strip(w, p.prepositions)].forEach(function (v) {
        if (v === null) return;
        push(v);
        var bare = prefix(v, p.article);
        if (bare !== null) push(bare);
      });
    });
    return out;
  }
  search.readings = readings;

  /* Words with their positions in the text, for highlighting. */
  function words(text) {
    var found = [], start = -1, i = 0;
    for (var c of text) {
      if (isWordChar(c)) { if (start < 0) start = i; }
      else if (start >= 0) { found.push([start, i]); start = -1; }
      i += c.length;
    }
    if (start >= 0) found.push([start, i]);
    return found;
  }

  /* Runs one index script once; `done` is called when its data is in
     `state`, at once if it already is. A script that failed to load counts
     as loaded (its terms are simply missing): nothing waits forever. */
  function load(path, done) {
    if (state.loaded[path]) { done(); return; }
    if (state.loading[path]) { state.loading[path].push(done); return; }
    state.loading[path] = [done];
    var script = document.createElement("script");
    script.src = root + path;
    var finish = function () {
      var callbacks = state.loading[path];
      delete state.loading[path];
      state.loaded[path] = true;
      callbacks.forEach(function (f) { f(); });
    };
    script.onload = finish;
    script.onerror = finish;
    document.head.appendChild(script);
  }

  function loadAll(paths, done) {
    var pending = paths.length;
    if (!pending) { done(); return; }
    paths.forEach(function (p) { load(p, function () { if (--pending === 0) done(); }); });
  }

  function decode(postings) {
    var ids = [], previous = 0;
    postings.split(",").forEach(function (gap) { previous += parseInt(gap, 36); ids.push(previous); });
    return ids;
  }

  /* The term shards that may hold terms starting with `token`: the one
     whose prefix is the longest that begins the token, and any whose
     prefix continues it (search/meta.js lists them; names are the code
     points in hexadecimal joined by "-", "_" for the empty prefix). */
  function shardsFor(token) {
    var names = state.meta.shards, known = {};
    names.forEach(function (n) { known[n] = true; });
    var points = Array.from(token).map(function (c) { return c.codePointAt(0).toString(16); });
    var found = [];
    for (var n = points.length; n >= 0; n--) {
      var name = n === 0 ? "_" : points.slice(0, n).join("-");
      if (known[name]) { found.push(name); break; }
    }
    var longer = points.join("-") + "-";
    names.forEach(function (n) { if (n.indexOf(longer) === 0) found.push(n); });
    return found;
  }

  /* Entry ids of every term that starts with `token`. */
  function lookup(token) {
    var ids = {};
    shardsFor(token).forEach(function (name) {
      var list = state.terms[name] || [];
      var low = 0, high = list.length;
      while (low < high) { var mid = (low + high) >> 1; if (list[mid][0] < token) low = mid + 1; else high = mid; }
      for (var i = low; i < list.length && list[i][0].indexOf(token) === 0; i++) {
        decode(list[i][1]).forEach(function (id) { ids[id] = true; });
      }
    });
    return ids;
  }

  /* One token per query word: the word as typed (folded) and all its
     readings. A word matches a token when one of its readings starts with
     one of the token's. */
  function queryTokens(query) {
    var tokens = [], seen = {};
    words(query).forEach(function (w) {
      var r = readings(query.slice(w[0], w[1]));
      // A word of marks alone folds to nothing, and matches nothing.
      r = r.filter(function (t) { return t !== ""; });
      if (r.length && !seen[r[0]]) { seen[r[0]] = true; tokens.push(r); }
    });
    return tokens;
  }

  function matches(word, token) {
    return readings(word).some(function (r) {
      return token.some(function (t) { return r.indexOf(t) === 0; });
    });
  }

  /* Whether the entry has the query word as typed: a word whose own
     folded form starts with it. Such entries come first. */
  function exact(text, tokens) {
    return tokens.every(function (token) {
      return words(text).some(function (w) { return normalize(text.slice(w[0], w[1])).indexOf(token[0]) === 0; });
    });
  }

  function run(query, done) {
    var tokens = queryTokens(query);
    if (!tokens.length || !state.meta) { done(tokens, []); return; }
    var keys = {};
    tokens.forEach(function (token) {
      token.forEach(function (t) { shardsFor(t).forEach(function (k) { keys[k] = true; }); });
    });
    var shards = Object.keys(keys).map(function (k) { return "search/t/" + k + ".js"; });
    loadAll(shards, function () {
      var sets = tokens.map(function (token) {
        var ids = {};
        token.forEach(function (t) { Object.assign(ids, lookup(t)); });
        return ids;
      });
      var ids = Object.keys(sets[0]).map(Number).filter(function (id) {
        return sets.every(function (s) { return s[id]; });
      });
      ids.sort(function (a, b) { return a - b; });
      var chunks = {};
      ids.slice(0, LIMIT * 4).forEach(function (id) { chunks[Math.floor(id / state.meta.chunk)] = true; });
      loadAll(Object.keys(chunks).map(function (c) { return "search/e/" + c + ".js"; }), function () {
        var results = ids.slice(0, LIMIT * 4).map(function (id) {
          var chunk = state.entries[Math.floor(id / state.meta.chunk)] || [];
          return chunk[id % state.meta.chunk];
        }).filter(Boolean);
        // The words as typed first, then by kind (titles and actors
        // first), then in dossier order.
        var rank = function (entry) { return (exact(entry[3], tokens) ? 0 : 10) + entry[0]; };
        results = results.map(function (entry, i) { return [rank(entry), i, entry]; });
        results.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
        results = results.map(function (r) { return r[2]; });
        done(tokens, results.slice(0, LIMIT), ids.length);
      });
    });
  }
  search.run = run;

  /* The text with every word that matches a token in <mark>, built as DOM
     nodes (never as HTML strings: the text comes from the dossier). */
  function highlighted(text, tokens, into) {
    var last = 0;
    words(text).forEach(function (w) {
      var word = text.slice(w[0], w[1]);
      if (!tokens.some(function (t) { return matches(word, t); })) return;
      into.appendChild(document.createTextNode(text.slice(last, w[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(w[0], w[1]);
      into.appendChild(mark);
      last = w[1];
    });
    into.appendChild(document.createTextNode(text.slice(last)));
  }

  /* A window of the text around the first match, so long paragraphs stay short. */
  function excerpt(text, tokens) {
    if (text.length <= 320) return text;
    var first = 0;
    words(text).some(function (w) {
      var word = text.slice(w[0], w[1]);
      if (tokens.some(function (t) { return matches(word, t); })) { first = w[0]; return true; }
      return false;
    });
    var start = Math.max(0, first - 120);
    return (start > 0 ? "…" : "") + text.slice(start, start + 320) + (start + 320 < text.length ? "…" : "");
  }

  /* Answers come back in any order (each may wait for its index files):
     only the latest query's answer is shown. */
  var latest = 0;

  function show(form, list, status, query) {
    var ticket = ++latest;
    list.textContent = "";
    status.textContent = "";
    if (!query.trim()) return;
    load("search/meta.js", function () { run(query, answer); });
    function answer(tokens, results, total) {
      if (ticket !== latest) return;
      var labels = JSON.parse(form.getAttribute("data-kinds"));
      status.textContent = (form.getAttribute("data-count") || "").replace("{n}", String(total || 0));
      results.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "search-result search-kind-" + entry[0];
        var link = document.createElement("a");
        link.href = root + entry[1];
        link.textContent = entry[2];
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = labels[entry[0]];
        var text = document.createElement("p");
        highlighted(excerpt(entry[3], tokens), tokens, text);
        item.appendChild(kind);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
        item.appendChild(text);
        list.appendChild(item);
      });
    }
  }

  function start() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    var timer = null;
    /* Shows what is in the box, and puts it in the address so that the
       results can be shared or reloaded. */
    function update() {
      clearTimeout(timer);
      try {
        var url = new URL(window.location.href);
        url.searchParams.set("q", input.value);
        window.history.replaceState(null, "", url);
      } catch (e) { /* file:// in some browsers */ }
      show(form, list, status, input.value);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    /* Enter submits the form; the page answers it without reloading. */
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    show(form, list, status, input.value);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
