#!/usr/bin/env node
// `npm test`: every tier, in order, on a fresh machine right after `npm ci`.
//  1. unit (pure logic)            vitest --project unit
//  2. integration on PGlite + embedded MQTT, with the process clock moved (libfaketime) to a Sunday
//     night and to a public holiday (each test file at one of them)
//  3. integration on PostgreSQL + Mosquitto at the machine's time (127.0.0.1, or TEST_DATABASE_URL /
//     TEST_MQTT_URL): with 2, every test meets the real clock and an odd one
//  4. browser journeys in Debian's Chromium (built web app)
// Locally a tier whose server or browser is missing is skipped with the reason printed;
// under CI=true nothing may be skipped.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const CI = process.env.CI === 'true' || process.env.CI === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = [];
let failed = false;
const totals = { passed: 0, failed: 0, skipped: 0 };
const reportDir = path.join(root, 'test-results');
mkdirSync(reportDir, { recursive: true });

/** A vitest tier: the console reporter for people, a JSON report to add up the counts. */
function vitest(name, project, env = {}, report = project, extra = []) {
  const out = path.join(reportDir, `${report}.json`);
  const ok = run(
    name,
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${out}`,
      ...extra,
    ],
    env,
  );
  try {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } catch {
    // no report (the runner crashed): the tier already counts as failed
  }
  return ok;
}

function run(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
  if (!ok) failed = true;
  return ok;
}

function skip(name, why) {
  const line = `SKIP  ${name}: ${why}`;
  results.push(line);
  console.log(`\n${line}`);
  if (CI) {
    failed = true;
    results.push('FAIL  (CI=true: no tier may be skipped)');
  }
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const mqttUrl = new URL(process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883');

// The web app is built while the unit and integration tiers run (the build is one core's work for a
// minute, and the tiers leave room beside it); the browser tier waits for it.
const webBuild = buildWeb();

vitest('unit tests', 'unit');

// The integration tier runs twice: on PGlite with the process clock moved (libfaketime) to awkward
// instants, and on PostgreSQL + Mosquitto at the machine's own time. No test may depend on the day or
// hour it runs at: every test file meets the real clock once (the PostgreSQL run) and one of the odd
// instants once (its PGlite run: the files are split between the two instants by a stable hash of
// their path). The clock moves on from there as usual (a fixed offset from the machine's, the same in
// every worker); timers keep the real monotonic clock. PGlite runs in the test process, so the
// database's now() moves with it (the PostgreSQL server's would not).
const CLOCK_FREE = [
  '**/mqtt/crash.int.test.ts',
  '**/mqtt/cluster.int.test.ts',
  '**/http/fuzz.int.test.ts',
  '**/features/map/map.int.test.ts',
  '**/features/grids/gridImport.int.test.ts',
  '**/features/backups/backups.int.test.ts',
  '**/ops/pdf.int.test.ts',
];
const ODD_HOURS = [
  ['a Sunday night (Sunday 23:16 UTC, Monday 07:16 in the city before work starts)', '2026-12-06T23:16:00Z'],
  ['a public holiday (National Day, 10:00 in the city)', '2026-10-01T02:00:00Z'],
];
const intFiles = ['apps/server/src', ...safeList(path.join(root, 'tools')).map((t) => `tools/${t}/src`)]
  .flatMap((d) => walk(path.join(root, d)))
  .filter((f) => f.endsWith('.int.test.ts'))
  .map((f) => path.relative(root, f))
  .sort();
const clockFree = (f) => CLOCK_FREE.some((g) => f.endsWith(g.replace('**/', '/')));
const pglite = { TEST_DB: 'pglite', TEST_MQTT: 'embedded' };
// The fuzz suite's 20 runs a route are shared between the two databases, each with its own seed: 10
// on PGlite (the suite's own seed) and 10 others on PostgreSQL. Hostile input is checked at the
// HTTP layer the same way on both; together they try as many requests as one full run, in half the
// time. FUZZ_SEED / FUZZ_RUNS set by hand apply to both as given.
// Without the PostgreSQL tier, PGlite runs all 20.
const pgUp = await reachable(pgUrl.hostname, Number(pgUrl.port || 5432));
const mqttUp = await reachable(mqttUrl.hostname, Number(mqttUrl.port || 1883));
const fuzzHalf = (seedOffset) =>
  process.env.FUZZ_SEED || process.env.FUZZ_RUNS || !(pgUp && mqttUp)
    ? {}
    : { FUZZ_RUNS: '10', FUZZ_SEED: String(160_016 + seedOffset) };

let faketime = findFaketime();
if (!faketime && process.getuid?.() === 0) {
  console.log(`\nlibfaketime is missing: installing Debian's package (apt-get install faketime)…`);
  spawnSync(
    'bash',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime'],
    { stdio: 'inherit' },
  );
  faketime = findFaketime();
}
if (!faketime) {
  vitest('integration tests on PGlite + embedded MQTT', 'int', { ...pglite, ...fuzzHalf(0) }, 'int-pglite');
  for (const [when] of ODD_HOURS)
    skip(`integration tests on PGlite at ${when}`, 'no libfaketime (Debian package faketime)');
} else {
  // Killing and restarting nodes (crash, cluster), hostile input with a fixed seed (fuzz), tiles,
  // imports, backups and printing read no clock: they run once, at the machine's time.
  vitest(
    'integration tests on PGlite + embedded MQTT (the ones that read no clock)',
    'int',
    { ...pglite, ...fuzzHalf(0) },
    'int-pglite',
    intFiles.filter(clockFree),
  );
  ODD_HOURS.forEach(([when, instant], i) => {
    const files = intFiles.filter((f) => !clockFree(f) && half(f) === i);
    const offset = Math.round((Date.parse(instant) - Date.now()) / 1000);
    vitest(
      `integration tests on PGlite at ${when} (${files.length} of ${intFiles.length} files)`,
      'int',
      {
        ...pglite,
        LD_PRELOAD: faketime,
        FAKETIME: `${offset >= 0 ? '+' : ''}${offset}`,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      },
      `int-pglite-${instant.slice(0, 10)}`,
      files,
    );
  });
}

if (pgUp && mqttUp) {
  vitest(
    'integration tests on PostgreSQL + Mosquitto',
    'int',
    {
      TEST_DB: 'postgres',
      TEST_MQTT: 'external',
      TEST_DATABASE_URL: pgUrl.toString(),
      TEST_MQTT_URL: mqttUrl.toString(),
      ...fuzzHalf(1),
    },
    'int-postgres',
  );
} else {
  skip(
    'integration tests on PostgreSQL + Mosquitto',
    `${pgUp ? '' : `no PostgreSQL answers at ${pgUrl.host}; `}${mqttUp ? '' : `no MQTT broker answers at ${mqttUrl.host}`}`,
  );
}

/** Which odd instant a test file runs at: 0 or 1, by a stable hash of its path. */
function half(file) {
  return createHash('sha1').update(file).digest()[0] % 2;
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'node_modules'
        ? []
        : walk(path.join(dir, e.name))
      : [path.join(dir, e.name)],
  );
}

