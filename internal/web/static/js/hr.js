// HR work and the employees' own screens: employee search, a profile with
// career, trainings and appraisals (personal fields as the rules allow)
// and the career actions; the unit tree; the training catalogue with
// registration and enrollment decisions; appraisals; work logs.

import { t, label, enumValues, num, date, dateTime, todayWIB, dayToTime, yearWIB } from './i18n.js';
import { gql, nodes } from './api.js';
import {
  h, mount, field, select, onSubmit, section, card, facts, badge, table, empty, errorBox, errorText,
  toast, unitPicker, pager, loading,
} from './ui.js';

const canChange = (session) => session.me && ['ADMIN', 'HR_OFFICER'].includes(session.me.role);
const scopeWhere = (session) => (session.me.unit ? { pathHasPrefix: session.me.unit.path } : {});
const fullName = (e) => [e.frontTitle, e.name].filter(Boolean).join(' ') + (e.backTitle ? `, ${e.backTitle}` : '');

/** Employee search with filters and paging. */
export function employees(main, _p, session) {
  const results = h('div', { id: 'employee-results' });
  let where = {};
  let cursors = [null];
  const run = () => {
    const page = cursors.length;
    section(results, () => gql(`query Emps($w: EmployeeWhereInput, $after: Cursor) {
      employees(first: 20, after: $after, where: $w, orderBy: [{field: NAME}]) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id nip name frontTitle backTitle rank positionName status employmentType unit { name } } } } }`,
    { w: where, after: cursors[cursors.length - 1] }), (d) => {
      const list = nodes(d.employees);
      if (!list.length) return empty();
      return h('div', {},
        h('p', { class: 'muted', role: 'status' }, t('results', num(d.employees.totalCount))),
        table([
          [t('name'), (e) => h('a', { href: `#/employees/${encodeURIComponent(e.id)}` }, fullName(e))],
          [t('nip'), (e) => h('code', {}, e.nip)],
          [t('rank'), (e) => e.rank],
          [t('position'), (e) => e.positionName],
          [t('unit'), (e) => e.unit.name],
          [t('empStatus'), (e) => badge(label('EmployeeStatus', e.status), e.status === 'ACTIVE' ? 'ok' : 'muted')],
        ], list, { caption: t('employeesTitle') }),
        pager(d.employees.pageInfo, d.employees.totalCount, page, (dir) => {
          if (dir > 0) cursors.push(d.employees.pageInfo.endCursor); else cursors.pop();
          run();
        }));
    });
  };
  const form = onSubmit(h('form', { class: 'form filters', id: 'employee-search', role: 'search' },
    h('div', { class: 'grid four' },
      field(t('searchName'), h('input', { type: 'search', name: 'q' })),
      field(t('profession'), select('professionGroup', enumValues('EmployeeProfessionGroup').map((v) => [v, label('EmployeeProfessionGroup', v)]), { blank: t('all') })),
      field(t('empStatus'), select('status', enumValues('EmployeeStatus').map((v) => [v, label('EmployeeStatus', v)]), { blank: t('all'), value: 'ACTIVE' })),
      field(t('empType'), select('employmentType', ['PNS', 'CPNS', 'PPPK'], { blank: t('all') }))),
    unitPicker('unitID', t('unit'), { where: scopeWhere(session) }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('search')))),
  async (v) => {
    where = {};
    const q = (v.q || '').trim();
    // Only name and NIP: the page never filters on personal fields, and a
    // NIP only for those who may read NIPs.
    if (/^\d{4,18}$/.test(q) && session.me.role !== 'ANALYST') where.nipHasPrefix = q;
    else if (q) where.nameContainsFold = q;
    if (v.professionGroup) where.professionGroup = v.professionGroup;
    if (v.status) where.status = v.status;
    if (v.employmentType) where.employmentType = v.employmentType;
    if (v.unitID) where.hasUnitWith = [{ id: v.unitID }];
    cursors = [null];
    run();
  });
  mount(main, h('h1', {}, t('employeesTitle')), card(null, form), results);
  form.requestSubmit();
}

