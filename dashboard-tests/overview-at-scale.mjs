// Issue 12's figure "the overview page is interactive within 1 s with 1,000,000 jobs in the store", measured in
// Debian's chromium against the built jar on the embedded SQLite store, seeded with a million jobs (980,000
// succeeded, 10,000 failed, 10,000 queued to run tomorrow) straight into the database the service made.
//
//   cd dashboard-tests && npm ci && node overview-at-scale.mjs [jobs]
//
// Prints, for a signed-in browser: sign-in → overview drawn, a reload of the overview, and the jobs page's first
// rows; and the API calls those pages make, timed alone. A measurement, not a test: it asserts nothing.

import {execFileSync, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createWriteStream, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {freePort, jar as builtJar, java as javaBinary} from './service.mjs';

const JOBS = Number(process.argv[2] ?? 1_000_000);
const ADMIN_KEY = `jp_scale${randomBytes(24).toString('hex')}`;
const PORT = await freePort();
const base = `http://127.0.0.1:${PORT}`;
const work = mkdtempSync(join(tmpdir(), 'jobpool-overview-'));
const store = join(work, 'jobpool.db');
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const jar = builtJar();
const java = javaBinary();

async function startService() {
  const service = spawn(java, ['-jar', jar, `--server.port=${PORT}`, `--jobpool.store.path=${store}`,
    `--jobpool.security.admin-key=${ADMIN_KEY}`, '--jobpool.jobs.max-retained=2000000', '--jobpool.jobs.retention=30d',
    '--jobpool.plugins.dir=target/no-plugins'], {stdio: ['ignore', 'pipe', 'pipe']});
  const log = createWriteStream(join(work, 'service.log'), {flags: 'a'});
  service.stdout.pipe(log);
  service.stderr.pipe(log);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/actuator/health/readiness`)).ok) return service;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`the service did not get ready; see ${work}/service.log`);
}

async function stopService(service) {
  const exited = new Promise((ok) => service.on('exit', ok));
  service.kill('SIGTERM');
  await exited;
}

/** A million rows in one statement: ids, times in microseconds as the store writes them. */
function seed() {
  const now = Date.now() * 1000;
  const day = 86_400_000_000;
  const sql = `
    PRAGMA journal_mode = WAL;
    BEGIN;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${JOBS})
    INSERT INTO jobs (id, tenant, type, pool, status, priority, turn, timeout_ms, max_attempts, attempts, labels, input,
        item_count, chunk_size, items_done, error_code, error_message, not_before, created_at, started_at, finished_at,
        input_size, result_size)
    SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'default', 'sleep', 'IO',
        CASE WHEN i % 100 = 0 THEN 'QUEUED' WHEN i % 100 = 1 THEN 'FAILED' ELSE 'SUCCEEDED' END,
        0, i, 600000, 3, CASE WHEN i % 100 = 0 THEN 0 ELSE 1 END, '{"run":"scale","shard":"' || (i % 16) || '"}',
        '{"duration":"0s"}', 0, 0, CASE WHEN i % 100 = 0 THEN 0 ELSE 1 END,
        CASE WHEN i % 100 = 1 THEN 'HANDLER_ERROR' END, CASE WHEN i % 100 = 1 THEN 'seeded failure' END,
        CASE WHEN i % 100 = 0 THEN ${now} + ${day} ELSE ${now} - ${day} + i * 50 END,
        ${now} - ${day} + i * 50, CASE WHEN i % 100 = 0 THEN NULL ELSE ${now} - ${day} + i * 50 + 10 END,
        CASE WHEN i % 100 = 0 THEN NULL ELSE ${now} - ${day} + i * 50 + 20 END, 17,
        CASE WHEN i % 100 > 1 THEN 16 END
    FROM n;
    INSERT INTO job_payloads (job_id, result)
        SELECT id, CAST('{"sleptMillis":0}' AS BLOB) FROM jobs WHERE status = 'SUCCEEDED';
    COMMIT;`;
  execFileSync('sqlite3', [store], {input: sql});
}

async function timed(what, action) {
  const start = performance.now();
  await action();
  const ms = performance.now() - start;
  console.log(`${what}: ${ms.toFixed(0)} ms`);
  return ms;
}

let service = await startService(); // makes the database and its tables
await stopService(service);
console.log(`seeding ${JOBS} jobs into ${store}`);
await timed('seeded', async () => seed());
service = await startService();
const browser = await chromium.launch({executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu']});
try {
  const auth = {headers: {Authorization: `Bearer ${ADMIN_KEY}`}};
  for (const path of ['/api/v1/overview', '/api/v1/jobs?limit=50', '/api/v1/jobs?limit=50&status=FAILED',
    '/api/v1/jobs?limit=50&label=shard:3']) {
    await fetch(base + path, auth); // the first, to warm the JIT
    await timed(`GET ${path}`, async () => {
      const response = await fetch(base + path, auth);
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      await response.text();
    });
  }
  const context = await browser.newContext({baseURL: base});
  const page = await context.newPage();
  page.on('response', async (response) => response.status() >= 500
      && console.log(`${response.status()} ${response.url()}: ${(await response.text().catch(() => '')).slice(0, 300)}`));
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.log(`console: ${message.text()}`));
  await page.goto('/');
  await page.getByLabel('API key').fill(ADMIN_KEY);
  const charts = async () => {
    await page.getByRole('heading', {level: 1, name: 'Overview'}).waitFor();
    for (const chart of ['throughput', 'queued', 'wait']) {
      await page.locator(`#chart-${chart} svg[role="img"]`).waitFor();
    }
    await page.getByRole('heading', {name: 'Queued'}).waitFor();
  };
  await timed('sign in → overview drawn', async () => {
    await page.getByRole('button', {name: 'Sign in'}).click();
    await charts();
  });
  for (let i = 1; i <= 3; i++) {
    await timed(`reload ${i} → overview drawn`, async () => {
      await page.reload();
      await charts();
    });
  }
  await timed('jobs page → first rows', async () => {
    await page.goto('/dashboard/#/jobs');
    await page.locator('#jobs-table tbody tr[data-id]').first().waitFor();
  });
  console.log(`jobs in the store: ${JSON.parse(execFileSync('sqlite3', ['-json', store, 'SELECT count(*) AS n FROM jobs']))[0].n}`);
} catch (e) {
  console.log(execFileSync('grep', ['-a', '-A3', 'WARN\\|ERROR', join(work, 'service.log')], {encoding: 'utf8'}).slice(-4000));
  throw e;
} finally {
  await browser.close();
  await stopService(service);
  rmSync(work, {recursive: true, force: true});
}
