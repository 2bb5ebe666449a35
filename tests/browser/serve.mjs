// `isnad serve` in headless Chromium: a page served by it reloads by itself
// when a document is saved (pushed by server-sent events), takes a changed
// theme stylesheet without reloading, shows the dossier's errors over the
// last good page when a save breaks it, and reloads again once fixed.
// Run by tests/serve.rs (cargo test): node serve.mjs URL DOCUMENT [ROUNDS]
// where DOCUMENT is the file the page shows, in the dossier's content/
// folder; the dossier must have a theme/ folder. Prints one JSON line with
// the measured times; exits non-zero when a check fails.

import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer } from "node:http";

const [url, documentPath, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 1);
const TIMEOUT = 60000;

function fail(message) {
  console.error(message);
  process.exitCode = 1;
}

function edit(change) {
  writeFileSync(documentPath, change(readFileSync(documentPath, "utf8")));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  if (!(await page.$('script[src="/__isnad/reload.js"]'))) fail("no reload script in the served page");

  // Another page on this machine (another port: the same site, another
  // origin) tries to read the unpublished dossier with a script tag, which
  // no CORS protects, and with fetch. Neither may get a byte of it.
  const preview = new URL(url).origin;
  const attacker = createServer((request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!DOCTYPE html><title>attack</title><script>
      window.stolen = [];
      window.isnadSearch = { addEntries: (n, entries) => window.stolen.push(JSON.stringify(entries)) };
      window.loaded = new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = "${preview}/search/e/0.js";
        script.onload = () => resolve("loaded");
        script.onerror = () => resolve("refused");
        document.head.append(script);
      });
      window.fetched = fetch("${preview}/dossier.json", { mode: "no-cors" })
        .then((r) => r.type + ":" + r.status).catch(() => "refused");
    </script>`);
  });
  await new Promise((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const other = await browser.newPage();
    await other.goto(`http://127.0.0.1:${attacker.address().port}/`);
    const outcome = await other.evaluate(async () => ({
      script: await window.loaded,
      fetched: await window.fetched,
      stolen: window.stolen.length,
    }));
    if (outcome.script !== "refused" || outcome.stolen !== 0) {
      fail(`another origin read the search index: ${JSON.stringify(outcome)}`);
    }
    await other.close();
  } finally {
    attacker.close();
  }

  // Saving a document reloads the page, with the new text.
  const reloads = [];
  for (let round = 0; round < rounds; round += 1) {
    const marker = `فقرة المحرر رقم ${round}`;
    // Let the page's first poll settle, as a reader's page would have.
    await page.waitForTimeout(300);
    const loaded = page.waitForEvent("load", { timeout: TIMEOUT });
    const saved = Date.now();
    edit((text) => `${text}\n\n${marker}.\n`);
    await loaded;
    reloads.push(Date.now() - saved);
    const body = await page.textContent("body");
    if (!body.includes(marker)) fail(`round ${round}: the reloaded page lacks the new paragraph`);
  }

  // A theme stylesheet saved: the page takes it without reloading (no
  // load event, and what the page's scripts hold stays).
  const stylesheet = join(dirname(dirname(documentPath)), "theme", "isnad.css");
  const css = await page.evaluate(() => fetch("/theme/isnad.css").then((r) => r.text()));
  await page.evaluate(() => { window.isnadStillHere = true; });
  let loads = 0;
  page.on("load", () => { loads += 1; });
  const styled = Date.now();
  writeFileSync(stylesheet, `${css}\nbody { outline: 7px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction(
    () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)",
    null,
    { timeout: TIMEOUT },
  );
  const restyle = Date.now() - styled;
  await page.waitForTimeout(600);
  if (loads !== 0 || !(await page.evaluate(() => window.isnadStillHere))) {
    fail("a stylesheet change reloaded the page");
  }
  if ((await page.$$('link[rel="stylesheet"]')).length !== 1) fail("the old stylesheet stays");

  // A save that breaks the dossier: an overlay with the errors, over the
  // last good page.
  edit((text) => text.replace("title:", "titel:"));
  const overlay = await page.waitForSelector("#isnad-serve-errors", { timeout: TIMEOUT });
  const errors = await overlay.textContent();
  if (!errors.includes("unknown field `titel`")) fail(`overlay without the error: ${errors}`);
  if (!(await page.textContent("main")).includes(`فقرة المحرر رقم ${rounds - 1}`)) {
    fail("the last good page is gone");
  }

  // Fixed: the page reloads, without the overlay.
  const fixed = page.waitForEvent("load", { timeout: TIMEOUT });
  edit((text) => text.replace("titel:", "title:"));
  await fixed;
  await page.waitForTimeout(600);
  if (await page.$("#isnad-serve-errors")) fail("the overlay stays after the fix");

  console.log(JSON.stringify({ reloads, restyle, errors }));
} catch (error) {
  fail(String(error));
} finally {
  await browser.close();
}