const PROFILE = `id nip name frontTitle backTitle employmentType rank rankDate positionName positionType positionLevel
  professionGroup educationLevel educationMajor status gender birthDate birthPlace email phone address cpnsDate pnsDate
  unit { id name path region { name } } superiorID superior { id name }
  careerEvents { id kind decreeNumber effectiveDate fromValue toValue notes fromUnit { name } toUnit { name } }
  enrollments { id status registeredAt score training { code title hoursJp endsOn } }
  appraisals { id year periodKind period status predicate resultsRating behaviourRating }`;

/** An employee's profile, with the career actions for HR. */
export function profile(main, { id }, session) {
  const box = h('div', {});
  const show = () => section(box, async () => {
    const { data, errors } = await gql(`query P($id: ID!) { node(id: $id) { ... on Employee { ${PROFILE} } } }`, { id }, { partial: true });
    if (!data.node) throw errors[0] || Object.assign(new Error(t('notFound')), { name: 'APIError', code: 'NOT_FOUND' });
    return data.node;
  }, (e) => profileView(e, session, show));
  show();
  mount(main, box);
}

/** The signed-in employee's own profile. */
export function me(main, _p, session) {
  return profile(main, { id: session.me.employee.id }, session);
}

function hiddenIfNull(v, fmt = (x) => x) {
  return v == null ? h('span', { class: 'muted' }, t('hidden')) : fmt(v);
}

function profileView(e, session, reload) {
  const events = [...(e.careerEvents || [])].sort((a, b) => (a.effectiveDate < b.effectiveDate ? 1 : -1));
  return h('div', { class: 'stack' },
    h('div', { class: 'page-head' }, h('h1', { id: 'profile-name' }, fullName(e)), badge(label('EmployeeStatus', e.status), e.status === 'ACTIVE' ? 'ok' : 'muted')),
    h('div', { class: 'grid two' },
      card(t('profile'), facts([
        [t('nip'), h('code', { id: 'profile-nip' }, e.nip)],
        [t('empType'), label('EmployeeEmploymentType', e.employmentType)],
        [t('rank'), `${e.rank}${e.rankDate ? ` (${t('effectiveDate')} ${date(e.rankDate)})` : ''}`],
        [t('position'), `${e.positionName} · ${label('EmployeePositionType', e.positionType)}${e.positionLevel ? ` ${label('EmployeePositionLevel', e.positionLevel)}` : ''}`],
        [t('unit'), h('span', { id: 'profile-unit' }, `${e.unit.name} · ${e.unit.region.name}`)],
        // An employee may not read their superior's record: the ID is there,
        // the record is not.
        [t('superior'), e.superior ? h('a', { href: `#/employees/${encodeURIComponent(e.superior.id)}` }, e.superior.name) : (e.superiorID ? hiddenIfNull(null) : null)],
        [t('profession'), label('EmployeeProfessionGroup', e.professionGroup)],
        [t('education'), `${e.educationLevel}${e.educationMajor ? ` ${e.educationMajor}` : ''}`],
        [t('cpnsDate'), date(e.cpnsDate)],
      ])),
      card(t('personal'), facts([
        [t('gender'), label('EmployeeGender', e.gender)],
        [t('birthDate'), hiddenIfNull(e.birthDate, date)],
        [t('birthPlace'), hiddenIfNull(e.birthPlace)],
        [t('email'), hiddenIfNull(e.email)],
        [t('phone'), hiddenIfNull(e.phone)],
        [t('address'), hiddenIfNull(e.address)],
      ]))),
    canChange(session) ? careerActions(e, reload) : null,
    card(t('career'), events.length ? h('ol', { class: 'timeline', id: 'career' }, events.map((ev) => h('li', {},
      h('time', { datetime: ev.effectiveDate }, `${date(ev.effectiveDate)} · ${label('CareerEventKind', ev.kind)}`),
      h('p', {}, ev.kind === 'TRANSFER' || ev.kind === 'APPOINTMENT'
        ? [ev.fromUnit ? `${ev.fromUnit.name} → ` : '', ev.toUnit ? ev.toUnit.name : '']
        : [ev.fromValue ? `${ev.fromValue} → ` : '', ev.toValue || '']),
      h('small', { class: 'muted' }, `SK ${ev.decreeNumber}${ev.notes ? ` · ${ev.notes}` : ''}`)))) : empty()),
    h('div', { class: 'grid two' },
      card(t('trainings'), (e.enrollments || []).length ? table([
        [t('navTrainings'), (en) => en.training.title],
        [t('jp'), (en) => num(en.training.hoursJp), 'num'],
        [t('status'), (en) => badge(label('EnrollmentStatus', en.status))],
        [t('date'), (en) => date(en.training.endsOn)],
      ], e.enrollments) : empty()),
      card(t('appraisals'), (e.appraisals || []).length ? table([
        [t('period'), (a) => periodText(a)],
        [t('status'), (a) => badge(label('AppraisalStatus', a.status))],
        [t('predicate'), (a) => predicateText(a)],
      ], [...e.appraisals].sort((a, b) => b.year - a.year || b.period - a.period)) : empty())));
}

