// Job types: what each type does and takes, and a form to submit one.

import {api, can} from '../api.js';
import {h, replace} from '../dom.js';
import {exampleOf, fieldsForm, pathText, simpleFields, validatorFor} from '../schema-form.js';
import {jobTypes, problemView} from './common.js';

export async function render(main, ctx) {
  ctx.setTitle('Job types');
  let types;
  try {
    types = await jobTypes();
  } catch (e) {
    if (e.status !== 401) replace(main, h('h1', {}, 'Job types'), h('div', {class: 'problem', role: 'alert'}, problemView(e)));
    return;
  }
  const chosen = types.find((t) => t.name === ctx.arg) ?? types[0];
  if (chosen) ctx.setTitle(`${chosen.name} · Job types`);
  replace(main,
    h('h1', {}, 'Job types'),
    h('nav', {class: 'type-list', 'aria-label': 'Job types'},
      h('ul', {}, types.map((t) => h('li', {},
        h('a', {href: `#/types/${encodeURIComponent(t.name)}`, 'aria-current': t === chosen ? 'page' : false},
          t.name, h('span', {class: 'pool'}, t.pool)))))),
    chosen ? typeCard(chosen, ctx) : h('p', {}, 'No job types are registered.'));
}

function typeCard(type, ctx) {
  const prefix = `type-${type.name}`;
  const schema = type.inputSchema ?? {};
  const fields = simpleFields(schema);
  const validate = validatorFor(schema);
  const mayRun = can('submit');

  return h('article', {class: 'card type-card', 'aria-labelledby': `${prefix}-title`},
    h('h2', {id: `${prefix}-title`}, type.name, ' ',
      h('span', {class: 'badge'}, `${type.pool} pool`)),
    h('p', {class: 'description'}, withCode(type.description ?? '')),
    (type.allowedPools?.length ?? 0) > 1 ? h('p', {class: 'subtle'}, `Runs on: ${type.allowedPools.join(' or ')}`) : null,
    h('details', {class: 'schema'},
      h('summary', {}, 'Input schema'),
      h('pre', {tabindex: '0', role: 'region', 'aria-label': `Input schema of ${type.name}`}, JSON.stringify(schema, null, 2))),
    mayRun ? submitForm(type, prefix, fields, validate, ctx)
      : h('p', {class: 'notice'}, 'Your key may read jobs but not submit them (it lacks the submit role).'));
}

function submitForm(type, prefix, fields, validate, ctx) {
  const problem = h('div', {class: 'problem', role: 'alert', id: `${prefix}-problem`, hidden: true});
  const form = fields ? fieldsForm(fields, prefix) : null;
  let mode = form ? 'form' : 'json';

  const jsonId = `${prefix}-json`;
  const mapId = `${prefix}-map`;
  const editor = h('textarea', {id: jsonId, name: 'input', rows: 8, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `${jsonId}-hint ${prefix}-problem`, class: 'mono'}, JSON.stringify(exampleOf(type.inputSchema), null, 2));
  const mapBox = h('input', {id: mapId, type: 'checkbox', name: 'map'});
  const jsonPart = h('div', {class: 'json-editor', hidden: mode !== 'json'},
    h('div', {class: 'field'},
      h('label', {for: jsonId}, 'Input (JSON)'),
      editor,
      h('p', {class: 'hint', id: `${jsonId}-hint`}, 'Checked against the input schema above before it is sent.')),
    h('div', {class: 'field check'}, mapBox,
      h('label', {for: mapId}, 'Map over items: the JSON is a list of inputs, one item each (like Pool.map)')));
  const formPart = form ? h('div', {hidden: mode !== 'form'}, form.element) : null;
  const toggle = form ? h('button', {type: 'button', class: 'secondary small', 'aria-controls': `${prefix}-inputs`},
    'Edit as JSON') : null;
  toggle?.addEventListener('click', () => {
    if (mode === 'form') {
      const {value} = form.read();
      editor.value = JSON.stringify(value, null, 2);
      mode = 'json';
    } else {
      mode = 'form';
    }
    jsonPart.hidden = mode !== 'json';
    formPart.hidden = mode !== 'form';
    toggle.textContent = mode === 'form' ? 'Edit as JSON' : 'Use the form';
    (mode === 'json' ? editor : form.element.querySelector('input, select'))?.focus();
  });

  const options = optionsPart(type, prefix);
  const submit = h('button', {type: 'submit'}, `Submit ${type.name} job`);
  const check = h('button', {type: 'button', class: 'secondary'}, 'Check input');
  const el = h('form', {class: 'submit-form', novalidate: true, 'aria-labelledby': `${prefix}-form-title`},
    h('div', {class: 'form-head'}, h('h3', {id: `${prefix}-form-title`}, `New ${type.name} job`), toggle),
    h('div', {id: `${prefix}-inputs`}, formPart, jsonPart),
    options.element,
    problem,
    h('div', {class: 'actions'}, submit, check));

  const showProblems = (messages) => {
    problem.hidden = messages.length === 0;
    replace(problem, messages.length ? [h('p', {}, 'Please fix the input:'), h('ul', {}, messages.map((m) => h('li', {}, m)))] : null);
  };

  /** The input to send, or null after showing why it cannot be sent. */
  const readInput = () => {
    showProblems([]);
    if (mode === 'form') {
      const {value, problems} = form.read();
      const all = problems.length ? problems : validate(value);
      const rest = form.showProblems(all);
      if (rest.length) showProblems(rest.map((p) => `${pathText(p.path)} ${p.message}`));
      return all.length ? null : {input: value};
    }
    let value;
    try {
      value = JSON.parse(editor.value);
    } catch (e) {
      showProblems([`The input is not JSON: ${e.message}`]);
      editor.setAttribute('aria-invalid', 'true');
      editor.focus();
      return null;
    }
    let problems;
    if (mapBox.checked) {
      if (!Array.isArray(value) || value.length === 0) {
        problems = ['With "Map over items", the input is a list of one or more inputs: [ ... ]'];
      } else {
        problems = value.flatMap((item, i) => validate(item).map((p) => `${pathText([i, ...p.path], 'items')} ${p.message}`));
      }
    } else {
      problems = validate(value).map((p) => `${pathText(p.path)} ${p.message}`);
    }
    if (problems.length) {
      showProblems(problems);
      editor.setAttribute('aria-invalid', 'true');
      editor.focus();
      return null;
    }
    editor.removeAttribute('aria-invalid');
    return mapBox.checked ? {items: value} : {input: value};
  };

  check.addEventListener('click', () => {
    if (readInput()) {
      problem.hidden = false;
      replace(problem, h('p', {class: 'ok'}, 'The input matches the schema.'));
    }
  });

  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = readInput();
    if (!input) return;
    const spec = options.read();
    if (!spec) return;
    submit.disabled = true;
    try {
      const job = await api('/api/v1/jobs', {method: 'POST', body: {type: type.name, ...input, ...spec}});
      ctx.announce(`Submitted ${type.name} job ${job.id}.`);
      ctx.navigate(`#/jobs/${job.id}`);
    } catch (e) {
      problem.hidden = false;
      replace(problem, problemView(e));
      if (form && mode === 'form') {
        form.showProblems(e.violations.filter((v) => v.field?.startsWith('input.'))
          .map((v) => ({path: [v.field.slice('input.'.length)], message: v.message})));
      }
    } finally {
      submit.disabled = false;
    }
  });
  return el;
}

