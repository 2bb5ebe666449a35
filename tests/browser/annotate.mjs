// Annotating from the page in `isnad serve`, in headless Chromium: passages
// selected with the Range and Selection APIs across bold, links, mention
// links, existing marks and their reference numerals get a YAML block from
// the panel (by mouse, and by the keyboard: A, then Escape); the blocks are
// pasted into the document's front matter, serve rebuilds, and each new
// mark must cover exactly the selected text. Also: the copy button, and
// screenshots of the panel at 390 and 1366 pixels wide.
// Run by tests/serve.rs: node annotate.mjs URL DOCUMENT SCREENSHOTS_DIR,
// where DOCUMENT is the file the page shows. Prints one JSON line; exits
// non-zero when a check fails.

import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [url, documentPath, screenshots] = process.argv.slice(2);
const TIMEOUT = 60000;
const failures = [];

function check(ok, message) {
  if (!ok) failures.push(message);
}

// In the page: the document body's text (without what isnad adds), each
// character with its text node and offset; selects the `nth` occurrence
// of `text` and returns its place in that text.
const PAGE_HELPERS = `
window.__added = "sup.ann-ref, .ann-against, sup.footnote-reference";
window.__chars = function () {
  const body = document.querySelector(".document-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(window.__added)) continue;
    for (let i = 0; i < node.data.length; i += 1) chars.push({ node, offset: i, c: node.data[i] });
  }
  return chars;
};
window.__select = function (text, nth) {
  const chars = window.__chars();
  const all = chars.map((x) => x.c).join("");
  let at = -1;
  for (let k = 0; k < nth; k += 1) at = all.indexOf(text, at + 1);
  if (at < 0) return null;
  const range = document.createRange();
  range.setStart(chars[at].node, chars[at].offset);
  const last = chars[at + text.length - 1];
  range.setEnd(last.node, last.offset + 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return { start: at, end: at + text.length };
};
// Which characters of the body's text the marks of annotation \`ann\` cover.
window.__covered = function (ann) {
  return window.__chars().map((x, i) => (x.node.parentElement.closest('mark[data-ann="' + ann + '"]') ? i : -1)).filter((i) => i >= 0);
};
window.__text = function () {
  return window.__chars().map((x) => x.c).join("");
};
`;