// A predicate: null until both ratings are given, and null for viewers who
// may not read it.
function predicateText(a) {
  if (a.predicate) return label('AppraisalPredicate', a.predicate);
  if (['DRAFT', 'RETURNED'].includes(a.status) && (a.resultsRating == null || a.behaviourRating == null)) return h('span', { class: 'muted' }, t('notRated'));
  return hiddenIfNull(null);
}

function periodText(a) {
  if (a.periodKind === 'ANNUAL') return `${a.year}`;
  if (a.periodKind === 'QUARTERLY') return `${a.year} T${a.period}`;
  return `${a.year}-${String(a.period).padStart(2, '0')}`;
}

function decreeFields() {
  return h('div', { class: 'grid three' },
    field(t('decreeNumber'), h('input', { name: 'decree.number', required: true, maxlength: 100 })),
    field(t('decreeDate'), h('input', { name: 'decree.date', type: 'date', required: true, value: todayWIB() })),
    field(t('effectiveDate'), h('input', { name: 'decree.effectiveDate', type: 'date', required: true, value: todayWIB() })));
}

function decreeOf(v) {
  return { number: v['decree.number'].trim(), date: dayToTime(v['decree.date']), effectiveDate: dayToTime(v['decree.effectiveDate']) };
}

function careerActions(e, reload) {
  const done = async (p) => { await p; toast(t('done')); reload(); };
  const forms = {
    transfer: onSubmit(h('form', { class: 'form', id: 'transfer-form' },
      unitPicker('toUnitID', t('toUnit'), { current: e.unit, required: true }),
      decreeFields(),
      field(t('notes'), h('input', { name: 'notes', maxlength: 500 }), { wide: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('transfer')))),
    (v) => done(gql('mutation T($in: TransferEmployeeInput!) { transferEmployee(input: $in) { id } }',
      { in: { employeeID: e.id, toUnitID: v.toUnitID, decree: decreeOf(v), notes: v.notes || null } }))),
    promote: onSubmit(h('form', { class: 'form', id: 'promote-form' },
      field(t('toRank'), h('input', { name: 'toRank', required: true, placeholder: e.rank, maxlength: 6 })),
      decreeFields(),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('promote')))),
    (v) => done(gql('mutation P($in: PromoteEmployeeInput!) { promoteEmployee(input: $in) { id } }',
      { in: { employeeID: e.id, toRank: v.toRank.trim(), decree: decreeOf(v) } }))),
    position: onSubmit(h('form', { class: 'form', id: 'position-form' },
      field(t('positionName'), h('input', { name: 'positionName', required: true, value: e.positionName })),
      h('div', { class: 'grid two' },
        field(t('positionType'), select('positionType', enumValues('EmployeePositionType').map((x) => [x, label('EmployeePositionType', x)]), { value: e.positionType })),
        field(t('positionLevel'), select('positionLevel', enumValues('EmployeePositionLevel').map((x) => [x, label('EmployeePositionLevel', x)]), { blank: t('none'), value: e.positionLevel || '' }))),
      decreeFields(),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('changePosition')))),
    (v) => done(gql('mutation C($in: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $in) { id } }',
      { in: { employeeID: e.id, positionName: v.positionName.trim(), positionType: v.positionType, positionLevel: v.positionLevel || null, decree: decreeOf(v) } }))),
    status: onSubmit(h('form', { class: 'form', id: 'status-form' },
      field(t('newStatus'), select('status', enumValues('EmployeeStatus').map((x) => [x, label('EmployeeStatus', x)]), { value: e.status })),
      decreeFields(),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('changeEmpStatus')))),
    (v) => done(gql('mutation S($in: ChangeEmployeeStatusInput!) { changeEmployeeStatus(input: $in) { id } }',
      { in: { employeeID: e.id, status: v.status, decree: decreeOf(v) } }))),
  };
  const names = { transfer: t('transfer'), promote: t('promote'), position: t('changePosition'), status: t('changeEmpStatus') };
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', id: 'career-panel' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('careerActions') });
  const pick = (k) => {
    tabs.querySelectorAll('[role=tab]').forEach((b) => {
      const on = b.dataset.tab === k;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    });
    mount(panel, forms[k]);
  };
  Object.keys(forms).forEach((k, i, all) => tabs.append(h('button', {
    type: 'button', role: 'tab', class: 'tab', 'data-tab': k, 'aria-controls': 'career-panel', id: `tab-${k}`,
    onclick: () => pick(k),
    onkeydown: (ev) => {
      const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = all[(i + d + all.length) % all.length];
      pick(next);
      tabs.querySelector(`[data-tab=${next}]`).focus();
    },
  }, names[k])));
  pick('transfer');
  return card(t('careerActions'), tabs, panel);
}