if (!existsSync(CHROMIUM) && process.getuid?.() === 0) {
  console.log(
    `\nChromium is missing at ${CHROMIUM}: installing Debian's package (apt-get install chromium)…`,
  );
  spawnSync(
    'bash',
    [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk',
    ],
    { stdio: 'inherit' },
  );
}
if (existsSync(CHROMIUM)) {
  if (await webBuilt()) vitest('browser journeys (Chromium)', 'e2e');
} else {
  await webBuilt();
  skip(
    'browser journeys',
    `no Chromium at ${CHROMIUM} and it could not be installed (needs root and apt-get)`,
  );
}

/**
 * `npm run build -w @cityloop/web` in the background, its output to a file (the tiers' own runs
 * block this process's event loop, so a pipe could fill and stall the build); printed when awaited.
 */
function buildWeb() {
  const logFile = path.join(reportDir, 'web-build.log');
  const fd = openSync(logFile, 'w');
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build', '-w', '@cityloop/web'], {
      cwd: root,
      stdio: ['ignore', fd, fd],
    });
    child.on('close', (code) => resolve({ ok: code === 0, logFile }));
    child.on('error', (e) => resolve({ ok: false, logFile, error: String(e) }));
  });
}

async function webBuilt() {
  const built = await webBuild;
  console.log(`\n▶ build the web app (begun with the unit tier): npm run build -w @cityloop/web`);
  console.log(readFileSync(built.logFile, 'utf8') + (built.error ?? ''));
  results.push(`${built.ok ? 'PASS' : 'FAIL'}  build the web app`);
  if (!built.ok) failed = true;
  return built.ok;
}

/** Debian's thread-safe libfaketime, wherever the architecture puts it (null: not installed). */
function findFaketime() {
  for (const dir of ['/usr/lib', ...safeList('/usr/lib').map((d) => `/usr/lib/${d}`)]) {
    const lib = `${dir}/faketime/libfaketimeMT.so.1`;
    if (existsSync(lib)) return lib;
  }
  return null;
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

console.log(`\n${'─'.repeat(60)}\n${results.join('\n')}\n${'─'.repeat(60)}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
