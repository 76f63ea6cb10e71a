// The citizens' screens, no sign-in needed: report a complaint, track it
// live with its tracking ID and access key, the public feed, and the
// satisfaction survey of a service unit.

import { t, label, enumValues, dateTime, date } from './i18n.js';
import { gql, nodes, subscribe } from './api.js';
import {
  h, mount, field, select, onSubmit, section, card, facts, badge, copyButton, unitPicker,
  empty, errorBox, connectionState, toast, uid,
} from './ui.js';

const TRACK = 'simasn.track';

/** The tone of a complaint status badge. */
export function statusTone(s) {
  return { RECEIVED: 'warn', VERIFIED: 'info', IN_PROGRESS: 'info', ANSWERED: 'ok', CLOSED: 'muted', POSTPONED: 'warn', REJECTED: 'bad', NOT_OUR_AUTHORITY: 'muted', ARCHIVED: 'muted' }[s] || '';
}

async function regions() {
  const d = await gql('{ regions(first: 100, orderBy: [{field: NAME}]) { edges { node { id name remote } } } }');
  return nodes(d.regions);
}

/** The complaint form. */
export async function report(main) {
  const regs = await regions();
  const privacyName = uid('privacy');
  const privacy = h('fieldset', { class: 'field wide privacy', 'data-field': 'privacy' },
    h('legend', {}, t('cPrivacy')),
    ['PUBLIC', 'ANONYMOUS', 'CONFIDENTIAL'].map((p, i) => {
      const id = `${privacyName}-${p}`;
      const [name, help] = t('privacy')[p];
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'privacy', id, value: p, checked: i === 0, 'aria-describedby': `${id}-help` }),
        h('label', { for: id }, h('strong', {}, name), h('span', { id: `${id}-help` }, help)));
    }),
    h('small', { class: 'field-error', 'aria-live': 'polite' }));
  const nameInput = h('input', { name: 'reporterName', autocomplete: 'name', maxlength: 150 });
  const contactInput = h('input', { name: 'reporterContact', autocomplete: 'tel', inputmode: 'email', maxlength: 200 });
  const identity = h('div', { class: 'grid two identity' },
    field(`${t('cName')} ${t('optional')}`, nameInput),
    field(`${t('cContact')} ${t('optional')}`, contactInput, { hint: t('cContactHint') }));
  privacy.addEventListener('change', () => {
    const anon = privacy.querySelector('input:checked').value === 'ANONYMOUS';
    identity.hidden = anon;
    nameInput.disabled = anon;
    contactInput.disabled = anon;
  });
  const out = h('div', { id: 'receipt' });
  const form = onSubmit(h('form', { class: 'form', id: 'complaint-form' },
    h('div', { class: 'grid two' },
      field(t('cClass'), select('class', enumValues('ComplaintClass').map((v) => [v, label('ComplaintClass', v)]), { value: 'COMPLAINT' })),
      field(t('cCategory'), select('category', enumValues('ComplaintCategory').map((v) => [v, label('ComplaintCategory', v)]), { value: 'OTHER' }))),
    field(t('cTitle'), h('input', { name: 'title', required: true, minlength: 5, maxlength: 200 }), { hint: t('cTitleHint'), wide: true }),
    field(t('cBody'), h('textarea', { name: 'body', required: true, minlength: 20, maxlength: 10000, rows: 5 }), { hint: t('cBodyHint'), wide: true }),
    h('div', { class: 'grid two' },
      field(`${t('cRegion')} ${t('optional')}`, select('regionID', regs.map((r) => [r.id, r.name]), { blank: t('selectNone') })),
      field(`${t('cLocation')} ${t('optional')}`, h('input', { name: 'location', maxlength: 300 }))),
    unitPicker('unitID', `${t('cUnit')} ${t('optional')}`),
    privacy,
    identity,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('submitReport')))),
  async (v) => {
    const input = {
      class: v.class, category: v.category, channel: 'WEB', privacy: v.privacy,
      title: v.title.trim(), body: v.body.trim(),
      location: v.location || null, regionID: v.regionID || null, unitID: v.unitID || null,
    };
    if (v.privacy !== 'ANONYMOUS') {
      input.reporterName = (v.reporterName || '').trim() || null;
      input.reporterContact = (v.reporterContact || '').trim() || null;
    }
    const d = await gql(`mutation Submit($input: SubmitComplaintInput!) { submitComplaint(input: $input) {
      trackingId accessKey complaint { status verifyDue settleDue receivedAt } } }`, { input });
    const r = d.submitComplaint;
    form.hidden = true;
    mount(out, receipt(r));
    out.querySelector('h2').focus();
  });
  mount(main,
    h('h1', {}, t('reportTitle')),
    h('p', { class: 'lead' }, t('reportIntro')),
    card(null, form, out));
}