/** The unit tree, children loaded when a branch opens. */
export function units(main, _p, session) {
  const root = h('div', { class: 'tree', id: 'unit-tree' });
  const where = session.me.unit ? { id: session.me.unit.id } : { parentIDIsNil: true };
  const branch = (w) => {
    const el = h('ul', {}, h('li', {}, loading()));
    gql(`query U($w: UnitWhereInput) { units(first: 100, where: $w, orderBy: [{field: CODE}]) { edges { node {
      id code name kind region { name } children { totalCount } employees { totalCount } } } } }`, { w })
      .then((d) => mount(el, nodes(d.units).map((u) => {
        const head = [h('strong', {}, u.name), ' ', h('span', { class: 'muted' }, `${u.code} · ${label('UnitKind', u.kind)} · ${u.region.name} · ${num(u.employees.totalCount)} ${t('navEmployees').toLowerCase()}`)];
        if (!u.children.totalCount) return h('li', { class: 'leaf' }, head);
        const det = h('details', {}, h('summary', {}, head, h('span', { class: 'muted' }, ` · ${num(u.children.totalCount)} ${t('children')}`)));
        det.addEventListener('toggle', () => { if (det.open && det.children.length === 1) det.append(branch({ parentID: u.id })); });
        return h('li', {}, det);
      })))
      .catch((err) => mount(el, h('li', {}, errorBox(err))));
    return el;
  };
  root.append(branch(where));
  mount(main, h('h1', {}, t('unitsTitle')), card(null, root));
}

