// Benchmarks (not tests): page weight, time to the first drawn timeline, frame time
// while playing a 1,000-task scenario, edit-to-redraw for a 100-task scenario, and
// paste-to-redraw for the simulator benchmark's 10,000-task program (854,636 events).
// Usage: (source scripts/web-env.sh && trunk build --release --offline) && node tests/e2e/bench.mjs [--json]
import { gzipSync } from "node:zlib";
import { serveDist, launch, openApp } from "./harness.mjs";

const EVENT_LOOP = '[aria-label="Event loop timeline"]';
const TARGETS = { gzipKB: 350, firstTimelineMs: 500, fps: 55, redrawMs: 50, largeRunMs: 2000 };
const DEBOUNCE_MS = 150;

function fanOut(tasks, parallel) {
  return [
    "import asyncio",
    "from awaitscope import Device",
    "",
    `net = Device("network", latency=0.05, parallel=${parallel})`,
    "",
    "",
    "async def fetch(i):",
    "    await net.read(1000)",
    '    print(f"done {i}")',
    "",
    "",
    "async def main():",
    "    coros = []",
    `    for i in range(${tasks}):`,
    "        coros.append(fetch(i))",
    "    await asyncio.gather(*coros)",
    "",
    "",
    "asyncio.run(main())",
    "",
  ].join("\n");
}

/** The program of `benches/many_tasks.rs`: each task ten device reads and some CPU. */
function manyTasks(tasks) {
  return [
    "import asyncio",
    "from awaitscope import Device, cpu",
    "",
    'disk = Device("disk", latency=0.002, parallel=64)',
    'net = Device("net", latency=0.010)',
    "",
    "async def worker(i):",
    "    total = 0",
    "    for k in range(10):",
    "        if k % 2 == 0:",
    "            total += await disk.read(4096)",
    "        else:",
    "            total += await net.read(1024)",
    "        cpu(0.00001)",
    "    return total",
    "",
    "async def main():",
    "    loop = asyncio.get_running_loop()",
    `    results = await asyncio.gather(*[worker(i) for i in range(${tasks})])`,
    '    print(len(results), sum(results), f"{loop.time():.6f}")',
    "",
    "asyncio.run(main())",
    "",
  ].join("\n");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function loadProgram(page, source) {
  const g = await page.locator(EVENT_LOOP).getAttribute("data-generation");
  await page.getByLabel("Scenario code").fill(source);
  await page.waitForFunction(
    ([sel, g]) => document.querySelector(sel).dataset.generation !== g,
    [EVENT_LOOP, g],
    { timeout: 60_000 },
  );
}

async function pageWeight(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on("response", async (r) => {
    try {
      const body = await r.body();
      files.push({ url: r.url().replace(url, ""), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch {}
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await context.close();
  return files;
}

async function firstTimeline(browser, url, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    await context.addInitScript((sel) => {
      const seen = () => {
        if (!window.__firstTimeline && document.querySelector(sel)) window.__firstTimeline = performance.now();
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    }, `${EVENT_LOOP} svg path`);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__firstTimeline);
    times.push(await page.evaluate(() => window.__firstTimeline));
    await context.close();
  }
  return times;
}

async function playingFrames(browser, url, tasks = 1000, seconds = 4) {
  const { page, context } = await openApp(browser, url);
  await loadProgram(page, fanOut(tasks, 100));
  await page.getByLabel("Speed").selectOption("0.05");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const intervals = await page.evaluate(
    (ms) =>
      new Promise((done) => {
        const out = [];
        let last = performance.now();
        const end = last + ms;
        const frame = (now) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(frame);
          else done(out);
        };
        requestAnimationFrame(frame);
      }),
    seconds * 1000,
  );
  const stillPlaying = await page.getByRole("button", { name: "Pause", exact: true }).count();
  const lanes = await page.locator(EVENT_LOOP).getAttribute("data-lanes");
  const workMs = await mainThreadWorkPerFrame(page);
  await context.close();
  intervals.shift();
  return { intervals, stillPlaying: stillPlaying === 1, lanes: Number(lanes), workMs };
}

/** Renderer main-thread busy time per animation frame while playing (from a trace):
 *  less sensitive than fps to other load on the machine. */
async function mainThreadWorkPerFrame(page, seconds = 2) {
  await page.getByRole("button", { name: "Jump to start", exact: true }).click();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const browser = page.context().browser();
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"],
  });
  await page.waitForTimeout(seconds * 1000);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  // The page's main thread is the one that fires its animation frames.
  const perThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    const t = perThread.get(key) ?? { busyUs: 0, frames: 0 };
    if (e.ph === "X" && e.name === "RunTask") t.busyUs += e.dur ?? 0;
    if (e.name === "FireAnimationFrame") t.frames += 1;
    perThread.set(key, t);
  }
  const main = [...perThread.values()].sort((a, b) => b.frames - a.frames)[0];
  return main?.frames ? main.busyUs / 1000 / main.frames : NaN;
}

async function editToRedraw(browser, url, tasks = 100, runs = 7) {
  const { page, context } = await openApp(browser, url);
  await loadProgram(page, fanOut(tasks, 10));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const source = fanOut(tasks, 10 + i + 1);
    const ms = await page.evaluate(
      ([sel, source]) =>
        new Promise((done) => {
          const fig = document.querySelector(sel);
          const g = fig.dataset.generation;
          const textarea = document.querySelector('textarea[aria-label="Scenario code"]');
          const start = performance.now();
          const check = () => {
            if (document.querySelector(sel).dataset.generation !== g) {
              // Wait for the browser to paint the new timeline.
              requestAnimationFrame(() => done(performance.now() - start));
            } else {
              requestAnimationFrame(check);
            }
          };
          textarea.value = source;
          textarea.dispatchEvent(new InputEvent("input", { bubbles: true }));
          requestAnimationFrame(check);
        }),
      [EVENT_LOOP, source],
    );
    times.push(ms);
  }
  await context.close();
  return times;
}

