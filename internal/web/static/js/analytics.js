// The analysts' aggregate builder: choose the records, filters, group-by
// dimensions and measures; see a table and a chart, download the CSV from
// /export, and copy the GraphQL that ran.

import { t, label, enumValues, num, pct, yearWIB, currentLang } from './i18n.js';
import { gql, getToken } from './api.js';
import { h, mount, field, select, onSubmit, card, table, empty, loading, errorBox, copyButton, uid, toast, errorText } from './ui.js';
import { bars } from './chart.js';

const EMP_DIMS = ['UNIT', 'REGION', 'REMOTE', 'PROFESSION', 'RANK', 'POSITION_TYPE', 'POSITION_LEVEL', 'EDUCATION', 'GENDER', 'AGE_BAND', 'EMPLOYMENT_TYPE'];
const EMP_MEASURES = ['AVERAGE_AGE', 'MEDIAN_AGE', 'MIN_AGE', 'MAX_AGE', 'AVERAGE_SERVICE_YEARS', 'MEDIAN_SERVICE_YEARS', 'FEMALE_SHARE', 'PPPK_SHARE'];
const DATED = ['YEAR', 'QUARTER', 'MONTH'];

// What each kind of record offers; the dimensions and measures are the
// API's (AggregateDimension and the *Measure enums).
const RECORDS = {
  employees: {
    field: 'employeeAggregate', where: 'EmployeeWhereInput', csv: 'employee-aggregate',
    dims: [...EMP_DIMS, 'STATUS'], measures: EMP_MEASURES, defaults: ['MEDIAN_AGE', 'FEMALE_SHARE'],
    filters: ['professionGroup', 'employeeStatus', 'employmentType', 'remote'],
  },
  enrollments: {
    field: 'enrollmentAggregate', where: 'EnrollmentWhereInput', csv: 'enrollment-aggregate',
    dims: ['TRAINING', 'TRAINING_CATEGORY', 'TRAINING_METHOD', 'STATUS', ...DATED, ...EMP_DIMS],
    measures: ['EMPLOYEES', 'COMPLETED', 'COMPLETION_RATE', 'TOTAL_JP', 'AVERAGE_SCORE', 'MEDIAN_SCORE', 'MIN_SCORE', 'MAX_SCORE', ...EMP_MEASURES], defaults: ['EMPLOYEES', 'TOTAL_JP'],
    filters: ['enrollmentStatus', 'professionGroupOf', 'remoteOf'],
  },
  appraisals: {
    field: 'appraisalAggregate', where: 'AppraisalWhereInput', csv: 'appraisal-aggregate',
    dims: ['PREDICATE', 'PERIOD_KIND', 'PERIOD', 'STATUS', ...DATED, ...EMP_DIMS],
    measures: ['RATED', 'GOOD_OR_BETTER_SHARE', 'SANGAT_BAIK_SHARE', 'BELOW_EXPECTATION_SHARE', 'APPROVED_SHARE', ...EMP_MEASURES], defaults: ['RATED', 'GOOD_OR_BETTER_SHARE'],
    filters: ['year', 'periodKind', 'professionGroupOf', 'remoteOf'],
  },
  workLogs: {
    field: 'workLogAggregate', where: 'WorkLogWhereInput', csv: 'work-log-aggregate',
    dims: ['STATUS', ...DATED, ...EMP_DIMS],
    measures: ['EMPLOYEES', 'TOTAL_MINUTES', 'AVERAGE_MINUTES', 'MEDIAN_MINUTES', 'P90_MINUTES', 'MAX_MINUTES', 'TOTAL_QUANTITY', 'VERIFIED_SHARE', ...EMP_MEASURES], defaults: ['EMPLOYEES', 'MEDIAN_MINUTES'],
    filters: ['professionGroupOf', 'remoteOf'],
  },
  complaints: {
    field: 'complaintAggregate', where: 'ComplaintWhereInput', csv: 'complaint-aggregate',
    dims: ['UNIT', 'REGION', 'REMOTE', 'STATUS', 'CATEGORY', 'CHANNEL', 'CLASS', ...DATED],
    measures: ['OPEN', 'OVERDUE', 'AVERAGE_HOURS_TO_FIRST_RESPONSE', 'MEDIAN_HOURS_TO_FIRST_RESPONSE', 'P90_HOURS_TO_FIRST_RESPONSE', 'AVERAGE_DAYS_TO_SETTLEMENT', 'MEDIAN_DAYS_TO_SETTLEMENT', 'P90_DAYS_TO_SETTLEMENT', 'ANSWERED_WITHIN_DEADLINE_SHARE', 'SETTLED_WITHIN_DEADLINE_SHARE', 'AVERAGE_RATING', 'RATED_COUNT'],
    defaults: ['OPEN', 'MEDIAN_HOURS_TO_FIRST_RESPONSE'],
    filters: ['complaintCategory', 'complaintStatus'],
  },
};

