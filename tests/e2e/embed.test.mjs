// Embedding, end to end: the demo course page shows its two embedded scenarios with
// only their panes, each iframe sized to its content (no inner scrollbar) and following
// it when the width changes; "Open in full editor" opens the full app with the same
// code; the Embed dialog's snippet opens the embedded view with the chosen options; an
// embedded view never writes the reader's draft and posts nothing when not framed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openApp, openPage, ROOT, useSite } from "./harness.mjs";

const site = useSite();

const CLI = process.env.AWAITSCOPE_CLI ?? join(ROOT, "target/debug/awaitscope");
const preset = (id) => readFileSync(join(ROOT, `src/presets/${id}.py`), "utf8");

/** Polls `check` (async, returns a truthy value when done) for up to `ms`. */
async function waitUntil(check, what, ms = 15000) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await check().catch((e) => ({ error: e.message }));
    if (last === true || (last && last.ok)) return last;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

/** The i-th iframe's Frame, once its embedded view has rendered. */
async function embedFrame(page, i) {
  const iframe = page.locator("iframe").nth(i);
  await iframe.scrollIntoViewIfNeeded();
  const frame = await (await iframe.elementHandle()).contentFrame();
  await frame.locator("main.embed").waitFor();
  return { iframe, frame };
}

/** The iframe's height beside its content's: equal, and no scrolling inside. */
async function fit(iframe, frame) {
  const outer = await iframe.evaluate((el) => el.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => ({
    content: Math.ceil(document.querySelector("main.embed").getBoundingClientRect().height),
    scroll: document.documentElement.scrollHeight,
    client: document.documentElement.clientHeight,
  }));
  return { ok: Math.abs(outer - inner.content) <= 1 && inner.scroll <= inner.client, outer, ...inner };
}

const PANES = {
  code: '[aria-label="Scenario code"]',
  diagram: 'section[aria-label="Event loop"]',
  controls: '[role="toolbar"][aria-label="Playback"]',
  timelines: '[aria-label="Event loop timeline"]',
  console: 'section[aria-label="Console"]',
  stats: 'section[aria-label="Statistics"]',
};

/** Asserts the frame shows exactly `names` of the panes. */
async function assertPanes(frame, names) {
  assert.equal(await frame.locator("main.embed").getAttribute("data-panes"), names.join(" "));
  for (const [name, selector] of Object.entries(PANES)) {
    assert.equal(await frame.locator(selector).count(), names.includes(name) ? 1 : 0, `${name} in ${names}`);
  }
}

