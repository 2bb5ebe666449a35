// Browser checks of built isnad sites, in headless Chromium from file://.
// Run by tests/browser.rs (cargo test): node run.mjs SITE LTR_SITE ARTIFACTS
// Prints one line per failure and a closing "N passed, N failed" line;
// exits non-zero when anything failed. ONLY=name,name runs only those groups
// (the names in the list at the end), to try one change quickly.

import { chromium } from "playwright-core";
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const [site, ltrSite, artifacts, searchSite] = process.argv.slice(2).map((p) => resolve(p));
mkdirSync(artifacts, { recursive: true });

let passed = 0;
const failures = [];
function check(condition, message) {
  if (condition) passed += 1;
  else failures.push(message);
}

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

/** Opens a page and records console errors and every request. */
async function open(context, file, query = "") {
  const page = await context.newPage();
  const events = { errors: [], requests: [] };
  page.on("console", (m) => { if (m.type() === "error") events.errors.push(m.text()); });
  page.on("pageerror", (e) => events.errors.push(String(e)));
  page.on("request", (r) => events.requests.push(r.url()));
  await page.goto(pathToFileURL(file).href + query, { waitUntil: "load" });
  return { page, events };
}

function staysInSite(requests, root, label) {
  const prefix = pathToFileURL(root).href + "/";
  for (const url of requests) {
    check(url.startsWith(prefix), `${label}: a request leaves the site folder: ${url}`);
  }
}

// axe-core skips the colour contrast of shaped Arabic text (it mistakes it
// for icon ligatures); this turns the rule back on for every text node.
async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    window.axe.configure({
      rules: [{
        id: "color-contrast",
        matches: (el) => !!el.closest("body") && !["SCRIPT", "STYLE"].includes(el.tagName) &&
          [...el.childNodes].some((c) => c.nodeType === 3 && c.nodeValue.trim() !== ""),
      }],
    });
    const result = await window.axe.run(document);
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  for (const v of violations) failures.push(`${label}: axe: ${v}`);
  if (!violations.length) passed += 1;
}

