// Shared by the end-to-end tests and the benchmark: a static server for dist/ (served
// from a subfolder, to prove the build uses relative URLs only) and headless Chromium.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = process.env.AWAITSCOPE_DIST ?? join(ROOT, "dist");
export const SUBFOLDER = "/some/sub/folder/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/** Serves DIST under SUBFOLDER on 127.0.0.1 and a free port. Returns { url, close, requests }. */
export async function serveDist() {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    if (!path.startsWith(SUBFOLDER)) {
      res.writeHead(404).end("not found (the app must only use relative URLs)");
      return;
    }
    let file = join(DIST, path.slice(SUBFOLDER.length));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${SUBFOLDER}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A page that records console errors, page errors and failed requests in `problems`. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A request the browser cancels because the test navigates on (the favicon,
    // fetched on the side) is not the page's failure; any other failure is.
    if (r.failure()?.errorText === "net::ERR_ABORTED" && r.url().includes("favicon")) return;
    problems.push(`requestfailed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`);
  });
  if (url) await page.goto(url);
  return { page, context, problems };
}

/** The app at `url`, once its event-loop timeline is drawn (see `openPage`). */
export async function openApp(browser, url, options = {}) {
  const app = await openPage(browser, url, options);
  await app.page.locator('[aria-label="Event loop timeline"] svg path').first().waitFor();
  return app;
}

/// For a test file: starts the static server and Chromium before its tests and
/// stops them after; the returned object holds `server` and `browser`.
export function useSite() {
  const site = {};
  before(async () => {
    site.server = await serveDist();
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