// The passages: what is selected, which occurrence, how, and as what.
const passages = [
  // Into a mention link inside bold, across a link with italics inside.
  { text: "أحمّي المتحدث الرسمي", nth: 1, kind: "claim", by: "luqman-ahmi", keyboard: false },
  // Across an existing claim's mark, a mention inside it, its reference
  // numeral, and a second mention link.
  { text: "المرصد السوري لحقوق الإنسان إن", nth: 1, kind: "claim", by: "sohr", keyboard: false },
  // Across a soft line break (a new line in the page) between two marks
  // of one claim.
  { text: "باعتقادي ليست هناك\nحالات", nth: 1, kind: "claim", by: "", keyboard: false },
  // The second of two occurrences, into a note's mark: by the keyboard.
  { text: "سجن الصناعة", nth: 2, kind: "note", by: "", keyboard: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const result = { blocks: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: "load" });
  await page.addScriptTag({ content: PAGE_HELPERS });
  await page.waitForFunction(() => window.ISNAD_ANNOTATE, null, { timeout: TIMEOUT });

  const panel = "#isnad-annotate";
  async function ready(mustContain) {
    await page.waitForFunction(
      ([selector, text]) => {
        const p = document.querySelector(selector);
        return p && !p.hidden && p.dataset.state === "ready" && p.querySelector("textarea").value.includes(text);
      },
      [panel, mustContain],
      { timeout: TIMEOUT },
    );
    return page.$eval(`${panel} textarea`, (t) => t.value);
  }

  for (const passage of passages) {
    passage.place = await page.evaluate(([t, n]) => window.__select(t, n), [passage.text, passage.nth]);
    check(passage.place !== null, `not on the page: ${passage.text}`);
    if (!passage.place) continue;
    if (passage.keyboard) {
      await page.keyboard.press("a");
      await ready("quote:");
      const focused = await page.evaluate(() => document.activeElement.closest("#isnad-annotate") !== null);
      check(focused, "the key A did not move focus into the panel");
    } else {
      await page.evaluate(() => document.querySelector(".document-body").dispatchEvent(new MouseEvent("mouseup", { bubbles: true })));
      await ready("quote:");
    }
    if (passage.kind === "note") {
      await page.check(`${panel} input[value="note"]`);
      await ready("kind: context");
    }
    if (passage.kind === "claim") {
      // The claimant chosen for the last claim stays chosen.
      await page.selectOption(`${panel} select`, passage.by);
      await ready(passage.by ? `by: ${passage.by}` : "quote:");
    }
    passage.yaml = await page.$eval(`${panel} textarea`, (t) => t.value);
    result.blocks.push(passage.yaml);
    if (passage.keyboard) {
      await page.keyboard.press("Escape");
      const after = await page.evaluate(() => ({
        hidden: document.querySelector("#isnad-annotate").hidden,
        selected: window.getSelection().toString(),
        inPanel: document.activeElement.closest("#isnad-annotate") !== null,
      }));
      check(after.hidden && !after.inPanel, `Escape did not close the panel: ${JSON.stringify(after)}`);
      check(after.selected.includes("سجن"), `Escape did not give the selection back: ${after.selected}`);
    }
  }

  // The copy button puts the block on the clipboard.
  await page.evaluate(([t, n]) => window.__select(t, n), ["136 سجيناً، بعد", 1]);
  await page.evaluate(() => document.querySelector(".document-body").dispatchEvent(new MouseEvent("mouseup", { bubbles: true })));
  const shown = await ready("quote:");
  await page.click(`${panel} .isnad-annotate-copy`);
  await page.waitForFunction(() => document.querySelector("#isnad-annotate [role=status]").textContent !== "", null, { timeout: TIMEOUT });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === shown, `the clipboard has ${JSON.stringify(copied)}, not the block`);
  result.copied = copied === shown;

  // A selection across two paragraphs is refused, saying why.
  await page.evaluate(() => {
    const paragraphs = document.querySelectorAll(".document-body p");
    const range = document.createRange();
    range.setStart(paragraphs[0].lastChild, 0);
    range.setEnd(paragraphs[1].firstChild, 3);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.querySelector(".document-body").dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector("#isnad-annotate").dataset.state === "error", null, { timeout: TIMEOUT });
  result.refusal = await page.$eval(`${panel} .isnad-annotate-error`, (p) => p.textContent);

  // Screenshots, the panel open on the first passage.
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 844 });
    await page.evaluate(([t, n]) => window.__select(t, n), [passages[1].text, 1]);
    await page.evaluate(() => {
      const range = window.getSelection().getRangeAt(0);
      window.scrollTo(0, range.getBoundingClientRect().top + window.scrollY - 120);
      document.querySelector(".document-body").dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    });
    await ready("quote:");
    const byShown = await page.$eval(`${panel} .isnad-annotate-by`, (row) => row.getBoundingClientRect().height > 0);
    check(!byShown, "the claimant is asked for a note");
    const box = await page.$eval(panel, (p) => {
      const r = p.getBoundingClientRect();
      return { left: r.left, right: r.right, width: document.documentElement.clientWidth };
    });
    check(box.left >= 0 && box.right <= box.width, `the panel leaves the window at ${width}px: ${JSON.stringify(box)}`);
    if (screenshots) await page.screenshot({ path: join(screenshots, `annotate-${width}.png`) });
  }
  await page.keyboard.press("Escape");

  // Paste every block into the front matter; serve rebuilds and reloads.
  const source = readFileSync(documentPath, "utf8");
  const claims = passages.filter((p) => p.kind === "claim" && p.yaml).map((p) => p.yaml).join("");
  const notes = passages.filter((p) => p.kind === "note" && p.yaml).map((p) => p.yaml).join("");
  const loaded = page.waitForEvent("load", { timeout: TIMEOUT });
  writeFileSync(documentPath, source.replace("\nclaims:\n", `\nclaims:\n${claims}`).replace("\nnotes:\n", `\nnotes:\n${notes}`));
  await loaded;
  await page.addScriptTag({ content: PAGE_HELPERS });
  const overlay = await page.$("#isnad-serve-errors");
  check(!overlay, `the pasted blocks broke the build: ${overlay ? await overlay.textContent() : ""}`);

  result.marks = [];
  for (const passage of passages.filter((p) => p.yaml)) {
    let ann;
    if (passage.kind === "claim") {
      ann = "claim-" + passage.yaml.match(/id: ([a-z0-9-]+)/)[1];
    } else {
      // Pasted first under notes:, the new note is the document's first.
      ann = "note-first-note-1";
    }
    const { covered, text } = await page.evaluate((a) => ({ covered: window.__covered(a), text: window.__text() }), ann);
    const { start, end } = passage.place;
    const outside = covered.filter((i) => i < start || i >= end);
    const missed = [];
    for (let i = start; i < end; i += 1) if (!/\s/.test(text[i]) && !covered.includes(i)) missed.push(i);
    const marked = covered.map((i) => text[i]).join("");
    check(
      covered.length > 0 && outside.length === 0 && missed.length === 0,
      `${ann}: the mark covers «${marked}», the selection was «${passage.text}»`,
    );
    result.marks.push({ ann, marked });
  }
  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
if (failures.length) {
  console.error(failures.join("\n"));
  process.exitCode = 1;
}
