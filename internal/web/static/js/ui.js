// Small DOM helpers: elements, forms whose server errors land on their
// fields, the loading, empty and error states, tables, paging, toasts.

import { t } from './i18n.js';
import { gql, nodes } from './api.js';

/**
 * Makes an element. props: class, text, html is not offered (no markup
 * from data ever), on<Event> handlers, everything else as an attribute
 * (false and null leave it out). Children: nodes, strings, arrays, null.
 */
export function h(tag, props = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value' && 'value' in el) {
      // The default too, so that form.reset() returns to it.
      if ('defaultValue' in el && el.tagName !== 'SELECT') el.defaultValue = String(v);
      el.value = v;
    }
    else if (k === 'checked' || k === 'selected' || k === 'disabled') { el[k] = !!v; if (v) el.setAttribute(k, ''); }
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let seq = 0;
/** A unique element id. */
export function uid(prefix = 'f') { return `${prefix}-${++seq}`; }

/** The loading state. */
export function loading() {
  return h('div', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('loading'));
}

/** The empty state. */
export function empty(msg = t('empty')) { return h('p', { class: 'state empty' }, msg); }

/** The text for people of an API error. */
export function errorText(err) {
  if (!err) return t('error');
  if (err.code === 'NETWORK') return t('networkError');
  if (err.code === 'FORBIDDEN') return `${t('forbidden')} (${err.message})`;
  if (err.code === 'UNAUTHENTICATED') return t('sessionExpired');
  if (err.code === 'RATE_LIMITED' && err.retryAfterSeconds) return `${err.message} (${err.retryAfterSeconds} s)`;
  return err.message || t('error');
}

/** The error state, with a retry button when retry is given. */
export function errorBox(err, retry) {
  return h('div', { class: 'state error', role: 'alert' },
    h('strong', {}, t('error')), ' ', errorText(err),
    retry ? h('button', { type: 'button', class: 'btn small', onclick: retry }, t('retry')) : null);
}

/**
 * Shows load()'s result in el: the loading state first, then render(data)
 * or the error state with a retry. Only the latest load of an element
 * shows: an older answer that arrives late is dropped. el.dataset.state
 * says loading, ready or error.
 */
export async function section(el, load, render) {
  const mine = (sections.get(el) || 0) + 1;
  sections.set(el, mine);
  el.dataset.state = 'loading';
  mount(el, loading());
  try {
    const data = await load();
    if (sections.get(el) !== mine) return;
    mount(el, render(data));
    el.dataset.state = 'ready';
  } catch (err) {
    if (sections.get(el) !== mine) return;
    if (err && err.name !== 'APIError') console.warn(err); // a bug of ours: keep it visible to developers
    mount(el, errorBox(err, () => section(el, load, render)));
    el.dataset.state = 'error';
  }
}

const sections = new WeakMap();

/**
 * A labelled form field. control is an input, select or textarea with a
 * name; the field's error appears under it when the server names it.
 */
