// One job: what was asked, how it went, its result or error; live while it runs (GET /api/v1/jobs/{id}/events);
// Cancel, Delete (after a confirmation) and Run again.

import {api, can} from '../api.js';
import {h, replace} from '../dom.js';
import {ENDING, subscribe} from '../events.js';
import {between, shortId, timestamp} from '../format.js';
import {jsonView} from '../json-view.js';
import {applyEvent, ENDED, problemView, progressBar, statusBadge, UUID} from './common.js';
import {liveBadge} from './live.js';

export async function render(main, ctx) {
  const id = String(ctx.arg ?? '').toLowerCase();
  ctx.setTitle(`Job ${shortId(id)}`);
  const back = h('p', {class: 'back'}, h('a', {href: '#/jobs'}, '← Jobs'));
  if (!UUID.test(id)) {
    replace(main, back, h('h1', {}, 'No such job'),
      h('p', {class: 'problem', role: 'alert'}, `"${id}" is not a job id: a job id looks like 3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17.`));
    return;
  }
  let job;
  try {
    job = await api(`/api/v1/jobs/${id}`);
  } catch (e) {
    if (e.status === 401) return;
    replace(main, back, h('h1', {}, 'Job not shown'), h('div', {class: 'problem', role: 'alert'},
      e.status === 404 ? h('p', {}, `No job ${id} here: it was deleted, expired, or belongs to another tenant.`) : problemView(e)));
    return;
  }

  const live = liveBadge();
  const title = h('h1', {}, 'Job ', h('span', {class: 'mono'}, shortId(id)), ' ', h('span', {class: 'subtle'}, job.type));
  const statusSlot = h('div', {class: 'job-status'});
  const problem = h('div', {class: 'problem', role: 'alert', hidden: true});
  const message = h('p', {class: 'notice', role: 'status'});
  const body = h('div', {class: 'job-body'});
  const log = h('ol', {class: 'events-log'});
  const logSection = h('section', {class: 'card section', 'aria-labelledby': 'log-title', hidden: true},
    h('h2', {id: 'log-title'}, 'Events seen while watching'), log);
  const mayChange = can('submit');

  const cancelButton = h('button', {type: 'button', class: 'danger-outline', onclick: () => cancel()}, 'Cancel job');
  const deleteButton = h('button', {type: 'button', class: 'danger', onclick: () => confirmDelete()}, 'Delete…');
  const rerunButton = h('button', {type: 'button', onclick: () => runAgain()}, 'Run again');
  const actions = h('div', {class: 'actions job-actions'}, cancelButton, rerunButton, deleteButton);

  const dialogTitle = h('h2', {id: 'delete-title'}, 'Delete this job?');
  const confirmButton = h('button', {type: 'button', class: 'danger', onclick: () => remove()}, 'Delete');
  const keepButton = h('button', {type: 'button', class: 'secondary', onclick: () => dialog.close()}, 'Keep it');
  const dialog = h('dialog', {'aria-labelledby': 'delete-title', 'aria-describedby': 'delete-text'},
    dialogTitle,
    h('p', {id: 'delete-text'}, `Job ${id} and its result will be forgotten. This cannot be undone.`),
    h('div', {class: 'actions'}, keepButton, confirmButton));

  replace(main, back,
    h('div', {class: 'page-head'}, title, live.element),
    statusSlot, mayChange ? actions : null, problem, message, body, logSection, dialog);

  const times = h('dl', {class: 'facts'});
  const showTimes = () => replace(times, timeFacts(job));

  function show(whole = true) {
    replace(statusSlot,
      statusBadge(job.status),
      progressBar(job, 'Progress', {long: true}),
      h('span', {class: 'subtle'}, progressText(job)),
      h('span', {class: 'subtle'}, `attempt ${job.attempts} of ${job.maxAttempts}`));
    const ended = ENDED.has(job.status);
    cancelButton.hidden = ended;
    deleteButton.hidden = !ended;
    // a map job's items are not in the job's view (they can be a million long): it cannot be sent again from here
    rerunButton.hidden = job.input === undefined && job.progress?.total > 1;
    showTimes();
    if (whole) replace(body, sections(job, times));
  }

  function showProblem(error) {
    problem.hidden = false;
    replace(problem, problemView(error));
  }

  async function cancel() {
    cancelButton.disabled = true;
    try {
      job = await api(`/api/v1/jobs/${id}/cancel`, {method: 'POST'});
      problem.hidden = true;
      message.textContent = 'The job was cancelled.';
      show();
    } catch (e) {
      showProblem(e);
    } finally {
      cancelButton.disabled = false;
    }
  }

  function confirmDelete() {
    dialog.showModal();
    keepButton.focus();
  }

  async function remove() {
    confirmButton.disabled = true;
    try {
      await api(`/api/v1/jobs/${id}`, {method: 'DELETE'});
      dialog.close();
      ctx.announce(`Job ${id} was deleted.`);
      ctx.navigate('#/jobs');
    } catch (e) {
      dialog.close();
      showProblem(e);
    } finally {
      confirmButton.disabled = false;
    }
  }

  async function runAgain() {
    rerunButton.disabled = true;
    const spec = {type: job.type, input: job.input, pool: job.pool, priority: job.priority, timeout: job.timeout,
      maxAttempts: job.maxAttempts, labels: job.labels};
    try {
      const created = await api('/api/v1/jobs', {method: 'POST', body: spec});
      ctx.announce(`Submitted job ${created.id}, a copy of ${id}.`);
      ctx.navigate(`#/jobs/${created.id}`);
    } catch (e) {
      showProblem(e);
      rerunButton.disabled = false;
    }
  }

  show();

  let events = null;
  const refetch = async () => {
    try {
      job = await api(`/api/v1/jobs/${id}`);
      show();
    } catch (e) {
      if (e.status === 404) {
        showProblem({message: 'This job is gone: it was deleted.'});
        events?.close();
      }
    }
  };
  if (!ENDED.has(job.status)) {
    events = subscribe(`/api/v1/jobs/${id}/events`, {
      onState: live.set,
      onReset: refetch,
      onEvent: (event, type) => {
        if (type !== 'progress') {
          logSection.hidden = false;
          log.append(h('li', {}, h('time', {datetime: event.time}, timestamp(event.time)), ' ', h('strong', {}, type),
            ` (attempt ${event.attempt})`, event.error ? ` ${event.error.code}: ${event.error.message ?? ''}` : ''));
        }
        if (applyEvent(job, event, type)) show(type !== 'progress');
        if (ENDING.has(type)) {
          events.close();
          live.set('closed');
          live.element.textContent = 'Ended';
          refetch(); // the result, the error, the final timestamps
        }
      },
    });
  } else {
    live.element.hidden = true;
  }
  const ticker = setInterval(() => {
    if (!ENDED.has(job.status)) showTimes();
  }, 1000);
  return () => {
    clearInterval(ticker);
    events?.close();
    if (dialog.open) dialog.close();
  };
}