/** The training catalogue: registration for employees, decisions for HR. */
export function trainings(main, _p, session) {
  const me = session.me.employee;
  const decider = ['ADMIN', 'HR_OFFICER', 'LEADER'].includes(session.me.role);
  const list = h('div', { id: 'training-list' });
  const mine = h('div', { id: 'my-enrollments' });
  const panel = h('div', { id: 'enrollment-panel' });
  const notice = h('div', { id: 'training-notice', role: 'status', 'aria-live': 'polite' });
  const myIDs = new Map();
  const loadMine = me ? () => section(mine, () => gql(`query M($w: EnrollmentWhereInput) { enrollments(first: 50, where: $w, orderBy: [{field: REGISTERED_AT, direction: DESC}]) {
      edges { node { id status registeredAt note training { id code title hoursJp startsOn } } } } }`, { w: { employeeID: me.id } }), (d) => {
    myIDs.clear();
    const items = nodes(d.enrollments);
    items.forEach((en) => myIDs.set(en.training.id, en));
    if (!items.length) return empty();
    return table([
      [t('navTrainings'), (en) => `${en.training.title} (${en.training.code})`],
      [t('jp'), (en) => num(en.training.hoursJp), 'num'],
      [t('status'), (en) => badge(label('EnrollmentStatus', en.status), en.status === 'APPROVED' ? 'ok' : en.status === 'WAITLISTED' ? 'warn' : '')],
      [t('registered'), (en) => date(en.registeredAt)],
      [t('actions'), (en) => (['REGISTERED', 'APPROVED', 'WAITLISTED'].includes(en.status)
        ? h('button', { type: 'button', class: 'btn small ghost', onclick: async () => {
          try { await gql('mutation($id: ID!) { withdrawEnrollment(id: $id) { id } }', { id: en.id }); toast(t('done')); loadAll(); } catch (err) { toast(errorText(err), 'bad'); }
        } }, t('withdraw')) : '')],
    ], items, { caption: t('myEnrollments') });
  }) : () => {};
  const register = async (tr) => {
    mount(notice);
    try {
      const d = await gql('mutation R($t: ID!, $e: ID!) { registerForTraining(trainingID: $t, employeeID: $e) { id status training { quota seatsTaken } } }', { t: tr.id, e: me.id });
      const en = d.registerForTraining;
      if (en.status === 'WAITLISTED') {
        mount(notice, h('div', { class: 'alert warn', role: 'alert', id: 'waitlisted' }, h('strong', {}, `${t('full')}: `), t('waitlistedMsg', num(en.training.quota))));
      } else {
        mount(notice, h('div', { class: 'alert ok', id: 'registered-ok' }, t('registeredOk')));
      }
      loadAll();
    } catch (err) {
      mount(notice, h('div', { class: 'alert bad', role: 'alert' }, errorText(err)));
    }
  };
  const loadAll = () => {
    loadMine();
    const w = { status: 'PUBLISHED' };
    if (session.me.role === 'HR_OFFICER' && session.me.unit) w.hasOrganizerWith = [{ pathHasPrefix: session.me.unit.path }];
    section(list, () => gql(`query Tr($w: TrainingWhereInput) { trainings(first: 50, where: $w, orderBy: [{field: REGISTRATION_CLOSES}]) {
      edges { node { id code title category method hoursJp quota seatsTaken registrationCloses startsOn endsOn targetProfessions organizer { name } } } } }`, { w }), (d) => {
      const items = nodes(d.trainings);
      if (!items.length) return empty();
      return table([
        [t('navTrainings'), (tr) => h('span', {}, h('strong', {}, tr.title), h('br'), h('small', { class: 'muted' }, `${tr.code} · ${tr.organizer.name}`))],
        [t('category'), (tr) => `${label('TrainingCategory', tr.category)} · ${label('TrainingMethod', tr.method)}`],
        [t('jp'), (tr) => num(tr.hoursJp), 'num'],
        [t('seats'), (tr) => h('span', { class: tr.seatsTaken >= tr.quota ? 'bad' : '' }, `${num(tr.seatsTaken)}/${num(tr.quota)}`), 'num'],
        [t('regCloses'), (tr) => date(tr.registrationCloses)],
        [t('dates'), (tr) => `${date(tr.startsOn)} – ${date(tr.endsOn)}`],
        [t('actions'), (tr) => h('div', { class: 'actions' },
          me ? (myIDs.has(tr.id)
            ? badge(label('EnrollmentStatus', myIDs.get(tr.id).status))
            : h('button', { type: 'button', class: 'btn small', 'data-training': tr.code, onclick: () => register(tr) }, tr.seatsTaken >= tr.quota ? t('registerWaitlist') : t('register'))) : null,
          decider ? h('button', { type: 'button', class: 'btn small secondary', 'data-enrollments': tr.code, onclick: () => showEnrollments(tr) }, t('enrollments')) : null)],
      ], items, { caption: t('trainingsTitle') });
    });
  };
  const showEnrollments = (tr) => {
    const box = h('div', {});
    const load = () => section(box, () => gql(`query E($w: EnrollmentWhereInput) { enrollments(first: 100, where: $w, orderBy: [{field: REGISTERED_AT}]) {
      edges { node { id status registeredAt employee { id name nip unit { name } } } } } }`, { w: { trainingID: tr.id, statusIn: ['REGISTERED', 'WAITLISTED', 'APPROVED', 'REJECTED'] } }), (d) => {
      const items = nodes(d.enrollments);
      if (!items.length) return empty();
      const msg = h('div', { role: 'alert', class: 'decision-msg' });
      const decide = async (en, decision) => {
        mount(msg);
        try {
          await gql('mutation D($id: ID!, $d: EnrollmentDecision!) { decideEnrollment(id: $id, decision: $d) { id status } }', { id: en.id, d: decision });
          toast(t('done'));
          load();
          loadAll();
        } catch (err) {
          mount(msg, h('div', { class: 'alert bad' }, errorText(err)));
        }
      };
      return h('div', {}, msg, table([
        [t('name'), (en) => en.employee.name],
        [t('unit'), (en) => en.employee.unit.name],
        [t('registered'), (en) => dateTime(en.registeredAt)],
        [t('status'), (en) => badge(label('EnrollmentStatus', en.status), en.status === 'APPROVED' ? 'ok' : en.status === 'WAITLISTED' ? 'warn' : '')],
        [t('actions'), (en) => (['REGISTERED', 'WAITLISTED'].includes(en.status) ? h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn small', 'data-approve': en.employee.name, onclick: () => decide(en, 'APPROVE') }, t('approve')),
          en.status !== 'WAITLISTED' ? h('button', { type: 'button', class: 'btn small secondary', onclick: () => decide(en, 'WAITLIST') }, t('waitlist')) : null,
          h('button', { type: 'button', class: 'btn small ghost', onclick: () => decide(en, 'REJECT') }, t('reject'))) : '')],
      ], items, { caption: t('enrollments') }));
    });
    mount(panel, card(`${t('enrollments')}: ${tr.title}`, box));
    load();
    panel.scrollIntoView({ block: 'nearest' });
  };
  mount(main,
    h('h1', {}, t('trainingsTitle')),
    h('p', { class: 'lead' }, t('trainingsIntro')),
    notice,
    me ? card(t('myEnrollments'), mine) : null,
    card(null, list),
    panel);
  loadAll();
}

