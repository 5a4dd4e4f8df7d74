// The dashboard in a real browser: Debian's chromium driven by playwright-core, against the built jar, which this
// script starts itself (a fresh store, a configured admin key, tenant keys made through the API). axe-core checks
// each page; every page's screenshot is saved for the README.
//
//   cd dashboard-tests && npm ci && npm test
//
// Settings (environment): JOBPOOL_JAR (default: the jar in ../target), JAVA (default: bin/jdk25's java),
// CHROMIUM (/usr/bin/chromium), SCREENSHOTS (../docs/images), DASHBOARD_PORT (a free port).

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, test} from 'node:test';
import {createRequire} from 'node:module';
import {chromium} from 'playwright-core';
import {freePort, jar, java, repo} from './service.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = resolve(process.env.SCREENSHOTS ?? join(repo, 'docs/images'));
const ADMIN_KEY = `jp_dashboard${randomBytes(24).toString('hex')}`;

let service;
let base;
let browser;
let work;
const keys = {};

// ---------------------------------------------------------------------------------------------------------------
// the service and the browser

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function waitUntilReady() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode}; see ${work}/service.log`);
    try {
      const response = await fetch(`${base}/actuator/health/readiness`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`the service was not ready within 120s; see ${work}/service.log`);
}

/** The API as a script calls it, with a bearer key. */
async function call(path, {key = ADMIN_KEY, method = 'GET', body} = {}) {
  const response = await fetch(base + path, {
    method,
    headers: {Authorization: `Bearer ${key}`, ...(body ? {'Content-Type': 'application/json'} : {})},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'jobpool-dashboard-'));
  mkdirSync(SCREENSHOTS, {recursive: true});
  const port = Number(process.env.DASHBOARD_PORT ?? await freePort());
  base = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(work, 'service.log'));
  service = spawn(java(), ['-jar', jar(), `--server.port=${port}`, `--jobpool.store.path=${join(work, 'jobpool.db')}`,
    `--jobpool.plugins.dir=${join(work, 'no-plugins')}`, `--jobpool.security.admin-key=${ADMIN_KEY}`],
  {stdio: ['ignore', 'pipe', 'pipe']});
  service.stdout.pipe(log);
  service.stderr.pipe(log);
  await waitUntilReady();
  for (const tenant of ['team-a', 'team-b']) {
    keys[tenant] = (await call('/api/v1/api-keys', {method: 'POST',
      body: {tenant, roles: ['submit', 'read'], name: 'dashboard test'}})).key;
  }
  // some history for the charts and the tables: short jobs of both pools, for both teams
  for (let i = 0; i < 12; i++) {
    await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST',
      body: {type: 'sleep', input: {duration: `${200 + i * 150}ms`}, labels: {team: 'search'}}});
  }
  await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST', body: {type: 'primes', input: {limit: 20_000_000}}});
  await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST', body: {type: 'square', items: [1, 2, 3, 4, 5, 6, 7, 8]}});
  await call('/api/v1/jobs', {key: keys['team-b'], method: 'POST', body: {type: 'hash', input: {sizeMb: 4}}});
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (service && service.exitCode === null) {
    service.kill('SIGTERM');
    await Promise.race([new Promise((ok) => service.once('exit', ok)), sleep(40_000)]);
    if (service.exitCode === null) service.kill('SIGKILL');
  }
  if (work && !process.env.KEEP) rmSync(work, {recursive: true, force: true});
});

// ---------------------------------------------------------------------------------------------------------------
// pages

/**
 * A browser context (its own cookie jar) and a page that records what must never happen: a script error, a
 * Content-Security-Policy violation, and (for the tenant check) every event the page's streams receive.
 */
async function open({width = 1280, height = 860} = {}) {
  const context = await browser.newContext({viewport: {width, height}, baseURL: base});
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.__events = [];
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(...args) {
        super(...args);
        (window.__sources ??= []).push(this);
        for (const type of ['submitted', 'started', 'progress', 'succeeded', 'failed', 'retrying', 'cancelled']) {
          this.addEventListener(type, (m) => window.__events.push(JSON.parse(m.data)));
        }
      }
    };
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return {context, page};
}

async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

/** No script error and no CSP violation so far. */
async function clean(page) {
  assert.deepEqual(page.errors, [], 'script errors');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'Content-Security-Policy violations');
}

/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(page, what) {
  // evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused)
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [],
    `accessibility of ${what}`);
}

async function screenshot(page, name, {fullPage = true} = {}) {
  await page.waitForTimeout(2_100); // new rows' highlight fades
  await page.screenshot({path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage});
}

async function signIn(page, key) {
  await page.goto('/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.getByRole('heading', {level: 1, name: 'Overview'}).waitFor();
}

function row(page, id) {
  return page.locator(`#jobs-table tbody tr[data-id="${id}"]`);
}

