// Bounded load test of `parallax serve` on loopback: for each endpoint, C concurrent clients
// send requests for D seconds; prints requests/s and p50/p99 latency as JSON lines.
//
// Usage: node web-tests/load.mjs [--seconds 10] [--concurrency 16] (server started here on the
// demo corpus; PARALLAX_BIN overrides the binary).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const seconds = argument("seconds", 10);
const concurrency = argument("concurrency", 16);
const port = 19000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const binary = process.env.PARALLAX_BIN ?? path.join(root, "target/release/parallax");
const server = spawn(binary, ["serve", path.join(root, "examples/kim-putin"), "--no-model", "--addr", `127.0.0.1:${port}`, "-q"], { stdio: "inherit" });

async function up() {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/api/health`)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

async function run(name, url) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  async function worker() {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (!response.ok) errors++;
      } catch { errors++; }
      latencies.push(performance.now() - start);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(JSON.stringify({
    endpoint: name, concurrency, seconds: +elapsed.toFixed(2), requests: latencies.length, errors,
    requests_per_second: +(latencies.length / elapsed).toFixed(0),
    p50_ms: +at(0.5).toFixed(2), p99_ms: +at(0.99).toFixed(2),
  }));
}

try {
  await up();
  const story = (await (await fetch(`${base}/api/stories`)).json()).stories[0].id;
  await run("GET /api/stories/{id}", `${base}/api/stories/${story}`);
  await run("GET /api/stories?q=Vostochny", `${base}/api/stories?q=Vostochny`);
  await run("GET /api/articles?q=Vladivostok", `${base}/api/articles?q=Vladivostok`);
  await run("GET /stories/{id} (page)", `${base}/stories/${story}`);
} finally {
  server.kill();
}
