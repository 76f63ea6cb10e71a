package server_test

import (
	"slices"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competency"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/training"
	"simasn/internal/apitest"
)

// careerWorld is a province on 30 November 2026 (WIB), whose next
// promotion period is 1 April 2027, read on the annual appraisals of 2025
// and 2026. Dinas A holds the head (IV/a with an S2: at the ceiling), the
// nurse (III/b since 1 April 2023, Baik and Sangat Baik: due), the late one
// (III/b since 2 April 2023: four years minus a day) and the weak one
// (III/b since 2019, Butuh Perbaikan in 2026); Dinas B holds one more who
// is due.
type careerWorld struct {
	s                       *apitest.Server
	root, a, b              *ent.Unit
	head, nurse, late, weak *ent.Employee
	other                   *ent.Employee
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func named(name, rank string, since time.Time, edu employee.EducationLevel) apitest.EmployeeOption {
	return func(c *ent.EmployeeCreate) {
		c.SetName(name).SetRank(rank).SetRankDate(since).SetEducationLevel(edu)
	}
}

func newCareerWorld(t *testing.T, dsn string) *careerWorld {
	s := apitest.Start(t, dsn)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s.Now.Store(&now)
	s = s.As(s.TokenFor(s.Admin))
	w := &careerWorld{s: s}
	r := s.MustRegion("18.71", false)
	w.root = s.MustUnit("9", nil, r)
	w.a = s.MustUnit("9.01", w.root, r)
	w.b = s.MustUnit("9.02", w.root, r)
	w.head = s.MustEmployee(w.a, named("Hasan", "IV/a", day(2020, 1, 1), employee.EducationLevelS2))
	w.nurse = s.MustEmployee(w.a, apitest.WithSuperior(w.head), named("Nurul", "III/b", day(2023, 4, 1), employee.EducationLevelS1))
	w.late = s.MustEmployee(w.a, apitest.WithSuperior(w.head), named("Lukman", "III/b", day(2023, 4, 2), employee.EducationLevelS1))
	w.weak = s.MustEmployee(w.a, apitest.WithSuperior(w.head), named("Wati", "III/b", day(2019, 10, 1), employee.EducationLevelS1))
	w.other = s.MustEmployee(w.b, named("Oktavia", "III/a", day(2022, 10, 1), employee.EducationLevelS1))
	// The nurse's CPNS appointment: 1 March of the month her NIP encodes.
	ctx := apitest.Sys()
	c := s.DB.Client
	cpns := day(w.nurse.BirthDate.Year()+25, 3, 1)
	apitest.Check(c.Employee.UpdateOne(w.nurse).SetCpnsDate(cpns).Exec(ctx))(t)
	annual := func(e *ent.Employee, year int, res appraisal.ResultsRating, beh appraisal.BehaviourRating, p appraisal.Predicate, st appraisal.Status) {
		apitest.Check(c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(w.head.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(year).
			SetPeriodStart(day(year, 1, 1)).SetPeriodEnd(day(year, 12, 31)).
			SetResultsRating(res).SetBehaviourRating(beh).SetPredicate(p).SetStatus(st).Exec(ctx))(t)
	}
	baik := func(e *ent.Employee, year int) {
		annual(e, year, appraisal.ResultsRatingMEETS, appraisal.BehaviourRatingMEETS, appraisal.PredicateBAIK, appraisal.StatusAPPROVED)
	}
	baik(w.nurse, 2025)
	annual(w.nurse, 2026, appraisal.ResultsRatingABOVE, appraisal.BehaviourRatingABOVE, appraisal.PredicateSANGAT_BAIK, appraisal.StatusAPPROVED)
	// A quarterly appraisal and a submitted one do not count.
	apitest.Check(c.Appraisal.Create().SetAppraiseeID(w.late.ID).SetAppraiserID(w.head.ID).SetPeriodKind(appraisal.PeriodKindQUARTERLY).SetYear(2025).SetPeriod(1).
		SetPeriodStart(day(2025, 1, 1)).SetPeriodEnd(day(2025, 3, 31)).
		SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).SetStatus(appraisal.StatusAPPROVED).Exec(ctx))(t)
	for _, e := range []*ent.Employee{w.head, w.late, w.weak, w.other} {
		baik(e, 2025)
	}
	for _, e := range []*ent.Employee{w.head, w.late, w.other} {
		baik(e, 2026)
	}
	annual(w.weak, 2026, appraisal.ResultsRatingBELOW, appraisal.BehaviourRatingMEETS, appraisal.PredicateBUTUH_PERBAIKAN, appraisal.StatusAPPROVED)

	// 12 JP completed in 2026 by the nurse; a 2025 training does not count.
	for i, ends := range []time.Time{day(2026, 6, 12), day(2025, 6, 12)} {
		tr := apitest.Must(c.Training.Create().SetCode([]string{"T-2026", "T-2025"}[i]).SetTitle("Pelatihan").
			SetCategory(training.CategoryTECHNICAL).SetMethod(training.MethodCLASSICAL).SetOrganizerID(w.a.ID).SetHoursJp(12).SetQuota(10).
			SetRegistrationOpens(ends.AddDate(0, -2, 0)).SetRegistrationCloses(ends.AddDate(0, -1, 0)).
			SetStartsOn(ends.AddDate(0, 0, -3)).SetEndsOn(ends).Save(ctx))(t)
		apitest.Check(c.Enrollment.Create().SetEmployeeID(w.nurse.ID).SetTrainingID(tr.ID).SetRegisteredAt(ends.AddDate(0, -1, -5)).
			SetStatus(enrollment.StatusCOMPLETED).SetCompletedAt(ends).Exec(ctx))(t)
	}
	// The position requires MNJ-01 at 3 (assessed 2, then 2 again) and
	// TEK-01 at 2 (never assessed) and KOM-01 at 2 (assessed 3: no gap).
	req := func(code string, level int) *ent.Competency {
		cp := apitest.Must(c.Competency.Create().SetCode(code).SetName("Kompetensi " + code).SetKind(competency.KindMANAGERIAL).Save(ctx))(t)
		apitest.Check(c.CompetencyRequirement.Create().SetCompetencyID(cp.ID).SetPositionName(w.nurse.PositionName).SetLevel(level).Exec(ctx))(t)
		return cp
	}
	mnj, _, kom := req("MNJ-01", 3), req("TEK-01", 2), req("KOM-01", 2)
	apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(w.nurse.ID).SetCompetencyID(mnj.ID).SetLevel(1).SetAssessedAt(day(2024, 5, 1)).Exec(ctx))(t)
	apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(w.nurse.ID).SetCompetencyID(mnj.ID).SetLevel(2).SetAssessedAt(day(2025, 5, 1)).Exec(ctx))(t)
	apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(w.nurse.ID).SetCompetencyID(kom.ID).SetLevel(3).SetAssessedAt(day(2025, 5, 1)).Exec(ctx))(t)
	return w
}