const DIM_ID = {
  UNIT: 'Unit', REGION: 'Kabupaten/kota', REMOTE: 'Daerah terpencil', PROFESSION: 'Profesi', RANK: 'Pangkat/golongan', POSITION_TYPE: 'Jenis jabatan',
  POSITION_LEVEL: 'Jenjang jabatan', POSITION: 'Nama jabatan', EDUCATION: 'Pendidikan', GENDER: 'Jenis kelamin', AGE_BAND: 'Kelompok usia', EMPLOYMENT_TYPE: 'Jenis pegawai',
  STATUS: 'Status', YEAR: 'Tahun', QUARTER: 'Triwulan', MONTH: 'Bulan', TRAINING: 'Pelatihan', TRAINING_CATEGORY: 'Kategori pelatihan', TRAINING_METHOD: 'Metode pelatihan',
  PREDICATE: 'Predikat', PERIOD_KIND: 'Jenis periode', PERIOD: 'Periode', CATEGORY: 'Bidang', CHANNEL: 'Kanal', CLASS: 'Jenis laporan',
};
const MEASURE_ID = {
  AVERAGE_AGE: 'Rata-rata usia', MEDIAN_AGE: 'Median usia', MIN_AGE: 'Usia termuda', MAX_AGE: 'Usia tertua', AVERAGE_SERVICE_YEARS: 'Rata-rata masa kerja',
  MEDIAN_SERVICE_YEARS: 'Median masa kerja', FEMALE_SHARE: 'Porsi perempuan', PPPK_SHARE: 'Porsi PPPK', EMPLOYEES: 'Pegawai', COMPLETED: 'Selesai', COMPLETION_RATE: 'Tingkat kelulusan',
  TOTAL_JP: 'Total JP', AVERAGE_SCORE: 'Rata-rata nilai', MEDIAN_SCORE: 'Median nilai', MIN_SCORE: 'Nilai terendah', MAX_SCORE: 'Nilai tertinggi', RATED: 'Berpredikat',
  GOOD_OR_BETTER_SHARE: 'Porsi Baik ke atas', SANGAT_BAIK_SHARE: 'Porsi Sangat Baik', BELOW_EXPECTATION_SHARE: 'Porsi di bawah ekspektasi', APPROVED_SHARE: 'Porsi disetujui',
  TOTAL_MINUTES: 'Total menit', AVERAGE_MINUTES: 'Rata-rata menit', MEDIAN_MINUTES: 'Median menit', P90_MINUTES: 'P90 menit', MAX_MINUTES: 'Menit terlama', TOTAL_QUANTITY: 'Total hasil',
  VERIFIED_SHARE: 'Porsi terverifikasi', OPEN: 'Terbuka', OVERDUE: 'Lewat tenggat', AVERAGE_HOURS_TO_FIRST_RESPONSE: 'Rata-rata jam ke jawaban', MEDIAN_HOURS_TO_FIRST_RESPONSE: 'Median jam ke jawaban',
  P90_HOURS_TO_FIRST_RESPONSE: 'P90 jam ke jawaban', AVERAGE_DAYS_TO_SETTLEMENT: 'Rata-rata hari ke selesai', MEDIAN_DAYS_TO_SETTLEMENT: 'Median hari ke selesai', P90_DAYS_TO_SETTLEMENT: 'P90 hari ke selesai',
  ANSWERED_WITHIN_DEADLINE_SHARE: 'Porsi dijawab tepat waktu', SETTLED_WITHIN_DEADLINE_SHARE: 'Porsi selesai tepat waktu', AVERAGE_RATING: 'Rata-rata nilai pelapor', RATED_COUNT: 'Dinilai pelapor',
};

