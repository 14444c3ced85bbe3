// The Export menu: every file it saves is accepted by its consumer. The trace parses
// as a Trace Event file with a track per task, the CPU and each device; the SVG and
// the PNG render in Chromium (screenshots in target/screenshots/export-*.png); the
// .py runs in python3 beside the downloaded helper module and prints what
// `awaitscope run` prints for the same text.
import { test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, ROOT, useSite } from "./harness.mjs";

const SHOTS = join(ROOT, "target/screenshots");
const EVENT_LOOP = '[aria-label="Event loop timeline"]';
const CLI = process.env.AWAITSCOPE_CLI ?? join(ROOT, "target/debug/awaitscope");
const site = useSite();
let dir;
let app;
before(async () => {
  await mkdir(SHOTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), "awaitscope-export-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  app = await openApp(site.browser, site.server.url);
});
afterEach(async () => {
  await app.context.close();
});

const exportButton = (page) => page.getByRole("button", { name: "Export", exact: true });

/** Opens the Export menu, picks `name` (a button, or a link) and saves the download
 * into a folder of its own. Returns the file's name, path and folder. */
async function exportFile(page, name, role = "button", folder = name.replace(/\W+/g, "-")) {
  if ((await exportButton(page).getAttribute("aria-expanded")) !== "true") {
    await exportButton(page).click();
  }
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole(role, { name, exact: true }).click(),
  ]);
  const into = join(dir, folder);
  await mkdir(into, { recursive: true });
  const path = join(into, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path, folder: into };
}

function run(command, args, env = {}) {
  const out = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PYTHONHASHSEED: "0", ...env },
  });
  assert.equal(out.error, undefined, `${command} runs`);
  return out;
}

async function pickPreset(page, id) {
  const before = await page.locator(EVENT_LOOP).getAttribute("data-generation");
  await page.getByLabel("Preset").selectOption(id);
  await page.waitForFunction(
    ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
    [EVENT_LOOP, before],
  );
}

async function replaceCode(page, source) {
  const before = await page.locator(EVENT_LOOP).getAttribute("data-generation");
  await page.getByLabel("Scenario code").fill(source);
  return before;
}

async function typeProgram(page, source) {
  const before = await replaceCode(page, source);
  await page.waitForFunction(
    ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
    [EVENT_LOOP, before],
  );
}

/** Shows `files` ({ id, type, bytes }) as images in a page of their own; returns each
 * image's natural size, and photographs the page into target/screenshots/. */
async function renderImages(context, files, shot) {
  const page = await context.newPage();
  const images = files
    .map(({ id, type, bytes }) => `<img id="${id}" src="data:${type};base64,${bytes.toString("base64")}">`)
    .join("\n");
  await page.setContent(`<!doctype html><body style="margin:0;background:#888">${images}</body>`);
  const sizes = await page.evaluate(async () =>
    Promise.all(
      [...document.images].map(async (img) => {
        await img.decode().catch(() => {});
        return { id: img.id, width: img.naturalWidth, height: img.naturalHeight, complete: img.complete };
      }),
    ),
  );
  await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
  await page.close();
  return Object.fromEntries(sizes.map((s) => [s.id, s]));
}

test("the trace for Perfetto is a Trace Event file: a track per task, the CPU and each device", async () => {
  const { page, problems } = app;
  await pickPreset(page, "crawler_gather");
  const file = await exportFile(page, "Trace for Perfetto (JSON)");
  assert.equal(file.name, "crawler_gather.trace.json");
  const doc = JSON.parse(await readFile(file.path, "utf8"));
  assert.ok(Array.isArray(doc.traceEvents) && doc.traceEvents.length > 20);
  for (const e of doc.traceEvents) {
    assert.equal(typeof e.ph, "string", JSON.stringify(e));
    assert.equal(typeof e.pid, "number", JSON.stringify(e));
    if (e.ph !== "M") {
      assert.equal(typeof e.ts, "number", JSON.stringify(e));
      assert.equal(typeof e.tid, "number", JSON.stringify(e));
    }
    if (e.ph === "X") assert.ok(e.dur >= 0 && e.name, JSON.stringify(e));
  }
  const processes = doc.traceEvents.filter((e) => e.name === "process_name").map((e) => e.args.name);
  assert.deepEqual(processes, ["event loop", "blocking baseline"]);
  const tracks = doc.traceEvents
    .filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 1)
    .map((e) => e.args.name);
  // What to expect, from the simulator itself on the same text.
  const source = join(dir, "crawler_gather_source.py");
  await writeFile(source, await page.getByLabel("Scenario code").inputValue());
  const trace = JSON.parse(run(CLI, ["trace", source]).stdout);
  const expected = [
    "CPU",
    ...trace.devices.map((d) => d.name),
    ...trace.tasks.filter((t) => !t.internal).map((t) => t.name),
  ];
  assert.ok(trace.devices.length > 0 && expected.length > 4);
  for (const name of expected) {
    assert.ok(
      tracks.some((t) => t === name || t.startsWith(`${name} `)),
      `a track for ${name}: ${tracks.join(", ")}`,
    );
  }
  // The timestamps are the page's: every complete event ends by the run's end.
  const endUs = Number(await page.locator(EVENT_LOOP).getAttribute("data-end-us"));
  const lastEnd = Math.max(...doc.traceEvents.filter((e) => e.ph === "X" && e.pid === 1).map((e) => e.ts + e.dur));
  assert.ok(lastEnd > 0 && lastEnd <= endUs, `${lastEnd} ≤ ${endUs}`);
  assert.match(await page.getByRole("status").filter({ hasText: "Saved" }).innerText(), /crawler_gather\.trace\.json/);
  assert.deepEqual(problems, []);
});