// Every page in the light scheme; in the dark one, one page of each kind
// (the colours come from the same stylesheet and templates).
function sample(files, root) {
  const seen = new Set();
  return files.filter((file) => {
    const kind = dirname(file) === root ? file : dirname(file);
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

async function everyPage(root, schemes) {
  for (const scheme of schemes) {
    const context = await browser.newContext({ colorScheme: scheme });
    const files = scheme === "light" ? htmlFiles(root) : sample(htmlFiles(root), root);
    for (const file of files) {
      const label = `${relative(resolve(root, ".."), file)} [${scheme}]`;
      const { page, events } = await open(context, file);
      await page.waitForTimeout(50);
      check(events.errors.length === 0, `${label}: console errors: ${events.errors.join(" | ")}`);
      staysInSite(events.requests, root, label);
      const lang = await page.evaluate(() => document.documentElement.lang);
      const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
      check(lang === "ar" && direction === "rtl", `${label}: expected an Arabic rtl page, got ${lang} ${direction}`);
      await axe(page, label);
      await page.close();
    }
    await context.close();
  }
}

/** Result links of search.html?q=QUERY. */
async function search(context, query) {
  const { page, events } = await open(context, join(site, "search.html"), "?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "", null, { timeout: 5000 })
    .catch(() => failures.push(`search "${query}": no status shown`));
  const links = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
  const marks = await page.$$eval("#search-results mark", (ms) => ms.map((m) => m.textContent));
  check(events.errors.length === 0, `search "${query}": console errors: ${events.errors.join(" | ")}`);
  staysInSite(events.requests, site, `search "${query}"`);
  await page.close();
  return { links, marks };
}

async function searchChecks() {
  const context = await browser.newContext();
  const cases = [
    // [query, a document every result set must include, a word that must be highlighted]
    ["الإدارة الذاتية", "documents/majalla-undated.html", "الإدارة"],
    ["الاداره الذاتيه", "documents/majalla-undated.html", "الإدارة"], // no hamza, taa marbuta as haa
    ["الإِدارَة", "documents/majalla-undated.html", "الإدارة"], // with diacritics
    ["غويران", "documents/raseef22-2022-01-22.html", "غويران"],
    ["١٣٦", "documents/unknown-outlet-undated.html", "136"], // Arabic-Indic digits
    ["لقسد", "documents/raseef22-2022-01-22.html", null], // a proclitic stripped
  ];
  const sameAs = {};
  for (const [query, document, word] of cases) {
    const { links, marks } = await search(context, query);
    sameAs[query] = links.join(" ");
    check(links.some((l) => l.startsWith(document)), `search "${query}": no result in ${document} (got ${links.slice(0, 5).join(", ")})`);
    check(links.every((l) => !l.includes("://")), `search "${query}": a result link is not relative`);
    if (word) check(marks.some((m) => m.includes(word) || word.includes(m)), `search "${query}": "${word}" not highlighted (${marks.slice(0, 5).join(", ")})`);
  }
  check(sameAs["الإدارة الذاتية"] === sameAs["الاداره الذاتيه"], "search: alef and taa marbuta variants give different results");
  check(sameAs["الإدارة الذاتية"].split(" ")[0] === sameAs["الإِدارَة"].split(" ")[0], "search: diacritics change the first result");
  const none = await search(context, "كلمةلاوجودلها");
  check(none.links.length === 0, "search: a word found nowhere has results");
  await context.close();
}

/**
 * Words whose first letter is also a proclitic (ف و ب ل ك) are found in
 * every form a reader may type, with or without proclitics, and the words
 * as typed come first: the real cases of the Ghuwayran dossier.
 */
async function procliticChecks() {
  const context = await browser.newContext();
  const results = {};
  for (const query of ["فرار", "الفرار", "والفرار", "فالفرار", "فروا", "بيان", "البيان", "كردية",
    "لقمان", "وقسد", "لقسد", "فصائل", "كتائب"]) {
    results[query] = await search(context, query);
  }
  const escapes = results["فرار"].links.join(" ");
  for (const query of ["الفرار", "والفرار", "فالفرار"]) {
    check(results[query].links.join(" ") === escapes || results[query].links.length === results["فرار"].links.length,
      `search "${query}" finds other results than "فرار"`);
  }
  for (const query of ["فرار", "الفرار", "والفرار", "فالفرار"]) {
    check(results[query].links.some((l) => l.endsWith("#claim-ahmi-no-escapes")),
      `search "${query}": «حالات فرار» (claim ahmi-no-escapes) is not found`);
  }
  check(/فرار/.test(results["فرار"].marks[0] || ""), `search "فرار": the first highlight is ${results["فرار"].marks[0]}`);
  const marked = (query, word) => check(results[query].marks.some((m) => m.includes(word)),
    `search "${query}": no «${word}» highlighted (${results[query].marks.slice(0, 6).join(", ")})`);
  marked("فروا", "فروا");
  marked("بيان", "بيان");
  marked("البيان", "بيان");
  check(results["بيان"].links.length === results["البيان"].links.length, "search: «بيان» and «البيان» find different results");
  marked("كردية", "كردية");
  marked("وقسد", "قسد");
  marked("لقسد", "قسد");
  marked("فصائل", "فصائل");
  // «كتائب» is not in this dossier: the browser's readings must still
  // keep its ك, as the index's do.
  const { page } = await open(context, join(site, "search.html"));
  const readings = await page.evaluate(() => ["كتائب", "الكتائب", "وبالكتائب", "فرار", "للقوات"]
    .map((w) => window.isnadSearch.readings(w).join(" ")));
  check(readings[0].split(" ").includes("كتائب") && readings[1].split(" ").includes("كتائب") && readings[2].split(" ").includes("كتائب"),
    `search readings of «كتائب»: ${readings.slice(0, 3).join(" | ")}`);
  check(readings[3] === "فرار رار", `search readings of «فرار»: ${readings[3]}`);
  check(readings[4] === "للقوات قوات لقوات", `search readings of «للقوات»: ${readings[4]}`);
  await page.close();
  check(results["لقمان"].links.some((l) => l.startsWith("actors/luqman-ahmi.html")), "search \"لقمان\": not the actor");
  await context.close();
}

async function directionChecks() {
  const context = await browser.newContext();
  const { page } = await open(context, join(ltrSite, "documents/english-report.html"));
  const body = await page.$eval(".document-body", (el) => [getComputedStyle(el).direction, el.lang]);
  check(body[0] === "ltr" && body[1] === "en", `ltr document: body is ${body.join(" ")}`);
  const pageDir = await page.evaluate(() => getComputedStyle(document.body).direction);
  check(pageDir === "rtl", "ltr document: the interface around it stays rtl");
  await page.close();
  await context.close();
}

async function narrowScreenChecks() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const { page } = await open(context, join(site, "documents/majalla-undated.html"));
  const reference = page.locator(".document-body .ann-ref a").first();
  await reference.focus();
  await page.keyboard.press("Enter");
  const inline = await page.locator(".inline-annotation").count();
  check(inline === 1, `narrow screen: Enter on a reference opens ${inline} inline explanations`);
  const expanded = await reference.getAttribute("aria-expanded");
  check(expanded === "true", "narrow screen: the reference does not say it is expanded");
  await page.keyboard.press("Enter");
  check((await page.locator(".inline-annotation").count()) === 0, "narrow screen: a second Enter does not close it");
  await page.close();
  await context.close();
}

/**
 * The index opens with the disputes: at 1366 × 900 and at 390 × 844 the
 * block's heading and its first topic's first figures are in the first
 * screen, light and dark, and the escapes row shows "none" beside the
 * counts of escapees.
 */
async function disputesChecks() {
  for (const [width, height, mobile] of [[1366, 900, false], [390, 844, true]]) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, colorScheme: scheme });
      const { page } = await open(context, join(site, "index.html"));
      const label = `disputes at ${width} px, ${scheme}`;
      const inView = async (selector) => page.locator(selector).first().evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
      }).catch(() => false);
      check(await inView("#disputes-title"), `${label}: the heading is not in the first screen`);
      check(await inView(".dispute .figure"), `${label}: no figure in the first screen`);
      const first = await page.locator(".dispute").first().innerText();
      for (const word of ["0", "عشرات", "مئات"]) {
        check(first.includes(word), `${label}: the first dispute lacks «${word}»: ${first.slice(0, 200)}`);
      }
      const links = await page.locator(".dispute .figure:not(.figure-more) a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      check(links.length > 0 && links.every((h) => /^documents\/[a-z0-9-]+\.html#claim-/.test(h)),
        `${label}: figures do not link to their words: ${links.slice(0, 3)}`);
      // Who contradicts whom: the graph on a desktop, a list of the same
      // pairs on a phone, where the graph's names would be too small.
      const shown = async (selector) => page.locator(selector).first().evaluate((el) => el.getClientRects().length > 0).catch(() => false);
      check(await shown("#graph .graph-figure") === !mobile, `${label}: the graph is ${mobile ? "shown" : "hidden"}`);
      check(await shown("#graph .graph-pairs") === mobile, `${label}: the list of pairs is ${mobile ? "hidden" : "shown"}`);
      await page.close();
      await context.close();
    }
  }
}

