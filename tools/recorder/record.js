#!/usr/bin/env node
// Records real-browser client-monitor-js samples into ObserveRtc.Tests/Recordings/.
//
//   node record.js [scenario ...] [--only cm3|cm4] [--out DIR] [--chromium PATH]
//
// For every scenario and library version it starts Debian's chromium (headless, fresh profile),
// loads a page served from 127.0.0.1, runs the scenario in the page and writes
//   <scenario>.schema2.jsonl (client-monitor-js 3.11.1) / <scenario>.schema3.jsonl (4.0.3)
//   <scenario>.truth.json   (both runs' ground truth, written from what the page did)
// Everything has a timeout; the process exits on its own.
'use strict';
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const VERSIONS = { cm3: 'schema2', cm4: 'schema3' };
// the order they are recorded in; each is defined in page/scenarios.js
const ALL_SCENARIOS = [
  'p2p-1to1', 'mesh-3-late-joiner-leaves-first', 'screenshare', 'rejoin', 'mute-unmute', 'datachannel', 'client-call-id',
];
const RUN_TIMEOUT_MS = 150_000;
const TOTAL_TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv) {
  const opts = { scenarios: [], versions: Object.keys(VERSIONS), out: path.join(REPO, 'ObserveRtc.Tests', 'Recordings'), chromium: '/usr/bin/chromium', parallel: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.versions = [argv[++i]];
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--chromium') opts.chromium = argv[++i];
    else if (a === '--sequential') opts.parallel = false;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.scenarios.push(a);
  }
  for (const v of opts.versions) if (!VERSIONS[v]) throw new Error(`unknown version ${v} (cm3|cm4)`);
  return opts;
}

async function buildBundle() {
  const result = await esbuild.build({
    entryPoints: [path.join(HERE, 'page', 'main.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0].text;
}

function startServer(bundle) {
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>recorder</title></head>'
    + '<body><script src="/bundle.js"></script></body></html>';
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function timeout(ms, what) {
  let t;
  const p = new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timeout after ${ms} ms: ${what}`)), ms); });
  return { p, cancel: () => clearTimeout(t) };
}

async function runOne(opts, url, scenario, version) {
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'recorder-chromium-'));
  const tag = `[${scenario}/${version}]`;
  let context;
  const t = timeout(RUN_TIMEOUT_MS, `${scenario} ${version}`);
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opts.chromium,
      headless: true,
      timeout: 30_000,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
        // let WebRTC gather plain loopback host candidates (the page forwards only 127.0.0.1/::1)
        '--allow-loopback-in-peer-connection',
        '--disable-features=WebRtcHideLocalIpsWithMdns',
      ],
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') console.error(`${tag} console.${msg.type()}: ${msg.text().slice(0, 300)}`);
    });
    page.on('pageerror', (err) => console.error(`${tag} pageerror: ${err.message}`));
    await page.goto(url, { timeout: 15_000 });
    await page.waitForFunction(() => !!window.recorder, null, { timeout: 15_000 });
    const started = Date.now();
    const result = await Promise.race([
      page.evaluate(([s, v]) => window.recorder.run(s, v), [scenario, version]),
      t.p,
    ]);
    const browserVersion = context.browser()?.version() ?? null;
    console.error(`${tag} ${result.lines.length} lines in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...result, browserVersion };
  } finally {
    t.cancel();
    if (context) await context.close().catch(() => {});
    await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

// Sanity checks before a run's files are written: every line is JSON with the replay fields,
// every participant shipped samples, and each sample carries its participant's clientId.
function check(result) {
  const problems = [];
  const byName = new Map(result.truth.participants.map((p) => [p.name, p]));
  const seen = new Map();
  let last = 0;
  result.lines.forEach((line, i) => {
    let o;
    try { o = JSON.parse(line); } catch { problems.push(`line ${i + 1} is not JSON`); return; }
    const p = byName.get(o.mediaUnitId);
    if (typeof o.receivedAt !== 'number' || !o.sample || typeof o.sample.timestamp !== 'number' || !p) {
      problems.push(`line ${i + 1} lacks receivedAt/sample/timestamp or has an unknown mediaUnitId`);
      return;
    }
    if (o.receivedAt < last) problems.push(`line ${i + 1}: receivedAt goes backwards`);
    last = o.receivedAt;
    if (o.sample.clientId !== p.clientId) problems.push(`line ${i + 1}: clientId ${o.sample.clientId} is not ${p.name}'s`);
    seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  });
  for (const p of byName.values()) if (!seen.get(p.name)) problems.push(`${p.name} shipped no samples`);
  return problems.slice(0, 5);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.chromium)) throw new Error(`chromium not found at ${opts.chromium} (apt-get install -y chromium)`);
  const bundle = await buildBundle();
  const server = await startServer(bundle);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const hardStop = setTimeout(() => { console.error('recorder: total timeout, exiting'); process.exit(3); }, TOTAL_TIMEOUT_MS);
  let failures = 0;
  const summary = [];
  try {
    const scenarios = opts.scenarios.length ? opts.scenarios : ALL_SCENARIOS;
    await fsp.mkdir(opts.out, { recursive: true });
    for (const scenario of scenarios) {
      const runs = opts.versions.map((version) => async () => {
        try {
          return [version, await runOne(opts, url, scenario, version)];
        } catch (err) {
          console.error(`[${scenario}/${version}] FAILED: ${err.stack ?? err}`);
          failures++;
          return [version, null];
        }
      });
      const results = opts.parallel
        ? await Promise.all(runs.map((f) => f()))
        : await runs.reduce(async (acc, f) => [...await acc, await f()], Promise.resolve([]));
      const truthPath = path.join(opts.out, `${scenario}.truth.json`);
      let truth = { scenario, description: null, runs: {} };
      if (fs.existsSync(truthPath)) {
        try { truth = JSON.parse(await fsp.readFile(truthPath, 'utf8')); } catch { /* rewrite */ }
      }
      for (const [version, result] of results) {
        if (!result) continue;
        const schema = VERSIONS[version];
        const problems = check(result);
        if (problems.length) {
          console.error(`[${scenario}/${version}] NOT WRITTEN: ${problems.join('; ')}`);
          failures++;
          continue;
        }
        const file = path.join(opts.out, `${scenario}.${schema}.jsonl`);
        await fsp.writeFile(file, result.lines.join('\n') + '\n');
        const perParticipant = result.truth.participants.map((p) => `${p.name} ${p.samplesWritten}`).join(', ');
        summary.push(`| \`${path.basename(file)}\` | ${scenario} | ${result.truth.library.split('@').pop()} → ${result.truth.schemaVersion} | ${Math.round(fs.statSync(file).size / 1024)} KiB | ${result.lines.length} (${perParticipant}) |`);
        truth.description = result.description;
        truth.runs[schema] = { browser: result.browserVersion, ...result.truth };
      }
      truth.scenario = scenario;
      await fsp.writeFile(truthPath, JSON.stringify(truth, null, 2) + '\n');
    }
    console.error(['', '| file | scenario | library → schema | size | lines (samples per participant) |', '| --- | --- | --- | --- | --- |', ...summary].join('\n'));
  } finally {
    clearTimeout(hardStop);
    server.close();
  }
  if (failures) {
    console.error(`recorder: ${failures} run(s) failed`);
    process.exitCode = 1;
  }
}

main().catch((err) => { console.error(err.stack ?? err); process.exit(1); });
