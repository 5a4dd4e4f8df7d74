// A job type's input: a form generated from its JSON Schema when the schema is a simple object (fields of strings,
// numbers, integers and booleans), a JSON editor otherwise; both check the input against the schema before it is
// sent, with the vendored validator (which needs no eval, so the page's CSP stays strict). The service checks too.

import {Validator} from '../vendor/json-schema/index.js';
import {h, uid} from './dom.js';

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);
const COMBINATORS = new Set(['properties', 'allOf', 'anyOf', 'oneOf', '$ref', 'items', 'prefixItems', 'additionalProperties',
  'patternProperties', 'unevaluatedProperties', 'dependentSchemas', 'if', 'then', 'else', 'not', 'contains']);

/** A schema whose allOf parts are folded into one (the last description wins: it is the most particular). */
export function merged(schema) {
  if (!schema || typeof schema !== 'object' || !Array.isArray(schema.allOf)) return schema ?? {};
  const {allOf, ...rest} = schema;
  return Object.assign({}, ...allOf.map(merged), rest);
}

/** The fields of a simple object schema, or null when a form cannot express it. */
export function simpleFields(schema) {
  const s = merged(schema);
  if (s?.type !== 'object' || !s.properties || typeof s.properties !== 'object') return null;
  const required = new Set(s.required ?? []);
  const fields = [];
  for (const [name, property] of Object.entries(s.properties)) {
    const p = merged(property);
    const type = Array.isArray(p.enum) && !p.type ? 'string' : p.type;
    if (!SCALARS.has(type)) return null;
    fields.push({name, schema: {...p, type}, required: required.has(name)});
  }
  return fields.length ? fields : null;
}

/**
 * A validator for schema; patterns this browser's RegExp cannot read (such as Java's inline (?i)) are left to the
 * service. Answers validate(value) → [{path: ['duration'], message}] (empty when valid).
 */
