// Reads every chapter of the built book as mdBook wrote it (docs/book/*.html, before any script
// runs) and fails if the page does not show the chapter as written:
//   - every {{#include}} became one code block: all of the included lines, together, in one
//     <pre> (an include indented inside a list item keeps only its first line in the list, and
//     the rest breaks out of the code block);
//   - no code block holds a raw ``` fence line;
//   - no heading or list item of the chapter's own text ended up inside a code block.
// Usage: node .ci/book-check.mjs docs   (after `mdbook build docs`)
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";

const docs = process.argv[2] ?? "docs";
const src = join(docs, "src");
const summary = readFileSync(join(src, "SUMMARY.md"), "utf8");
const chapters = [...summary.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => m[1]);

const entities = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const decode = (html) =>
  html.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp|quot|#39|#x27);/g, (e) => entities[e]);
// Lines as compared: trimmed, blank ones left out.
const lines = (text) => text.split("\n").map((l) => l.trim()).filter((l) => l !== "");

// The text of every <pre> block of a page, as lines.
const codeBlocks = (html) => [...html.matchAll(/<pre[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => lines(decode(m[1])));

// What {{#include PATH}}, {{#include PATH:ANCHOR}} or {{#include PATH:FROM:TO}} puts in a page.
function included(chapterDir, target) {
  const [path, ...rest] = target.split(":");
  const text = readFileSync(join(chapterDir, path), "utf8").split("\n");
  let chosen = text;
  if (rest.length === 1 && !/^\d*$/.test(rest[0])) {
    const start = text.findIndex((l) => l.includes(`ANCHOR: ${rest[0]}`));
    const end = text.findIndex((l) => l.includes(`ANCHOR_END: ${rest[0]}`));
    chosen = text.slice(start + 1, end);
  } else if (rest.length >= 1) {
    const from = rest[0] === "" ? 1 : Number(rest[0]);
    const to = rest.length > 1 && rest[1] !== "" ? Number(rest[1]) : text.length;
    chosen = text.slice(from - 1, to);
  }
  return lines(chosen.filter((l) => !/ANCHOR(_END)?:/.test(l)).join("\n"));
}

// Whether `needle` appears in `haystack` as consecutive lines.
function holds(haystack, needle) {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((line, j) => haystack[i + j] === line)) return true;
  }
  return false;
}

// The headings and list items of a chapter's own text (outside its fenced blocks).
function prose(source) {
  const found = [];
  let fenced = false;
  for (const line of source.split("\n")) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced && /^\s*(#{1,6} |[-*] |\d+\. )\S/.test(line)) found.push(line.trim());
  }
  return found;
}

let failures = 0;
for (const chapter of chapters) {
  const source = readFileSync(join(src, chapter), "utf8");
  const html = readFileSync(join(docs, "book", chapter.replace(/\.md$/, ".html")), "utf8");
  const blocks = codeBlocks(html);
  const problems = [];
  for (const [, target] of source.matchAll(/\{\{#include ([^}]+)\}\}/g)) {
    const want = included(dirname(join(src, chapter)), target.trim());
    if (!blocks.some((block) => holds(block, want))) {
      problems.push(`{{#include ${target.trim()}}} is not one code block (did it break out of a list item?)`);
    }
  }
  for (const block of blocks) {
    const fence = block.find((line) => line.startsWith("```"));
    if (fence) problems.push(`a code block holds the raw fence line ${fence}`);
  }
  const inCode = new Set(blocks.flat());
  for (const line of prose(source)) {
    if (inCode.has(line)) problems.push(`the chapter's own text is inside a code block: ${line}`);
  }
  if (problems.length === 0) {
    console.log(`ok    ${chapter}`);
  } else {
    failures += 1;
    for (const problem of problems) console.log(`FAIL  ${chapter}: ${problem}`);
  }
}
console.log(`${chapters.length - failures} of ${chapters.length} chapters show what they say`);
process.exit(failures === 0 ? 0 : 1);