const outlookQuery = `query($id: ID) { careerOutlook(employeeID: $id) {
  employee { id } asOf
  promotion { period due fromRank toRank eligibleByTimeFrom findings { check met detail } }
  salaryStep { date serviceYears due finding { met detail } }
  retirement { age reachesAgeOn pensionFrom }
  training { year jp right cap missing }
  competencyGaps { competency { code } required assessed gap }
} }`

type finding struct {
	Check  string
	Met    bool
	Detail string
}

type promotionOutlook struct {
	Period             time.Time
	Due                bool
	FromRank           string
	ToRank             *string
	EligibleByTimeFrom *time.Time
	Findings           []finding
}

func unmetChecks(p promotionOutlook) []string {
	var out []string
	for _, f := range p.Findings {
		if !f.Met {
			out = append(out, f.Check)
		}
	}
	return out
}

func TestCareerOutlook(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newCareerWorld(t, dsn)
		s := w.s
		var got struct {
			CareerOutlook struct {
				Employee   struct{ ID string }
				AsOf       time.Time
				Promotion  promotionOutlook
				SalaryStep struct {
					Date         time.Time
					ServiceYears int
					Due          bool
					Finding      struct {
						Met    bool
						Detail string
					}
				}
				Retirement struct {
					Age          int
					ReachesAgeOn time.Time
					PensionFrom  time.Time
				}
				Training struct {
					Year, JP, Right, Missing int
					Cap                      *int
				}
				CompetencyGaps []struct {
					Competency struct{ Code string }
					Required   int
					Assessed   *int
					Gap        int
				}
			}
		}
		self := s.AsAccount(s.MustAccount("nurul", "EMPLOYEE", nil, w.nurse))
		self.MustDo(&got, outlookQuery, nil) // the signed-in employee's own
		o := got.CareerOutlook
		if o.Employee.ID != apitest.GID(w.nurse.ID) || !o.AsOf.Equal(day(2026, 11, 30)) {
			t.Errorf("employee %s as of %s, want %d as of 2026-11-30", o.Employee.ID, o.AsOf, w.nurse.ID)
		}
		p := o.Promotion
		if !p.Due || !p.Period.Equal(day(2027, 4, 1)) || p.FromRank != "III/b" || p.ToRank == nil || *p.ToRank != "III/c" ||
			p.EligibleByTimeFrom == nil || !p.EligibleByTimeFrom.Equal(day(2027, 4, 1)) || len(p.Findings) != 7 {
			t.Errorf("promotion = %+v, want due on 2027-04-01 from III/b to III/c, eligible by time from 2027-04-01, 7 findings", p)
		}
		cpnsYear := w.nurse.BirthDate.Year() + 25
		// CPNS 1 March Y: the steps fall on 1 March of Y+2k; the next after
		// 30 November 2026 is 1 March 2027.
		ss := o.SalaryStep
		if !ss.Date.Equal(day(2027, 3, 1)) || ss.ServiceYears != 2027-cpnsYear || !ss.Due || !ss.Finding.Met {
			t.Errorf("salary step = %+v, want 2027-03-01 after %d years, due", ss, 2027-cpnsYear)
		}
		born := w.nurse.BirthDate.UTC()
		ret := o.Retirement // ahli pertama: 58
		if ret.Age != 58 || !ret.ReachesAgeOn.Equal(day(born.Year()+58, born.Month(), born.Day())) || !ret.PensionFrom.Equal(day(born.Year()+58, born.Month()+1, 1)) {
			t.Errorf("retirement = %+v, want 58, birthday in %d, pension from the 1st of the next month", ret, born.Year()+58)
		}
		if tr := o.Training; tr.Year != 2026 || tr.JP != 12 || tr.Right != 20 || tr.Missing != 8 || tr.Cap != nil {
			t.Errorf("training = %+v, want 2026: 12 of 20 JP, 8 missing", tr)
		}
		g := o.CompetencyGaps
		if len(g) != 2 || g[0].Competency.Code != "TEK-01" || g[0].Gap != 2 || g[0].Assessed != nil ||
			g[1].Competency.Code != "MNJ-01" || g[1].Gap != 1 || g[1].Assessed == nil || *g[1].Assessed != 2 || g[1].Required != 3 {
			t.Errorf("competency gaps = %+v, want TEK-01 (2, never assessed), MNJ-01 (3 − 2)", g)
		}

		// Who else may see it.
		vars := map[string]any{"id": apitest.GID(w.nurse.ID)}
		for name, as := range map[string]*apitest.Server{
			"admin":               s,
			"the superior":        s.AsAccount(s.MustAccount("hasan", "EMPLOYEE", nil, w.head)),
			"HR officer in scope": s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", w.a, nil)),
			"HR officer above":    s.AsAccount(s.MustAccount("hr.root", "HR_OFFICER", w.root, nil)),
		} {
			got.CareerOutlook.Employee.ID = ""
			as.MustDo(&got, outlookQuery, vars)
			if got.CareerOutlook.Employee.ID != apitest.GID(w.nurse.ID) {
				t.Errorf("%s: employee %q, want %d", name, got.CareerOutlook.Employee.ID, w.nurse.ID)
			}
		}
		s.AsAccount(s.MustAccount("hr.b", "HR_OFFICER", w.b, nil)).MustFail("NOT_FOUND", "", outlookQuery, vars)
		s.AsAccount(s.MustAccount("lukman", "EMPLOYEE", nil, w.late)).MustFail("NOT_FOUND", "", outlookQuery, vars)
		s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)).MustFail("FORBIDDEN", "", outlookQuery, vars)
		s.AsAccount(s.MustAccount("pimpinan", "LEADER", w.a, nil)).MustFail("FORBIDDEN", "", outlookQuery, vars)
		s.Public().MustFail("NOT_FOUND", "", outlookQuery, vars)
		s.MustFail("BAD_USER_INPUT", "employeeID", outlookQuery, nil) // the admin is no employee
		s.MustFail("NOT_FOUND", "", outlookQuery, map[string]any{"id": "987654"})

		// The others' reasons.
		for _, tc := range []struct {
			e     *ent.Employee
			unmet []string
		}{
			{w.head, []string{"CEILING"}},
			{w.late, []string{"TIME_IN_RANK"}},
			{w.weak, []string{"PERFORMANCE"}},
		} {
			s.MustDo(&got, outlookQuery, map[string]any{"id": apitest.GID(tc.e.ID)})
			if u := unmetChecks(got.CareerOutlook.Promotion); len(u) != 1 || u[0] != tc.unmet[0] || got.CareerOutlook.Promotion.Due {
				t.Errorf("%s: unmet %v, want %v", tc.e.Name, u, tc.unmet)
			}
		}
		s.MustDo(&got, outlookQuery, map[string]any{"id": apitest.GID(w.weak.ID)})
		if d := got.CareerOutlook.Promotion.Findings[4].Detail; d != "the annual appraisal (SKP) for 2026 is Butuh Perbaikan, below Baik" {
			t.Errorf("weak performance detail = %q", d)
		}
	})
}

