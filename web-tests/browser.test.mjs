// Browser tests of `parallax serve` on the demo corpus, in headless Chromium (Debian's
// `chromium`, driven by playwright-core; it never downloads a browser of its own).
//
// Run: `bash web-tests/run.sh` (builds nothing: it needs target/release/parallax).
// Screenshots go to target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binary = process.env.PARALLAX_BIN ?? path.join(root, "target/release/parallax");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shots = path.join(root, "target/screenshots");
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const token = "browser-test-token";

let server;
let browser;

async function waitForHealth() {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not come up");
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = spawn(
    binary,
    ["serve", path.join(root, "examples/kim-putin"), "--no-model", "--addr", `127.0.0.1:${port}`, "--token", token, "-q"],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  await waitForHealth();
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function newPage(width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("dialog", (dialog) => {
    throw new Error(`a script ran: dialog "${dialog.message()}"`);
  });
  return page;
}

test("the story list shows the Kim-Putin story and its page shows the brief", async () => {
  const page = await newPage();
  await page.goto(base);
  const story = page.locator("ol.stories a").first();
  assert.match(await story.innerText(), /Kim|Putin/);
  await page.screenshot({ path: path.join(shots, "stories.png"), fullPage: true });
  await story.click();
  await page.waitForSelector("h1");
  const text = await page.locator("main").innerText();
  for (const expected of ["Kim Jong Un", "Vladimir Putin", "Vladivostok", "Vostochny", "Timeline", "Cited outlets", "How the articles relate"]) {
    assert.ok(text.includes(expected), `story page lacks ${expected}`);
  }
  await page.screenshot({ path: path.join(shots, "story.png"), fullPage: true });
});

test("the story page leads with what several independent sources state", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.locator("ol.stories a").first().click();
  await page.waitForSelector("#corroborated");
  const section = page.locator("#corroborated");
  assert.match(await section.locator("h2").innerText(), /What several independent sources state/);
  const claims = section.locator(".claim");
  assert.ok((await claims.count()) >= 3, "fewer than three corroborated facts");
  // Each fact shows two or more articles' own wordings.
  assert.ok((await claims.first().locator("ul.statements li").count()) >= 2);
  // It comes before the discrepancies.
  const order = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("section[id]")].map((s) => s.id);
    return ids.indexOf("corroborated") < ids.indexOf("contradictions");
  });
  assert.ok(order, "the corroborated facts do not lead");
});

test("the story page shows both discrepancies", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.locator("ol.stories a").first().click();
  await page.waitForSelector("#contradictions");
  const section = page.locator("#contradictions");
  assert.match(await section.locator("h2").innerText(), /Where sources differ/);

  const attribution = section.locator('[data-kind="attribution"]');
  assert.ok((await attribution.count()) >= 1, "no attribution contradiction");
  const who = await attribution.first().innerText();
  for (const name of ["Adrienne Watson", "John Kirby", "White House"]) {
    assert.ok(who.includes(name), `the attribution contradiction does not name ${name}: ${who}`);
  }

  const place = section.locator('[data-kind="place"]');
  assert.ok((await place.count()) >= 1, "no place contradiction");
  const where = await place.first().innerText();
  for (const name of ["Vladivostok", "Vostochny"]) {
    assert.ok(where.includes(name), `the place contradiction does not name ${name}: ${where}`);
  }
  assert.ok(where.includes("changed over time"), `the place contradiction is not marked as changed over time: ${where}`);
  // Each side links its articles.
  assert.ok((await place.first().locator('a[href^="/articles/"]').count()) >= 2);

  const coverage = page.locator("table.coverage");
  assert.equal(await coverage.locator("thead th").count(), 1 + 5, "one column per article (5) after the claim column");
  const rows = await coverage.locator("tbody tr").count();
  assert.ok(rows >= 1, "the coverage table has no row");
  for (let row = 0; row < rows; row++) {
    assert.equal(await coverage.locator("tbody tr").nth(row).locator("td").count(), 5);
  }
  assert.ok((await coverage.locator("td.cell.states").count()) >= 1);
  assert.ok((await page.locator("ul.provenance details").count()) >= 1, "no unique claims to unfold");
  await page.screenshot({ path: path.join(shots, "story-brief.png"), fullPage: true });
});

test("the side-by-side view highlights aligned sentences and shows boilerplate faintly", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.locator("ol.stories a").first().click();
  await page.locator("a", { hasText: "side by side" }).first().click();
  await page.waitForSelector(".compare");
  assert.ok((await page.locator(".compare .column").count()) === 2);
  assert.ok((await page.locator("mark.s").count()) > 0, "no aligned sentence marked");
  const removed = page.locator(".removed").first();
  const color = await removed.evaluate((element) => getComputedStyle(element).color);
  assert.notEqual(color, "rgb(29, 35, 42)", "removed boilerplate is not faint");
  await page.screenshot({ path: path.join(shots, "side-by-side.png"), fullPage: true });
});

test("search finds Vostochny", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.fill("input[name=q]", "Vostochny");
  await page.press("input[name=q]", "Enter");
  await page.waitForURL(/q=Vostochny/);
  assert.match(await page.locator("h1").innerText(), /Vostochny/);
  assert.ok((await page.locator("ol.stories li").count()) >= 1);
  await page.screenshot({ path: path.join(shots, "search.png"), fullPage: true });
});

test("pages fit a narrow screen", async () => {
  const page = await newPage(375);
  await page.goto(base);
  await page.locator("ol.stories a").first().click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the story page scrolls sideways by ${overflow}px at 375px`);
  await page.screenshot({ path: path.join(shots, "story-narrow.png"), fullPage: true });
});

test("a hostile article renders inert", async () => {
  const html = `<html><head><title>Kim meets Putin</title></head><body><article>
    <h1>Kim meets Putin <img src=x onerror="alert('img')"></h1>
    <p>North Korean leader Kim Jong Un met President Vladimir Putin at the Vostochny space center, officials said. <script>alert('script')</script></p>
    <p>The talks covered weapons and food aid <b onmouseover="alert('hover')">for Pyongyang</b>, according to the Kremlin.</p>
    </article></body></html>`;
  const response = await fetch(`${base}/api/articles`, {
    method: "POST",
    headers: { "content-type": "text/html", authorization: `Bearer ${token}` },
    body: html,
  });
  assert.equal(response.status, 200);
  const added = await response.json();
  const page = await newPage();
  await page.goto(`${base}/articles/${added.id}`);
  await page.hover("main");
  assert.ok((await page.locator("main script").count()) === 0);
  await page.goto(`${base}/stories/${added.story}`);
  await page.screenshot({ path: path.join(shots, "hostile.png"), fullPage: true });
  const refused = await fetch(`${base}/api/articles`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
  assert.equal(refused.status, 401);
});
