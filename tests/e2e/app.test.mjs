// End-to-end tests of the release build in headless Chromium (node:test, playwright-core).
// Run from scripts/test-web.sh, or: (cd tests/e2e && npm test) after `source scripts/web-env.sh && trunk build --release --offline`.
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openApp, ROOT, useSite } from "./harness.mjs";

const site = useSite();
let app;
beforeEach(async () => {
  app = await openApp(site.browser, site.server.url);
});
afterEach(async () => {
  await app.context.close();
});

const EVENT_LOOP = '[aria-label="Event loop timeline"]';
const cursor = (page) => page.locator(".event-count").getAttribute("data-cursor").then(Number);
const clockUs = (page) => page.locator(".clock").getAttribute("data-t-us").then(Number);
// The playhead's position along the plot, in percent.
const playheadLeft = (page) =>
  page
    .locator(`${EVENT_LOOP} .playhead`)
    .evaluate((el) => parseFloat(/translateX\(([-\d.]+)%\)/.exec(el.style.transform)[1]));
const markers = (page) => page.locator(".marks").innerText();
const generation = (page) => page.locator(EVENT_LOOP).getAttribute("data-generation");

async function replaceCode(page, source) {
  const before = await generation(page);
  const editor = page.getByLabel("Scenario code");
  await editor.fill(source);
  return before;
}

async function waitForRedraw(page, previousGeneration) {
  await page.waitForFunction(
    ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
    [EVENT_LOOP, previousGeneration],
  );
}

async function pickPreset(page, id) {
  const before = await generation(page);
  await page.getByLabel("Preset").selectOption(id);
  await waitForRedraw(page, before);
}

test("the page loads a preset, already run and drawn, with no console error", async () => {
  const { page, problems } = app;
  await assert.doesNotReject(page.getByLabel("Scenario code").waitFor());
  assert.match(await page.getByLabel("Scenario code").inputValue(), /asyncio\.gather/);
  assert.ok((await page.locator(`${EVENT_LOOP} path`).count()) > 2);
  assert.equal(await page.locator('[aria-label="Blocking timeline"]').count(), 1);
  assert.equal(await page.getByRole("region", { name: "Statistics" }).count(), 1);
  for (const name of ["Play", "Step forward", "Step back", "Jump to start", "Jump to end"]) {
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 1, name);
  }
  assert.deepEqual(problems, []);
});

test("play and pause move the playhead and the markers", async () => {
  const { page, problems } = app;
  const left0 = await playheadLeft(page);
  const marks0 = await markers(page);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
  await page.waitForTimeout(800);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Play", exact: true }).waitFor();
  const t = await clockUs(page);
  const left1 = await playheadLeft(page);
  assert.ok(t > 0, `virtual time advanced (t = ${t})`);
  assert.ok(left1 > left0, `playhead moved (${left0} → ${left1})`);
  assert.notEqual(await markers(page), marks0, "task markers changed");
  await page.waitForTimeout(300);
  assert.equal(await clockUs(page), t, "paused: time stands still");
  assert.deepEqual(problems, []);
});

test("step forward and step back move one event and the markers follow", async () => {
  const { page } = app;
  const step = page.getByRole("button", { name: "Step forward", exact: true });
  const back = page.getByRole("button", { name: "Step back", exact: true });
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await step.click();
    seen.push(await markers(page));
  }
  assert.equal(await cursor(page), 12);
  assert.ok(new Set(seen).size > 3, "markers change as events happen");
  await back.click();
  assert.equal(await cursor(page), 11);
  assert.equal(await markers(page), seen[10], "stepping back restores the markers");
  // Step until time moves: the playhead follows.
  const left = await playheadLeft(page);
  for (let i = 0; i < 200 && (await playheadLeft(page)) === left; i++) await step.click();
  assert.ok((await playheadLeft(page)) > left, "the playhead moved on");
  const t = await clockUs(page);
  await back.click();
  assert.ok((await clockUs(page)) <= t);
});

test("the scrubber moves the playhead, the console and the markers", async () => {
  const { page } = app;
  const end = Number(await page.getByLabel("Scrubber").getAttribute("max"));
  const scrub = (value) =>
    page.getByLabel("Scrubber").evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, value);
  await scrub(Math.round(end / 2));
  assert.ok(Math.abs((await playheadLeft(page)) - 50) < 0.5);
  const half = await page.locator(".console-lines li").count();
  await scrub(end);
  assert.ok(Math.abs((await playheadLeft(page)) - 100) < 0.01);
  const all = await page.locator(".console-lines li").count();
  assert.ok(all > 0 && all >= half, `console lines appear as time passes (${half} → ${all})`);
  await scrub(0);
  const atZero = await page.locator(".console-lines li").count();
  assert.ok(atZero <= half, "only what was printed at t = 0");
  await page.getByRole("button", { name: "Jump to start", exact: true }).click();
  assert.equal(await page.locator(".console-lines li").count(), 0, "nothing before the first event");
  // Clicking a timeline also moves the playhead there.
  const box = await page.locator(`${EVENT_LOOP} .tl-overlay`).boundingBox();
  await page.mouse.click(box.x + box.width * 0.25, box.y + 5);
  assert.ok(Math.abs((await playheadLeft(page)) - 25) < 1);
});