const dueQuery = `query($u: ID!, $p: Time, $only: Boolean, $first: Int, $offset: Int) {
  promotionsDue(unitID: $u, period: $p, onlyDue: $only, first: $first, offset: $offset) {
    period unit { id } totalCount dueCount
    items { employee { name } promotion { due toRank findings { check met detail } } }
  } }`

type dueList struct {
	PromotionsDue struct {
		Period     time.Time
		Unit       struct{ ID string }
		TotalCount int
		DueCount   int
		Items      []struct {
			Employee  struct{ Name string }
			Promotion promotionOutlook
		}
	}
}

func (d dueList) names() []string {
	var out []string
	for _, it := range d.PromotionsDue.Items {
		out = append(out, it.Employee.Name)
	}
	return out
}

func TestPromotionsDue(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newCareerWorld(t, dsn)
		s := w.s
		hr := s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", w.a, nil))
		var got dueList
		hr.MustDo(&got, dueQuery, map[string]any{"u": apitest.GID(w.a.ID)})
		d := got.PromotionsDue
		if !d.Period.Equal(day(2027, 4, 1)) || d.TotalCount != 4 || d.DueCount != 1 || d.Unit.ID != apitest.GID(w.a.ID) {
			t.Errorf("list = period %s, %d of %d due, want 2027-04-01, 1 of 4", d.Period, d.DueCount, d.TotalCount)
		}
		// The due first, then the others by name, each with its reason.
		if want := []string{"Nurul", "Hasan", "Lukman", "Wati"}; !slices.Equal(got.names(), want) {
			t.Errorf("order = %v, want %v", got.names(), want)
		}
		wantUnmet := map[string]string{"Hasan": "CEILING", "Lukman": "TIME_IN_RANK", "Wati": "PERFORMANCE"}
		for _, it := range d.Items {
			u := unmetChecks(it.Promotion)
			if want, ok := wantUnmet[it.Employee.Name]; ok && (len(u) != 1 || u[0] != want) {
				t.Errorf("%s: unmet %v, want [%s]", it.Employee.Name, u, want)
			}
		}

		hr.MustDo(&got, dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "only": true})
		if want := []string{"Nurul"}; !slices.Equal(got.names(), want) || got.PromotionsDue.DueCount != 1 || got.PromotionsDue.TotalCount != 4 {
			t.Errorf("only due = %v, want %v", got.names(), want)
		}
		// On 1 October 2027 the late one has his four years: the longest
		// waiting first.
		hr.MustDo(&got, dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "p": "2027-10-01T00:00:00Z", "only": true})
		if want := []string{"Nurul", "Lukman"}; !slices.Equal(got.names(), want) {
			t.Errorf("due on 2027-10-01 = %v, want %v", got.names(), want)
		}
		hr.MustDo(&got, dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "first": 2, "offset": 1})
		if want := []string{"Hasan", "Lukman"}; !slices.Equal(got.names(), want) {
			t.Errorf("page 2 from 1 = %v, want %v", got.names(), want)
		}
		// An admin over the root sees both units; Oktavia, four years in
		// rank since 1 October 2026, has waited longest.
		s.MustDo(&got, dueQuery, map[string]any{"u": apitest.GID(w.root.ID), "only": true})
		if want := []string{"Oktavia", "Nurul"}; !slices.Equal(got.names(), want) || got.PromotionsDue.TotalCount != 5 {
			t.Errorf("root = %v of %d, want %v of 5", got.names(), got.PromotionsDue.TotalCount, want)
		}

		vars := map[string]any{"u": apitest.GID(w.a.ID)}
		hr.MustFail("BAD_USER_INPUT", "period", dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "p": "2027-04-02T00:00:00Z"})
		hr.MustFail("BAD_USER_INPUT", "offset", dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "offset": -1})
		hr.MustFail("FORBIDDEN", "", dueQuery, map[string]any{"u": apitest.GID(w.root.ID)}) // above the scope
		s.AsAccount(s.MustAccount("hr.b", "HR_OFFICER", w.b, nil)).MustFail("FORBIDDEN", "", dueQuery, vars)
		s.AsAccount(s.MustAccount("pimpinan", "LEADER", w.a, w.head)).MustFail("FORBIDDEN", "", dueQuery, vars)
		s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)).MustFail("FORBIDDEN", "", dueQuery, vars)
		s.AsAccount(s.MustAccount("nurul", "EMPLOYEE", nil, w.nurse)).MustFail("FORBIDDEN", "", dueQuery, vars)
		s.Public().MustFail("FORBIDDEN", "", dueQuery, vars)
		s.MustFail("NOT_FOUND", "", dueQuery, map[string]any{"u": "987654"})
	})
}