async function jobIdOf(page) {
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

// ---------------------------------------------------------------------------------------------------------------
// the tests, in order: they share the service and build on each other's jobs

test('/ leads to the dashboard, whose files need no key and come with a CSP that forbids inline scripts', async () => {
  const root = await fetch(`${base}/`, {redirect: 'manual'});
  assert.equal(root.status, 302);
  assert.match(root.headers.get('location'), /\/dashboard\/$/);
  const page = await fetch(`${base}/dashboard/`);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal((await fetch(`${base}/dashboard/js/app.js`)).status, 200);
  assert.equal((await fetch(`${base}/api/v1/jobs`)).status, 401, 'the API still needs a credential');
});

let a; // tenant A's browser context
let jobsPage; // tenant A's jobs table, open from its first look to the end

test('sign-in: a wrong key is a readable message; the keyboard alone signs in with a good one', async () => {
  a = await open();
  const {page} = a;
  await page.goto('/');
  await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor();
  await accessible(page, 'the sign-in page');
  await screenshot(page, 'signin');

  await page.getByLabel('API key').fill('jp_thisisnotakeythisisnotakeythisisnotakey00');
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.getByRole('alert').filter({hasText: 'not accepted'}).waitFor();
  assert.equal(await page.getByLabel('API key').getAttribute('aria-invalid'), 'true');

  // from the top of the page, Tab reaches the key field, Enter signs in
  await page.goto('/dashboard/');
  await page.getByLabel('API key').waitFor();
  await page.evaluate(() => document.activeElement.blur());
  for (let i = 0; i < 6 && await page.evaluate(() => document.activeElement?.id) !== 'api-key'; i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'api-key');
  await page.keyboard.type(keys['team-a']);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', {level: 1, name: 'Overview'}).waitFor();
  await page.getByText('team-a').first().waitFor();

  // the cookie is the credential: HttpOnly (no script reads it) and nothing kept in storage
  const cookies = await a.context.cookies();
  const session = cookies.find((c) => c.name === 'jobpool_session');
  assert.ok(session, 'a jobpool_session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('jobpool_session')), false);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  await clean(page);
});

test('the overview shows the last 15 minutes and the counts now', async () => {
  const {page} = a;
  await page.locator('#chart-throughput svg[role="img"]').waitFor();
  await page.locator('#chart-queued svg[role="img"]').waitFor();
  await page.locator('#chart-wait svg[role="img"]').waitFor();
  assert.match(await page.locator('#chart-throughput svg[role="img"]').getAttribute('aria-label'), /submitted .*\/s/);
  await page.getByRole('heading', {name: 'Queued'}).waitFor();
  assert.equal(await page.getByRole('heading', {name: 'Worker JVMs'}).count(), 0, 'worker JVMs are for admins');
  await accessible(page, 'the overview');
  await clean(page);
});

test('a job submitted from the type form shows up in the jobs table and goes QUEUED → SUCCEEDED without a reload', async () => {
  jobsPage = a.page;
  // the keyboard: the navigation's Jobs link
  await jobsPage.getByRole('link', {name: 'Jobs', exact: true}).focus();
  await jobsPage.keyboard.press('Enter');
  await jobsPage.getByRole('heading', {level: 1, name: 'Jobs'}).waitFor();
  await jobsPage.locator('#jobs-table tbody tr').first().waitFor();
  await jobsPage.locator('.stream-state.is-live').waitFor();
  await jobsPage.evaluate(() => {
    window.__sameDocument = true; // gone if the page reloads
    window.__statuses = {};
    new MutationObserver(() => {
      for (const tr of document.querySelectorAll('#jobs-table tbody tr')) {
        const seen = (window.__statuses[tr.dataset.id] ??= []);
        if (seen.at(-1) !== tr.dataset.status) seen.push(tr.dataset.status);
      }
    }).observe(document.querySelector('#jobs-table tbody'), {subtree: true, childList: true, attributes: true});
  });
  await accessible(jobsPage, 'the jobs table');

  const form = await newPage(a.context);
  await form.goto('/dashboard/#/types/sleep');
  await form.getByRole('heading', {name: 'New sleep job'}).waitFor();
  await accessible(form, 'the job types page');
  await form.getByLabel(/^duration/).fill('1500ms');
  await form.getByText('Options: pool').click();
  await form.getByLabel('Delay').fill('2s'); // QUEUED for a while, so the table shows it queued
  await form.getByLabel('Labels').fill('team:dashboard');
  await screenshot(form, 'types');
  await form.getByRole('button', {name: 'Submit sleep job'}).click();
  const id = await jobIdOf(form);

  await row(jobsPage, id).waitFor({timeout: 10_000});
  await row(jobsPage, id).locator('.status-succeeded').waitFor({timeout: 30_000});
  const statuses = await jobsPage.evaluate((job) => window.__statuses[job], id);
  assert.deepEqual(statuses, ['QUEUED', 'RUNNING', 'SUCCEEDED'], 'the row went through each status');
  assert.equal(await jobsPage.evaluate(() => window.__sameDocument), true, 'the page did not reload');
  assert.equal(await row(jobsPage, id).locator('td[data-label="Type"]').textContent(), 'sleep');
  a.form = form;
  a.jobId = id;
  await clean(jobsPage);
  await clean(form);
});

test('the job detail shows spec, input and result, live, and "Run again" resubmits the spec', async () => {
  const page = a.form;
  await page.locator('.job-status .status-succeeded').waitFor({timeout: 30_000});
  await page.getByRole('heading', {name: 'Result'}).waitFor();
  assert.match(await page.getByRole('region', {name: 'Result (JSON)'}).textContent(), /"sleptMillis": 1500/);
  assert.match(await page.getByRole('region', {name: 'Input (JSON)'}).textContent(), /"duration": "1500ms"/);
  await page.getByText('team: dashboard').waitFor();
  await page.getByRole('button', {name: 'Download result'}).waitFor();
  await accessible(page, 'the job detail');
  await screenshot(page, 'job');

  await page.getByRole('button', {name: 'Run again'}).click();
  await page.waitForURL((url) => !url.hash.endsWith(a.jobId) && /#\/jobs\/[0-9a-f-]{36}$/.test(url.hash));
  const copy = await jobIdOf(page);
  const job = await call(`/api/v1/jobs/${copy}`, {key: keys['team-a']});
  assert.deepEqual([job.type, job.input, job.labels], ['sleep', {duration: '1500ms'}, {team: 'dashboard'}]);
  await clean(page);
});

test('a running job is cancelled from its page, then deleted after a confirmation', async () => {
  const page = a.form;
  await page.goto('/dashboard/#/types/sleep');
  await page.getByLabel(/^duration/).fill('5m');
  await page.getByRole('button', {name: 'Submit sleep job'}).click();
  const id = await jobIdOf(page);
  await page.locator('.job-status .status-running').waitFor({timeout: 15_000});
  await row(jobsPage, id).locator('.status-running').waitFor({timeout: 10_000});
  // the table with a job of each kind: one waiting for its time, one failed (loopback is refused to http jobs)
  const later = await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST',
    body: {type: 'sleep', input: {duration: '1s'}, delay: '1h', labels: {team: 'search'}}});
  const refused = await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST',
    body: {type: 'http', input: {url: 'http://127.0.0.1:9/'}}});
  await row(jobsPage, later.id).locator('.status-queued').waitFor({timeout: 10_000});
  await row(jobsPage, refused.id).locator('.status-failed').waitFor({timeout: 15_000});
  assert.notEqual(await row(jobsPage, refused.id).locator('td[data-label="Error"]').textContent(), '');
  await screenshot(jobsPage, 'jobs');
  a.later = later.id;

  await page.getByRole('button', {name: 'Cancel job'}).click();
  await page.locator('.job-status .status-cancelled').waitFor();
  await page.getByText('CANCELLED', {exact: true}).last().waitFor();
  await row(jobsPage, id).locator('.status-cancelled').waitFor({timeout: 10_000});
  assert.equal(await row(jobsPage, id).locator('td[data-label="Error"]').textContent(), 'CANCELLED');

  await page.getByRole('button', {name: 'Delete…'}).click();
  const dialog = page.getByRole('dialog', {name: 'Delete this job?'});
  await dialog.waitFor();
  await accessible(page, 'the delete confirmation');
  await dialog.getByRole('button', {name: 'Keep it'}).click();
  assert.equal(await dialog.isVisible(), false);
  assert.equal((await call(`/api/v1/jobs/${id}`, {key: keys['team-a']})).status, 'CANCELLED', 'kept');
  await page.getByRole('button', {name: 'Delete…'}).click();
  await dialog.getByRole('button', {name: 'Delete', exact: true}).click();
  await page.getByRole('heading', {level: 1, name: 'Jobs'}).waitFor();
  await page.getByText(`Job ${id} was deleted.`).waitFor();
  assert.equal(await row(page, id).count(), 0);
  const gone = await fetch(`${base}/api/v1/jobs/${id}`, {headers: {Authorization: `Bearer ${keys['team-a']}`}});
  assert.equal(gone.status, 404);
  await clean(page);
});

