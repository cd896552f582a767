// The book's mdBook preprocessor for its ER diagrams (book.toml: [preprocessor.mermaid]): each
// ```mermaid block of a chapter becomes <pre class="mermaid">, its text HTML-escaped, which
// mermaid-init.js hands to mermaid.js in the browser. The HTML is what mdbook-mermaid 0.17.1
// wrote, without compiling it: a ```mermaid block left as code would be given to highlight.js,
// which knows no such language and throws.
//
// A block is a fence at the start of a line (``` or ~~~, three or more) whose info string is
// `mermaid`, outside any other fenced block; the book's diagrams are all such blocks, and
// .ci/browser-check.mjs fails on one that is not drawn.
//
// mdBook runs it in docs/ as `node mermaid.mjs supports RENDERER` (exit 0 for html only), then
// with [context, book] as JSON on stdin, and reads the book back on stdout.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const escapes = { "<": "&lt;", ">": "&gt;", '"': "&quot;", "&": "&amp;" };
const escape = (text) => text.replace(/[<>"&]/g, (c) => escapes[c]);

// What replaces a block, from its opening fence to its closing one (mdbook-mermaid's spacing).
const pre = (body) => `\n<pre class="mermaid">${escape(body.map((line) => `${line}\n`).join(""))}</pre>\n\n`;

// The chapter's text with each ```mermaid block replaced by its <pre class="mermaid">.
export function addMermaid(content) {
  const lines = content.split("\n");
  const out = [];
  let fence = null; // the open fence: its character, its length, whether it is a diagram
  let body = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, "");
    if (fence === null) {
      const open = /^( *)(`{3,}|~{3,})(.*)$/.exec(line);
      if (open && !(open[2][0] === "`" && open[3].includes("`"))) {
        fence = { char: open[2][0], length: open[2].length, diagram: open[1] === "" && open[3].trim() === "mermaid" };
        body = [];
        start = out.length;
      }
      out.push(lines[i]);
      continue;
    }
    const close = /^ *(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (close && close[1][0] === fence.char && close[1].length >= fence.length) {
      if (fence.diagram) {
        out.splice(start, out.length - start, pre(body));
      } else {
        out.push(lines[i]);
      }
      fence = null;
      continue;
    }
    body.push(line);
    out.push(lines[i]);
  }
  // A block still open at the end of the chapter ends there, as in Markdown.
  if (fence?.diagram) out.splice(start, out.length - start, pre(body));
  return out.join("\n");
}

function eachChapter(items, visit) {
  for (const item of items) {
    if (item && typeof item === "object" && item.Chapter) {
      visit(item.Chapter);
      eachChapter(item.Chapter.sub_items ?? [], visit);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "supports") process.exit(process.argv[3] === "html" ? 0 : 1);
  const [, book] = JSON.parse(readFileSync(0, "utf8"));
  eachChapter(book.items ?? book.sections ?? [], (chapter) => {
    chapter.content = addMermaid(chapter.content);
  });
  process.stdout.write(JSON.stringify(book));
}
