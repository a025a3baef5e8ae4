// Load on `parallax serve` over a large database (issue 21's figures): client and server on this
// machine, all on loopback.
//
//   node bench/serve_load.mjs --db news.db [--seconds 10] [--bin target/release/parallax]
//
// The database is copied first (the POSTs below write into the copy). Then:
//   1. /api/health alone (1 client): latency.
//   2. 4 clients hammering /compare (a pair of the largest story) while 1 client reads
//      /api/health: health latency under load, compare throughput.
//   3. 8 POSTs of new articles (texts of stored articles under new ids, so each joins a story),
//      one after the other, while 1 client reads /api/health: POST latency, health latency
//      during writes.
//   4. The largest story's page with 1, 2, 4 and 8 clients: requests/s and latency.
// Prints one JSON line per measurement, then a Markdown table.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const database = option("db");
if (!database) {
  console.error("usage: node bench/serve_load.mjs --db FILE [--seconds N] [--bin PATH]");
  process.exit(2);
}
const seconds = Number(option("seconds", "10"));
const binary = option("bin", path.join(root, "target/release/parallax"));
const folder = mkdtempSync(path.join(os.tmpdir(), "parallax-load-"));
const copy = path.join(folder, "load.db");
copyFileSync(database, copy);
const port = 19000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const token = "load-test-token";
const server = spawn(binary, ["serve", "--db", copy, "--addr", `127.0.0.1:${port}`, "--token", token, "-q"], { stdio: "inherit" });
const rows = [];

async function up() {
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`${base}/api/health`)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
  return { n: sorted.length, p50_ms: +at(0.5).toFixed(2), p99_ms: +at(0.99).toFixed(2), max_ms: +(sorted.at(-1) ?? NaN).toFixed(2) };
}

/// `clients` loops requesting `url` until `stop()` says so; latencies in ms.
async function hammer(url, clients, stop, init) {
  const latencies = [];
  let errors = 0;
  let bytes = 0;
  async function worker() {
    while (!stop()) {
      const start = performance.now();
      try {
        const response = await fetch(url, init);
        bytes = (await response.arrayBuffer()).byteLength;
        if (!response.ok) errors++;
      } catch { errors++; }
      latencies.push(performance.now() - start);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { ...summary(latencies), rps: +(latencies.length / elapsed).toFixed(1), errors, bytes };
}

function report(name, result) {
  const row = { name, ...result };
  rows.push(row);
  console.log(JSON.stringify(row));
}

try {
  await up();
  const largest = (await (await fetch(`${base}/api/stories?limit=1`)).json()).stories[0];
  const story = await (await fetch(`${base}/api/stories/${encodeURIComponent(largest.id)}`)).json();
  const pair = story.relations[0];
  const compare = `${base}/compare?a=${encodeURIComponent(pair.a)}&b=${encodeURIComponent(pair.b)}`;
  const until = (ms) => { const end = performance.now() + ms; return () => performance.now() >= end; };

  // 1. Health alone.
  report("health, alone", await hammer(`${base}/api/health`, 1, until(seconds * 1000)));

  // 2. Health while 4 clients hammer /compare.
  {
    const stop = until(seconds * 1000);
    const [load, health] = await Promise.all([hammer(compare, 4, stop), hammer(`${base}/api/health`, 1, stop)]);
    report("compare, 4 clients", load);
    report("health, during compare x4", health);
  }

  // 3. POSTs (one at a time) with a health reader alongside.
  {
    const picks = (await (await fetch(`${base}/api/articles?limit=8&offset=${Math.floor(Math.random() * 1000)}`)).json()).articles;
    let done = false;
    const healthDuring = hammer(`${base}/api/health`, 1, () => done);
    const posts = [];
    for (const [index, pick] of picks.entries()) {
      const article = await (await fetch(`${base}/api/articles/${encodeURIComponent(pick.id)}`)).json();
      const body = JSON.stringify({ id: `load-${Date.now()}-${index}`, title: `${article.title ?? "Update"} (update)`, date: article.date, outlet: "load.test", text: article.text });
      const start = performance.now();
      const response = await fetch(`${base}/api/articles`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
      const answer = await response.json();
      posts.push(performance.now() - start);
      if (!response.ok) console.error("POST failed", response.status, answer);
    }
    done = true;
    report("POST, one at a time", summary(posts));
    report("health, during POSTs", await healthDuring);
  }

  // 4. The largest story's page, 1 to 8 clients.
  const storyPage = `${base}/stories/${encodeURIComponent(largest.id)}`;
  for (const clients of [1, 2, 4, 8]) {
    report(`story page (${largest.articles} articles), ${clients} client${clients > 1 ? "s" : ""}`, await hammer(storyPage, clients, until(seconds * 1000)));
  }

  console.log("\n| measurement | requests | req/s | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- |");
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.n} | ${row.rps ?? "–"} | ${row.p50_ms} | ${row.p99_ms} | ${row.max_ms} |`);
  }
} finally {
  server.kill("SIGINT");
  await new Promise((r) => setTimeout(r, 300));
  rmSync(folder, { recursive: true, force: true });
}
