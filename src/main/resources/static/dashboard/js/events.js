// The events stream (Server-Sent Events). EventSource sends the session cookie, reconnects by itself after a
// dropped connection and sends Last-Event-ID then, so the service replays what was missed, or sends `reset`
// when it cannot: the view then reloads what it shows.

import {loadSession, session} from './api.js';

export const EVENT_TYPES = ['submitted', 'started', 'progress', 'succeeded', 'failed', 'retrying', 'cancelled'];
export const ENDING = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Subscribes to url. handlers: onEvent(data, type) for each job event, onReset() after a `reset`, onState(state)
 * with 'connecting', 'live' or 'closed'. Answers {close()}.
 */
export function subscribe(url, {onEvent, onReset = () => {}, onState = () => {}}) {
  let source = null;
  let closed = false;
  let retry = null;

  const open = (afterFailure) => {
    onState('connecting');
    source = new EventSource(url);
    source.addEventListener('open', () => {
      onState('live');
      if (afterFailure) onReset(); // a new stream, not a resumed one: what happened meanwhile is not in it
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        let data;
        try {
          data = JSON.parse(message.data);
        } catch {
          return;
        }
        onEvent(data, type);
      });
    }
    source.addEventListener('reset', () => onReset());
    source.addEventListener('error', async () => {
      if (closed) return;
      if (source.readyState === EventSource.CONNECTING) {
        onState('connecting'); // EventSource tries again by itself, with Last-Event-ID
        return;
      }
      // closed for good: the answer was not a stream (401 once the session ended, 404, 503)
      onState('closed');
      source.close();
      const current = await loadSession().catch(() => undefined);
      if (closed) return;
      if (current === null) {
        session.onLost();
        return;
      }
      retry = setTimeout(() => open(true), 3000);
    });
  };
  open(false);

  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}