test("the demo course page embeds two scenarios, each with its panes, sized to its content", async () => {
  const app = await openPage(site.browser, site.server.url + "demo/course.html");
  const { page } = app;
  try {
    assert.match(await page.locator("h1").innerText(), /Lesson 4/);
    assert.equal(await page.locator("iframe").count(), 2);
    const crawler = await embedFrame(page, 0);
    await crawler.frame.locator(`${PANES.timelines} svg path`).first().waitFor();
    assert.equal(await crawler.frame.getByLabel("Scenario code").inputValue(), preset("crawler_gather"));
    assert.equal(await crawler.frame.locator(".embed-title").innerText(), "Crawler: all pages with gather");
    await assertPanes(crawler.frame, ["code", "controls", "timelines"]);
    const queue = await embedFrame(page, 1);
    await queue.frame.locator(PANES.diagram).waitFor();
    await assertPanes(queue.frame, ["diagram", "controls", "console"]);
    assert.equal(await queue.frame.evaluate(() => document.documentElement.dataset.theme), "dark");
    // It asked for autoplay: it plays (or has played) without a click.
    await waitUntil(
      async () => Number(await queue.frame.locator(".event-count").getAttribute("data-cursor")) > 0,
      "the autoplaying embed to move",
    );
    // Then it plays to the end and stops: from here its content only changes with the width.
    await waitUntil(
      async () => (await queue.frame.locator("main.embed").getAttribute("data-playing")) === "false",
      "the autoplaying embed to reach the end",
    );
    for (const i of [0, 1]) {
      assert.equal(await page.locator("iframe").nth(i).getAttribute("loading"), "lazy");
      assert.match(await page.locator("iframe").nth(i).getAttribute("title"), /^awaitscope: /);
    }

    const wide = [];
    for (const { iframe, frame } of [crawler, queue]) {
      wide.push((await waitUntil(() => fit(iframe, frame), "the iframe to fit its content")).outer);
    }
    // A phone's width: the panes wrap, the content grows, the iframes follow.
    await page.setViewportSize({ width: 400, height: 900 });
    for (const [i, { iframe, frame }] of [crawler, queue].entries()) {
      await iframe.scrollIntoViewIfNeeded();
      const narrow = await waitUntil(
        async () => {
          const f = await fit(iframe, frame);
          return { ...f, ok: f.ok && Math.abs(f.outer - wide[i]) > 2 };
        },
        `iframe ${i} to follow its content at 400 px`,
      );
      assert.notEqual(narrow.outer, wide[i]);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const [i, { iframe, frame }] of [crawler, queue].entries()) {
      const back = await waitUntil(() => fit(iframe, frame), `iframe ${i} to fit again`);
      assert.ok(Math.abs(back.outer - wide[i]) <= 40, `${back.outer} vs ${wide[i]}`);
    }
    await page.screenshot({ path: join(ROOT, "target/screenshots/demo-course.png"), fullPage: true });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("'Open in full editor' opens the full app with the same code and playhead", async () => {
  const file = join(ROOT, "src/presets/producer_consumer.py");
  const fragment = execFileSync(CLI, ["link", file, "--at", "6", "--embed", "--panes", "timelines"])
    .toString()
    .trim();
  const app = await openPage(site.browser, site.server.url + fragment);
  try {
    const { page } = app;
    await page.locator(`${PANES.timelines} svg path`).first().waitFor();
    await assertPanes(page, ["timelines"]);
    const open = page.getByRole("link", { name: /Open in full editor/ });
    assert.equal(await open.getAttribute("target"), "_blank");
    assert.match(await open.getAttribute("rel"), /noopener/);
    const [tab] = await Promise.all([app.context.waitForEvent("page"), open.click()]);
    await tab.locator(`${PANES.timelines} svg path`).first().waitFor();
    assert.equal(await tab.locator("main.embed").count(), 0, "the full app, not an embed");
    assert.equal(await tab.getByLabel("Scenario code").inputValue(), readFileSync(file, "utf8"));
    assert.equal(await tab.getByLabel("Preset").inputValue(), "producer_consumer");
    assert.equal(Number(await tab.locator(".event-count").getAttribute("data-cursor")), 6);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("the Embed dialog's snippet opens the embedded view with the chosen options", async () => {
  const app = await openApp(site.browser, site.server.url, {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const { page } = app;
  let snippet;
  try {
    const step = page.getByRole("button", { name: "Step forward", exact: true });
    for (let i = 0; i < 3; i++) await step.click();
    const embedButton = page.getByRole("button", { name: "Embed", exact: true });
    await embedButton.click();
    const dialog = page.getByRole("dialog", { name: "Embed in a course page" });
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), "focus moves into the dialog");
    await dialog.getByLabel("Code", { exact: true }).uncheck();
    await dialog.getByLabel("Statistics").check();
    await dialog.getByLabel("At the current step (3)").check();
    await dialog.getByLabel(/Autoplay/).check();
    await dialog.getByLabel("Theme").selectOption("dark");
    // A height out of range is refused with a message, and no snippet until fixed.
    await dialog.getByLabel("Height in pixels").fill("50");
    assert.match(await dialog.getByRole("alert").innerText(), /120 to 4000/);
    assert.equal(await dialog.getByLabel("Embed code").count(), 0);
    await dialog.getByLabel("Height in pixels").fill("700");
    snippet = await dialog.getByLabel("Embed code").inputValue();
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/some\/sub\/folder\/#v2:[A-Za-z0-9_-]+" /);
    assert.match(snippet, / title="awaitscope: Five fetches with gather" loading="lazy" width="100%" height="700"/);
    assert.match(snippet, /e\.source === frame\.contentWindow/);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByRole("status").filter({ hasText: /copied|Ctrl\+C/ }).waitFor();
    if ((await dialog.getByRole("status").innerText()).includes("copied")) {
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
    }
    // Keys in the dialog (here on Copy) do not move the playhead behind it.
    await dialog.getByRole("button", { name: "Copy" }).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(Number(await page.locator(".event-count").getAttribute("data-cursor")), 3);
    // No panes: refused with a message.
    for (const name of ["Playback controls", "Timelines", "Statistics"]) await dialog.getByLabel(name).uncheck();
    assert.match(await dialog.getByRole("alert").innerText(), /at least one pane/);
    await dialog.getByLabel("Timelines").check();
    await page.keyboard.press("Escape");
    await waitUntil(async () => !(await dialog.isVisible()), "Escape to close the dialog");
    assert.ok(await embedButton.evaluate((b) => b === document.activeElement), "focus returns to Embed");
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }

  // The snippet pasted into a page: reduced motion holds the autoplay, so the playhead
  // stays at the chosen step; the fixed height and theme apply.
  for (const reducedMotion of ["reduce", "no-preference"]) {
    const course = await openPage(site.browser, null, { reducedMotion });
    try {
      await course.page.setContent(`<!doctype html><h1>Course</h1>${snippet}<p>after</p>`);
      const { iframe, frame } = await embedFrame(course.page, 0);
      await assertPanes(frame, ["controls", "timelines", "stats"]);
      assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), "dark");
      const sized = await waitUntil(() => fit(iframe, frame), "the fixed-height embed to fit");
      assert.equal(sized.outer, 700);
      if (reducedMotion === "reduce") {
        assert.match(await frame.getByRole("status").first().innerText(), /reduced motion/);
        assert.equal(await frame.locator("main.embed").getAttribute("data-playing"), "false");
        assert.equal(Number(await frame.locator(".event-count").getAttribute("data-cursor")), 3);
      } else {
        await waitUntil(
          async () => Number(await frame.locator(".event-count").getAttribute("data-cursor")) > 3,
          "autoplay from step 3",
        );
      }
      assert.deepEqual(course.problems, []);
    } finally {
      await course.context.close();
    }
  }
});

test("an embedded view never writes the reader's draft, theme or recent list", async () => {
  const file = join(ROOT, "src/presets/crawler_gather.py");
  const fragment = execFileSync(CLI, ["link", file, "--embed", "--panes", "code,timelines", "--theme", "dark"])
    .toString()
    .trim();
  const app = await openApp(site.browser, site.server.url);
  const { page } = app;
  try {
    const mine = { "awaitscope-draft": "# my draft\nprint('mine')\n", "awaitscope-theme": "light", "awaitscope-recent": '["# my draft\\nprint(\'mine\')\\n"]' };
    await page.evaluate((items) => {
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
    }, mine);
    // Another document than the app's (a fragment alone would not reload the page).
    await page.goto(site.server.url + "index.html" + fragment);
    await page.locator(`${PANES.timelines} svg path`).first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    // Edit in the embed: it re-runs, and saves nothing.
    const before = await page.locator(PANES.timelines).getAttribute("data-generation");
    await page.getByLabel("Scenario code").fill(preset("crawler_gather") + "print('edited in the embed')\n");
    await page.waitForFunction(
      ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
      [PANES.timelines, before],
    );
    await page.keyboard.press("End");
    await new Promise((ok) => setTimeout(ok, 400));
    const stored = await page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), Object.keys(mine));
    assert.deepEqual(stored, Object.values(mine));
    // The full-editor link carries the edit.
    const href = await page.getByRole("link", { name: /Open in full editor/ }).getAttribute("href");
    const full = await openApp(site.browser, href);
    try {
      assert.match(await full.page.getByLabel("Scenario code").inputValue(), /edited in the embed/);
    } finally {
      await full.context.close();
    }
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("an embed of a program that does not run says so instead of drawing another", async () => {
  const app = await openApp(site.browser, site.server.url);
  const { page } = app;
  let src;
  try {
    await page.getByLabel("Scenario code").fill("import asyncio\n\nasync def main(:\n    pass\n");
    await page.locator(".stale-badge").waitFor();
    await page.getByRole("button", { name: "Embed", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Embed in a course page" });
    await dialog.getByLabel("Code", { exact: true }).uncheck();
    src = (await dialog.getByLabel("Embed code").inputValue()).match(/src="([^"]+)"/)[1];
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
  const embed = await openPage(site.browser, src);
  try {
    const alert = embed.page.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /does not run: line 3/);
    assert.equal(await embed.page.locator(PANES.timelines).count(), 0, "no other program's timelines");
    assert.deepEqual(embed.problems, []);
  } finally {
    await embed.context.close();
  }
});

test("an embedded view opened on its own posts no height and shows every pane it names", async () => {
  const file = join(ROOT, "src/presets/five_fetches.py");
  const fragment = execFileSync(CLI, ["link", file, "--embed", "--panes", "console,stats,diagram"])
    .toString()
    .trim();
  const app = await openPage(site.browser, null);
  try {
    await app.context.addInitScript(() => {
      window.__posted = [];
      addEventListener("message", (e) => window.__posted.push(e.data));
    });
    await app.page.goto(site.server.url + fragment);
    await app.page.locator(PANES.stats).waitFor();
    await assertPanes(app.page, ["diagram", "console", "stats"]);
    await new Promise((ok) => setTimeout(ok, 500));
    assert.deepEqual(await app.page.evaluate(() => window.__posted), []);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});
