// Pieces the job pages share: status badges, progress bars, applying an event to a job, the job types list.

import {api} from '../api.js';
import {h} from '../dom.js';
import {ENDING} from '../events.js';

export const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
export const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function statusBadge(status) {
  return h('span', {class: `status status-${String(status).toLowerCase()}`}, status);
}

/** A progress bar with its count; indeterminate while a single job runs. */
export function progressBar(job, label, {long = false} = {}) {
  const {done = 0, total = 1} = job.progress ?? {};
  const attrs = {max: Math.max(1, total), 'aria-label': label};
  if (job.status === 'SUCCEEDED') attrs.value = Math.max(1, total);
  else if (!(job.status === 'RUNNING' && total <= 1)) attrs.value = done;
  return h('span', {class: 'progress'}, h('progress', attrs), total > 1 ? h('span', {class: 'count'}, long ? `${done} of ${total} items` : `${done}/${total}`) : null);
}

/** Where a job's state falls in its life, so an older event never undoes a newer state. */
function stateRank(job) {
  if (ENDED.has(job.status)) return Infinity;
  const attempts = job.attempts ?? 0;
  if (job.status === 'RUNNING') return 3 * attempts;
  return attempts === 0 ? 0 : 3 * attempts + 2;
}

function eventRank(event, type) {
  if (ENDING.has(type)) return Infinity;
  switch (type) {
    case 'submitted': return 0;
    case 'started': return 3 * event.attempt;
    case 'progress': return 3 * event.attempt + 1;
    case 'retrying': return 3 * event.attempt + 2;
    default: return -1;
  }
}

/** Applies an event to a job (summary or whole); false when the job already is past it. */
export function applyEvent(job, event, type) {
  if (ENDED.has(job.status)) return false;
  if (eventRank(event, type) < stateRank(job)) return false;
  job.status = event.status;
  job.attempts = event.attempt;
  if (event.progress) job.progress = event.progress;
  if (type === 'started') {
    job.startedAt = event.time;
    job.finishedAt = undefined;
  }
  if (ENDING.has(type)) job.finishedAt = event.time;
  if (type !== 'progress') job.error = event.error ?? undefined;
  return true;
}

/** A job summary from its submitted event, for a row shown before any listing had it. */
export function summaryOf(event) {
  return {
    id: event.jobId, tenant: event.tenant, type: event.type, pool: event.pool, status: event.status,
    attempts: event.attempt, progress: event.progress, labels: event.labels ?? {}, createdAt: event.time,
  };
}

let typesPromise = null;
/** GET /api/v1/job-types, once per page load. */
export function jobTypes() {
  typesPromise ??= api('/api/v1/job-types').catch((e) => {
    typesPromise = null;
    throw e;
  });
  return typesPromise;
}

/** A problem as a paragraph and its per-field errors as a list. */
export function problemView(error) {
  const violations = (error.violations ?? []).map((v) => (v.field ? `${v.field}: ${v.message}` : v.message));
  // a single violation is usually the detail itself
  const list = violations.length > 1 || (violations.length === 1 && !error.message.includes(violations[0]));
  return [
    h('p', {}, error.message),
    list ? h('ul', {}, violations.map((v) => h('li', {}, v))) : null,
  ];
}
