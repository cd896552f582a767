// Opens every chapter of the built book in headless Chromium, as a reader would, and fails if a
// page logs a console error or throws, or if one of its ```mermaid diagrams is not drawn as an
// SVG (Mermaid's own syntax-error picture does not count).
// Usage: node .ci/browser-check.mjs docs   (after `mdbook build docs`)
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const docs = process.argv[2] ?? "docs";
const book = join(docs, "book");
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf" };

const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://book").pathname));
  let file = join(book, path);
  if (file.endsWith("/")) file = join(file, "index.html");
  if (!file.startsWith(book) || !existsSync(file)) {
    response.writeHead(404).end("not found");
    return;
  }
  response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  response.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// The chapters, in the book's order, from SUMMARY.md.
const summary = readFileSync(join(docs, "src", "SUMMARY.md"), "utf8");
const chapters = [...summary.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => m[1]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
for (const chapter of chapters) {
  const source = readFileSync(join(docs, "src", chapter), "utf8");
  const diagrams = (source.match(/^```mermaid$/gm) ?? []).length;
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`failed to load ${request.url()}`));
  const url = `${origin}/${chapter.replace(/\.md$/, ".html")}`;
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || !response.ok()) problems.push(`HTTP ${response?.status()} for ${url}`);
  let drawn = 0;
  if (diagrams > 0) {
    try {
      await page.waitForFunction((n) => document.querySelectorAll("pre.mermaid svg").length >= n, diagrams, { timeout: 20000 });
    } catch {
      // reported below with the count that was drawn
    }
    drawn = await page.evaluate(() => document.querySelectorAll("pre.mermaid svg").length);
    if (drawn < diagrams) problems.push(`${drawn} of ${diagrams} diagrams drawn as SVG`);
    // Mermaid draws a diagram it cannot parse as an SVG too: its "Syntax error" picture.
    const broken = await page.evaluate(
      () => document.querySelectorAll('pre.mermaid svg[aria-roledescription="error"]').length,
    );
    if (broken > 0) problems.push(`${broken} of ${diagrams} diagrams are Mermaid's syntax-error picture`);
  }
  await page.close();
  if (problems.length === 0) {
    console.log(`ok    ${chapter}${diagrams ? ` (${drawn} diagrams)` : ""}`);
  } else {
    failures += 1;
    for (const problem of problems) console.log(`FAIL  ${chapter}: ${problem}`);
  }
}
await browser.close();
server.close();
console.log(`${chapters.length - failures} of ${chapters.length} chapters render cleanly`);
process.exit(failures === 0 ? 0 : 1);