export function validatorFor(schema) {
  const readable = structuredClone(schema ?? {});
  dropUnreadablePatterns(readable);
  let validator;
  try {
    validator = new Validator(readable, '2020-12', false);
  } catch {
    return () => [];
  }
  return (value) => {
    let result;
    try {
      result = validator.validate(value);
    } catch {
      return [];
    }
    if (result.valid) return [];
    const seen = new Set();
    const problems = [];
    for (const error of result.errors) {
      if (COMBINATORS.has(error.keyword)) continue;
      const problem = describe(error, readable);
      const key = `${problem.path.join('/')}|${problem.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
    return problems.length ? problems : [{path: [], message: 'does not match the type\'s input schema'}];
  };
}

function dropUnreadablePatterns(node) {
  if (Array.isArray(node)) {
    node.forEach(dropUnreadablePatterns);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.pattern === 'string') {
    try {
      new RegExp(node.pattern, 'u');
    } catch {
      delete node.pattern;
    }
  }
  Object.values(node).forEach(dropUnreadablePatterns);
}

function pointer(location) {
  return location.replace(/^#\/?/, '').split('/').filter(Boolean)
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'));
}

function at(schema, path) {
  let node = schema;
  for (const part of path) node = node?.[part];
  return node ?? {};
}

/** A validator's error as {path, message} a person can act on. */
function describe(error, schema) {
  const path = pointer(error.instanceLocation);
  const location = pointer(error.keywordLocation);
  const keyword = location.pop();
  const rule = at(schema, location);
  const quoted = /"([^"]*)"/.exec(error.error)?.[1];
  switch (error.keyword) {
    case 'required': return {path: [...path, quoted], message: 'is required'};
    case 'false': return {path, message: 'is not an input of this job type'};
    case 'type': return {path, message: `must be ${article(rule.type)}`};
    case 'pattern': return {path, message: rule.description ? `must be ${rule.description}` : 'does not have the expected form'};
    case 'format': return {path, message: `must be a valid ${rule.format}`};
    case 'minimum': return {path, message: `must be at least ${rule.minimum}`};
    case 'maximum': return {path, message: `must be at most ${rule.maximum}`};
    case 'exclusiveMinimum': return {path, message: `must be more than ${rule.exclusiveMinimum}`};
    case 'exclusiveMaximum': return {path, message: `must be less than ${rule.exclusiveMaximum}`};
    case 'minLength': return {path, message: `must have at least ${rule.minLength} characters`};
    case 'maxLength': return {path, message: `must have at most ${rule.maxLength} characters`};
    case 'enum': return {path, message: `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}`};
    default: return {path, message: `${error.error} (${keyword})`};
  }
}

function article(type) {
  const text = Array.isArray(type) ? type.join(' or ') : String(type);
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}

/** The path of a problem as a person reads it: input.duration, items[2] */
export function pathText(path, root = 'input') {
  return [root, ...path].reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : `${text}.${part}`));
}

/**
 * Form controls for simple fields. Answers {element, read() → {value, problems}, showProblems(problems)}: read
 * leaves out empty optional fields and turns numbers into numbers.
 */
export function fieldsForm(fields, idPrefix) {
  const controls = new Map();
  const element = h('div', {class: 'schema-fields'}, fields.map((field) => {
    const id = `${idPrefix}-${field.name}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const s = field.schema;
    let control;
    if (Array.isArray(s.enum)) {
      control = h('select', {id, name: field.name},
        field.required ? null : h('option', {value: ''}, '(not set)'),
        s.enum.map((v) => h('option', {value: JSON.stringify(v), selected: s.default === v}, String(v))));
    } else if (s.type === 'boolean') {
      control = h('select', {id, name: field.name},
        field.required ? null : h('option', {value: ''}, '(not set)'),
        h('option', {value: 'true', selected: s.default === true}, 'true'),
        h('option', {value: 'false', selected: s.default === false}, 'false'));
    } else if (s.type === 'integer' || s.type === 'number') {
      control = h('input', {id, name: field.name, type: 'text', inputmode: s.type === 'integer' ? 'numeric' : 'decimal',
        value: s.default ?? '', placeholder: s.examples?.[0] ?? ''});
    } else {
      control = h('input', {id, name: field.name, type: 'text', value: s.default ?? '', maxlength: s.maxLength,
        placeholder: placeholderOf(s), spellcheck: 'false', autocomplete: 'off'});
    }
    control.setAttribute('aria-describedby', `${hintId} ${errorId}`);
    if (field.required) control.setAttribute('aria-required', 'true');
    const error = h('p', {class: 'field-error', id: errorId, hidden: true});
    controls.set(field.name, {field, control, error});
    return h('div', {class: 'field'},
      h('label', {for: id}, field.name, field.required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null,
        h('span', {class: 'type'}, ` ${s.type}`)),
      control,
      h('p', {class: 'hint', id: hintId}, hintOf(s, field.required)),
      error);
  }));

  return {
    element,
    read() {
      const value = {};
      const problems = [];
      for (const [name, {field, control}] of controls) {
        const text = control.value.trim();
        if (text === '') continue;
        const type = field.schema.type;
        if (Array.isArray(field.schema.enum)) {
          value[name] = JSON.parse(control.value);
        } else if (type === 'boolean') {
          value[name] = text === 'true';
        } else if (type === 'integer' || type === 'number') {
          const number = Number(text);
          if (!Number.isFinite(number) || (type === 'integer' && !Number.isInteger(number))) {
            problems.push({path: [name], message: `must be ${article(type)}`});
          } else {
            value[name] = number;
          }
        } else {
          value[name] = control.value;
        }
      }
      return {value, problems};
    },
    showProblems(problems) {
      let first = null;
      for (const {control, error} of controls.values()) {
        error.hidden = true;
        error.textContent = '';
        control.removeAttribute('aria-invalid');
      }
      const rest = [];
      for (const problem of problems) {
        const entry = controls.get(problem.path[0]);
        if (!entry) {
          rest.push(problem);
          continue;
        }
        entry.error.hidden = false;
        entry.error.textContent = `${problem.path[0]} ${problem.message}`;
        entry.control.setAttribute('aria-invalid', 'true');
        first ??= entry.control;
      }
      first?.focus();
      return rest;
    },
  };
}

function hintOf(s, required) {
  const parts = [];
  if (s.description) parts.push(s.description);
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  parts.push(required ? 'required' : 'optional');
  return parts.join('; ');
}

function placeholderOf(s) {
  if (s.examples?.length) return String(s.examples[0]);
  const example = /e\.g\. "([^"]+)"/.exec(s.description ?? '') ?? /such as "([^"]+)"/.exec(s.description ?? '');
  return example ? example[1] : '';
}

/** An example value for a schema, to start the JSON editor with. */
export function exampleOf(schema) {
  const s = merged(schema);
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object': {
      const value = {};
      for (const name of s.required ?? []) value[name] = exampleOf(s.properties?.[name] ?? {});
      return value;
    }
    case 'array': return [];
    case 'integer': return s.minimum ?? 1;
    case 'number': return s.minimum ?? 1;
    case 'boolean': return false;
    case 'string': return placeholderOf(s) || '';
    default: return null;
  }
}

export {uid};
