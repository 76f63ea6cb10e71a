// Leaders' and HR officers' complaint desk: the live inbox fed by
// complaintFeed (resuming after its last cursor when the connection
// drops), the overdue complaints, and the handling actions on one complaint.

import { t, label, enumValues, dateTime, date } from './i18n.js';
import { gql, nodes, subscribe } from './api.js';
import {
  h, mount, field, select, onSubmit, section, card, facts, badge, table, empty, errorBox,
  connectionState, toast, unitPicker,
} from './ui.js';
import { statusTone } from './citizen.js';

const OPEN = ['RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'POSTPONED', 'ANSWERED'];
const ROW = 'id trackingID title status category privacy receivedAt verifyDue answerDue settleDue overdue unit { name } region { name }';

// The last feed cursor this tab processed: coming back to the inbox
// resumes after it.
let lastCursor = null;

function overdueText(c) {
  return c.overdue.length ? c.overdue.map((k) => t('overdueKinds')[k]).join(', ') : '';
}

function dueOf(c) {
  if (c.status === 'RECEIVED') return c.verifyDue;
  if (['VERIFIED', 'IN_PROGRESS', 'POSTPONED'].includes(c.status)) return c.answerDue;
  return c.settleDue;
}

/**
 * The live inbox: the complaints of the viewer's unit subtree (everyone
 * sees the public ones; the inbox is about those the viewer handles).
 */
export function inbox(main, _p, session) {
  const scope = session.me.unit;
  const inScope = (w) => (scope ? { ...w, hasUnitWith: [{ pathHasPrefix: scope.path }] } : w);
  const conn = h('span', { class: 'conn', id: 'inbox-conn' });
  const list = h('div', { id: 'inbox-list' });
  const overdue = h('div', {});
  const rows = new Map();
  let order = [];
  const draw = () => mount(list, order.length
    ? table([
      [t('trackingId'), (c) => h('a', { class: 'nowrap', href: `#/complaints/${encodeURIComponent(c.id)}` }, c.trackingID)],
      [t('cTitle'), (c) => h('span', {}, c.fresh ? badge(t('newEvent'), 'info') : null, ' ', c.title)],
      [t('status'), (c) => badge(label('ComplaintStatus', c.status), statusTone(c.status))],
      [t('unitResponsible'), (c) => (c.unit ? c.unit.name : t('none'))],
      [t('received'), (c) => dateTime(c.receivedAt)],
      [t('deadlines'), (c) => h('span', { class: c.overdue.length ? 'bad' : '' }, date(dueOf(c)), c.overdue.length ? ` · ${overdueText(c)}` : '')],
    ], order.map((k) => rows.get(k)), { caption: t('inboxTitle'), rowClass: (c) => (c.fresh ? 'fresh' : null), compact: true })
    : empty());
  const put = (c, fresh) => {
    rows.set(c.id, { ...c, fresh });
    order = [c.id, ...order.filter((k) => k !== c.id)];
  };
  let ready = false;
  const pending = [];
  let wasLive = false;
  const setState = connectionState(conn);
  // The list as the server has it now; after a reconnect, the complaints
  // not seen before are marked new.
  const load = (again) => section(list, () => gql(`query Inbox($w: ComplaintWhereInput) { complaints(first: 30, where: $w, orderBy: [{field: RECEIVED_AT, direction: DESC}]) { totalCount edges { node { ${ROW} } } } }`,
    { w: inScope({ statusIn: OPEN }) }), (d) => {
    for (const c of nodes(d.complaints).reverse()) {
      if (!again || !rows.has(c.id) || rows.get(c.id).status !== c.status) put(c, again);
    }
    for (const c of pending.splice(0)) put(c, true);
    ready = true;
    draw();
    return list.firstChild;
  });
  const stop = subscribe({
    query: `subscription Inbox($after: String, $filter: ComplaintFeedFilter) { complaintFeed(after: $after, filter: $filter) { cursor kind occurredAt complaint { ${ROW} } } }`,
    variables: () => ({ after: lastCursor, filter: scope ? { unitIDs: [scope.id] } : null }),
    onData: (d) => {
      lastCursor = d.complaintFeed.cursor;
      if (!ready) { pending.push(d.complaintFeed.complaint); return; }
      put(d.complaintFeed.complaint, true);
      draw();
      if (d.complaintFeed.kind === 'SUBMITTED') toast(`${t('events').SUBMITTED}: ${d.complaintFeed.complaint.title}`, 'info');
    },
    onState: (state) => {
      setState(state);
      // With a cursor the server replays what the outage hid; without one
      // (no event yet since the page opened) the list is read again.
      if (state === 'live' && wasLive && !lastCursor) load(true);
      if (state === 'live') wasLive = true;
    },
    onError: (err) => mount(list, errorBox(err)),
  });
  load(false);
  section(overdue, () => gql(`query Overdue($w: ComplaintWhereInput) { overdueComplaints(first: 5, where: $w) { totalCount edges { node { ${ROW} } } } }`, { w: inScope({}) }), (d) => {
    const items = nodes(d.overdueComplaints);
    if (!items.length) return empty(t('overdueNone'));
    return h('div', {}, table([
      [t('trackingId'), (c) => h('a', { class: 'nowrap', href: `#/complaints/${encodeURIComponent(c.id)}` }, c.trackingID)],
      [t('cTitle'), (c) => c.title],
      [t('status'), (c) => badge(label('ComplaintStatus', c.status), statusTone(c.status))],
      [t('overdueTitle'), (c) => h('span', { class: 'bad' }, overdueText(c))],
      [t('deadlines'), (c) => date(dueOf(c))],
    ], items, { caption: t('overdueTitle'), compact: true }),
    d.overdueComplaints.totalCount > items.length ? h('p', { class: 'muted overdue-more' }, t('shownOf', items.length, d.overdueComplaints.totalCount)) : null);
  });
  mount(main,
    h('div', { class: 'page-head' }, h('h1', {}, t('inboxTitle')), conn),
    h('p', { class: 'lead' }, t('inboxIntro')),
    h('div', { class: 'grid inbox' }, card(t('overdueTitle'), overdue), card(t('openOnly'), list)));
  return stop;
}

const DETAIL = `id trackingID title body status statusReason class category channel privacy location
  receivedAt forwardedAt answeredAt settledAt verifyDue answerDue settleDue overdue nextStatuses
  reporterName reporterContact rating ratingComment
  region { name } unit { id name path } officer { id name }
  responses { id kind body author createdAt }`;

/** One complaint with its handling actions. */
export function detail(main, { id }) {
  const box = h('div', {});
  const load = async () => {
    const d = await gql(`query C($id: ID!) { node(id: $id) { ... on Complaint { ${DETAIL} } } }`, { id });
    if (!d.node) throw Object.assign(new Error(t('notFound')), { name: 'APIError', code: 'NOT_FOUND' });
    return d.node;
  };
  const show = () => section(box, load, (c) => view(c, show));
  show();
  // Another handler's change shows here at once.
  let wasLive = false;
  const stop = subscribe({
    query: 'subscription($after: String) { complaintFeed(after: $after) { cursor complaint { id } } }',
    variables: () => ({ after: null }),
    onData: (d) => { if (d.complaintFeed.complaint.id === id) show(); },
    // After an outage, read the complaint again rather than replay the feed.
    onState: (state) => {
      if (state === 'live' && wasLive) show();
      if (state === 'live') wasLive = true;
    },
  });
  mount(main, h('p', {}, h('a', { href: '#/complaints' }, `‹ ${t('inboxTitle')}`)), box);
  return stop;
}

function view(c, reload) {
  const done = async (p) => { await p; toast(t('done')); reload(); };
  const forms = [];
  if (c.status === 'RECEIVED') {
    forms.push(card(t('verify'), onSubmit(h('form', { class: 'form', id: 'verify-form' },
      unitPicker('unitID', t('unitResponsible'), { current: c.unit, required: true }),
      field(t('cCategory'), select('category', enumValues('ComplaintCategory').map((v) => [v, label('ComplaintCategory', v)]), { value: c.category })),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('verify')))),
    (v) => done(gql('mutation($id: ID!, $u: ID!, $c: ComplaintCategory) { verifyComplaint(id: $id, unitID: $u, category: $c) { id } }', { id: c.id, u: v.unitID, c: v.category })))));
  }
  if (['VERIFIED', 'IN_PROGRESS', 'POSTPONED'].includes(c.status)) {
    forms.push(card(t('assign'), officerForm(c, done)));
    forms.push(card(t('forward'), onSubmit(h('form', { class: 'form' },
      unitPicker('unitID', t('unitResponsible'), { required: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn secondary' }, t('forward')))),
    (v) => done(gql('mutation($id: ID!, $u: ID!) { forwardComplaint(id: $id, unitID: $u) { id } }', { id: c.id, u: v.unitID })))));
  }
  if (!['CLOSED', 'ARCHIVED', 'REJECTED', 'NOT_OUR_AUTHORITY'].includes(c.status)) {
    forms.push(card(t('respond'), onSubmit(h('form', { class: 'form', id: 'respond-form' },
      h('fieldset', { class: 'field wide', 'data-field': 'kind' }, h('legend', {}, t('kind')),
        h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'kind', id: 'kind-public', value: 'PUBLIC_RESPONSE', checked: true }), h('label', { for: 'kind-public' }, t('publicResponse'))),
        h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'kind', id: 'kind-note', value: 'INTERNAL_NOTE' }), h('label', { for: 'kind-note' }, t('internalNote'))),
        h('small', { class: 'field-error' })),
      field(t('responseBody'), h('textarea', { name: 'body', required: true, rows: 4, maxlength: 10000 }), { wide: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('send')))),
    (v) => done(gql('mutation($id: ID!, $k: ComplaintResponseKind!, $b: String!) { respondToComplaint(id: $id, kind: $k, body: $b) { id } }', { id: c.id, k: v.kind, b: v.body })))));
  }
  if (c.nextStatuses.length) {
    forms.push(card(t('changeStatus'), onSubmit(h('form', { class: 'form' },
      field(t('newStatus'), select('status', c.nextStatuses.map((s) => [s, label('ComplaintStatus', s)]))),
      field(`${t('reason')}`, h('input', { name: 'reason', maxlength: 1000 })),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn secondary' }, t('changeStatus')))),
    (v) => done(gql('mutation($id: ID!, $s: ComplaintStatus!, $r: String) { changeComplaintStatus(id: $id, status: $s, reason: $r) { id } }', { id: c.id, s: v.status, r: v.reason || null })))));
  }
  return h('div', { class: 'grid detail' },
    h('div', { class: 'stack' },
      card(c.title,
        h('p', {}, badge(label('ComplaintStatus', c.status), statusTone(c.status)), ' ', h('span', { class: 'muted' }, `${c.trackingID} · ${label('ComplaintPrivacy', c.privacy)}`)),
        h('p', { class: 'prose' }, c.body),
        facts([
          [t('status'), h('span', { id: 'complaint-status' }, label('ComplaintStatus', c.status))],
          [t('cClass'), label('ComplaintClass', c.class)],
          [t('cCategory'), label('ComplaintCategory', c.category)],
          [t('region'), c.region && c.region.name],
          [t('cLocation'), c.location],
          [t('unitResponsible'), c.unit && c.unit.name],
          [t('officer'), c.officer && c.officer.name],
          [t('reporter'), [c.reporterName, c.reporterContact].filter(Boolean).join(' · ') || t('none')],
          [t('received'), dateTime(c.receivedAt)],
          [t('verifyDue'), date(c.verifyDue)],
          [t('answerDue'), date(c.answerDue)],
          [t('settleDue'), date(c.settleDue)],
          c.overdue.length ? [t('overdueTitle'), h('span', { class: 'bad' }, overdueText(c))] : null,
          c.rating ? [t('rating'), `${c.rating}/5 ${c.ratingComment || ''}`] : null,
        ])),
      card(t('responses'), (c.responses || []).length
        ? h('ol', { class: 'timeline' }, c.responses.map((r) => h('li', { class: r.kind === 'INTERNAL_NOTE' ? 'note' : '' },
          h('time', { datetime: r.createdAt }, `${dateTime(r.createdAt)} · ${r.author} · ${r.kind === 'INTERNAL_NOTE' ? t('internalNote') : t('publicResponse')}`),
          h('p', { class: 'prose' }, r.body))))
        : empty(t('noResponses')))),
    h('div', { class: 'stack', id: 'handling' }, h('h2', { class: 'sr-only' }, t('handling')), forms));
}