function receipt(r) {
  return h('div', { class: 'receipt', role: 'region', 'aria-labelledby': 'receipt-title' },
    h('h2', { id: 'receipt-title', tabindex: '-1' }, t('receiptTitle')),
    h('p', { class: 'warning', role: 'alert' }, t('receiptWarn')),
    h('div', { class: 'secret' },
      h('span', { class: 'secret-label' }, t('trackingId')),
      h('code', { id: 'tracking-id' }, r.trackingId), copyButton(r.trackingId)),
    h('div', { class: 'secret' },
      h('span', { class: 'secret-label' }, t('accessKey')),
      h('code', { id: 'access-key' }, r.accessKey), copyButton(r.accessKey)),
    facts([
      [t('status'), label('ComplaintStatus', r.complaint.status)],
      [t('received'), dateTime(r.complaint.receivedAt)],
      [t('verifyDue'), date(r.complaint.verifyDue)],
      [t('settleDue'), date(r.complaint.settleDue)],
    ]),
    h('p', {}, h('a', {
      class: 'btn', href: '#/track', id: 'follow',
      onclick: () => sessionStorage.setItem(TRACK, JSON.stringify({ id: r.trackingId, key: r.accessKey })),
    }, t('trackNow'))));
}

const COMPLAINT_FIELDS = `trackingID title body status statusReason class category privacy location
  receivedAt verifyDue answerDue settleDue answeredAt settledAt reporterName reporterContact rating ratingComment overdue
  region { name } unit { name } responses { id kind body createdAt }`;

/** Tracking a complaint with its ID and key, live. */
export function track(main) {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(TRACK) || 'null'); } catch { /* none */ }
  const view = h('div', { id: 'track-view' });
  const idInput = h('input', { name: 'trackingId', required: true, autocomplete: 'off', autocapitalize: 'characters', value: saved ? saved.id : '' });
  const keyInput = h('input', { name: 'accessKey', required: true, autocomplete: 'off', spellcheck: 'false', value: saved ? saved.key : '' });
  let stop = null;
  const form = onSubmit(h('form', { class: 'form', id: 'track-form' },
    h('div', { class: 'grid two' }, field(t('trackingId'), idInput), field(t('accessKey'), keyInput)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('track')))),
  async (v) => {
    if (stop) stop();
    const id = v.trackingId.trim();
    const key = v.accessKey.trim();
    const load = async () => (await gql(`query Track($id: String!, $key: String) { complaintByTrackingId(trackingId: $id, accessKey: $key) { ${COMPLAINT_FIELDS} } }`, { id, key })).complaintByTrackingId;
    const c = await load();
    if (!c) throw Object.assign(new Error(t('trackNotFound')), { name: 'APIError', code: 'NOT_FOUND', field: 'trackingId' });
    sessionStorage.setItem(TRACK, JSON.stringify({ id, key }));
    const conn = h('span', { class: 'conn', id: 'track-conn' });
    const body = h('div', {});
    const show = (cm) => mount(body, complaintView(cm, id, key, show));
    show(c);
    mount(view, h('p', { class: 'live-line' }, conn), body);
    const setState = connectionState(conn);
    let wasLive = false;
    stop = subscribe({
      query: `subscription Updates($id: String!, $key: String!) { complaintUpdates(trackingId: $id, accessKey: $key) { cursor kind occurredAt complaint { ${COMPLAINT_FIELDS} } } }`,
      variables: () => ({ id, key }),
      onData: (d) => { show(d.complaintUpdates.complaint); toast(t('events')[d.complaintUpdates.kind] || d.complaintUpdates.kind, 'info'); },
      onState: async (s) => {
        setState(s);
        // complaintUpdates has no cursor: after a reconnect, read the
        // complaint again so nothing missed stays hidden.
        if (s === 'live' && wasLive) { try { show(await load()); } catch { /* the next event shows it */ } }
        if (s === 'live') wasLive = true;
      },
      onError: (err) => mount(body, errorBox(err)),
    });
  });
  mount(main,
    h('h1', {}, t('trackTitle')),
    h('p', { class: 'lead' }, t('trackIntro')),
    card(null, form), view);
  if (saved) form.requestSubmit();
  return () => { if (stop) stop(); };
}

