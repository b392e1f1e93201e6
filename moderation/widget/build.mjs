// Bundles the widget's modules (src/main.js and what it imports) into the one minified script the
// service sends, static/widget.js, which is committed so the service never needs Node.
//   node moderation/widget/build.mjs           write static/widget.js
//   node moderation/widget/build.mjs --check   fail unless static/widget.js is exactly what the
//                                              sources build to, and within the size limit
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "src", "main.js");
const bundle = join(here, "static", "widget.js");
const LIMIT = 50 * 1024; // bytes; the test suite also counts the stylesheet as served

const result = await build({
  entryPoints: [entry],
  bundle: true,
  format: "iife",
  target: "es2021",
  minify: true,
  charset: "utf8",
  legalComments: "none",
  banner: { js: "/* The comment widget, built from moderation/widget/src by moderation/widget/build.mjs. */\n\"use strict\";" },
  write: false,
  logLevel: "error",
});
const built = result.outputFiles[0].contents;
const name = relative(process.cwd(), bundle);

if (built.length > LIMIT) {
  console.error(`${name} would be ${built.length} bytes: the limit is ${LIMIT}.`);
  process.exit(1);
}
if (process.argv.includes("--check")) {
  const committed = await readFile(bundle).catch(() => Buffer.alloc(0));
  if (!Buffer.from(built).equals(committed)) {
    console.error(`${name} is not what the sources build to: run scripts/widget.sh build and commit it.`);
    process.exit(1);
  }
  console.log(`${name} is up to date (${built.length} bytes).`);
} else {
  await writeFile(bundle, built);
  console.log(`${name} written (${built.length} bytes).`);
}