test("the SVG and the PNG of the timelines render in Chromium", async () => {
  const { page, context, problems } = app;
  await pickPreset(page, "blocking_call");
  const svg = await exportFile(page, "Timelines as SVG");
  const png = await exportFile(page, "Timelines as PNG");
  assert.equal(svg.name, "blocking_call.svg");
  assert.equal(png.name, "blocking_call.png");
  const svgText = await readFile(svg.path, "utf8");
  const pngBytes = await readFile(png.path);
  assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG signature");

  // Well-formed, standalone, with a label per lane the page draws.
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const count = (id) => doc.querySelectorAll(`g#${id} text.lane-label`).length;
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.localName,
      labels: [count("event-loop"), count("blocking")],
      external: [...doc.querySelectorAll("*")].some((e) => e.hasAttribute("href") || /url\((?!#)/.test(e.getAttribute("clip-path") ?? "")),
    };
  }, svgText);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, "svg");
  assert.equal(parsed.external, false);
  const lanes = Number(await page.locator(EVENT_LOOP).getAttribute("data-lanes"));
  assert.deepEqual(parsed.labels, [lanes, 1]);

  const sizes = await renderImages(
    context,
    [
      { id: "svg", type: "image/svg+xml", bytes: Buffer.from(svgText) },
      { id: "png", type: "image/png", bytes: pngBytes },
    ],
    "export-timelines.png",
  );
  assert.equal(sizes.svg.width, 1280, JSON.stringify(sizes));
  assert.ok(sizes.svg.height > 200 && sizes.svg.height < 4000, JSON.stringify(sizes));
  assert.equal(sizes.png.width, 2 * sizes.svg.width, "the PNG is drawn at twice the size");
  assert.equal(sizes.png.height, 2 * sizes.svg.height);
  // Each alone too, to look at.
  await renderImages(context, [{ id: "svg", type: "image/svg+xml", bytes: Buffer.from(svgText) }], "export-svg.png");
  await renderImages(context, [{ id: "png", type: "image/png", bytes: pngBytes }], "export-png.png");
  assert.deepEqual(problems, []);
});

