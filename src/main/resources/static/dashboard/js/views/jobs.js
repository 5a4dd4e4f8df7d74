// Jobs: a page of job summaries, newest first, kept live by the events stream: rows change as their jobs do, and
// on the first page new submissions appear at the top. Filters and the cursor live in the address (#/jobs?...),
// so Back and a bookmark show the same page.

import {api, isAdmin, query} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {subscribe} from '../events.js';
import {age, between, shortId} from '../format.js';
import {applyEvent, jobTypes, problemView, progressBar, STATUSES, statusBadge, summaryOf, UUID} from './common.js';
import {liveBadge} from './live.js';

const LIMIT = 50;
const MAX_ROWS = 500;

export async function render(main, ctx) {
  ctx.setTitle('Jobs');
  const filters = {
    status: ctx.params.get('status') ?? '',
    type: ctx.params.get('type') ?? '',
    pool: ctx.params.get('pool') ?? '',
    label: ctx.params.get('label') ?? '',
  };
  const admin = isAdmin();
  if (admin) filters.tenant = ctx.params.get('tenant') ?? ''; // an admin's listing spans tenants
  const cursor = ctx.params.get('cursor') ?? '';
  const live = liveBadge();
  const problem = h('div', {class: 'problem', role: 'alert', hidden: true});
  const notice = h('div', {class: 'notice', role: 'status', 'aria-live': 'polite'});
  const tbody = h('tbody');
  const empty = h('p', {class: 'empty', hidden: true}, 'No jobs match.');
  const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
  const caption = h('caption', {class: 'sr-only'}, 'Jobs, newest first');

  const columns = ['Id', 'Type', 'Status', 'Pool', 'Progress', 'Age', 'Duration', 'Error'];
  if (admin) columns.push('Tenant');

  const typeSelect = select('type', 'Type', ['', ...[]], filters.type, 'any');
  const filterForm = h('form', {class: 'filters card', role: 'search', 'aria-label': 'Filter jobs'},
    field('Status', select('status', 'Status', ['', ...STATUSES], filters.status, 'any')),
    field('Type', typeSelect),
    field('Pool', select('pool', 'Pool', ['', 'io', 'cpu'], filters.pool, 'any')),
    field('Label (key:value)', h('input', {name: 'label', type: 'text', value: filters.label, placeholder: 'team:search',
      autocomplete: 'off'})),
    admin ? field('Tenant', h('input', {name: 'tenant', type: 'text', value: filters.tenant, placeholder: 'every tenant',
      autocomplete: 'off'})) : null,
    h('div', {class: 'actions'},
      h('button', {type: 'submit'}, 'Apply'),
      h('a', {class: 'button secondary', href: '#/jobs'}, 'Clear')));
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(filterForm);
    const label = String(form.get('label') ?? '').trim();
    if (label && !/^[^:]+:/.test(label)) {
      showProblem({message: 'A label filter is key:value, such as team:search.'});
      return;
    }
    ctx.navigate('#/jobs' + query({status: form.get('status'), type: form.get('type'), pool: form.get('pool'), label,
      tenant: String(form.get('tenant') ?? '').trim()}));
  });

  const idInput = h('input', {id: 'find-id', name: 'id', type: 'search', placeholder: '3f2b8c1e-…', autocomplete: 'off',
    spellcheck: 'false'});
  const findForm = h('form', {class: 'find card', role: 'search', 'aria-label': 'Find a job by id'},
    h('div', {class: 'field'}, h('label', {for: 'find-id'}, 'Job id'), idInput),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Open')));
  findForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = idInput.value.trim().toLowerCase();
    if (UUID.test(text)) {
      ctx.navigate(`#/jobs/${text}`);
      return;
    }
    const matches = [...rows.keys()].filter((id) => text && id.startsWith(text));
    if (matches.length === 1) {
      ctx.navigate(`#/jobs/${matches[0]}`);
      return;
    }
    showProblem({message: matches.length > 1
      ? `${matches.length} jobs on this page start with ${text}: type more of the id.`
      : 'No job on this page starts with that; paste a whole job id (such as 3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17).'});
  });

  replace(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Jobs'), live.element),
    h('div', {class: 'toolbar'}, filterForm, findForm),
    problem,
    notice,
    h('div', {class: 'table-wrap'},
      h('table', {class: 'data jobs', id: 'jobs-table'},
        caption,
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col'}, c)))),
        tbody)),
    empty,
    pager);

  jobTypes().then((types) => {
    for (const t of types) typeSelect.append(h('option', {value: t.name, selected: t.name === filters.type}, t.name));
  }).catch(() => {});

  const rows = new Map(); // id → {job, tr, cells}
  let loaded = false;
  let pending = []; // events that came before the page did, or since the last update
  let timer = null; // the next update of the table
  let disposed = false;
  let missed = 0;

  function showProblem(error) {
    problem.hidden = false;
    replace(problem, problemView(error));
  }

  function renderRow(job) {
    const cells = {
      id: h('td', {'data-label': 'Id'}, h('a', {href: `#/jobs/${job.id}`, class: 'mono', 'aria-label': `Job ${job.id}`}, shortId(job.id))),
      type: h('td', {'data-label': 'Type'}, job.type),
      status: h('td', {'data-label': 'Status'}),
      pool: h('td', {'data-label': 'Pool'}, job.pool),
      progress: h('td', {'data-label': 'Progress'}),
      age: h('td', {'data-label': 'Age', class: 'num'}),
      duration: h('td', {'data-label': 'Duration', class: 'num'}),
      error: h('td', {'data-label': 'Error'}),
    };
    if (admin) cells.tenant = h('td', {'data-label': 'Tenant'}, job.tenant ?? '');
    const tr = h('tr', {dataset: {id: job.id}}, Object.values(cells));
    const row = {job, tr, cells};
    updateRow(row);
    return row;
  }

  function updateRow(row) {
    const {job, cells, tr} = row;
    tr.dataset.status = job.status;
    replace(cells.status, statusBadge(job.status));
    replace(cells.progress, progressBar(job, `Progress of job ${shortId(job.id)}`));
    replace(cells.error, job.error?.code ? h('span', {class: 'error-code', title: job.error.message ?? ''}, job.error.code) : null);
    tick(row);
  }

  function tick(row) {
    const {job, cells} = row;
    cells.age.textContent = age(job.createdAt);
    cells.duration.textContent = job.startedAt ? between(job.startedAt, job.finishedAt) : '–';
  }

  function matchesStatus(job) {
    return !filters.status || filters.status === job.status;
  }

  function flush() {
    timer = null;
    const events = pending;
    pending = [];
    const fresh = [];
    for (const {event, type} of events) {
      const row = rows.get(event.jobId);
      if (row) {
        if (applyEvent(row.job, event, type)) updateRow(row);
      } else if (type === 'submitted' && !cursor && matchesStatus(event)) {
        const added = renderRow(summaryOf(event));
        rows.set(event.jobId, added);
        fresh.unshift(added.tr);
      } else if (filters.status && event.status === filters.status && !cursor) {
        missed += 1;
      }
    }
    if (fresh.length) {
      for (const tr of fresh) tr.classList.add('new');
      tbody.prepend(...fresh);
      empty.hidden = true;
      while (rows.size > MAX_ROWS) {
        const last = tbody.lastElementChild;
        rows.delete(last.dataset.id);
        last.remove();
      }
    }
    if (missed > 0) {
      replace(notice, h('p', {},
        `${missed} more ${missed === 1 ? 'job is' : 'jobs are'} now ${filters.status}. `,
        h('button', {type: 'button', class: 'secondary', onclick: () => load()}, 'Show them')));
    }
  }

  async function load() {
    missed = 0;
    replace(notice);
    loaded = false;
    try {
      const page = await api('/api/v1/jobs' + query({...filters, limit: LIMIT, cursor, view: 'summary'}));
      if (disposed) return;
      problem.hidden = true;
      rows.clear();
      replace(tbody, page.jobs.map((job) => {
        const row = renderRow(job);
        rows.set(job.id, row);
        return row.tr;
      }));
      empty.hidden = page.jobs.length > 0;
      empty.textContent = cursor ? 'No older jobs match.' : Object.values(filters).some(Boolean)
        ? 'No jobs match these filters.' : 'No jobs yet. Submit one from Job types.';
      const base = query(filters);
      replace(pager,
        cursor ? h('a', {class: 'button secondary', href: '#/jobs' + base}, 'Newest') : null,
        page.nextCursor ? h('a', {class: 'button secondary', href: '#/jobs' + query({...filters, cursor: page.nextCursor}),
          rel: 'next'}, 'Older') : null);
      loaded = true;
      schedule();
    } catch (e) {
      if (!disposed && e.status !== 401) showProblem(e);
    }
  }

  function schedule() {
    if (loaded && pending.length && timer === null) timer = setTimeout(flush, 100); // a burst of events, one update
  }

  const [label] = filters.label ? [filters.label] : [];
  const events = subscribe('/api/v1/events' + query({type: filters.type, pool: filters.pool, label, tenant: filters.tenant}), {
    onState: live.set,
    onReset: () => {
      pending = [];
      load();
    },
    onEvent: (event, type) => {
      pending.push({event, type});
      schedule();
    },
  });

  const ticker = setInterval(() => rows.forEach(tick), 1000);
  await load();
  return () => {
    disposed = true;
    clearInterval(ticker);
    clearTimeout(timer);
    events.close();
  };
}

function select(name, label, values, selected, anyText) {
  return h('select', {name, id: `filter-${name}`},
    values.map((v) => h('option', {value: v, selected: v === selected}, v === '' ? anyText : v)));
}

function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hint ?? null);
}
