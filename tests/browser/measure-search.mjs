// Measures search on a built site, from file:// in headless Chromium:
//   node tests/browser/measure-search.mjs SITE_DIR "query one" "query two" …
// For each query: time from opening search.html?q=… to the results shown
// (first visit, so every index file it needs is loaded), the number of
// results, and how many bytes of index files the page loaded; then the
// time from pressing Enter in the search box of an opened search.html to
// the results shown ("typed"), the index files loaded for the first time.
import { chromium } from "playwright-core";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [siteArg, ...queries] = process.argv.slice(2);
const site = resolve(siteArg);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const query of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loaded = [];
  page.on("request", (r) => { if (r.url().includes("/search/")) loaded.push(fileURLToPath(r.url())); });
  const started = Date.now();
  await page.goto(pathToFileURL(join(site, "search.html")).href + "?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "", null, { timeout: 60000 });
  const elapsed = Date.now() - started;
  const status = await page.$eval("#search-status", (e) => e.textContent);
  const bytes = loaded.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(`${JSON.stringify(query)}: ${elapsed} ms, ${status}, ${loaded.length} index files, ${(bytes / 1048576).toFixed(1)} MiB`);
  if (process.env.VERBOSE) for (const file of loaded) console.log(`  ${file.slice(site.length + 1)} ${(statSync(file).size / 1024).toFixed(0)} KB`);
  await context.close();

  const typing = await browser.newContext();
  const typed = await typing.newPage();
  await typed.goto(pathToFileURL(join(site, "search.html")).href);
  await typed.locator("#search-q").fill(query);
  const took = await typed.evaluate(() => new Promise((resolve) => {
    const status = document.getElementById("search-status");
    const started = performance.now();
    new MutationObserver((_, observer) => {
      if (status.textContent !== "") { observer.disconnect(); resolve(performance.now() - started); }
    }).observe(status, { childList: true, characterData: true, subtree: true });
    document.getElementById("search-form").requestSubmit();
  }));
  console.log(`  typed: ${took.toFixed(0)} ms from Enter to the results`);
  await typing.close();
}
await browser.close();