function progressText(job) {
  const {done = 0, total = 1} = job.progress ?? {};
  return total > 1 ? '' : job.status === 'SUCCEEDED' ? 'done' : job.status === 'RUNNING' ? 'running' : '';
}

function timeFacts(job) {
  return [
    fact('Created', timestamp(job.createdAt)),
    job.runAt ? fact('Runs at', timestamp(job.runAt)) : null,
    fact('Started', timestamp(job.startedAt)),
    fact('Finished', timestamp(job.finishedAt)),
    fact('Waited', job.startedAt ? between(job.createdAt, job.startedAt)
      : job.status === 'QUEUED' ? `${between(job.createdAt)} so far` : '–'),
    fact('Ran', job.startedAt ? between(job.startedAt, job.finishedAt) + (job.finishedAt ? '' : ' so far') : '–'),
  ];
}

function sections(job, times) {
  const labels = Object.entries(job.labels ?? {});
  const result = job.status === 'SUCCEEDED' && job.result !== undefined
    ? h('section', {class: 'card section', 'aria-labelledby': 'result-title'},
      h('h2', {id: 'result-title'}, 'Result'), jsonView(job.result, {name: `job-${job.id}-result.json`, label: 'Result'}))
    : null;
  const error = job.error
    ? h('section', {class: 'card section error-section', 'aria-labelledby': 'error-title'},
      h('h2', {id: 'error-title'}, job.status === 'QUEUED' ? 'Last attempt failed; a retry waits' : 'Error'),
      h('p', {}, h('span', {class: 'error-code'}, job.error.code)),
      !job.error.message ? null : job.error.message.length <= 600 ? h('p', {class: 'error-message'}, job.error.message)
        : jsonView(job.error.message, {name: `job-${job.id}-error.txt`, label: 'Error message', raw: true}))
    : null;
  return [
    result,
    error,
    h('div', {class: 'columns'},
      h('section', {class: 'card section', 'aria-labelledby': 'times-title'},
        h('h2', {id: 'times-title'}, 'Timestamps'),
        times),
      h('section', {class: 'card section', 'aria-labelledby': 'spec-title'},
        h('h2', {id: 'spec-title'}, 'Spec'),
        h('dl', {class: 'facts'},
          fact('Id', h('span', {class: 'mono'}, job.id)),
          fact('Type', job.type),
          fact('Pool', job.pool),
          fact('Tenant', job.tenant),
          fact('Priority', job.priority),
          fact('Timeout', job.timeout),
          fact('Attempts', `${job.attempts} of at most ${job.maxAttempts}`),
          fact('Items', job.progress?.total > 1 ? `${job.progress.total} (a map job)` : '1'),
          fact('Labels', labels.length ? h('span', {class: 'labels'}, labels.map(([k, v]) => h('span', {class: 'label'}, `${k}: ${v}`))) : '–')))),
    job.input !== undefined
      ? h('section', {class: 'card section', 'aria-labelledby': 'input-title'},
        h('h2', {id: 'input-title'}, 'Input'), jsonView(job.input, {name: `job-${job.id}-input.json`, label: 'Input'}))
      : h('section', {class: 'card section', 'aria-labelledby': 'input-title'},
        h('h2', {id: 'input-title'}, 'Input'), h('p', {}, 'A map job: its items are not shown here, so it cannot be run ',
          'again from this page.')),
  ];
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value ?? '–')];
}
