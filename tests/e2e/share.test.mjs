// Share links and nothing-is-lost, end to end: a link made by the CLI opens with the
// same code and playhead; a broken link shows a message over the default scenario;
// an edit survives a reload; the Share button puts a link in the URL that reopens
// the same view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { openApp, ROOT, useSite } from "./harness.mjs";

const site = useSite();

const CLI = process.env.AWAITSCOPE_CLI ?? join(ROOT, "target/debug/awaitscope");
const EVENT_LOOP = '[aria-label="Event loop timeline"]';
const cursor = (page) => page.locator(".event-count").getAttribute("data-cursor").then(Number);
const code = (page) => page.getByLabel("Scenario code").inputValue();
const generation = (page) => page.locator(EVENT_LOOP).getAttribute("data-generation");

test("a link from `awaitscope link` opens with the same code and playhead", async () => {
  const file = join(ROOT, "src/presets/producer_consumer.py");
  const fragment = execFileSync(CLI, ["link", file, "--at", "7"]).toString().trim();
  assert.match(fragment, /^#v2:[A-Za-z0-9_-]+$/);
  const app = await openApp(site.browser, site.server.url + fragment);
  try {
    assert.equal(await code(app.page), readFileSync(file, "utf8"));
    assert.equal(await cursor(app.page), 7);
    assert.equal(await app.page.getByLabel("Preset").inputValue(), "producer_consumer");
    assert.equal(await app.page.getByRole("alert").count(), 0);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("a v1 link, made before v2, still opens with its code and playhead", async () => {
  // The golden list's v1 entries: a link, then the state it decodes to.
  const lines = readFileSync(join(ROOT, "tests/share_links.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"));
  const pairs = [];
  for (let i = 0; i < lines.length; i += 2) pairs.push([lines[i], JSON.parse(lines[i + 1])]);
  const [link, state] = pairs.find(([l, s]) => l.startsWith("v1:") && s.preset === "hello_world_loop");
  const app = await openApp(site.browser, site.server.url + "#" + link);
  try {
    assert.equal(await code(app.page), state.code);
    assert.equal(await cursor(app.page), state.step);
    assert.equal(await app.page.getByRole("alert").count(), 0);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("a broken link shows a dismissible message over the default scenario", async () => {
  for (const fragment of ["#v1:garbage!!", "#v1:AAAA", "#v2:AAAA", "#v7:whatever", "#%F0%9F%98%80"]) {
    const app = await openApp(site.browser, site.server.url + fragment);
    try {
      const alert = app.page.getByRole("alert");
      assert.match(await alert.innerText(), /could not be opened/, fragment);
      assert.match(await code(app.page), /asyncio\.gather/, "the default scenario");
      await app.page.getByRole("button", { name: "Dismiss" }).click();
      assert.equal(await alert.count(), 0);
      assert.deepEqual(app.problems, [], fragment);
    } finally {
      await app.context.close();
    }
  }
});

// The page inflates links with the browser's DecompressionStream; it must stop at the
// same 256 KB as the native decoder and say why, and read a truncated stream as broken.
test("a decompression bomb or a cut-short stream is refused with its reason", async () => {
  const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
  const bomb = deflateRawSync(Buffer.alloc(4 * 1024 * 1024));
  const made = execFileSync(CLI, ["link", join(ROOT, "src/presets/five_fetches.py")], { encoding: "utf8" }).trim();
  const deflated = Buffer.from(made.replace(/^#?v2:/, ""), "base64url");
  const cases = [
    [`#v2:${b64url(bomb)}`, /too large/],
    [`#v2:${b64url(deflated.subarray(0, deflated.length >> 1))}`, /broken or cut short/],
  ];
  for (const [fragment, why] of cases) {
    const app = await openApp(site.browser, site.server.url + fragment);
    try {
      const alert = app.page.getByRole("alert");
      assert.match(await alert.innerText(), why);
      assert.match(await code(app.page), /asyncio\.gather/, "the default scenario");
      assert.deepEqual(app.problems, []);
    } finally {
      await app.context.close();
    }
  }
});

test("an edit survives a reload and is listed under Recent", async () => {
  const file = join(ROOT, "src/presets/five_fetches.py");
  const fragment = execFileSync(CLI, ["link", file]).toString().trim();
  const app = await openApp(site.browser, site.server.url + fragment);
  const { page } = app;
  try {
    const edited = (await code(page)).replace("import asyncio", "import asyncio  # mine, 😀 編集");
    const before = await generation(page);
    await page.getByLabel("Scenario code").fill(edited);
    await page.waitForFunction(
      ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
      [EVENT_LOOP, before],
    );
    assert.equal(new URL(page.url()).hash, "", "editing drops the link from the URL");
    await page.reload();
    await page.locator(`${EVENT_LOOP} svg path`).first().waitFor();
    assert.equal(await code(page), edited);
    // Pick a preset, then reopen the edit from the Recent menu.
    await page.getByLabel("Preset").selectOption("cpu_hog");
    await page.waitForFunction(() => !document.querySelector("textarea").value.includes("mine"));
    const recent = page.getByLabel("Recent");
    assert.match(await recent.innerText(), /lines\)/);
    await recent.selectOption({ index: 1 });
    await page.waitForFunction(() => document.querySelector("textarea").value.includes("mine, 😀"));
    assert.equal(await code(page), edited);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test("the Share button puts a link in the URL that reopens the same view", async () => {
  const app = await openApp(site.browser, site.server.url, {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const { page } = app;
  let url;
  try {
    await page.getByLabel("Preset").selectOption("semaphore_client");
    await page.waitForFunction(() => document.querySelector("textarea").value.includes("Semaphore"));
    const custom = (await code(page)) + "print('done — ✓')\n";
    const before = await generation(page);
    await page.getByLabel("Scenario code").fill(custom);
    await page.waitForFunction(
      ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
      [EVENT_LOOP, before],
    );
    const step = page.getByRole("button", { name: "Step forward", exact: true });
    for (let i = 0; i < 9; i++) await step.click();
    await page.getByLabel("Speed").selectOption("2");
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const status = page.getByRole("status").filter({ hasText: /Link copied|Copy this link/ });
    await status.waitFor();
    url = page.url();
    assert.match(new URL(url).hash, /^#v2:[A-Za-z0-9_-]+$/);
    if ((await status.innerText()).includes("Link copied")) {
      const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => url);
      assert.equal(copied, url);
    }
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
  const again = await openApp(site.browser, url);
  try {
    assert.match(await code(again.page), /print\('done — ✓'\)\n$/);
    assert.equal(await cursor(again.page), 9);
    assert.equal(await again.page.getByLabel("Speed").inputValue(), "2");
    assert.deepEqual(again.problems, []);
  } finally {
    await again.context.close();
  }
});

test("without a clipboard, Share shows the link selected to copy by hand", async () => {
  const context = await site.browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(site.server.url);
    await page.locator(`${EVENT_LOOP} svg path`).first().waitFor();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const field = page.getByLabel("Share link");
    await field.waitFor();
    assert.equal(await field.inputValue(), page.url());
    assert.ok(await field.evaluate((el) => el === document.activeElement && el.selectionEnd > 0));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("storage that throws (private mode) does not break the page", async () => {
  const context = await site.browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(() => {
    const fail = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    Storage.prototype.setItem = fail;
    Storage.prototype.getItem = fail;
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(site.server.url);
    await page.locator(`${EVENT_LOOP} svg path`).first().waitFor();
    const before = await generation(page);
    await page.getByLabel("Scenario code").fill((await code(page)) + "\nprint('x')\n");
    await page.waitForFunction(
      ([sel, g]) => document.querySelector(sel)?.dataset.generation !== g,
      [EVENT_LOOP, before],
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
