// Browser checks of built isnad sites, in headless Chromium from file://.
// Run by tests/browser.rs (cargo test): node run.mjs SITE LTR_SITE ARTIFACTS
// Prints one line per failure and a closing "N passed, N failed" line;
// exits non-zero when anything failed.

import { chromium } from "playwright-core";
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const [site, ltrSite, artifacts] = process.argv.slice(2).map((p) => resolve(p));
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

async function screenshots() {
  const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
  const pages = { index: "index.html", document: "documents/majalla-undated.html", search: "search.html" };
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme });
      for (const [name, path] of Object.entries(pages)) {
        const { page } = await open(context, join(site, path), name === "search" ? "?q=غويران" : "");
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(artifacts, `${name}-${size}-${scheme}.png`), fullPage: false });
        await page.close();
      }
      await context.close();
    }
  }
}

try {
  await directionChecks();
  await searchChecks();
  await narrowScreenChecks();
  await printChecks();
  await screenshots();
  await everyPage(site, ["light", "dark"]);
  await everyPage(ltrSite, ["light"]).catch((e) => failures.push(String(e)));
} catch (error) {
  failures.push(`crashed: ${error.stack || error}`);
} finally {
  await browser.close();
}

for (const failure of failures) console.log("FAIL " + failure);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