const RATINGS = ['ABOVE', 'MEETS', 'BELOW'];
const ratingName = { ABOVE: { id: 'Di atas ekspektasi', en: 'Above expectation' }, MEETS: { id: 'Sesuai ekspektasi', en: 'Meets expectation' }, BELOW: { id: 'Di bawah ekspektasi', en: 'Below expectation' } };

/** Appraisals: one's own, those one appraises, those awaiting approval. */
export function appraisals(main, _p, session) {
  const me = session.me.employee;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'id';
  // Not the appraiser: an employee may not read their superior's record.
  const FIELDS = 'id year periodKind period status predicate resultsRating behaviourRating returnReason appraisee { id name }';
  const cols = [
    [t('appraisee'), (a) => a.appraisee.name],
    [t('period'), (a) => `${label('AppraisalPeriodKind', a.periodKind)} ${periodText(a)}`],
    [t('status'), (a) => badge(label('AppraisalStatus', a.status), a.status === 'APPROVED' ? 'ok' : a.status === 'RETURNED' ? 'warn' : '')],
    [t('predicate'), (a) => predicateText(a)],
  ];
  const blocks = [];
  const act = async (p, reload) => { try { await p; toast(t('done')); reload(); } catch (err) { toast(errorText(err), 'bad'); } };
  if (['ADMIN', 'LEADER', 'HR_OFFICER'].includes(session.me.role)) {
    const box = h('div', { id: 'appraisals-to-decide' });
    const load = () => section(box, () => gql(`query A($w: AppraisalWhereInput) { appraisals(first: 50, where: $w, orderBy: [{field: PERIOD_START, direction: DESC}]) { edges { node { ${FIELDS} } } } }`, { w: { status: 'SUBMITTED' } }), (d) => {
      const items = nodes(d.appraisals);
      if (!items.length) return empty();
      // Leaders (and admins) decide; HR officers follow the queue.
      if (session.me.role === 'HR_OFFICER') return table(cols, items, { caption: t('toDecide') });
      return table([...cols, [t('actions'), (a) => h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn small', onclick: () => act(gql('mutation($id: ID!) { approveAppraisal(id: $id) { id } }', { id: a.id }), load) }, t('approve')),
        h('button', { type: 'button', class: 'btn small secondary', onclick: () => {
          const reason = window.prompt(t('returnReason'));
          if (reason) act(gql('mutation($id: ID!, $r: String!) { returnAppraisal(id: $id, reason: $r) { id } }', { id: a.id, r: reason }), load);
        } }, t('returnIt')))]], items, { caption: t('toDecide') });
    });
    blocks.push(card(session.me.role === 'HR_OFFICER' ? t('awaitingLeader') : t('toDecide'), box));
    load();
  }
  if (me) {
    const given = h('div', {});
    const loadGiven = () => section(given, () => gql(`query G($w: AppraisalWhereInput) { appraisals(first: 50, where: $w, orderBy: [{field: PERIOD_START, direction: DESC}]) { edges { node { ${FIELDS} } } } }`,
      { w: { appraiserID: me.id, statusIn: ['DRAFT', 'RETURNED'] } }), (d) => {
      const items = nodes(d.appraisals);
      if (!items.length) return empty();
      return table([...cols, [t('actions'), (a) => {
        const f = onSubmit(h('form', { class: 'form inline-form' },
          field(t('resultsRating'), select('resultsRating', RATINGS.map((r) => [r, ratingName[r][lang]]), { value: a.resultsRating || 'MEETS' })),
          field(t('behaviourRating'), select('behaviourRating', RATINGS.map((r) => [r, ratingName[r][lang]]), { value: a.behaviourRating || 'MEETS' })),
          h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn small' }, t('submit')))),
        async (v) => {
          await gql('mutation($id: ID!, $in: UpdateAppraisalInput!) { updateAppraisal(id: $id, input: $in) { id } }', { id: a.id, in: { resultsRating: v.resultsRating, behaviourRating: v.behaviourRating } });
          await gql('mutation($id: ID!) { submitAppraisal(id: $id) { id } }', { id: a.id });
          toast(t('done'));
          loadGiven();
        });
        return f;
      }]], items);
    });
    blocks.push(card(`${t('appraiser')}: ${t('appraisalsTitle')}`, given));
    loadGiven();
    const own = h('div', { id: 'my-appraisals' });
    section(own, () => gql(`query O($w: AppraisalWhereInput) { appraisals(first: 50, where: $w, orderBy: [{field: PERIOD_START, direction: DESC}]) { edges { node { ${FIELDS} } } } }`, { w: { appraiseeID: me.id } }), (d) => {
      const items = nodes(d.appraisals);
      return items.length ? table([...cols.slice(1), [t('returnReason'), (a) => a.returnReason || '']], items, { caption: t('mine') }) : empty();
    });
    blocks.push(card(t('mine'), own));
  }
  mount(main, h('h1', {}, t('appraisalsTitle')), blocks);
}

