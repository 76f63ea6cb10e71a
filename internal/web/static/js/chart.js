// SVG charts drawn by hand: horizontal bars, stacked shares, and the
// schematic map of Lampung's 15 regencies and cities.

import { h } from './ui.js';
import { num } from './i18n.js';

const s = (tag, props, ...c) => h(`svg:${tag}`, props, ...c);

/**
 * Horizontal bars: rows of {label, value}; format writes a value. The
 * chart is an image with a text alternative; the numbers are also drawn.
 */
export function bars(rows, { format = (v) => num(v, 1), title = '', tone = 'primary', wide = false } = {}) {
  const max = Math.max(0, ...rows.map((r) => (r.value == null ? 0 : Math.abs(r.value))));
  const rowH = 24;
  const labelW = wide ? 210 : 150;
  const width = wide ? 600 : 440;
  const barW = width - labelW - 80;
  const height = rows.length * rowH + 8;
  const short = (l) => {
    const s = l.replace(/Kabupaten /g, 'Kab. ');
    return s.length > 27 ? `${s.slice(0, 26)}…` : s;
  };
  return s('svg', { class: `chart bars tone-${tone}`, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'xMinYMin meet' },
    s('title', {}, title),
    rows.map((r, i) => {
      const y = i * rowH + 4;
      const w = max ? (Math.abs(r.value || 0) / max) * barW : 0;
      return s('g', { class: 'bar' },
        s('title', {}, `${r.label}: ${format(r.value)}`),
        s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, short(r.label)),
        s('rect', { x: labelW, y: y + 3, width: Math.max(w, r.value ? 1 : 0), height: rowH - 8, rx: 3, class: r.value < 0 ? 'neg' : 'pos' }),
        s('text', { x: labelW + w + 6, y: y + 16, class: 'value' }, format(r.value)));
    }));
}

/** A single stacked bar of parts {label, value, cls} with a legend. */
export function stacked(parts, { title = '', format = (v) => num(v) } = {}) {
  const total = parts.reduce((a, p) => a + (p.value || 0), 0);
  let x = 0;
  return h('figure', { class: 'stacked' },
    s('svg', { viewBox: '0 0 400 28', role: 'img', 'aria-label': title, preserveAspectRatio: 'none', class: 'chart stack' },
      s('title', {}, title),
      parts.map((p) => {
        const w = total ? (p.value / total) * 400 : 0;
        const r = s('rect', { x, y: 0, width: w, height: 28, class: p.cls }, s('title', {}, `${p.label}: ${format(p.value)}`));
        x += w;
        return r;
      })),
    h('figcaption', { class: 'legend' }, parts.map((p) => h('span', {}, h('i', { class: `swatch ${p.cls}`, 'aria-hidden': 'true' }), `${p.label}: ${format(p.value)}`))));
}

// Schematic shapes of the regencies and cities (Kemendagri codes), placed
// roughly where they lie: the west coast on the left, the Sunda Strait at
// the bottom, Mesuji in the north-east. Not to scale.
const SHAPES = {
  '18.13': { name: 'Pesisir Barat', points: '10,120 60,110 75,200 95,300 70,340 35,300 15,210', lx: 52, ly: 262 },
  '18.01': { name: 'Lampung Barat', points: '60,40 150,40 160,130 130,190 75,200 60,110', lx: 108, ly: 120 },
  '18.07': { name: 'Way Kanan', points: '150,10 270,10 275,90 230,110 160,130 150,40', lx: 210, ly: 60 },
  '18.12': { name: 'Tulang Bawang Barat', short: 'Tuba Barat', points: '270,10 320,40 330,120 280,130 230,110 275,90', lx: 282, ly: 85 },
  '18.11': { name: 'Mesuji', points: '270,10 400,0 410,60 330,70 320,40', lx: 362, ly: 38 },
  '18.08': { name: 'Tulang Bawang', points: '330,70 410,60 420,190 340,200 330,120', lx: 375, ly: 135 },
  '18.06': { name: 'Lampung Utara', points: '160,130 230,110 280,130 270,190 180,200 130,190', lx: 205, ly: 162 },
  '18.05': { name: 'Lampung Tengah', points: '180,200 270,190 280,130 330,120 340,200 320,260 230,270 190,250', lx: 250, ly: 225 },
  '18.72': { name: 'Metro', points: '322,222 348,218 352,242 326,246', lx: 318, ly: 212, small: true },
  '18.04': { name: 'Lampung Timur', points: '340,200 420,190 425,320 360,330 320,260', lx: 382, ly: 282 },
  '18.02': { name: 'Tanggamus', points: '75,200 130,190 180,200 190,250 170,320 120,360 95,300', lx: 135, ly: 270 },
  '18.10': { name: 'Pringsewu', points: '190,250 230,270 220,300 172,300', lx: 200, ly: 283, small: true },
  '18.09': { name: 'Pesawaran', points: '172,300 220,300 230,270 270,280 265,340 200,370 170,320', lx: 216, ly: 322 },
  '18.71': { name: 'Bandar Lampung', points: '270,280 300,290 302,330 266,338', lx: 250, ly: 352, small: true },
  '18.03': { name: 'Lampung Selatan', points: '300,290 320,260 360,330 425,320 400,400 330,410 280,380 266,338 302,330', lx: 350, ly: 375 },
};

/**
 * The map: regions is [{code, name, remote, value, detail}] and the colour
 * of a shape grows with value (e.g. a shortage); legend names the measure.
 */
export function lampungMap(regions, { title, legend, format = (v) => num(v) }) {
  const max = Math.max(1, ...regions.map((r) => r.value || 0));
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const shade = (v) => {
    if (!v || v <= 0) return 0;
    return Math.min(5, 1 + Math.floor((v / max) * 4.999));
  };
  const shapes = Object.entries(SHAPES);
  // Small cities last, so that they are drawn over their neighbours.
  shapes.sort((a, b) => (a[1].small ? 1 : 0) - (b[1].small ? 1 : 0));
  // Shapes first, then every label over them, so that no neighbour hides one.
  return h('figure', { class: 'map' },
    s('svg', { viewBox: '0 -5 435 425', role: 'group', 'aria-label': title, class: 'chart lampung' },
      s('title', {}, title),
      shapes.map(([code, sh]) => {
        const r = byCode.get(code) || { name: sh.name, value: null };
        const text = `${r.name || sh.name}: ${format(r.value)}${r.detail ? ` — ${r.detail}` : ''}`;
        return s('g', { class: ['region', `shade-${shade(r.value)}`, r.remote && 'remote'].filter(Boolean).join(' '), 'data-code': code, tabindex: '0', 'aria-label': text },
          s('title', {}, text),
          s('polygon', { points: sh.points }));
      }),
      s('g', { class: 'labels', 'aria-hidden': 'true' }, shapes.map(([code, sh]) => {
        const r = byCode.get(code) || { value: null };
        return [
          s('text', { x: sh.lx, y: sh.ly, 'text-anchor': 'middle', class: 'region-name' }, sh.short || sh.name),
          s('text', { x: sh.lx, y: sh.ly + 12, 'text-anchor': 'middle', class: 'region-value' }, r.value == null ? '' : format(r.value)),
        ];
      }))),
    h('figcaption', { class: 'legend' },
      legend,
      h('span', { class: 'scale' }, [0, 1, 2, 3, 4, 5].map((i) => h('i', { class: `swatch shade-${i}`, 'aria-hidden': 'true' }))),
      h('span', {}, `0 – ${format(max)}`)));
}