test('input is checked against the schema before it is sent; problems from the service are readable', async () => {
  const page = a.form;
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/jobs')) posts.push(r.url());
  });
  await page.goto('/dashboard/#/types/primes');
  await page.getByLabel(/^limit/).fill('-5');
  await page.getByRole('button', {name: 'Submit primes job'}).click();
  await page.getByText('limit must be at least 0').waitFor();
  assert.equal(await page.getByLabel(/^limit/).getAttribute('aria-invalid'), 'true');

  await page.goto('/dashboard/#/types/square'); // an integer input: the JSON editor
  await page.getByLabel('Input (JSON)').fill('"seven"');
  await page.getByRole('button', {name: 'Submit square job'}).click();
  await page.getByRole('alert').filter({hasText: 'input must be an integer'}).waitFor();
  await page.getByLabel('Input (JSON)').fill('{not json');
  await page.getByRole('button', {name: 'Check input'}).click();
  await page.getByRole('alert').filter({hasText: 'The input is not JSON'}).waitFor();
  assert.deepEqual(posts, [], 'nothing was sent');

  // the service's own checks come back as problem JSON, shown as a sentence
  await page.getByLabel('Input (JSON)').fill('7');
  await page.getByText('Options: pool').click();
  await page.getByLabel('Timeout').fill('forever');
  await page.getByRole('button', {name: 'Submit square job'}).click();
  await page.getByRole('alert').filter({hasText: /Invalid request/}).waitFor();
  assert.match(await page.getByRole('alert').filter({hasText: /Invalid request/}).textContent(), /timeout/);
  assert.equal(posts.length, 1);
  await clean(page);
});