/** Work logs: filing one's own, verifying one's subordinates'. */
export function workLogs(main, _p, session) {
  const me = session.me.employee;
  const blocks = [];
  const FIELDS = 'id date activity output quantity minutes status verifierNote employee { id name }';
  if (me) {
    const mine = h('div', { id: 'my-worklogs' });
    const loadMine = () => section(mine, () => gql(`query L($w: WorkLogWhereInput) { workLogs(first: 20, where: $w, orderBy: [{field: DATE, direction: DESC}]) { edges { node { ${FIELDS} } } } }`, { w: { employeeID: me.id } }), (d) => {
      const items = nodes(d.workLogs);
      return items.length ? table([
        [t('date'), (l) => date(l.date)],
        [t('activity'), (l) => l.activity],
        [t('quantity'), (l) => `${num(l.quantity)} ${l.output}`],
        [t('minutes'), (l) => num(l.minutes), 'num'],
        [t('status'), (l) => h('span', {}, badge(label('WorkLogStatus', l.status), l.status === 'VERIFIED' ? 'ok' : l.status === 'RETURNED' ? 'warn' : ''), l.verifierNote ? ` ${l.verifierNote}` : '')],
      ], items, { caption: t('myLogs') }) : empty();
    });
    const form = onSubmit(h('form', { class: 'form', id: 'worklog-form' },
      h('div', { class: 'grid four' },
        field(t('date'), h('input', { name: 'date', type: 'date', required: true, value: todayWIB(), max: todayWIB() })),
        field(t('output'), h('input', { name: 'output', required: true, placeholder: 'dokumen, pasien, laporan' })),
        field(t('quantity'), h('input', { name: 'quantity', type: 'number', min: 1, required: true, value: 1, inputmode: 'numeric' })),
        field(t('minutes'), h('input', { name: 'minutes', type: 'number', min: 1, max: 1440, required: true, value: 60, inputmode: 'numeric' }))),
      field(t('activity'), h('textarea', { name: 'activity', required: true, rows: 2 }), { wide: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('save')))),
    async (v) => {
      await gql('mutation W($in: CreateWorkLogInput!) { logWork(input: $in) { id } }', { in: {
        employeeID: me.id, date: dayToTime(v.date), activity: v.activity.trim(), output: v.output.trim(), quantity: Number(v.quantity), minutes: Number(v.minutes),
      } });
      toast(t('done'));
      form.reset();
      loadMine();
    });
    blocks.push(card(t('fileWorkLog'), form), card(t('myLogs'), mine));
    loadMine();
    const verify = h('div', { id: 'worklogs-to-verify' });
    const loadVerify = () => section(verify, () => gql(`query V($w: WorkLogWhereInput) { workLogs(first: 50, where: $w, orderBy: [{field: DATE, direction: DESC}]) { edges { node { ${FIELDS} } } } }`,
      { w: { status: 'SUBMITTED', hasEmployeeWith: [{ superiorID: me.id }] } }), (d) => {
      const items = nodes(d.workLogs);
      if (!items.length) return empty();
      const act = async (l, approve) => {
        let note = null;
        if (!approve) { note = window.prompt(t('note')); if (!note) return; }
        try { await gql('mutation($id: ID!, $a: Boolean!, $n: String) { verifyWorkLog(id: $id, approve: $a, note: $n) { id } }', { id: l.id, a: approve, n: note }); toast(t('done')); loadVerify(); } catch (err) { toast(errorText(err), 'bad'); }
      };
      return table([
        [t('name'), (l) => l.employee.name],
        [t('date'), (l) => date(l.date)],
        [t('activity'), (l) => l.activity],
        [t('quantity'), (l) => `${num(l.quantity)} ${l.output}`],
        [t('minutes'), (l) => num(l.minutes), 'num'],
        [t('actions'), (l) => h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn small', onclick: () => act(l, true) }, t('verifyOk')),
          h('button', { type: 'button', class: 'btn small secondary', onclick: () => act(l, false) }, t('returnLog')))],
      ], items, { caption: t('toVerify') });
    });
    blocks.unshift(card(t('toVerify'), verify));
    loadVerify();
  } else {
    const box = h('div', {});
    section(box, () => gql(`{ workLogs(first: 30, where: {status: SUBMITTED}, orderBy: [{field: DATE, direction: DESC}]) { totalCount edges { node { ${FIELDS} } } } }`), (d) => {
      const items = nodes(d.workLogs);
      return items.length ? table([
        [t('name'), (l) => l.employee.name],
        [t('date'), (l) => date(l.date)],
        [t('activity'), (l) => l.activity],
        [t('minutes'), (l) => num(l.minutes), 'num'],
      ], items, { caption: t('toVerify') }) : empty();
    });
    blocks.push(card(`${t('toVerify')} (${yearWIB()})`, box));
  }
  mount(main, h('h1', {}, t('workLogsTitle')), blocks);
}
