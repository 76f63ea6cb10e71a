// The overview of the viewer's scope (the province for analysts and
// admins, the unit subtree for HR officers and leaders): headcount,
// health and education shortages on the map, retirements, 20 JP
// compliance, appraisal outcomes, complaint response times, IKM per unit.
// Each card loads on its own, so one refused figure leaves the others.

import { t, label, num, pct, yearWIB } from './i18n.js';
import { gql, nodes } from './api.js';
import { h, mount, section, card, table, empty, badge } from './ui.js';
import { bars, stacked, lampungMap } from './chart.js';

/** Renders the overview. */
export function render(main, _p, session) {
  const year = yearWIB();
  const slots = {};
  const slot = (k) => (slots[k] = h('div', { class: 'slot' }));
  const scope = session.me.unit ? session.me.unit.name : 'Provinsi Lampung';
  mount(main,
    h('div', { class: 'page-head' }, h('h1', {}, t('overviewTitle')), h('span', { class: 'muted' }, scope)),
    h('div', { class: 'grid overview' },
      h('section', { class: 'card span-2', id: 'headcount' }, h('h2', {}, t('headcount')), slot('headcount')),
      h('section', { class: 'card span-2', id: 'complaint-times' }, h('h2', {}, t('responseTimes')), slot('complaints')),
      h('section', { class: 'card span-4 map-card', id: 'shortage-map' }, h('h2', {}, t('shortageMap')), slot('map')),
      h('section', { class: 'card span-2' }, h('h2', {}, t('retirements')), slot('retire')),
      h('section', { class: 'card span-2' }, h('h2', {}, t('jpCompliance', year)), slot('jp')),
      h('section', { class: 'card span-2' }, h('h2', {}, t('appraisalDist', year - 1)), slot('appraisal')),
      h('section', { class: 'card span-2' }, h('h2', {}, t('ikmPerUnit')), slot('ikm'))));

  // Three questions, not one grouped by both: disclosure control hides
  // small groups (count null), and the more dimensions, the more groups
  // are small.
  section(slots.headcount, () => gql(`{
    total: employeeAggregate(where: {statusIn: [ACTIVE, ON_LEAVE]}, measures: []) { count suppressed }
    byType: employeeAggregate(where: {statusIn: [ACTIVE, ON_LEAVE]}, groupBy: [EMPLOYMENT_TYPE], measures: []) { key { value } count suppressed }
    byProfession: employeeAggregate(where: {statusIn: [ACTIVE, ON_LEAVE]}, groupBy: [PROFESSION], measures: []) { key { value } count suppressed }
  }`), (d) => {
    const total = d.total[0] ? d.total[0].count : null;
    const byType = Object.fromEntries(d.byType.filter((r) => !r.suppressed).map((r) => [r.key[0].value, r.count]));
    const hidden = [...d.byType, ...d.byProfession].filter((r) => r.suppressed).length;
    return h('div', {},
      h('p', { class: 'big-number' }, total == null ? t('suppressed') : num(total), h('small', {}, ` ${t('activeStaff')}`)),
      stacked(['PNS', 'CPNS', 'PPPK'].filter((k) => k in byType).map((k, i) => ({ label: k, value: byType[k], cls: `part-${i}` })), { title: t('empType') }),
      bars(d.byProfession.filter((r) => !r.suppressed).sort((a, b) => b.count - a.count).slice(0, 6)
        .map((r) => ({ label: label('EmployeeProfessionGroup', r.key[0].value), value: r.count })), { title: t('byProfession'), format: (v) => num(v) }),
      hidden ? h('p', { class: 'muted small' }, t('suppressedNote', hidden)) : null);
  });

  section(slots.complaints, () => gql('{ complaintAggregate(measures: [OPEN, OVERDUE, MEDIAN_HOURS_TO_FIRST_RESPONSE, P90_HOURS_TO_FIRST_RESPONSE, ANSWERED_WITHIN_DEADLINE_SHARE, AVERAGE_RATING]) { count suppressed values { measure value } } }'), (d) => {
    const g = d.complaintAggregate[0];
    if (g && g.suppressed) return empty(t('suppressedNote', 1));
    if (!g || !g.count) return empty();
    const v = Object.fromEntries(g.values.map((x) => [x.measure, x.value]));
    const tile = (lbl, val, tone) => h('div', { class: ['tile', tone && `tone-${tone}`] }, h('span', { class: 'tile-value' }, val), h('span', { class: 'tile-label' }, lbl));
    return h('div', { class: 'tiles' },
      tile(t('count'), num(g.count)),
      tile(t('openCount'), num(v.OPEN)),
      tile(t('overdueCount'), num(v.OVERDUE), v.OVERDUE ? 'bad' : 'ok'),
      tile(t('medianHours'), num(v.MEDIAN_HOURS_TO_FIRST_RESPONSE, 1)),
      tile(t('p90Hours'), num(v.P90_HOURS_TO_FIRST_RESPONSE, 1)),
      tile(t('withinDeadline'), pct(v.ANSWERED_WITHIN_DEADLINE_SHARE)),
      tile(t('rating'), v.AVERAGE_RATING == null ? t('none') : `${num(v.AVERAGE_RATING, 1)}/5`));
  });

  section(slots.map, async () => {
    const filter = { professionGroups: ['HEALTH', 'EDUCATION'] };
    return gql(`query Gap($y: Int!, $f: WorkforceGapFilter) {
      regions(first: 100) { edges { node { id code name remote } } }
      byRegion: workforceGap(year: $y, filter: $f, groupBy: [REGION]) { key { value label } needed filled shortage fillRate }
      byProfession: workforceGap(year: $y, filter: $f, groupBy: [REGION, PROFESSION]) { key { value label } needed filled shortage fillRate }
    }`, { y: year, f: filter });
  }, (d) => {
    const gaps = new Map(d.byRegion.map((g) => [g.key[0].value, g]));
    const regions = nodes(d.regions).map((r) => {
      const g = gaps.get(r.id);
      return { code: r.code, name: r.name, remote: r.remote, value: g ? g.shortage : null, detail: g ? `${t('needed')} ${num(g.needed)}, ${t('filled')} ${num(g.filled)}` : '' };
    });
    const worst = d.byProfession.filter((g) => g.shortage > 0).sort((a, b) => b.shortage - a.shortage).slice(0, 10);
    return h('div', { class: 'map-layout' },
      lampungMap(regions, { title: t('shortageMap'), legend: t('shortageHelp', year) }),
      h('div', {},
        worst.length ? table([
          [t('region'), (g) => g.key[0].label.replace(/^Kabupaten /, 'Kab. ')],
          [t('profession'), (g) => label('EmployeeProfessionGroup', g.key[1].value)],
          [`${t('filled')}/${t('needed')}`, (g) => `${num(g.filled)}/${num(g.needed)}`, 'num'],
          [t('shortage'), (g) => h('strong', {}, num(g.shortage)), 'num'],
        ], worst, { caption: t('shortage'), compact: true }) : empty()));
  });

  section(slots.retire, () => gql('{ retirementProjection(years: 5) { year retiring } }'), (d) => {
    const per = {};
    for (const r of d.retirementProjection) per[r.year] = (per[r.year] || 0) + r.retiring;
    const rows = Object.keys(per).sort().map((y) => ({ label: String(y), value: per[y] }));
    return rows.length ? bars(rows, { title: t('retirements'), format: (v) => num(v) }) : empty();
  });

  // The year so far: the 20 JP right is yearly.
  section(slots.jp, () => gql('query($y: Int!) { trainingHours(year: $y) { employees entitled compliant below complianceRate averageJp } }', { y: year }), (d) => {
    const r = d.trainingHours[0];
    if (!r || !r.entitled) return empty();
    return h('div', {},
      h('p', { class: 'big-number' }, pct(r.complianceRate), h('small', {}, ` ${t('compliant')}`)),
      stacked([
        { label: t('compliant'), value: r.compliant, cls: 'part-ok' },
        { label: t('below20'), value: r.below, cls: 'part-bad' },
      ], { title: t('jpCompliance', year) }),
      h('p', { class: 'muted' }, `${t('jp')} ⌀ ${num(r.averageJp, 1)}`));
  });

  section(slots.appraisal, () => gql('query($y: Int!) { appraisalDistribution(where: {year: $y, periodKind: ANNUAL}, groupBy: [YEAR]) { total rated predicates { predicate count share } } }', { y: year - 1 }), (d) => {
    const g = d.appraisalDistribution[0];
    if (!g || !g.rated) return empty();
    return bars(g.predicates.map((p) => ({ label: label('AppraisalPredicate', p.predicate), value: p.share })), { title: t('appraisalDist', year - 1), format: (v) => pct(v, 1) });
  });

  section(slots.ikm, () => gql('{ satisfactionIndex(groupBy: [UNIT]) { key { label } respondents index grade } }'), (d) => {
    const rows = [...d.satisfactionIndex].sort((a, b) => a.index - b.index).slice(0, 8);
    if (!rows.length) return empty();
    const tone = { A: 'ok', B: 'info', C: 'warn', D: 'bad' };
    return table([
      [t('unit'), (r) => r.key[0].label],
      [t('respondents'), (r) => num(r.respondents), 'num'],
      [t('index'), (r) => num(r.index, 2), 'num'],
      [t('grade'), (r) => badge(r.grade, tone[r.grade])],
    ], rows, { caption: t('ikmPerUnit'), compact: true });
  });
}