/** Pasting the 10,000-task program: time until both timelines are redrawn (both runs,
 *  the lanes and their paths), and how much path data the page then holds. */
async function largeRun(browser, url, runs = 3) {
  const { page, context } = await openApp(browser, url);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const source = manyTasks(10000 - i);
    const t0 = Date.now();
    await loadProgram(page, source);
    times.push(Date.now() - t0);
  }
  const pathKB = await page.evaluate(
    () => [...document.querySelectorAll("svg path")].reduce((n, p) => n + (p.getAttribute("d") ?? "").length, 0) / 1024,
  );
  await context.close();
  return { times, pathKB };
}

const server = await serveDist();
const browser = await launch();
try {
  const files = await pageWeight(browser, server.url);
  const gzipTotal = files.reduce((s, f) => s + f.gzip, 0);
  const rawTotal = files.reduce((s, f) => s + f.raw, 0);
  const first = await firstTimeline(browser, server.url);
  const frames = await playingFrames(browser, server.url);
  const redraw = await editToRedraw(browser, server.url);
  const large = await largeRun(browser, server.url);
  const meanFrame = frames.intervals.reduce((a, b) => a + b, 0) / frames.intervals.length;
  const result = {
    files,
    gzipKB: +(gzipTotal / 1024).toFixed(1),
    rawKB: +(rawTotal / 1024).toFixed(1),
    firstTimelineMs: { median: +median(first).toFixed(1), all: first.map((x) => +x.toFixed(1)) },
    playing1000: {
      lanes: frames.lanes,
      fps: +(1000 / meanFrame).toFixed(1),
      meanFrameMs: +meanFrame.toFixed(2),
      p95FrameMs: +pct(frames.intervals, 0.95).toFixed(2),
      maxFrameMs: +Math.max(...frames.intervals).toFixed(2),
      framesOver20ms: frames.intervals.filter((x) => x > 20).length,
      frames: frames.intervals.length,
      stillPlayingAtEnd: frames.stillPlaying,
      mainThreadWorkPerFrameMs: +frames.workMs.toFixed(2),
    },
    editToRedraw100: {
      medianMs: +median(redraw).toFixed(1),
      medianMinusDebounceMs: +(median(redraw) - DEBOUNCE_MS).toFixed(1),
      all: redraw.map((x) => +x.toFixed(1)),
    },
    largeRun10000: {
      medianMs: +median(large.times).toFixed(1),
      medianMinusDebounceMs: +(median(large.times) - DEBOUNCE_MS).toFixed(1),
      all: large.times,
      pathDataKB: +large.pathKB.toFixed(1),
    },
  };
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const f of files) console.log(`  ${f.url.padEnd(48)} ${String(f.raw).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B`);
    const ok = (good) => (good ? "ok " : "MISS");
    console.log(`${ok(result.gzipKB <= TARGETS.gzipKB)} page weight: ${result.gzipKB} KB gzip (${result.rawKB} KB raw), target ≤ ${TARGETS.gzipKB} KB`);
    console.log(`${ok(result.firstTimelineMs.median <= TARGETS.firstTimelineMs)} navigation → first timeline: ${result.firstTimelineMs.median} ms median of ${first.length}, target ≤ ${TARGETS.firstTimelineMs} ms`);
    const p = result.playing1000;
    console.log(`${ok(p.fps >= TARGETS.fps)} playing ${p.lanes} lanes (1,000 tasks): ${p.fps} fps, mean ${p.meanFrameMs} ms, p95 ${p.p95FrameMs} ms, max ${p.maxFrameMs} ms, ${p.framesOver20ms}/${p.frames} frames > 20 ms, main-thread work ${p.mainThreadWorkPerFrameMs} ms/frame, target ≥ ${TARGETS.fps} fps`);
    const r = result.editToRedraw100;
    console.log(`${ok(r.medianMinusDebounceMs <= TARGETS.redrawMs)} edit → redraw (100 tasks): ${r.medianMs} ms incl. the ${DEBOUNCE_MS} ms typing debounce = ${r.medianMinusDebounceMs} ms of work, target ≤ ${TARGETS.redrawMs} ms`);
    const l = result.largeRun10000;
    console.log(`${ok(l.medianMinusDebounceMs <= TARGETS.largeRunMs)} paste → redraw (10,000 tasks, 854,636 events): ${l.medianMs} ms incl. the debounce = ${l.medianMinusDebounceMs} ms of work, median of ${l.all.length}; ${l.pathDataKB} KB of path data; target ≤ ${TARGETS.largeRunMs} ms`);
  }
} finally {
  await browser.close();
  await server.close();
}
