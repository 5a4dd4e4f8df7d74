// Numbers, times and sizes for people.

const seconds = 1000, minutes = 60 * seconds, hours = 60 * minutes, days = 24 * hours;

/** 850ms, 4.2s, 3m 12s, 2h 5m, 3d 4h */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 0) ms = 0;
  if (ms < seconds) return `${Math.round(ms)}ms`;
  if (ms < 10 * seconds) return `${(ms / seconds).toFixed(1)}s`;
  if (ms < minutes) return `${Math.round(ms / seconds)}s`;
  if (ms < hours) return `${Math.floor(ms / minutes)}m ${Math.floor((ms % minutes) / seconds)}s`;
  if (ms < days) return `${Math.floor(ms / hours)}h ${Math.floor((ms % hours) / minutes)}m`;
  return `${Math.floor(ms / days)}d ${Math.floor((ms % days) / hours)}h`;
}

/** Seconds as a duration: 0.004 → 4ms */
export function secondsText(s) {
  return s === null || s === undefined ? '–' : duration(s * 1000);
}

/** How long ago an instant was, from now. */
export function age(iso, now = Date.now()) {
  if (!iso) return '';
  return duration(now - Date.parse(iso));
}

/** Between two instants, the second one now when absent. */
export function between(startIso, endIso, now = Date.now()) {
  if (!startIso) return '';
  return duration((endIso ? Date.parse(endIso) : now) - Date.parse(startIso));
}

/** A local date and time with seconds. */
export function timestamp(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit'});
}

export function bytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** 0, 0.25, 3.4, 120, 4.5k */
export function number(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 10000) return `${(n / 1000).toFixed(abs >= 100000 ? 0 : 1)}k`;
  if (abs >= 100 || Number.isInteger(n)) return String(Math.round(n));
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2).replace(/\.?0+$/, '') || '0';
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '';
}

/** An ISO-8601 duration from the API (PT15M, PT5S) in milliseconds; null if it is none. */
export function isoDurationMs(text) {
  const match = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text ?? '');
  if (!match) return null;
  const [, h, m, s] = match.map(Number);
  return ((h || 0) * 3600 + (m || 0) * 60 + (s || 0)) * 1000;
}