/** The biggest page of a folder of the site: the one most likely to overflow. */
function biggest(root, dir) {
  return htmlFiles(join(root, dir)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

// Issue 12: on phones no page scrolls sideways, or the start of every
// right-to-left line is cut off. A form control's width comes from its font
// (an average character width times `size`): with Noto Naskh Arabic, as on
// Android, the header's search box alone was 347 px wide. This machine may
// lack that font, so the check is repeated with the search boxes at 60
// characters, which stands for any wider font.
async function phoneWidthChecks() {
  const pages = [
    "index.html", biggest(site, "documents"), biggest(site, "actors"), biggest(site, "topics"),
    biggest(site, "contradictions"), "claims.html", "timeline.html", "search.html", "print.html", "404.html",
  ].map((p) => resolve(site, p));
  for (const width of [320, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true });
    for (const file of pages) {
      const label = `phone width ${width} px: ${relative(site, file)}`;
      const { page } = await open(context, file);
      const measure = () => page.evaluate(() => [document.scrollingElement.scrollWidth, document.documentElement.clientWidth]);
      let [scroll, client] = await measure();
      check(scroll <= client, `${label}: the page is ${scroll} px wide on a ${client} px screen`);
      await page.evaluate(() => document.querySelectorAll("input[type=search]").forEach((i) => { i.size = 60; }));
      [scroll, client] = await measure();
      check(scroll <= client, `${label}: with a wider font (search boxes of 60 characters) the page is ${scroll} px wide`);
      await page.close();
    }
    await context.close();
  }
}

// Issue 12: on search.html any sequence of queries shows its results, each
// the same as search.html?q=QUERY opened afresh. The second query used to
// wait forever for an index file the first had already loaded. Each query
// is typed, then submitted with Enter; the last is put in the box without
// an input event, so that only Enter can show it.
async function searchSequenceChecks() {
  const context = await browser.newContext();
  // «سوريا» is in the same index file as «سجن» (terms starting with س).
  const queries = ["سجن", "الحسكة", "سجن", "سوريا", "غويران"];
  const expected = {};
  for (const query of queries) expected[query] ??= (await search(context, query)).links;
  const { page, events } = await open(context, join(site, "search.html"));
  const input = page.locator("#search-q");
  for (const [i, query] of queries.entries()) {
    const silent = i === queries.length - 1;
    if (silent) await input.evaluate((el, q) => { el.value = q; }, query);
    else await input.fill(query);
    await input.press("Enter");
    const want = expected[query];
    const shown = await page.waitForFunction((want) => {
      const links = [...document.querySelectorAll("#search-results a")].map((a) => a.getAttribute("href"));
      return links.join(" ") === want.join(" ") && document.getElementById("search-status").textContent !== "";
    }, want, { timeout: 5000 }).then(() => true, () => false);
    await page.waitForTimeout(400); // a late answer to an earlier query must not be appended
    const links = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
    const label = `search sequence, query ${i + 1} «${query}»${silent ? " (Enter only)" : ""}`;
    check(want.length > 0, `${label}: the fresh search finds nothing, a useless case`);
    check(shown && links.join(" ") === want.join(" "),
      `${label}: shows ${links.length} results, expected ${want.length} (${links.slice(0, 3).join(", ")})`);
  }
  check(events.errors.length === 0, `search sequence: console errors: ${events.errors.join(" | ")}`);
  await page.close();
  await context.close();
}

/** The text a reader sees, with the quotation marks that CSS generates for
    <q> (innerText leaves them out; the accessibility tree keeps them). */
async function renderedText(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && n.role?.value === "StaticText").map((n) => n.name?.value ?? "").join("");
}

