// The "Live" badge: whether the events stream is connected.

import {h} from '../dom.js';

const TEXT = {connecting: 'Connecting…', live: 'Live', closed: 'Not live'};

export function liveBadge() {
  const element = h('span', {class: 'stream-state is-connecting', role: 'status'}, TEXT.connecting);
  return {
    element,
    set(state) {
      element.className = `stream-state is-${state}`;
      element.textContent = TEXT[state] ?? state;
    },
  };
}
