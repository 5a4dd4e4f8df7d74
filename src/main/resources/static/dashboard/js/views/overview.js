// Overview: how busy the service is now and over the last 15 minutes, from GET /api/v1/overview (refreshed every
// step) and the events stream (counters that move between refreshes).

import {api, isAdmin} from '../api.js';
import {lineChart} from '../chart.js';
import {h, replace} from '../dom.js';
import {subscribe} from '../events.js';
import {age, duration, isoDurationMs, number, secondsText, timestamp} from '../format.js';
import {liveBadge} from './live.js';

const POOLS = ['io', 'cpu'];

export async function render(main, ctx) {
  ctx.setTitle('Overview');
  const problem = h('p', {class: 'problem', role: 'alert', hidden: true});
  const live = liveBadge();
  const nowCards = {
    queued: stat('Queued', 'jobs waiting for a slot'),
    running: stat('Running', 'jobs running now'),
  };
  const counters = {submitted: 0, succeeded: 0, failed: 0, cancelled: 0};
  const tallies = Object.fromEntries(Object.keys(counters).map((key) => [key, h('dd', {}, '0')]));
  const tallyCard = h('div', {class: 'stat card wide'},
    h('h2', {}, 'Since you opened this page'),
    h('dl', {class: 'tally'}, Object.entries(tallies).map(([key, dd]) => h('div', {}, h('dt', {}, key), dd))));
  const rate = (v) => `${number(v)}/s`;
  const count = (v) => number(v);
  const charts = [
    lineChart({id: 'chart-throughput', title: 'Submitted and completed per second', format: rate,
      series: [{name: 'submitted', key: 'submitted'}, {name: 'completed', key: 'completed'}, {name: 'failed', key: 'failed'}]}),
    lineChart({id: 'chart-queued', title: 'Queued per pool', format: count,
      series: [{name: 'io', key: 'queued.io'}, {name: 'cpu', key: 'queued.cpu'}]}),
    lineChart({id: 'chart-running', title: 'Running per pool', format: count,
      series: [{name: 'io', key: 'running.io'}, {name: 'cpu', key: 'running.cpu'}]}),
    lineChart({id: 'chart-wait', title: 'Wait before start (p50, p99)', format: secondsText,
      series: [{name: 'p50', key: 'waitP50'}, {name: 'p99', key: 'waitP99'}]}),
    lineChart({id: 'chart-run', title: 'Run time (p50, p99)', format: secondsText,
      series: [{name: 'p50', key: 'runP50'}, {name: 'p99', key: 'runP99'}]}),
  ];
  const workersSection = h('section', {class: 'section', 'aria-labelledby': 'workers-title', hidden: true});
  const replicasSection = h('section', {class: 'section', 'aria-labelledby': 'replicas-title', hidden: true});

  replace(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Overview'), live.element),
    problem,
    h('section', {class: 'stats', 'aria-label': 'Now'},
      nowCards.queued.element, nowCards.running.element, tallyCard),
    h('section', {class: 'charts', 'aria-label': 'The last 15 minutes'}, charts.map((c) => c.element)),
    workersSection,
    replicasSection);

  // The counts of now come from a sample the service takes in the middle of each step, so they are seconds old when
  // they arrive: the events since that moment are applied to them again, and each later event moves them.
  let now = null;
  let statusOf = new Map(); // the last status each job was seen in, to move it between the counts
  const recent = []; // the events of the last minute, to apply again to a sample older than they are
  let timer = null;
  let disposed = false;

  /** Moves a job between the counts of now, from the status it was last seen in to the event's. */
  const countEvent = (event, type) => {
    const before = statusOf.get(event.jobId) ?? (type === 'submitted' ? null : type === 'started' ? 'QUEUED'
      : type === 'cancelled' ? undefined : 'RUNNING');
    const after = event.status;
    if (before === undefined || before === after) return;
    move(now, before, event.pool, -1);
    move(now, after, event.pool, +1);
    if (after === 'QUEUED' || after === 'RUNNING') statusOf.set(event.jobId, after);
    else statusOf.delete(event.jobId);
  };

  const showNow = () => {
    for (const key of ['queued', 'running']) {
      const byPool = now?.[key] ?? {};
      const total = POOLS.reduce((sum, pool) => sum + Math.max(0, byPool[pool] ?? 0), 0);
      nowCards[key].set(number(total), POOLS.map((pool) => `${pool} ${number(Math.max(0, byPool[pool] ?? 0))}`).join(' · '));
    }
  };

  const refresh = async () => {
    let step = 5000;
    try {
      const overview = await api('/api/v1/overview');
      if (disposed) return;
      problem.hidden = true;
      step = isoDurationMs(overview.step) ?? step;
      now = structuredClone(overview.now ?? {});
      const sampledAt = sampleTime(overview, step);
      statusOf = new Map();
      for (const {event, type} of recent) {
        if (Date.parse(event.time) <= sampledAt) statusOf.set(event.jobId, event.status);
        else countEvent(event, type);
      }
      showNow();
      const s = overview.series ?? {};
      // the last step is still going on: its rates and percentiles are partial, and now has its counts
      const upTo = (list) => (Array.isArray(list) && list.length > 1 ? list.slice(0, -1) : list ?? []);
      const values = {
        submitted: upTo(s.submitted), completed: upTo(s.completed), failed: upTo(s.failed),
        'queued.io': upTo(s.queued?.io), 'queued.cpu': upTo(s.queued?.cpu),
        'running.io': upTo(s.running?.io), 'running.cpu': upTo(s.running?.cpu),
        waitP50: upTo(s.waitP50), waitP99: upTo(s.waitP99), runP50: upTo(s.runP50), runP99: upTo(s.runP99),
      };
      for (const chart of charts) chart.update(upTo(s.time), values);
      showWorkers(workersSection, overview.workers);
      showReplicas(replicasSection, overview.replicas);
    } catch (e) {
      if (disposed || e.status === 401) return;
      problem.hidden = false;
      replace(problem, e.message);
    }
    if (!disposed) timer = setTimeout(refresh, step);
  };

  const events = subscribe('/api/v1/events', {
    onState: live.set,
    onReset: () => {
      clearTimeout(timer);
      refresh();
    },
    onEvent: (event, type) => {
      if (counters[type] !== undefined) {
        counters[type] += 1;
        tallies[type].textContent = number(counters[type]);
      }
      recent.push({event, type});
      const minuteAgo = Date.parse(event.time) - 60_000;
      while (recent.length > 20_000 || (recent.length && Date.parse(recent[0].event.time) < minuteAgo)) recent.shift();
      if (now) {
        countEvent(event, type);
        showNow();
      }
    },
  });

  await refresh();
  if (!isAdmin()) {
    workersSection.hidden = true;
    replicasSection.hidden = true;
  }
  return () => {
    disposed = true;
    clearTimeout(timer);
    events.close();
    charts.forEach((c) => c.dispose());
  };
}