function officerForm(c, done) {
  const sel = h('select', { name: 'officerID', required: true }, h('option', { value: '' }, t('loading')));
  const search = h('input', { type: 'search', placeholder: t('officerSearch'), 'aria-label': t('officerSearch') });
  const load = async (q) => {
    const w = { status: 'ACTIVE', hasUnitWith: [{ pathHasPrefix: c.unit.path }] };
    if (q) w.nameContainsFold = q;
    try {
      const d = await gql('query($w: EmployeeWhereInput) { employees(first: 50, where: $w, orderBy: [{field: NAME}]) { edges { node { id name positionName } } } }', { w });
      mount(sel, h('option', { value: '' }, t('selectNone')), nodes(d.employees).map((e) => h('option', { value: e.id, selected: c.officer && c.officer.id === e.id }, `${e.name} — ${e.positionName}`)));
    } catch (err) {
      mount(sel, h('option', { value: '' }, err.message));
    }
  };
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => load(search.value.trim()), 250); });
  load('');
  const f = field(t('officer'), sel);
  f.insertBefore(search, sel);
  return onSubmit(h('form', { class: 'form' }, f, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn secondary' }, t('assign')))),
    (v) => done(gql('mutation($id: ID!, $o: ID!) { assignComplaint(id: $id, officerID: $o) { id } }', { id: c.id, o: v.officerID })));
}