/** The spec's other fields: pool, priority, timeout, attempts, delay, labels. */
function optionsPart(type, prefix) {
  const pools = type.allowedPools ?? [type.pool];
  const control = (name, attrs) => h('input', {id: `${prefix}-${name}`, name, type: 'text', autocomplete: 'off', ...attrs});
  const pool = h('select', {id: `${prefix}-pool`, name: 'pool'},
    h('option', {value: ''}, `auto (${type.pool})`), pools.map((p) => h('option', {value: p}, p)));
  const priority = control('priority', {inputmode: 'numeric', placeholder: '0'});
  const timeout = control('timeout', {placeholder: 'e.g. 30s'});
  const maxAttempts = control('maxAttempts', {inputmode: 'numeric', placeholder: '1'});
  const delay = control('delay', {placeholder: 'e.g. 10s'});
  const labels = control('labels', {placeholder: 'team:search, env:dev'});
  const error = h('p', {class: 'field-error', role: 'alert', hidden: true});
  const row = (label, input, hint) => h('div', {class: 'field'},
    h('label', {for: input.id}, label), input, hint ? h('p', {class: 'hint', id: `${input.id}-hint`}, hint) : null);
  for (const input of [timeout, delay, labels, priority, maxAttempts]) input.setAttribute('aria-describedby', `${input.id}-hint`);
  const element = h('details', {class: 'options'},
    h('summary', {}, 'Options: pool, priority, timeout, attempts, delay, labels'),
    h('div', {class: 'option-grid'},
      row('Pool', pool),
      row('Priority', priority, '-1000 to 1000; higher runs first'),
      row('Timeout', timeout, 'fail with TIMED_OUT after this long'),
      row('Max attempts', maxAttempts, 'for failures the handler marks retryable'),
      row('Delay', delay, 'start no sooner than this long from now'),
      row('Labels', labels, 'key:value, separated by commas')),
    error);
  return {
    element,
    read() {
      const spec = {};
      error.hidden = true;
      if (pool.value) spec.pool = pool.value;
      for (const [name, input] of [['priority', priority], ['maxAttempts', maxAttempts]]) {
        const text = input.value.trim();
        if (!text) continue;
        if (!/^-?\d+$/.test(text)) return fail(`${name} must be a whole number`, input);
        spec[name] = Number(text);
      }
      if (timeout.value.trim()) spec.timeout = timeout.value.trim();
      if (delay.value.trim()) spec.delay = delay.value.trim();
      const labelText = labels.value.trim();
      if (labelText) {
        spec.labels = {};
        for (const pair of labelText.split(',').map((p) => p.trim()).filter(Boolean)) {
          const colon = pair.indexOf(':');
          if (colon <= 0) return fail(`label "${pair}" is not key:value`, labels);
          spec.labels[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
        }
      }
      return spec;
    },
  };

  function fail(text, input) {
    element.open = true;
    error.hidden = false;
    error.textContent = text;
    input.focus();
    return null;
  }
}

/** Text with `code` spans, as job type descriptions write them. */
function withCode(text) {
  return text.split(/(`[^`]+`)/).map((part) => (/^`[^`]+`$/.test(part) ? h('code', {}, part.slice(1, -1)) : part));
}