/** When the counts of now were taken: the middle of the latest step that has them. */
function sampleTime(overview, step) {
  const times = overview.series?.time ?? [];
  const counts = overview.series?.queued?.io ?? [];
  for (let i = times.length - 1; i >= 0; i--) {
    if (counts[i] !== null && counts[i] !== undefined) return times[i] + step / 2;
  }
  return Date.now();
}

function move(now, status, pool, by) {
  const key = status === 'QUEUED' ? 'queued' : status === 'RUNNING' ? 'running' : null;
  if (!key) return;
  now[key] ??= {};
  now[key][pool] = (now[key][pool] ?? 0) + by;
}

function stat(label, hint) {
  const value = h('p', {class: 'value'}, '–');
  const detail = h('p', {class: 'detail'}, hint);
  return {
    element: h('div', {class: 'stat card'}, h('h2', {}, label), value, detail),
    set(text, detailText) {
      value.textContent = text;
      if (detailText !== undefined) detail.textContent = detailText;
    },
  };
}

/** Seconds (a number) or an ISO duration (PT1H2M) as a duration. */
function uptime(value) {
  if (typeof value === 'number') return duration(value * 1000);
  const ms = isoDurationMs(value);
  return ms === null ? String(value ?? '') : duration(ms);
}

function showWorkers(section, workers) {
  if (!Array.isArray(workers)) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  replace(section,
    h('h2', {id: 'workers-title'}, 'Worker JVMs'),
    workers.length === 0 ? h('p', {}, 'No worker JVMs: the CPU pool has none running.') : h('div', {class: 'table-wrap'},
      h('table', {class: 'data'},
        h('thead', {}, h('tr', {},
          ['Slot', 'PID', 'State', 'Jobs run', 'Restarts', 'Uptime', 'Running job'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, workers.map((w) => h('tr', {},
          cell('Slot', w.slot ?? ''),
          cell('PID', w.pid ?? ''),
          cell('State', h('span', {class: `badge worker-${w.state}`}, w.state ?? '')),
          cell('Jobs run', number(w.jobsRun ?? 0)),
          cell('Restarts', number(w.restarts ?? 0)),
          cell('Uptime', uptime(w.uptime)),
          cell('Running job', w.jobId ? h('a', {href: `#/jobs/${w.jobId}`}, w.jobId.slice(0, 8)) : '–')))))));
}

function showReplicas(section, replicas) {
  if (!Array.isArray(replicas) || replicas.length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  replace(section,
    h('h2', {id: 'replicas-title'}, 'Replicas'),
    h('div', {class: 'table-wrap'},
      h('table', {class: 'data'},
        h('thead', {}, h('tr', {}, ['Replica', 'Started', 'Last heartbeat'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, replicas.map((r) => h('tr', {},
          cell('Replica', r.id),
          cell('Started', timestamp(r.startedAt)),
          cell('Last heartbeat', r.lastHeartbeat ? `${age(r.lastHeartbeat)} ago` : '–')))))));
}

function cell(label, content) {
  return h('td', {'data-label': label}, content);
}