test("typing a new program redraws the timelines", async () => {
  const { page, problems } = app;
  const lanes = Number(await page.locator(EVENT_LOOP).getAttribute("data-lanes"));
  const before = await replaceCode(
    page,
    [
      "import asyncio",
      "from awaitscope import Device",
      "",
      'disk = Device("disk", latency=0.02, parallel=1)',
      "",
      "async def load(i):",
      "    await disk.read(100)",
      '    print(f"loaded {i}")',
      "",
      "async def main():",
      "    coros = []",
      "    for i in range(8):",
      "        coros.append(load(i))",
      "    await asyncio.gather(*coros)",
      "",
      "asyncio.run(main())",
      "",
    ].join("\n"),
  );
  await waitForRedraw(page, before);
  assert.notEqual(Number(await page.locator(EVENT_LOOP).getAttribute("data-lanes")), lanes);
  assert.match(await page.locator(`${EVENT_LOOP} .tl-labels`).innerText(), /disk/);
  assert.equal(await page.getByLabel("Preset").inputValue(), "", "no preset is selected any more");
  assert.deepEqual(problems, []);
});

test("a syntax error is shown on its line, the last good run stays drawn, nothing crashes", async () => {
  const { page, problems } = app;
  const original = await page.getByLabel("Scenario code").inputValue();
  const lines = original.split("\n");
  const at = lines.findIndex((l) => l.startsWith("async def fetch"));
  lines[at] = "async def fetch(i:";
  const gen = await replaceCode(page, lines.join("\n"));
  await page.locator(".gutter-line.has-error").first().waitFor();
  const errorLines = await page.locator(".gutter-line.has-error").allInnerTexts();
  assert.ok(errorLines.map(Number).includes(at + 1), `error on line ${at + 1}: ${errorLines}`);
  assert.ok((await page.locator(".annotation.error").first().innerText()).trim().length > 0, "the message is shown");
  assert.equal(await page.getByLabel("Scenario code").getAttribute("aria-invalid"), "true");
  assert.equal(await generation(page), gen, "the timelines still show the last good run");
  assert.ok((await page.locator(`${EVENT_LOOP} path`).count()) > 2);
  // Controls still work on the last good run.
  await page.getByRole("button", { name: "Step forward", exact: true }).click();
  assert.equal(await cursor(page), 1);
  // Fixing the line runs again.
  await page.getByLabel("Scenario code").fill(original);
  await waitForRedraw(page, gen);
  assert.equal(await page.locator(".gutter-line.has-error").count(), 0);
  assert.deepEqual(problems, []);
});

test("the keyboard drives playback: space, arrows, Home and End", async () => {
  const { page } = app;
  await page.locator("h1").click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await cursor(page), 2);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await cursor(page), 1);
  await page.keyboard.press("End");
  assert.equal(await clockUs(page), Number(await page.getByLabel("Scrubber").getAttribute("max")));
  await page.keyboard.press("Home");
  assert.equal(await clockUs(page), 0);
  assert.equal(await cursor(page), 0);
  await page.keyboard.press(" ");
  await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
  await page.keyboard.press(" ");
  await page.getByRole("button", { name: "Play", exact: true }).waitFor();
  // Typing a space in the editor is text, not a shortcut.
  await page.getByLabel("Scenario code").focus();
  await page.keyboard.press("End");
  await page.keyboard.press(" ");
  assert.equal(await page.getByRole("button", { name: "Pause", exact: true }).count(), 0);
});