test('a reset on the stream reloads the table: a job deleted meanwhile goes away', async () => {
  await call(`/api/v1/jobs/${a.later}/cancel`, {key: keys['team-a'], method: 'POST'});
  await row(jobsPage, a.later).locator('.status-cancelled').waitFor({timeout: 10_000});
  await call(`/api/v1/jobs/${a.later}`, {key: keys['team-a'], method: 'DELETE'}); // a deletion sends no event
  await jobsPage.waitForTimeout(500);
  assert.equal(await row(jobsPage, a.later).count(), 1, 'still shown: nothing told the page');
  // what the service sends when it cannot replay what a reconnecting client missed
  await jobsPage.evaluate(() => {
    for (const source of window.__sources) {
      if (source.readyState === EventSource.OPEN) {
        source.dispatchEvent(new MessageEvent('reset', {data: '{"reason":"test"}', lastEventId: 'x'}));
      }
    }
  });
  await row(jobsPage, a.later).waitFor({state: 'detached', timeout: 10_000});
  assert.equal(await jobsPage.evaluate(() => window.__sameDocument), true, 'reloaded the rows, not the page');
  await clean(jobsPage);
});

test('filters narrow the table, in the address; a job is found by the start of its id', async () => {
  const page = await newPage(a.context);
  await page.goto('/dashboard/#/jobs');
  await page.locator('#jobs-table tbody tr').first().waitFor();
  await page.getByLabel('Status').selectOption('SUCCEEDED');
  await page.getByLabel('Label (key:value)').fill('team:dashboard');
  await page.getByRole('button', {name: 'Apply'}).click();
  await page.waitForURL(/status=SUCCEEDED/);
  assert.match(page.url(), /label=team%3Adashboard/);
  await page.locator('.stream-state.is-live').waitFor();
  const wanted = (await call('/api/v1/jobs?status=SUCCEEDED&label=team:dashboard', {key: keys['team-a']})).jobs.map((j) => j.id);
  assert.ok(wanted.length >= 2, 'the form\'s job and its copy');
  await page.waitForFunction((n) => document.querySelectorAll('#jobs-table tbody tr').length === n, wanted.length);
  const shown = await page.locator('#jobs-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(shown, wanted);

  await page.getByLabel('Job id').fill(a.jobId.slice(0, 8));
  await page.getByRole('button', {name: 'Open'}).click();
  await page.waitForURL(new RegExp(`#/jobs/${a.jobId}$`));
  await page.getByRole('heading', {level: 1, name: /Job/}).waitFor();
  await clean(page);
  await page.close();
});

test('tenant B sees none of tenant A\'s jobs: not in the table, not on the stream, not by id', async () => {
  const b = await open();
  await signIn(b.page, keys['team-b']);
  await b.page.goto('/dashboard/#/jobs');
  await b.page.locator('#jobs-table tbody tr').first().waitFor();
  await b.page.locator('.stream-state.is-live').waitFor();
  const tenants = await b.page.locator('#jobs-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  const aJobs = (await call('/api/v1/jobs?limit=1000', {key: keys['team-a']})).jobs.map((j) => j.id);
  assert.ok(aJobs.length > 10);
  assert.deepEqual(tenants.filter((id) => aJobs.includes(id)), [], 'tenant A\'s jobs in tenant B\'s table');

  // A submits while B watches; B submits one too, to show that B's stream does deliver
  const aJob = await call('/api/v1/jobs', {key: keys['team-a'], method: 'POST', body: {type: 'sleep', input: {duration: '300ms'}}});
  const bJob = await call('/api/v1/jobs', {key: keys['team-b'], method: 'POST', body: {type: 'sleep', input: {duration: '300ms'}}});
  await call(`/api/v1/jobs/${aJob.id}?wait=10s`, {key: keys['team-a']});
  await row(b.page, bJob.id).locator('.status-succeeded').waitFor({timeout: 15_000});
  const events = await b.page.evaluate(() => window.__events);
  assert.ok(events.some((e) => e.jobId === bJob.id), 'B\'s stream delivered B\'s job');
  assert.deepEqual(events.filter((e) => e.tenant !== 'team-b'), [], 'only team-b events on B\'s stream');
  assert.equal(await row(b.page, aJob.id).count(), 0);

  await b.page.goto(`/dashboard/#/jobs/${aJob.id}`);
  await b.page.getByRole('alert').filter({hasText: 'belongs to another tenant'}).waitFor();
  await clean(b.page);
  await b.context.close();
});

test('an admin\'s overview lists the worker JVMs; the page reads well in a 390-pixel window', async () => {
  const admin = await open();
  await signIn(admin.page, ADMIN_KEY);
  const workers = admin.page.getByRole('heading', {name: 'Worker JVMs'});
  await workers.waitFor();
  // load while the admin watches: the tallies move with the events, the charts with the next refresh
  const burst = [];
  for (let i = 0; i < 24; i++) {
    const spec = i % 4 === 3 ? {type: 'primes', input: {limit: 30_000_000}} : {type: 'sleep', input: {duration: `${300 + i * 100}ms`}};
    burst.push((await call('/api/v1/jobs', {key: keys[i % 2 ? 'team-a' : 'team-b'], method: 'POST', body: spec})).id);
  }
  const submitted = admin.page.locator('.tally div').filter({hasText: 'submitted'}).locator('dd');
  await admin.page.waitForFunction((el) => Number(el.textContent) >= 24, await submitted.elementHandle(), {timeout: 10_000});
  for (const id of burst) await call(`/api/v1/jobs/${id}?wait=30s`);
  // the counts of now: a sample seconds old, corrected by the events since; nothing runs any more
  const running = admin.page.locator('.stat:has(h2:text-is("Running")) .value');
  await admin.page.waitForFunction((el) => el.textContent === '0', await running.elementHandle(), {timeout: 5_000});
  await admin.page.waitForTimeout(6_000); // a refresh after the last of them ended, for the charts
  assert.equal(await running.textContent(), '0');
  const pids = await admin.page.locator('section[aria-labelledby="workers-title"] td[data-label="PID"]').allTextContents();
  assert.ok(pids.length >= 1 && pids.every((pid) => /^\d+$/.test(pid)), `worker pids: ${pids}`);
  await accessible(admin.page, 'the admin overview');
  await screenshot(admin.page, 'overview');

  // an admin's table spans the tenants; "Older" pages back through them without repeating a job
  for (let i = 0; i < 55; i++) {
    await call('/api/v1/jobs', {method: 'POST', body: {type: 'sleep', input: {duration: '0s'}}});
  }
  await admin.page.goto('/dashboard/#/jobs');
  await admin.page.waitForFunction(() => document.querySelectorAll('#jobs-table tbody tr').length >= 50);
  const first = await admin.page.locator('#jobs-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  assert.equal(await admin.page.getByRole('columnheader', {name: 'Tenant'}).count(), 1, 'an admin sees whose jobs they are');
  await admin.page.getByRole('link', {name: 'Older'}).click();
  await admin.page.waitForURL(/cursor=/);
  await admin.page.getByRole('link', {name: 'Newest'}).waitFor();
  await admin.page.waitForFunction((ids) => {
    const rows = [...document.querySelectorAll('#jobs-table tbody tr')];
    return rows.length > 0 && !rows.some((r) => ids.includes(r.dataset.id));
  }, first);
  assert.equal(first.length, 50);
  await clean(admin.page);
  await admin.context.close();

  const narrow = await open({width: 390, height: 844});
  await signIn(narrow.page, keys['team-a']);
  await narrow.page.goto('/dashboard/#/jobs');
  await narrow.page.locator('#jobs-table tbody tr').first().waitFor();
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the jobs page scrolls sideways by ${overflow}px at 390px`);
  await accessible(narrow.page, 'the jobs table in a narrow window');
  await screenshot(narrow.page, 'narrow', {fullPage: false}); // as a phone shows it
  for (const route of ['overview', `jobs/${a.jobId}`, 'types/sleep']) {
    await narrow.page.goto(`/dashboard/#/${route}`);
    await narrow.page.locator('h1').waitFor();
    await narrow.page.waitForTimeout(300);
    const sideways = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(sideways <= 0, `#/${route} scrolls sideways by ${sideways}px at 390px`);
  }
  await clean(narrow.page);
  await narrow.context.close();
});

test('signing out ends the session: the cookie no longer works', async () => {
  const page = a.form;
  await page.goto('/dashboard/#/overview');
  await page.getByRole('button', {name: 'Sign out'}).click();
  await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor();
  await page.getByText('You are signed out.').waitFor();
  const statuses = await page.evaluate(async () => [
    (await fetch('/api/v1/session')).status,
    (await fetch('/api/v1/jobs')).status,
  ]);
  assert.deepEqual(statuses, [401, 401]);
  // the other tab of the same browser finds out at its next request, and goes to the sign-in page
  await jobsPage.getByRole('link', {name: 'Overview'}).click();
  await jobsPage.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor();
  await clean(page);
  await a.context.close();
});