test("the .py runs in python3 beside the helper module and prints what awaitscope run prints", async () => {
  const { page, problems } = app;
  const raising = [
    "import asyncio",
    "from awaitscope import Device",
    "",
    'db = Device("db", latency=0.05)',
    "",
    "",
    "async def query(n):",
    "    await db.read(10)",
    "    if n == 2:",
    '        raise ValueError(f"bad row {n}")',
    "    return n",
    "",
    "",
    "async def main():",
    "    print(await asyncio.gather(query(1), query(2)))",
    "",
    "asyncio.run(main())",
  ].join("\n");
  const cases = [
    ["five_fetches", null],
    ["run_inside_loop", null],
    ["scenario", raising],
  ];
  for (const [id, code] of cases) {
    if (code) await typeProgram(page, code);
    else if (id !== "five_fetches") await pickPreset(page, id);
    const text = await page.getByLabel("Scenario code").inputValue();
    const py = await exportFile(page, "Scenario as .py", "button", id);
    const helper = await exportFile(page, "Helper module (awaitscope.py)", "link", id);
    assert.equal(py.name, `${id}.py`);
    assert.equal(helper.name, "awaitscope.py");
    assert.equal(
      await readFile(helper.path, "utf8"),
      await readFile(join(ROOT, "python/awaitscope.py"), "utf8"),
      "the site serves the helper module as it is",
    );
    const saved = await readFile(py.path, "utf8");
    assert.ok(saved.startsWith(text), `${id}: the editor's text, exactly, first`);
    for (const line of saved.slice(text.length).split("\n")) {
      assert.ok(line === "" || line.startsWith("#"), `${id}: only comments follow: ${line}`);
    }

    const python = run("python3", [py.path], { PYTHONPATH: py.folder });
    const ours = run(CLI, ["run", py.path]);
    assert.equal(python.stdout, ours.stdout, `${id}: stdout`);
    assert.equal(python.status, ours.status, `${id}: exit code`);
    const lastLine = (s) => s.trim().split("\n").filter((l) => !l.includes("RuntimeWarning")).pop() ?? "";
    assert.equal(lastLine(python.stderr), lastLine(ours.stderr), `${id}: the error's line`);
    if (code) {
      assert.equal(python.status, 1);
      // The lines of the file a traceback names are the editor's line numbers.
      const lines = (s) =>
        [...s.matchAll(/File "([^"]+)", line (\d+)/g)].filter((m) => m[1] === py.path).map((m) => Number(m[2]));
      const named = lines(python.stderr);
      assert.ok(named.includes(10), `raised on line 10: ${named}`);
      for (const line of lines(ours.stderr)) assert.ok(named.includes(line), `line ${line} in ${named}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("a program that does not run can still be saved as .py, and the menu says why", async () => {
  const { page, problems } = app;
  const broken = "import asyncio\n\nasync def main(:\n    await asyncio.sleep(1)\n";
  await replaceCode(page, broken);
  await page.locator(".gutter-line.has-error").first().waitFor();
  await exportButton(page).click();
  for (const name of ["Timelines as SVG", "Timelines as PNG", "Trace for Perfetto (JSON)"]) {
    assert.equal(await page.getByRole("button", { name, exact: true }).isDisabled(), true, name);
  }
  assert.match(
    await page.locator(".export-menu").innerText(),
    /does not run, so there are no timelines or trace to export/,
  );
  await page.screenshot({ path: join(SHOTS, "export-menu-refused.png") });
  const py = await exportFile(page, "Scenario as .py", "button", "refused");
  assert.equal(py.name, "scenario.py");
  assert.equal(await readFile(py.path, "utf8"), broken, "exactly the text, nothing added");
  // CPython agrees that it is broken, on the same line.
  const python = run("python3", [py.path]);
  assert.equal(python.status, 1);
  assert.match(python.stderr, /line 3/);
  assert.deepEqual(problems, []);
});

test("hostile task names are text in the exported SVG", async () => {
  const { page, context, problems } = app;
  const name = `</text><script>alert(1)</script> & "quotes" 'single' 名前 🚀`;
  await typeProgram(
    page,
    [
      "import asyncio",
      "",
      "async def job():",
      "    await asyncio.sleep(0.1)",
      "",
      "async def main():",
      `    await asyncio.create_task(job(), name=${JSON.stringify(name)})`,
      "",
      "asyncio.run(main())",
      "",
    ].join("\n"),
  );
  const svg = await exportFile(page, "Timelines as SVG", "button", "hostile");
  const text = await readFile(svg.path, "utf8");
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, "image/svg+xml");
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      scripts: doc.querySelectorAll("script").length,
      labels: [...doc.querySelectorAll("text.lane-label title")].map((e) => e.textContent),
    };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.scripts, 0);
  assert.ok(parsed.labels.some((l) => l.startsWith(name)), parsed.labels.join(" | "));
  const sizes = await renderImages(context, [{ id: "svg", type: "image/svg+xml", bytes: Buffer.from(text) }], "export-hostile.png");
  assert.equal(sizes.svg.width, 1280);
  assert.deepEqual(problems, []);
});

test("the menu opens and closes from the keyboard and by clicking elsewhere", async () => {
  const { page } = app;
  const menu = page.getByRole("group", { name: "Export" });
  assert.equal(await exportButton(page).getAttribute("aria-expanded"), "false");
  assert.equal(await menu.isVisible(), false);
  await exportButton(page).focus();
  await page.keyboard.press("Enter");
  assert.equal(await exportButton(page).getAttribute("aria-expanded"), "true");
  assert.equal(await menu.isVisible(), true);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Timelines as SVG");
  await page.screenshot({ path: join(SHOTS, "export-menu.png") });
  await page.keyboard.press("Escape");
  assert.equal(await menu.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Export", "focus returns to the button");
  await exportButton(page).click();
  assert.equal(await menu.isVisible(), true);
  await page.locator("h1").click();
  assert.equal(await menu.isVisible(), false, "a click elsewhere closes it");
});
