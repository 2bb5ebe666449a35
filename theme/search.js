/* isnad search: runs from file:// with no server. The index is a set of
   scripts (search/meta.js, search/t/*.js, search/e/*.js) loaded with script
   tags on demand; see src/write/search.rs for their format. Folding here must
   stay identical to search_readings in src/fold.rs (spec §6). */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";
  var state = { meta: null, terms: {}, blocks: {}, entries: {}, loading: {}, loaded: {} };
  /* Results shown at a time; "more results" shows the next ones. */
  var LIMIT = 20;

  var search = (window.isnadSearch = {
    setMeta: function (meta) { state.meta = meta; },
    addTerms: function (key, list) { state.terms[key] = list; },
    addEntries: function (index, list) { state.entries[index] = list; },
    addBlock: function (key, list) { state.blocks[key] = list; }
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

  /* The same, as a promise. */
  function loaded(path) {
    return new Promise(function (resolve) { load(path, resolve); });
  }

  function decode(postings) {
    var ids = [], previous = 0;
    if (!postings) return ids;
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

  /* One list of a term's entries, ascending: "w" where the term is written,
     "r" where it is only a reading of a word. Its shard gives its length
     and its first entries; the rest comes in blocks, loaded when a query
     reads that far (src/write/search.rs). */
  function List(shard, index, kind, length, head) {
    this.ids = decode(head);
    this.length = length;
    this.key = shard + "." + index + kind;
    this.blocks = 0;
    this.pos = 0;
  }

  /* The first entry at or after `target`, Infinity past the end. */
  List.prototype.seek = async function (target) {
    for (;;) {
      var ids = this.ids;
      while (this.pos < ids.length && ids[this.pos] < target) this.pos++;
      if (this.pos < ids.length) return ids[this.pos];
      if (ids.length >= this.length) return Infinity;
      var key = this.key + (++this.blocks);
      await loaded("search/p/" + key + ".js");
      // A block that failed to load ends the list: nothing waits forever.
      if (state.blocks[key] === undefined) { this.length = ids.length; continue; }
      this.ids = ids.concat(decode(state.blocks[key]));
    }
  };

  /* Entries in any of several lists. */
  function Union(lists) { this.lists = lists; }

  /* The lists are read side by side, so that the blocks they need load
     together rather than one after another. */
  Union.prototype.seek = async function (target) {
    var ids = await Promise.all(this.lists.map(function (list) { return list.seek(target); }));
    return ids.reduce(function (best, id) { return id < best ? id : best; }, Infinity);
  };

  /* The lists of every term that starts with one of `readings`: only
     where it is written (`kinds` "w"), or also where it is read ("wr"). */
  function union(readings, kinds) {
    var lists = [], seen = {};
    readings.forEach(function (token) {
      shardsFor(token).forEach(function (name) {
        var terms = state.terms[name] || [];
        var low = 0, high = terms.length;
        while (low < high) { var mid = (low + high) >> 1; if (terms[mid][0] < token) low = mid + 1; else high = mid; }
        for (var i = low; i < terms.length && terms[i][0].indexOf(token) === 0; i++) {
          if (seen[name + "." + i]) continue;
          seen[name + "." + i] = true;
          var t = terms[i];
          lists.push(new List(name, i, "w", t[1], t[2]));
          if (kinds === "wr") lists.push(new List(name, i, "r", t[3], t[4]));
        }
      });
    });
    return new Union(lists);
  }

  /* The first entry at or after `from` in every union, Infinity if none. */
  async function common(unions, from) {
    var candidate = from;
    for (;;) {
      var agreed = true;
      for (var i = 0; i < unions.length; i++) {
        var id = await unions[i].seek(candidate);
        if (id === Infinity) return Infinity;
        if (id > candidate) { candidate = id; agreed = false; }
      }
      if (agreed) return candidate;
    }
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

  /* The results of a query, in the order they are shown: first the
     entries where every word is found as typed (a word of the entry
     starts with it), then the others; each in entry order, which is by
     kind (titles and actors first) and then dossier order. `take` gives
     the next ones, reading the lists only as far as it needs. */
  function Results(tokens) {
    this.typed = tokens.map(function (t) { return union([t[0]], "w"); });
    this.any = tokens.map(function (t) { return union(t, "wr"); });
    this.phase = 0;
    this.next = 0;
    this.typedFound = {};
    this.ahead = [];
    this.done = false;
  }

  Results.prototype.pull = async function () {
    while (!this.done) {
      var id = await common(this.phase === 0 ? this.typed : this.any, this.next);
      if (id === Infinity) {
        if (this.phase === 0) { this.phase = 1; this.next = 0; continue; }
        this.done = true;
        return null;
      }
      this.next = id + 1;
      if (this.phase === 0) { this.typedFound[id] = true; return id; }
      if (!this.typedFound[id]) return id;
    }
    return null;
  };

  /* The next `n` results' entry numbers, and whether more follow (one
     more is read ahead, so that "more" is only offered when true). */
  Results.prototype.take = async function (n) {
    while (this.ahead.length <= n) {
      var id = await this.pull();
      if (id === null) break;
      this.ahead.push(id);
    }
    var ids = this.ahead.splice(0, n);
    return { ids: ids, more: this.ahead.length > 0 };
  };

  /* The entries of `ids`, loading the chunks that hold them. */
  async function entriesOf(ids) {
    var chunk = state.meta.chunk, chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / chunk)] = true; });
    await Promise.all(Object.keys(chunks).map(function (c) { return loaded("search/e/" + c + ".js"); }));
    return ids.map(function (id) { return (state.entries[Math.floor(id / chunk)] || [])[id % chunk]; })
      .filter(Boolean);
  }

  /* A query's first results: `done(tokens, entries, results)`, where
     `results` gives the next ones. */
  async function run(query, done) {
    var tokens = queryTokens(query);
    if (!tokens.length || !state.meta) { done(tokens, [], null, false); return; }
    var keys = {};
    tokens.forEach(function (token) {
      token.forEach(function (t) { shardsFor(t).forEach(function (k) { keys[k] = true; }); });
    });
    await Promise.all(Object.keys(keys).map(function (k) { return loaded("search/t/" + k + ".js"); }));
    var results = new Results(tokens);
    var first = await results.take(LIMIT);
    done(tokens, await entriesOf(first.ids), results, first.more);
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
    var more = document.getElementById("search-more");
    list.textContent = "";
    status.textContent = "";
    if (more) { more.hidden = true; more.disabled = false; more.onclick = null; }
    if (!query.trim()) return;
    var labels = JSON.parse(form.getAttribute("data-kinds"));
    var shown = 0;
    load("search/meta.js", function () { run(query, answer); });

    function answer(tokens, entries, results, further) {
      if (ticket !== latest) return;
      append(tokens, entries);
      shown += entries.length;
      var count = form.getAttribute(further ? "data-count-more" : "data-count") || "";
      status.textContent = count.replace("{n}", String(shown));
      if (!more) return;
      more.hidden = !further;
      more.onclick = !further ? null : async function () {
        more.disabled = true;
        try {
          var next = await results.take(LIMIT);
          var found = await entriesOf(next.ids);
          answer(tokens, found, results, next.more);
        } finally {
          if (ticket === latest) more.disabled = false;
        }
      };
    }

    function append(tokens, entries) {
      entries.forEach(function (entry) {
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
    // The index's table of contents, fetched before the first word is
    // typed rather than after.
    load("search/meta.js", function () {});
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
