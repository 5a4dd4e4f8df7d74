// A JSON value shown folded when it is large, with a button to download the whole of it.

import {h} from './dom.js';
import {bytes} from './format.js';

const FOLD_AT = 2000; // characters shown before a large value is folded
const SHOW_AT_MOST = 200_000; // characters put in the page even when unfolded; the download has the rest

/** value as indented JSON, or as it is with raw (a message); name: the downloaded file's name. */
export function jsonView(value, {name, label, raw = false}) {
  const text = raw ? String(value) : JSON.stringify(value, null, 2) ?? 'null';
  const size = new Blob([text]).size;
  const kind = raw ? 'text' : 'JSON';
  const download = h('button', {type: 'button', class: 'secondary small', 'aria-label': `Download ${label.toLowerCase()}`,
    onclick: () => save(text, name, raw ? 'text/plain' : 'application/json')}, `Download (${bytes(size)})`);
  if (text.length <= FOLD_AT) {
    return h('div', {class: 'json'}, h('pre', {tabindex: '0', role: 'region', 'aria-label': `${label} (${kind})`}, text), download);
  }
  const shown = text.length > SHOW_AT_MOST
    ? `${text.slice(0, SHOW_AT_MOST)}\n… ${bytes(size - SHOW_AT_MOST)} more: download it to see all`
    : text;
  return h('div', {class: 'json'},
    h('pre', {tabindex: '0', role: 'region', 'aria-label': `${label} (${kind}), the beginning`}, `${text.slice(0, 400)}\n…`),
    h('details', {},
      h('summary', {}, `Show all ${bytes(size)}`),
      h('pre', {tabindex: '0', role: 'region', 'aria-label': `${label} (${kind})`}, shown)),
    download);
}

function save(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const link = h('a', {href: url, download: name, hidden: true});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