const nameOf = (table, v) => (currentLang() === 'id' && table[v]) || label('', v);
const dimName = (d) => nameOf(DIM_ID, d);
const measureName = (m) => nameOf(MEASURE_ID, m);
const isShare = (m) => /_SHARE$|_RATE$/.test(m);
const fmt = (m, v) => (isShare(m) ? pct(v, 1) : num(v, 2));

/** An enum value in a GraphQL literal. */
class Enum { constructor(v) { this.v = v; } }

/** Writes a value as a GraphQL literal. */
function literal(v) {
  if (v instanceof Enum) return v.v;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** The JSON of a where filter, as the CSV download reads it. */
function plain(v) {
  if (v instanceof Enum) return v.v;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function whereOf(rec, v) {
  const w = {};
  const emp = {};
  if (v.professionGroup) (rec === 'employees' ? w : emp).professionGroup = new Enum(v.professionGroup);
  if (v.remote) {
    const r = { hasUnitWith: [{ hasRegionWith: [{ remote: v.remote === 'true' }] }] };
    if (rec === 'employees') Object.assign(w, r); else Object.assign(emp, r);
  }
  if (v.employeeStatus) w.status = new Enum(v.employeeStatus);
  if (v.employmentType) w.employmentType = new Enum(v.employmentType);
  if (v.enrollmentStatus) w.status = new Enum(v.enrollmentStatus);
  if (v.year) w.year = Number(v.year);
  if (v.periodKind) w.periodKind = new Enum(v.periodKind);
  if (v.complaintCategory) w.category = new Enum(v.complaintCategory);
  if (v.complaintStatus) w.status = new Enum(v.complaintStatus);
  if (Object.keys(emp).length) w.hasEmployeeWith = [emp];
  return w;
}

function filterFields(rec) {
  const fs = RECORDS[rec].filters;
  const out = [];
  const year = yearWIB();
  for (const f of fs) {
    switch (f) {
      case 'professionGroup': case 'professionGroupOf':
        out.push(field(t('profession'), select('professionGroup', enumValues('EmployeeProfessionGroup').map((x) => [x, label('EmployeeProfessionGroup', x)]), { blank: t('all') }))); break;
      case 'remote': case 'remoteOf':
        out.push(field(dimName('REMOTE'), select('remote', [['true', t('yes')], ['false', t('no')]], { blank: t('all') }))); break;
      case 'employeeStatus':
        out.push(field(t('empStatus'), select('employeeStatus', enumValues('EmployeeStatus').map((x) => [x, label('EmployeeStatus', x)]), { blank: t('all'), value: 'ACTIVE' }))); break;
      case 'employmentType':
        out.push(field(t('empType'), select('employmentType', ['PNS', 'CPNS', 'PPPK'], { blank: t('all') }))); break;
      case 'enrollmentStatus':
        out.push(field(t('status'), select('enrollmentStatus', enumValues('EnrollmentStatus').map((x) => [x, label('EnrollmentStatus', x)]), { blank: t('all') }))); break;
      case 'year':
        out.push(field(t('year'), select('year', [year, year - 1, year - 2, year - 3].map(String), { blank: t('all'), value: String(year - 1) }))); break;
      case 'periodKind':
        out.push(field(t('period'), select('periodKind', enumValues('AppraisalPeriodKind').map((x) => [x, label('AppraisalPeriodKind', x)]), { blank: t('all'), value: 'ANNUAL' }))); break;
      case 'complaintCategory':
        out.push(field(t('cCategory'), select('complaintCategory', enumValues('ComplaintCategory').map((x) => [x, label('ComplaintCategory', x)]), { blank: t('all') }))); break;
      case 'complaintStatus':
        out.push(field(t('status'), select('complaintStatus', enumValues('ComplaintStatus').map((x) => [x, label('ComplaintStatus', x)]), { blank: t('all') }))); break;
      default:
    }
  }
  return out;
}

function checks(name, values, checked, nameFn, legend) {
  return h('fieldset', { class: 'field wide checks', 'data-field': name },
    h('legend', {}, legend),
    h('div', { class: 'check-grid' }, values.map((v) => {
      const id = uid(name);
      return h('span', { class: 'check' }, h('input', { type: 'checkbox', name, id, value: v, checked: checked.includes(v) }), h('label', { for: id }, nameFn(v)));
    })),
    h('small', { class: 'field-error', 'aria-live': 'polite' }));
}

/** Renders the builder. */
export function render(main) {
  let rec = 'employees';
  const filters = h('div', { class: 'grid four' });
  const groups = h('div', {});
  const measures = h('div', {});
  const result = h('div', { id: 'aggregate-result', 'aria-live': 'polite' });
  const recSelect = select('records', Object.keys(RECORDS).map((k) => [k, t('rec')[k]]), { value: rec });
  const unitLevel = select('unitLevel', [['0', t('unitLevel0')], ['1', t('unitLevel1')]], { blank: t('none') });
  const refresh = () => {
    const r = RECORDS[rec];
    mount(filters, filterFields(rec));
    mount(groups, checks('groupBy', r.dims, ['REGION'], dimName, t('groupBy')));
    mount(measures, checks('measures', r.measures, r.defaults, measureName, t('measures')));
  };
  recSelect.addEventListener('change', () => { rec = recSelect.value; refresh(); mount(result); });
  const form = onSubmit(h('form', { class: 'form', id: 'aggregate-form' },
    h('div', { class: 'grid two' }, field(t('records'), recSelect), field(t('unitLevel'), unitLevel)),
    h('h2', { class: 'h3' }, t('filters')), filters, groups, measures,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn', id: 'aggregate-run' }, t('run')))),
  async (_v) => {
    const fd = new FormData(form);
    const v = Object.fromEntries(fd.entries());
    const groupBy = fd.getAll('groupBy');
    const ms = fd.getAll('measures');
    if (groupBy.length > 6) throw Object.assign(new Error('≤ 6'), { name: 'APIError', code: 'BAD_USER_INPUT', field: 'groupBy' });
    const r = RECORDS[rec];
    const where = whereOf(rec, v);
    const args = { where, groupBy: groupBy.map((g) => new Enum(g)), measures: ms.map((m) => new Enum(m)) };
    if (v.unitLevel !== '' && groupBy.includes('UNIT')) args.unitLevel = Number(v.unitLevel);
    const argText = Object.entries(args).filter(([k, x]) => !(k === 'where' && !Object.keys(x).length)).map(([k, x]) => `${k}: ${literal(x)}`).join(', ');
    const query = `{\n  ${r.field}(${argText}) {\n    key { dimension value label }\n    count\n    suppressed\n    values { measure value }\n  }\n}`;
    mount(result, loading());
    let rows;
    try {
      rows = (await gql(query))[r.field];
    } catch (err) {
      mount(result, errorBox(err), queryBox(query));
      throw err;
    }
    const params = new URLSearchParams();
    if (Object.keys(where).length) params.set('where', JSON.stringify(plain(where)));
    if (groupBy.length) params.set('groupBy', groupBy.join(','));
    params.set('measures', ms.join(','));
    if (args.unitLevel !== undefined) params.set('unitLevel', String(args.unitLevel));
    mount(result, resultView(rows, groupBy, ms, query, `/export/${r.csv}.csv?${params}`));
  });
  refresh();
  mount(main, h('h1', {}, t('analyticsTitle')), h('p', { class: 'lead' }, t('analyticsIntro')), card(null, form), result);
}

function queryBox(query) {
  return card(t('theQuery'), h('pre', { class: 'code', id: 'aggregate-query', tabindex: '0' }, query), copyButton(query, t('copyQuery')));
}

function resultView(rows, groupBy, ms, query, csvURL) {
  const keyText = (r) => r.key.map((k) => keyLabel(k)).join(' · ') || t('all');
  const first = ms[0];
  // Groups that disclosure control hides have no count and no values.
  const shown = rows.filter((r) => !r.suppressed);
  const hidden = rows.length - shown.length;
  const chartRows = [...shown].sort((a, b) => b.count - a.count).slice(0, 25)
    .map((r) => ({ label: keyText(r), value: first ? r.values[0].value : r.count }));
  const download = h('button', { type: 'button', class: 'btn secondary', id: 'csv-download' }, t('downloadCSV'));
  download.addEventListener('click', async () => {
    try {
      const res = await fetch(csvURL, { headers: getToken() ? { Authorization: `Bearer ${getToken()}` } : {} });
      if (!res.ok) throw Object.assign(new Error((await res.text()).trim() || `HTTP ${res.status}`), { name: 'APIError', code: res.status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT' });
      const blob = await res.blob();
      const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
      const a = h('a', { href: URL.createObjectURL(blob), download: name ? name[1] : 'simasn.csv', class: 'sr-only' });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      download.dataset.downloaded = String(blob.size);
    } catch (err) {
      toast(errorText(err), 'bad');
    }
  });
  if (!rows.length) return h('div', {}, empty(t('noGroups')), queryBox(query));
  return h('div', { class: 'stack' },
    card(t('chartOf', first ? measureName(first) : t('count')),
      bars(chartRows, { wide: true, title: t('chartOf', first ? measureName(first) : t('count')), format: (x) => (first ? fmt(first, x) : num(x)) })),
    card(null,
      h('div', { class: 'card-actions' }, h('span', { class: 'muted' }, t('groups', num(rows.length))), download),
      hidden ? h('p', { class: 'muted small' }, t('suppressedNote', hidden)) : null,
      table([
        ...groupBy.map((d, i) => [dimName(d), (r) => keyLabel(r.key[i])]),
        [t('count'), (r) => (r.suppressed ? h('span', { class: 'muted' }, t('suppressed')) : num(r.count)), 'num'],
        ...ms.map((m, i) => [measureName(m), (r) => (r.suppressed || !r.values ? '' : fmt(m, r.values[i].value)), 'num']),
      ], rows, { caption: t('analyticsTitle'), rowClass: (r) => (r.suppressed ? 'suppressed' : null) })),
    queryBox(query));
}

function keyLabel(k) {
  if (!k) return '';
  if (k.value === null) return t('none');
  const enumOf = { PROFESSION: 'EmployeeProfessionGroup', POSITION_TYPE: 'EmployeePositionType', POSITION_LEVEL: 'EmployeePositionLevel', GENDER: 'EmployeeGender', PREDICATE: 'AppraisalPredicate', CATEGORY: 'ComplaintCategory', CLASS: 'ComplaintClass', PERIOD_KIND: 'AppraisalPeriodKind', TRAINING_CATEGORY: 'TrainingCategory', TRAINING_METHOD: 'TrainingMethod' }[k.dimension];
  if (enumOf) return label(enumOf, k.value);
  if (k.dimension === 'REMOTE') return k.value === 'true' ? t('yes') : t('no');
  return k.label ?? k.value;
}