// Issue 12: templates write «<q>…</q>» and the browser added its own marks
// inside («”…“»). A guillemet next to a curly quote may be in a source's
// own words, so what counts is how many such pairs the reader sees beyond
// those in the text itself (innerText).
async function quoteChecks() {
  const pairs = (text) => text.match(/«[“”„‟"]|[“”„‟"]»/g) || [];
  const pages = [
    ...htmlFiles(join(site, "documents")), join(site, "timeline.html"), join(site, "print.html"), biggest(site, "topics"),
    ...htmlFiles(join(ltrSite, "documents")), join(ltrSite, "timeline.html"), join(ltrSite, "print.html"),
  ];
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  for (const file of pages) {
    const { page } = await open(context, file);
    const seen = pairs(await renderedText(page));
    const written = pairs(await page.evaluate(() => document.body.innerText));
    check(seen.length <= written.length,
      `quotes: ${relative(resolve(site, ".."), file)} shows ${seen.length - written.length} doubled quotation marks (${seen.slice(0, 6).join(" ")})`);
    await page.close();
  }
  await context.close();
}

// Issue 12: on a phone, tapping the marked words opens their explanation
// (not only the small numeral); a tap on a name's link inside a mark opens
// the explanation first instead of leaving for the actor's page; each
// numeral's tap target is at least 44 × 44 px (WCAG 2.5.5).
async function touchChecks() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // A claim's words on one line, with no link or other mark inside, on
  // the first document page that has one at this width.
  const documents = readdirSync(join(site, "documents")).filter((f) => f.endsWith(".html")).sort();
  let file, page, events, ann;
  for (const name of documents) {
    file = join(site, "documents", name);
    ({ page, events } = await open(context, file));
    await page.waitForTimeout(100);
    ann = await page.evaluate(() => {
      const mark = [...document.querySelectorAll(".document-body mark.ann-claim")]
        .find((m) => !m.querySelector("a, mark") && m.getClientRects().length === 1 && m.getBoundingClientRect().width > 60);
      mark?.setAttribute("data-test", "tap");
      return mark?.getAttribute("data-ann");
    });
    if (ann) break;
    await page.close();
  }
  check(ann, "touch: no document has a claim's words on one line to tap");
  if (!ann) return context.close();
  const mark = page.locator("[data-test=tap]");
  await mark.scrollIntoViewIfNeeded();
  await mark.tap();
  const opened = await page.$$eval(".inline-annotation", (ps) => ps.map((p) => p.id));
  check(opened.length === 1 && opened[0] === `inline-about-${ann}`,
    `touch: tapping the words of ${ann} opens ${JSON.stringify(opened)}`);
  await mark.tap();
  check((await page.locator(".inline-annotation").count()) === 0, "touch: a second tap on the words does not close the explanation");

  // A name's link inside a mark: the first tap explains, the second follows.
  const mention = page.locator(".document-body mark.ann a.mention").first();
  await mention.scrollIntoViewIfNeeded();
  await mention.tap();
  await page.waitForTimeout(300);
  const stayed = page.url().startsWith(pathToFileURL(file).href);
  check(stayed, `touch: the first tap on a name inside a mark left for ${page.url()}`);
  if (stayed) {
    check((await page.locator(".inline-annotation").count()) === 1, "touch: the first tap on a name inside a mark does not open the explanation");
    await Promise.all([page.waitForURL(/\/actors\//, { timeout: 3000 }).catch(() => {}), mention.tap()]);
    check(page.url().includes("/actors/"), `touch: the second tap on a name inside an open mark stays at ${page.url()}`);
  }
  await page.goto(pathToFileURL(file).href);

  // Numerals: the points 21 px around each one's centre all reach it.
  const small = await page.evaluate(() => {
    const refs = [...document.querySelectorAll(".document-body .ann-ref a")].filter((a) => {
      const sup = a.parentElement;
      const alone = (el) => !el || !el.matches(".ann-ref");
      return alone(sup.previousElementSibling) && alone(sup.nextElementSibling);
    }).slice(0, 8);
    return refs.flatMap((a) => {
      a.scrollIntoView({ block: "center" });
      const r = a.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const misses = [[-21, 0], [21, 0], [0, -21], [0, 21], [-21, -21], [21, 21]].filter(([dx, dy]) => {
        const hit = document.elementFromPoint(x + dx, y + dy)?.closest(".ann-ref a");
        if (hit === a) return false;
        // Where a numeral on the next line is nearer the point, it rightly
        // takes the tap: the two targets share the space between them.
        if (!hit) return true;
        const h = hit.getBoundingClientRect();
        const distance = (cx, cy) => Math.hypot(x + dx - cx, y + dy - cy);
        return distance(h.left + h.width / 2, h.top + h.height / 2) >= Math.hypot(dx, dy);
      });
      return misses.length ? [`${a.getAttribute("href")} (${Math.round(r.width)}×${Math.round(r.height)} px)`] : [];
    });
  });
  check(small.length === 0, `touch: numerals smaller than 44 × 44 px: ${small.join(", ")}`);

  // The keyboard still opens an explanation from its numeral.
  const reference = page.locator(".document-body .ann-ref a").first();
  await reference.focus();
  await page.keyboard.press("Enter");
  check((await page.locator(".inline-annotation").count()) === 1, "touch: Enter on a numeral does not open its explanation");
  check(events.errors.length === 0, `touch: console errors: ${events.errors.join(" | ")}`);
  await page.close();
  await context.close();
}

async function printChecks() {
  const context = await browser.newContext();
  const { page } = await open(context, join(site, "documents/majalla-undated.html"));
  await page.emulateMedia({ media: "print" });
  const header = await page.$eval(".site-header", (el) => getComputedStyle(el).display);
  const aside = await page.$eval(".annotations", (el) => getComputedStyle(el).position);
  check(header === "none", "print: the site header is printed");
  check(aside === "static", "print: the annotations are not after the text");
  await page.pdf({ path: join(artifacts, "document.pdf") });
  await page.close();
  const whole = await open(context, join(site, "print.html"));
  const documents = await whole.page.$$eval(".print-document", (ds) => ds.length);
  check(documents === 5, `print.html holds ${documents} documents`);
  await whole.page.close();
  await context.close();
}

// Screenshots to look at: each size in both colour schemes, the index, a
// document with an explanation open (inline on phones, beside the text on
// wide screens) and search.html after two queries typed on the page.
async function screenshots() {
  const sizes = {
    desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 }, small: { width: 320, height: 640 },
  };
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const scheme of ["light", "dark"]) {
      const mobile = size !== "desktop";
      const context = await browser.newContext({ viewport, colorScheme: scheme, isMobile: mobile, hasTouch: mobile });
      const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}-${size}-${scheme}.png`) });

      const index = await open(context, join(site, "index.html"));
      await shot(index.page, "index");
      await index.page.close();

      const doc = await open(context, join(site, "documents/majalla-undated.html"));
      const reference = doc.page.locator(".document-body .ann-ref a").nth(1);
      await reference.scrollIntoViewIfNeeded();
      await reference.click();
      await doc.page.waitForTimeout(200);
      if (mobile) await doc.page.evaluate(() => document.querySelector(".inline-annotation")
        ?.previousElementSibling?.scrollIntoView({ block: "start" }));
      await shot(doc.page, "document");
      await doc.page.close();

      const found = await open(context, join(site, "search.html"));
      for (const query of ["سجن", "غويران"]) {
        await found.page.locator("#search-q").fill(query);
        await found.page.locator("#search-q").press("Enter");
        await found.page.waitForTimeout(400);
      }
      await shot(found.page, "search");
      await found.page.close();
      await context.close();
    }
  }
}

/* The search engine against a dossier whose answers are known (tests/
   browser.rs, many_passages): every result, in order, through "more
   results", where the words' lists run past their shards' heads into
   blocks. Paragraph g holds «الفقرة g». */
async function searchEngineChecks() {
  const context = await browser.newContext();
  const { page, events } = await open(context, join(searchSite, "search.html"));
  const all = async (query) => {
    await page.locator("#search-q").fill(query);
    await page.locator("#search-q").press("Enter");
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
    for (let clicks = 0; clicks < 200; clicks++) {
      const more = page.locator("#search-more");
      if (!(await more.isVisible())) break;
      const before = await page.locator("#search-results li").count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, before);
    }
    const found = await page.$$eval("#search-results li p", (ps) => ps.map((p) => {
      const m = /الفقرة (\d+)/.exec(p.textContent);
      return m ? Number(m[1]) : -1;
    }));
    const status = await page.$eval("#search-status", (e) => e.textContent);
    return { found, status };
  };
  const upTo = (n, keep) => [...Array(n).keys()].filter(keep);
  const cases = [
    ["كلمة نادرة", upTo(2400, (g) => g % 97 === 0)],
    ["نادرة زوجي", upTo(2400, (g) => g % 97 === 0 && g % 2 === 0)],
    // «المدينة» as typed first, then «والمدينة» read without its «و».
    ["المدينة", [...upTo(2400, (g) => g % 7 === 0), ...upTo(2400, (g) => g % 5 === 0 && g % 7 !== 0)]],
  ];
  for (const [query, expected] of cases) {
    const { found, status } = await all(query);
    check(JSON.stringify(found) === JSON.stringify(expected),
      `search engine «${query}»: ${found.length} results (${found.slice(0, 8).join(" ")} …), expected ${expected.length} (${expected.slice(0, 8).join(" ")} …)`);
    check(status === `عدد النتائج: ${expected.length}`, `search engine «${query}»: status «${status}»`);
  }
  // A query with more results than a page says so, and shows a page.
  await page.locator("#search-q").fill("زوجي");
  await page.locator("#search-q").press("Enter");
  await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("أكثر"));
  const first = await page.$$eval("#search-results li", (lis) => lis.length);
  check(first === 20, `search engine «زوجي»: ${first} results on the first page`);
  check(events.errors.length === 0, `search engine: console errors: ${events.errors.join(" | ")}`);
  staysInSite(events.requests, searchSite, "search engine");
  await context.close();
}

const groups = {
  direction: directionChecks,
  search: searchChecks,
  proclitics: procliticChecks,
  searchSequence: searchSequenceChecks,
  searchEngine: searchEngineChecks,
  narrowScreen: narrowScreenChecks,
  disputes: disputesChecks,
  touch: touchChecks,
  phoneWidth: phoneWidthChecks,
  quotes: quoteChecks,
  print: printChecks,
  screenshots,
  everyPage: () => everyPage(site, ["light", "dark"]),
  everyLtrPage: () => everyPage(ltrSite, ["light"]).catch((e) => failures.push(String(e))),
};
const only = (process.env.ONLY || "").split(",").filter(Boolean);
try {
  for (const [name, run] of Object.entries(groups)) {
    if (only.length && !only.includes(name)) continue;
    // A group that throws is one failure; the others still run.
    await run().catch((error) => failures.push(`${name} crashed: ${error.stack || error}`));
  }
} catch (error) {
  failures.push(`crashed: ${error.stack || error}`);
} finally {
  await browser.close();
}

for (const failure of failures) console.log("FAIL " + failure);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
