// Line charts over time, drawn as SVG at the width they are shown at (no chart library: a few polylines).

import {h, replace, svg} from './dom.js';
import {clock} from './format.js';

const HEIGHT = 150;
const MARGIN = {top: 10, right: 10, bottom: 22, left: 46};

/** A round number at or above the largest value: 1, 2, 2.5, 5 × 10^n */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/**
 * A chart: title, series [{name, key}], format(value) for labels. Answers {element, update(times, valuesByKey)}.
 * Series are told apart by colour and by dash, and their latest values are written out beside the legend.
 */
export function lineChart({id, title, series, format}) {
  const caption = h('figcaption', {id: `${id}-title`}, title);
  const plot = h('div', {class: 'plot'});
  const legend = h('ul', {class: 'legend'});
  const figure = h('figure', {class: 'chart card', id}, caption, plot, legend);
  let data = null;
  let width = 0;

  const draw = () => {
    if (!data) return;
    width = Math.max(240, Math.floor(plot.clientWidth || 320));
    // steps before the service (or this replica) started have no values: the chart begins with the first that has
    const has = (j) => series.some((s) => data.values[s.key]?.[j] !== null && data.values[s.key]?.[j] !== undefined);
    let first = Math.max(0, data.times.findIndex((_, j) => has(j)));
    first = Math.min(first, Math.max(0, data.times.length - 2)); // two steps at least, for a line
    const times = data.times.slice(first);
    const values = Object.fromEntries(series.map((s) => [s.key, (data.values[s.key] ?? []).slice(first)]));
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
    let top = 0;
    for (const s of series) for (const v of values[s.key] ?? []) if (v > top) top = v;
    const yMax = niceMax(top);
    const t0 = times[0] ?? Date.now() - 15 * 60 * 1000;
    const t1 = times[times.length - 1] ?? Date.now();
    const span = Math.max(1, t1 - t0);
    const x = (t) => MARGIN.left + ((t - t0) / span) * innerW;
    const y = (v) => MARGIN.top + innerH - (v / yMax) * innerH;

    const parts = [];
    for (const tick of [0, yMax / 2, yMax]) {
      parts.push(svg('line', {class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick)}));
      parts.push(svg('text', {class: 'axis', x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end'}, format(tick)));
    }
    parts.push(svg('text', {class: 'axis', x: MARGIN.left, y: HEIGHT - 6, 'text-anchor': 'start'}, clock(t0)));
    parts.push(svg('text', {class: 'axis', x: width - MARGIN.right, y: HEIGHT - 6, 'text-anchor': 'end'}, 'now'));
    series.forEach((s, i) => {
      const list = values[s.key] ?? [];
      let d = '';
      let pen = false;
      list.forEach((v, j) => {
        if (v === null || v === undefined || times[j] === undefined) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${x(times[j]).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      });
      if (d) parts.push(svg('path', {class: `line s${i}`, d}));
    });
    const latest = series.map((s) => `${s.name} ${format(last(values[s.key]))}`).join(', ');
    replace(plot, svg('svg', {
      width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
      'aria-label': `${title}, since ${clock(t0)}; now: ${latest}`,
    }, parts));
    replace(legend, series.map((s, i) => h('li', {},
      svg('svg', {width: 22, height: 10, 'aria-hidden': 'true', class: 'swatch'},
        svg('line', {class: `line s${i}`, x1: 1, x2: 21, y1: 5, y2: 5})),
      ` ${s.name} `, h('strong', {}, format(last(values[s.key]))))));
  };

  const resize = new ResizeObserver(() => {
    if (Math.floor(plot.clientWidth) !== width) draw();
  });
  resize.observe(plot);

  return {
    element: figure,
    update(times, values) {
      data = {times, values};
      draw();
    },
    dispose() {
      resize.disconnect();
    },
  };
}

function last(list) {
  if (!list) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i] !== null && list[i] !== undefined) return list[i];
  return null;
}