function simulator(command, file) {
  const cli = process.env.AWAITSCOPE_CLI;
  const out = cli
    ? execFileSync(cli, [command, file], { encoding: "utf8", maxBuffer: 1 << 26 })
    : execFileSync("cargo", ["run", "--quiet", "--bin", "awaitscope", "--", command, file], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
  return JSON.parse(out);
}

test("the numbers for a known scenario equal the simulator's totals", async () => {
  const { page } = app;
  const file = join(ROOT, "src/presets/crawler_gather.py");
  const expected = simulator("stats", file);
  const { tasks } = simulator("trace", file);
  await pickPreset(page, "crawler_gather");
  const stats = page.getByRole("region", { name: "Statistics" });
  const value = async (key) =>
    Number(await stats.locator(`[data-stat="${key}"]`).getAttribute("data-value"));
  for (const run of ["async", "blocking"]) {
    for (const [field, want] of Object.entries(expected[run])) {
      if (field === "tasks") continue;
      assert.equal(await value(`${run}.${field}`), want, `${run}.${field}`);
    }
  }
  // One row per task of the program; asyncio's own shutdown tasks are not listed.
  const rows = stats.locator(".tasks-table tbody tr");
  assert.ok(tasks.some((t) => t.internal), "the trace has shutdown tasks");
  assert.equal(await rows.count(), tasks.filter((t) => !t.internal).length);
  for (const [i, task] of expected.async.tasks.entries()) {
    if (tasks[i].internal) continue;
    for (const field of ["busy_us", "ready_us", "waiting_us"]) {
      assert.equal(await value(`task.${i}.${field}`), task[field], `task ${i} ${field}`);
    }
  }
  assert.ok(Math.abs((await value("speedup")) - expected.speedup) < 1e-9, "speedup");
});

test("problems are marked on the code and on the timeline with an explanation", async () => {
  const { page, problems } = app;
  await pickPreset(page, "never_awaited");
  await page.locator(".gutter-line.has-warning").first().waitFor();
  assert.match(await page.locator(".problems").innerText(), /never awaited/);
  assert.match(await page.locator(".problems").innerText(), /await save/);
  assert.ok((await page.locator(`${EVENT_LOOP} .tl-marker.warning`).count()) > 0);

  await pickPreset(page, "run_inside_loop");
  assert.match(await page.locator(".annotation.error").first().innerText(), /RuntimeError/);
  assert.match(await page.locator(".problems").innerText(), /already runs inside one/);
  assert.ok((await page.locator(`${EVENT_LOOP} .tl-marker.error`).count()) > 0);
  await page.keyboard.press("End");
  assert.match(await page.locator(".console-lines").innerText(), /cannot be called from a running event loop/);
  assert.deepEqual(problems, []);
});

test("exceptions the loop only logged are told beside the code and in the console", async () => {
  const { page, problems } = app;
  const source = readFileSync(join(ROOT, "tests/scenarios/logged_exceptions.py"), "utf8");
  await replaceCode(page, source);
  const told = page.locator(".problems");
  await told.getByText("Task exception was never retrieved (4 times)").waitFor();
  assert.match(await told.innerText(), /Callback tick\(\) raised ValueError \(2 times\)/);
  assert.match(await told.innerText(), /Task-2 ended with KeyError: 1/);
  assert.match(await told.innerText(), /Future exception was never retrieved/);
  assert.ok((await page.locator(".gutter-line.has-warning").count()) >= 3);
  await page.getByRole("button", { name: "Jump to end" }).click();
  const lines = await page.locator(".console-lines").innerText();
  assert.match(lines, /handle: <TimerHandle when=0\.25 tick\(2, 'later'\) at line 10>/);
  assert.match(lines, /Task exception was never retrieved/);
  assert.deepEqual(problems, []);
});

test("hovering a segment explains it", async () => {
  const { page } = app;
  const overlay = page.locator(`${EVENT_LOOP} .tl-overlay`);
  const box = await overlay.boundingBox();
  const lanes = await page.locator(`${EVENT_LOOP} .lane-label`).evaluateAll((els) =>
    els.map((e) => ({ name: e.innerText, top: e.offsetTop, height: e.offsetHeight })),
  );
  const task = lanes.find((l) => l.name.includes("Task-2"));
  await page.mouse.move(box.x + box.width * 0.05, box.y + task.top + task.height / 2);
  const tip = page.getByRole("tooltip");
  await tip.waitFor();
  const text = await tip.innerText();
  assert.match(text, /Task-2/);
  assert.match(text, /line \d+/);
  assert.match(text, /→/);
});

test("themes, reduced motion, and a phone-sized screen", async () => {
  const { page } = app;
  const dark = await page.getByRole("button", { name: "Dark theme" }).getAttribute("aria-pressed");
  await page.getByRole("button", { name: "Dark theme" }).click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(theme, dark === "true" ? "light" : "dark");

  const phone = await openApp(site.browser, site.server.url, {
    viewport: { width: 390, height: 844 },
    reducedMotion: "reduce",
    colorScheme: "dark",
  });
  const p = phone.page;
  const editor = await p.locator(".code-pane").boundingBox();
  const diagram = await p.locator(".diagram").boundingBox();
  assert.ok(diagram.y >= editor.y + editor.height - 1, "panes stack on a phone");
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
  await p.getByRole("button", { name: "Play", exact: true }).click();
  await p.waitForTimeout(600);
  assert.equal(await p.locator(".travel").count(), 0, "no travelling animation with reduced motion");
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});

test("an internal failure (a wasm trap) shows a message instead of a frozen page", async () => {
  const { page } = app;
  await page.getByLabel("Scenario code").waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);
  // What a trap inside the app raises; a plain script error is not ours to report.
  await page.evaluate(() => setTimeout(() => { throw new Error("some page script"); }));
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("unreachable"); }));
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /internal error \(unreachable\).*Your code is saved/);
  assert.equal(await alert.count(), 1);
});