function complaintView(c, id, key, show) {
  const responses = (c.responses || []).filter((r) => r.kind === 'PUBLIC_RESPONSE');
  const actions = [];
  if ((c.status === 'ANSWERED' || c.status === 'CLOSED') && c.rating == null) {
    const f = onSubmit(h('form', { class: 'form inline-form' },
      field(t('rating'), select('rating', ['5', '4', '3', '2', '1'].map((n) => [n, `${n} — ${t('ratingScale')[5 - n]}`]), { value: '5' })),
      field(t('ratingComment'), h('input', { name: 'comment', maxlength: 1000 })),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('rate')))),
    async (v) => {
      const d = await gql(`mutation Rate($id: String!, $key: String!, $r: Int!, $c: String) { rateComplaint(trackingId: $id, accessKey: $key, rating: $r, comment: $c) { ${COMPLAINT_FIELDS} } }`,
        { id, key, r: Number(v.rating), c: v.comment || null });
      toast(t('rated'));
      show(d.rateComplaint);
    });
    actions.push(card(t('rateTitle'), f));
  }
  if (c.status === 'ANSWERED') {
    const f = onSubmit(h('form', { class: 'form' },
      field(t('objectReason'), h('textarea', { name: 'reason', required: true, minlength: 10, maxlength: 989, rows: 3 }), { wide: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn secondary' }, t('object')))),
    async (v) => {
      const d = await gql(`mutation Object($id: String!, $key: String!, $r: String!) { objectToComplaint(trackingId: $id, accessKey: $key, reason: $r) { ${COMPLAINT_FIELDS} } }`, { id, key, r: v.reason });
      show(d.objectToComplaint);
    });
    actions.push(card(t('objectTitle'), f));
  }
  return h('div', { class: 'stack' },
    card(c.title,
      h('p', {}, badge(label('ComplaintStatus', c.status), statusTone(c.status)), ' ', h('span', { class: 'muted' }, `${c.trackingID} · ${label('ComplaintClass', c.class)} · ${label('ComplaintCategory', c.category)}`)),
      h('p', { class: 'prose' }, c.body),
      facts([
        [t('status'), h('span', { id: 'track-status' }, label('ComplaintStatus', c.status))],
        c.statusReason ? [t('reason'), c.statusReason] : null,
        [t('received'), dateTime(c.receivedAt)],
        [t('region'), c.region ? c.region.name : null],
        [t('unitResponsible'), c.unit ? c.unit.name : null],
        [t('verifyDue'), date(c.verifyDue)],
        [t('answerDue'), date(c.answerDue)],
        [t('settleDue'), date(c.settleDue)],
        c.reporterName ? [t('reporter'), c.reporterName] : null,
        c.rating ? [t('rating'), `${c.rating}/5`] : null,
      ])),
    card(t('responses'),
      responses.length
        ? h('ol', { class: 'timeline', id: 'responses' }, responses.map((r) => h('li', {}, h('time', { datetime: r.createdAt }, dateTime(r.createdAt)), h('p', { class: 'prose' }, r.body))))
        : empty(t('noResponses'))),
    actions);
}

/** The public feed: the latest public complaints, then live events. */
export function feed(main) {
  const conn = h('span', { class: 'conn' });
  const list = h('div', {});
  const items = new Map(); // complaint trackingID → complaint
  let order = [];
  const draw = () => mount(list, order.length
    ? h('ul', { class: 'feed', id: 'public-feed' }, order.map((k) => {
      const c = items.get(k);
      return h('li', { class: ['feed-item', c.fresh && 'fresh'] },
        h('div', { class: 'feed-head' }, badge(label('ComplaintStatus', c.status), statusTone(c.status)), h('strong', {}, c.title)),
        h('p', { class: 'muted' }, `${label('ComplaintCategory', c.category)} · ${c.region ? c.region.name : ''} · ${dateTime(c.receivedAt)}`),
        c.unit ? h('p', { class: 'muted' }, c.unit.name) : null);
    }))
    : empty());
  const put = (c, fresh) => {
    items.set(c.trackingID, { ...c, fresh });
    order = [c.trackingID, ...order.filter((k) => k !== c.trackingID)].slice(0, 50);
  };
  const FIELDS = 'trackingID title status category receivedAt region { name } unit { name }';
  let cursor = null;
  let wasLive = false;
  const setState = connectionState(conn);
  const load = () => section(list, async () => gql(`{ complaints(first: 30, orderBy: [{field: RECEIVED_AT, direction: DESC}]) { edges { node { ${FIELDS} } } } }`), (d) => {
    for (const c of nodes(d.complaints).reverse()) {
      const known = items.get(c.trackingID);
      if (!known || known.status !== c.status) put(c, wasLive);
    }
    draw();
    return list.firstChild;
  });
  const stop = subscribe({
    query: `subscription Feed($after: String) { complaintFeed(after: $after) { cursor kind complaint { ${FIELDS} } } }`,
    variables: () => ({ after: cursor }),
    onData: (d) => { cursor = d.complaintFeed.cursor; put(d.complaintFeed.complaint, true); draw(); },
    onState: (state) => {
      setState(state);
      // Without a cursor to resume from, read the list again after an outage.
      if (state === 'live' && wasLive && !cursor) load();
      if (state === 'live') wasLive = true;
    },
    onError: (err) => mount(list, errorBox(err)),
  });
  load();
  mount(main, h('h1', {}, t('feedTitle')), h('p', { class: 'lead' }, t('feedIntro')), h('p', { class: 'live-line' }, conn), list);
  return stop;
}

/** The satisfaction survey (SKM) of a unit. */
export function survey(main) {
  const out = h('div', {});
  const keys = ['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'complaintHandling', 'facilities'];
  const scale = t('surveyScale');
  const elements = t('surveyElements');
  const form = onSubmit(h('form', { class: 'form', id: 'survey-form' },
    unitPicker('unitID', t('surveyUnit'), { required: true }),
    keys.map((k, i) => h('fieldset', { class: 'field wide likert', 'data-field': k },
      h('legend', {}, `U${i + 1}. ${elements[i]}`),
      h('div', { class: 'likert-options' }, [1, 2, 3, 4].map((n) => {
        const id = uid(k);
        return h('span', { class: 'likert-option' },
          h('input', { type: 'radio', name: k, id, value: n, required: true }),
          h('label', { for: id }, h('b', {}, n), ' ', scale[n - 1]));
      })),
      h('small', { class: 'field-error', 'aria-live': 'polite' }))),
    h('div', { class: 'grid three' },
      field(`${t('respondentAge')} ${t('optional')}`, h('input', { name: 'respondentAge', type: 'number', min: 10, max: 120, inputmode: 'numeric' })),
      field(`${t('respondentGender')} ${t('optional')}`, select('respondentGender', [['MALE', label('EmployeeGender', 'MALE')], ['FEMALE', label('EmployeeGender', 'FEMALE')]], { blank: t('selectNone') })),
      field(`${t('respondentEducation')} ${t('optional')}`, select('respondentEducation', ['SD', 'SMP', 'SMA', 'D3', 'S1', 'S2', 'S3'], { blank: t('selectNone') }))),
    field(`${t('comment')} ${t('optional')}`, h('textarea', { name: 'comment', maxlength: 2000, rows: 3 }), { wide: true }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('send')))),
  async (v) => {
    const input = { unitID: v.unitID };
    keys.forEach((k) => { input[k] = Number(v[k]); });
    if (v.respondentAge) input.respondentAge = Number(v.respondentAge);
    if (v.respondentGender) input.respondentGender = v.respondentGender;
    if (v.respondentEducation) input.respondentEducation = v.respondentEducation;
    if (v.comment) input.comment = v.comment;
    const d = await gql('mutation Survey($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { submittedAt unitName } }', { input });
    form.hidden = true;
    mount(out, h('p', { class: 'success', role: 'status' }, t('surveyThanks', d.submitSurveyResponse.unitName, dateTime(d.submitSurveyResponse.submittedAt))));
  });
  mount(main, h('h1', {}, t('surveyTitle')), h('p', { class: 'lead' }, t('surveyIntro')), card(null, form, out));
}
