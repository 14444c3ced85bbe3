// Trunk's post-build hook (Trunk.toml): makes the wasm and wasm-bindgen's JS glue
// smaller together, then updates both integrity hashes in index.html.
//
// 1. terser minifies the glue. Trunk's own minifier leaves it as it is (it stops at
//    the module's `export default`), and the page loads the glue whole. Only local
//    names are mangled; the names the wasm imports and exports by are object
//    properties, which terser keeps.
// 2. The names the wasm imports its JS functions by are wasm-bindgen's, such as
//    `__wbg_getElementById_7ee213db584f37b0`: about 200 of them, each with a hash
//    that does not compress, written once in the wasm and once in the glue. They
//    become `a`, `b`, … `aB`, … in both (and the module they come from, `./…_bg.js`,
//    becomes `a`): about 6 KB less gzip for the page.
//
// Trunk runs this with the staging directory (the built site, before it moves to
// dist/) in TRUNK_STAGING_DIR. Anything unexpected fails the build with a message: a
// page whose glue no longer matches its wasm, or its integrity hashes, would not load.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

function fail(message) {
  console.error(`shrink-glue: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail("TRUNK_STAGING_DIR is not set: this runs as Trunk's post_build hook");

function onlyFile(pattern, what) {
  const found = readdirSync(staging).filter((f) => pattern.test(f));
  if (found.length !== 1) fail(`expected one ${what} in ${staging}, found ${found.length}`);
  return found[0];
}
const glueName = onlyFile(/^awaitscope-web-[0-9a-f]+\.js$/, "wasm-bindgen glue file");
const wasmName = onlyFile(/^awaitscope-web-[0-9a-f]+_bg\.wasm$/, "wasm file");
const jsPath = join(staging, glueName);
const wasmPath = join(staging, wasmName);
const htmlPath = join(staging, "index.html");

const integrity = (bytes) => createHash("sha384").update(bytes).digest("base64");

// --- The wasm binary format, as much of it as the import section needs. ---

/** Reads the unsigned LEB128 at `pos`: [value, position after it]. */
function readU32(bytes, pos) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= bytes.length || shift > 28) fail(`bad LEB128 at byte ${pos} of ${wasmName}`);
    const byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const name = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([u32(bytes.length), bytes]);
};

/** `a` … `Z`, then `aa` …: short, and valid as a JS property name. */
function shortName(index) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let text = "";
  for (let k = index; ; k = Math.floor(k / letters.length) - 1) {
    text = letters[k % letters.length] + text;
    if (k < letters.length) return text;
  }
}

const IMPORT_SECTION = 2;
const FUNCTION_IMPORT = 0;
const SHORT_MODULE = "a";

/**
 * The wasm with its function imports renamed to short names and their module to
 * SHORT_MODULE; returns [wasm, module it had, Map of old name → new name].
 */
function renameImports(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmName} is not a wasm module`);
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  let module = null;
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, start] = readU32(wasm, pos + 1);
    const end = start + size;
    if (id !== IMPORT_SECTION) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, at] = readU32(wasm, start);
    const body = [u32(count)];
    for (let i = 0; i < count; i++) {
      let length;
      [length, at] = readU32(wasm, at);
      const from = wasm.toString("utf8", at, at + length);
      at += length;
      [length, at] = readU32(wasm, at);
      const field = wasm.toString("utf8", at, at + length);
      at += length;
      if (wasm[at] !== FUNCTION_IMPORT) fail(`${wasmName} imports something other than a function: ${field}`);
      const [, after] = readU32(wasm, at + 1); // the function's type index
      if (module !== null && from !== module) fail(`${wasmName} imports from two modules: ${module}, ${from}`);
      module = from;
      const short = shortName(i);
      renamed.set(field, short);
      body.push(name(SHORT_MODULE), name(short), wasm.subarray(at, after));
      at = after;
    }
    if (at !== end) fail(`${wasmName}'s import section has ${end - at} bytes after its imports`);
    const section = Buffer.concat(body);
    parts.push(Buffer.from([IMPORT_SECTION]), u32(section.length), section);
    pos = end;
  }
  if (module === null) fail(`${wasmName} has no imports: is it wasm-bindgen's output?`);
  return [Buffer.concat(parts), module, renamed];
}

// --- The glue: the same names. ---

function renameInGlue(glue, module, renamed) {
  const moduleKey = JSON.stringify(module);
  const keys = glue.split(moduleKey).length - 1;
  if (keys !== 1) fail(`expected the module name ${moduleKey} once in ${glueName}, found it ${keys} times`);
  let out = glue.replace(moduleKey, JSON.stringify(SHORT_MODULE));
  for (const [from, to] of renamed) {
    // wasm-bindgen defines each import once, as a key of the imports object, and
    // uses it nowhere else; so renaming that key is all there is to do. Anything
    // else (a name used twice, or not as a key) stops the build.
    if (!/^\w+$/.test(from)) fail(`unexpected import name ${JSON.stringify(from)} in ${wasmName}`);
    const key = new RegExp(`\\b${from}\\b`, "g");
    const uses = [...out.matchAll(key)];
    if (uses.length !== 1 || !/^\s*:/.test(out.slice(uses[0].index + from.length))) {
      fail(`expected the import ${from} once in ${glueName}, as a key; found it ${uses.length} times`);
    }
    out = out.slice(0, uses[0].index) + to + out.slice(uses[0].index + from.length);
  }
  return out;
}

const html = readFileSync(htmlPath, "utf8");
const originalGlue = readFileSync(jsPath);
const originalWasm = readFileSync(wasmPath);
for (const [file, bytes] of [[glueName, originalGlue], [wasmName, originalWasm]]) {
  if (!html.includes(integrity(bytes))) fail(`index.html has no integrity hash for ${file}`);
}

const [wasm, module, renamed] = renameImports(originalWasm);
const { code: minified } = await minify(originalGlue.toString("utf8"), {
  module: true,
  compress: true,
  mangle: true,
  format: { comments: false },
});
const code = renameInGlue(minified, module, renamed);
writeFileSync(wasmPath, wasm);
writeFileSync(jsPath, code);
writeFileSync(
  htmlPath,
  html
    .replaceAll(integrity(originalGlue), integrity(code))
    .replaceAll(integrity(originalWasm), integrity(wasm)),
);
console.log(
  `shrink-glue: ${renamed.size} imports renamed; ${glueName} ${originalGlue.length} -> ${code.length} bytes, ` +
    `${wasmName} ${originalWasm.length} -> ${wasm.length} bytes`,
);
