// Trunk's post-build hook (Trunk.toml): minifies wasm-bindgen's JS glue with terser
// and updates its integrity hash in index.html.
//
// Trunk's own minifier leaves the glue as it is (it stops at the module's `export
// default`), and the page loads the glue whole: terser takes it from 8.4 to 6.8 KB
// gzip. Only local names are mangled; the names the wasm imports and exports by
// are object properties, which terser keeps.
//
// Trunk runs this with the staging directory (the built site, before it moves to
// dist/) in TRUNK_STAGING_DIR. Anything unexpected fails the build with a message:
// a page whose glue no longer matches its integrity hash would not load.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

function fail(message) {
  console.error(`minify-glue: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail("TRUNK_STAGING_DIR is not set: this runs as Trunk's post_build hook");

const glue = readdirSync(staging).filter((f) => /^awaitscope-web-[0-9a-f]+\.js$/.test(f));
if (glue.length !== 1) fail(`expected one wasm-bindgen glue file in ${staging}, found ${glue.length}`);
const jsPath = join(staging, glue[0]);
const htmlPath = join(staging, "index.html");

const integrity = (bytes) => createHash("sha384").update(bytes).digest("base64");

const original = readFileSync(jsPath);
const html = readFileSync(htmlPath, "utf8");
const before = integrity(original);
if (!html.includes(before)) fail(`index.html has no integrity hash for ${glue[0]}`);

const { code } = await minify(original.toString("utf8"), {
  module: true,
  compress: true,
  mangle: true,
  format: { comments: false },
});
writeFileSync(jsPath, code);
writeFileSync(htmlPath, html.replaceAll(before, integrity(code)));
console.log(`minify-glue: ${glue[0]} ${original.length} -> ${code.length} bytes`);
