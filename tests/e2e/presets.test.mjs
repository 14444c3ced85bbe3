// Every preset runs in the page without a console error; a screenshot of each is
// written to target/screenshots/ to be looked at.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openApp, ROOT, useSite } from "./harness.mjs";

const SHOTS = join(ROOT, "target/screenshots");
const EVENT_LOOP = '[aria-label="Event loop timeline"]';
const site = useSite();
before(async () => {
  await mkdir(SHOTS, { recursive: true });
});

/** Moves the playhead to the middle of the event-loop run, where most is going on. */
async function showMiddle(page) {
  const end = Number(await page.locator(EVENT_LOOP).getAttribute("data-end-us"));
  await page.getByLabel("Scrubber").evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, Math.floor(end / 2));
  await page.waitForTimeout(300); // let chips finish popping in
}

test("each preset runs and is photographed", async () => {
  const { page, problems, context } = await openApp(site.browser, site.server.url);
  const ids = await page
    .getByLabel("Preset")
    .locator("option")
    .evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  assert.ok(ids.length >= 10, `at least ten presets (${ids.length})`);
  for (const id of ids) {
    const generation = await page.locator(EVENT_LOOP).getAttribute("data-generation");
    await page.getByLabel("Preset").selectOption(id);
    if (id !== "five_fetches") {
      await page.waitForFunction(
        ([sel, g]) => document.querySelector(sel).dataset.generation !== g,
        [EVENT_LOOP, generation],
      );
    }
    assert.ok((await page.locator(`${EVENT_LOOP} path`).count()) >= 2, id);
    assert.ok((await page.locator(".teaches").innerText()).length > 20, `${id} teaches something`);
    await showMiddle(page);
    await page.screenshot({ path: join(SHOTS, `${id}.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the default preset in dark theme and on a phone", async () => {
  const dark = await openApp(site.browser, site.server.url, { colorScheme: "dark" });
  await showMiddle(dark.page);
  await dark.page.screenshot({ path: join(SHOTS, "default-dark.png"), fullPage: true });
  assert.deepEqual(dark.problems, []);
  await dark.context.close();

  const phone = await openApp(site.browser, site.server.url, { viewport: { width: 390, height: 844 } });
  await showMiddle(phone.page);
  await phone.page.screenshot({ path: join(SHOTS, "default-phone.png"), fullPage: true });
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});