export function field(labelText, control, { hint, wide } = {}) {
  const id = control.id || uid();
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-err`;
  control.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  return h('div', { class: ['field', wide && 'wide'], 'data-field': control.name || null },
    h('label', { for: id }, labelText),
    control,
    hint ? h('small', { id: hintId, class: 'hint' }, hint) : null,
    h('small', { id: errId, class: 'field-error', 'aria-live': 'polite' }));
}

/** A select of values with labels ([value, label] pairs or strings). */
export function select(name, options, { value = '', blank, required } = {}) {
  return h('select', { name, required },
    blank !== undefined ? h('option', { value: '' }, blank) : null,
    options.map((o) => {
      const [v, l] = Array.isArray(o) ? o : [o, o];
      return h('option', { value: v, selected: String(v) === String(value) }, l);
    }));
}

/** Clears the errors a form shows. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const top = form.querySelector('.form-error');
  if (top) top.replaceChildren();
}

/**
 * Shows err on form: on the field the server named (extensions.field, the
 * last part of a dotted name as well, e.g. decree.number), else on top.
 * The field with the error gets the focus.
 */
export function showError(form, err) {
  clearErrors(form);
  const candidates = err && err.field ? [err.field, err.field.split('.').pop(), err.field.replace(/\./g, '-')] : [];
  for (const name of candidates) {
    const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (wrap) {
      const msg = wrap.querySelector('.field-error');
      msg.textContent = errorText(err);
      const control = wrap.querySelector(`[name="${CSS.escape(name)}"]`) || wrap.querySelector('select, textarea, input');
      if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
      return;
    }
  }
  let top = form.querySelector('.form-error');
  if (!top) { top = h('div', { class: 'form-error', role: 'alert' }); form.prepend(top); }
  mount(top, errorText(err));
}

/**
 * Wires a form: on submit, collects the named values, runs action(values)
 * with the submit button disabled, and shows errors on the fields.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const values = Object.fromEntries(new FormData(form).entries());
    const buttons = form.querySelectorAll('button[type=submit]');
    buttons.forEach((b) => { b.disabled = true; b.setAttribute('aria-busy', 'true'); });
    try {
      await action(values, ev.submitter);
    } catch (err) {
      if (err && err.name !== 'APIError') console.warn(err);
      showError(form, err);
    } finally {
      buttons.forEach((b) => { b.disabled = false; b.removeAttribute('aria-busy'); });
    }
  });
  return form;
}

/** A table: columns are [header, cell(row) → node|string, class?]. */
export function table(columns, rows, { caption, rowClass, compact } = {}) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption || null },
    h('table', { class: compact ? 'compact' : null },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(([head, , cls]) => h('th', { scope: 'col', class: cls }, head)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: rowClass ? rowClass(r) : null },
        columns.map(([, cell, cls]) => h('td', { class: cls }, cell(r))))))));
}

/** A status badge. */
export function badge(text, tone = '') { return h('span', { class: ['badge', tone && `tone-${tone}`] }, text); }

let toastTimer = null;
/** A short message in the polite live region. */
export function toast(msg, tone = 'ok') {
  const el = document.getElementById('toast');
  if (!el) return;
  mount(el, h('div', { class: ['toast-msg', `tone-${tone}`] }, msg));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.replaceChildren(), 6000);
}

/** A button that copies text and says so. */
export function copyButton(text, labelText = t('copy')) {
  const b = h('button', { type: 'button', class: 'btn small secondary' }, labelText);
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard API (plain http on another host): select the text.
      const ta = h('textarea', { class: 'sr-only', 'aria-hidden': 'true' });
      ta.value = text;
      document.body.append(ta);
      ta.select();
      try { document.execCommand('copy'); } catch { /* the user copies by hand */ }
      ta.remove();
    }
    b.textContent = t('copied');
    setTimeout(() => { b.textContent = labelText; }, 2000);
  });
  return b;
}

/** A definition list of [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? t('none'))]));
}

/** A card with a heading. */
export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...body);
}

function debounce(fn, ms) {
  let timer;
  return (...a) => { clearTimeout(timer); timer = setTimeout(() => fn(...a), ms); };
}

/**
 * A unit picker: a search box and a select of matching units (units are
 * public). The select carries name, so its value is the unit's ID.
 * where narrows the units (e.g. a subtree); current preselects one.
 */
export function unitPicker(name, labelText, { where = {}, current, required } = {}) {
  const id = uid('unit');
  // The current unit is there at once, so the form can be sent before the
  // list arrives.
  const sel = h('select', { name, id, required },
    current ? h('option', { value: current.id, selected: true }, current.name) : h('option', { value: '' }, t('loading')));
  const search = h('input', { type: 'search', placeholder: t('unitSearch'), 'aria-label': `${labelText}: ${t('unitSearch')}`, autocomplete: 'off' });
  async function load(q) {
    const w = { ...where };
    if (q) w.nameContainsFold = q;
    try {
      const d = await gql('query Units($w: UnitWhereInput) { units(first: 50, where: $w, orderBy: [{field: PATH}]) { edges { node { id name code } } } }', { w });
      const keep = sel.value || (current && current.id);
      mount(sel, h('option', { value: '' }, t('selectNone')),
        current && !q ? h('option', { value: current.id }, current.name) : null,
        nodes(d.units).filter((u) => !current || q || u.id !== current.id).map((u) => h('option', { value: u.id }, `${u.name} (${u.code})`)));
      if (keep) sel.value = keep;
    } catch (err) {
      mount(sel, h('option', { value: '' }, errorText(err)));
    }
  }
  search.addEventListener('input', debounce(() => load(search.value.trim()), 250));
  load('');
  const f = field(labelText, sel);
  f.insertBefore(search, sel);
  return f;
}

/** Previous/next paging over a relay connection. */
export function pager(pageInfo, totalCount, page, go) {
  return h('nav', { class: 'pager', 'aria-label': 'paging' },
    h('button', { type: 'button', class: 'btn small secondary', disabled: page <= 1, onclick: () => go(-1) }, t('prev')),
    h('span', {}, t('pageOf', page, totalCount.toLocaleString('id-ID'))),
    h('button', { type: 'button', class: 'btn small secondary', disabled: !pageInfo.hasNextPage, onclick: () => go(1) }, t('next')));
}

/** The connection state of a live feed, for people. */
export function connectionState(el) {
  return (state) => {
    const map = { connecting: ['connecting', 'warn'], live: ['live', 'ok'], reconnecting: ['reconnecting', 'warn'], closed: ['offline', 'muted'] };
    const [k, tone] = map[state] || map.closed;
    el.className = `conn tone-${tone}`;
    el.dataset.state = state;
    el.textContent = t(k);
  };
}
