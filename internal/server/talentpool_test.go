package server_test

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competency"
	"simasn/ent/employee"
	"simasn/internal/apitest"
	"simasn/internal/nip"
)

// talentSerial numbers the NIPs of the talent fixtures (serials 900 and
// up, apart from apitest.NewNIP's).
var talentSerial atomic.Int64

// bornOn gives a fixture employee a NIP encoding birth date b (a man,
// appointed CPNS in March of the year he turned 25).
func bornOn(b time.Time) apitest.EmployeeOption {
	return func(c *ent.EmployeeCreate) {
		k := talentSerial.Add(1)
		n, err := nip.Build(nip.PNS, b, b.Year()+25, 3, nip.Male, 900+int(k%99))
		if err != nil {
			panic(err)
		}
		c.SetNip(n).SetBirthDate(b)
	}
}

// position sets the position of a fixture employee.
func position(name string, t employee.PositionType) apitest.EmployeeOption {
	return func(c *ent.EmployeeCreate) {
		c.SetPositionName(name).SetPositionType(t)
		if t != employee.PositionTypeFUNGSIONAL_KEAHLIAN {
			c.Mutation().ClearPositionLevel()
		}
	}
}

// talentFixture writes the scores of a nine-box: the approved annual
// predicate of year (appraised by appraiser) and one managerial
// assessment in that year.
type talentFixture struct {
	c         *ent.Client
	appraiser *ent.Employee
	comp      *ent.Competency
	year      int
	t         testing.TB
}

func newTalentFixture(t *testing.T, s *apitest.Server, appraiser *ent.Employee, year int) *talentFixture {
	t.Helper()
	c := s.DB.Client
	cp, err := c.Competency.Query().Where(competency.Code("MNJ-T")).First(apitest.Sys())
	if err != nil && !ent.IsNotFound(err) {
		t.Fatal(err)
	}
	if cp == nil {
		cp = apitest.Must(c.Competency.Create().SetCode("MNJ-T").SetName("Kepemimpinan").SetKind(competency.KindMANAGERIAL).Save(apitest.Sys()))(t)
	}
	return &talentFixture{c: c, appraiser: appraiser, comp: cp, year: year, t: t}
}

// score gives e the predicate p (SANGAT_BAIK: high performance, BAIK:
// medium) and an assessed level (4 or more: high potential, 3: medium).
func (f *talentFixture) score(e *ent.Employee, p appraisal.Predicate, level int) {
	ctx := apitest.Sys()
	res, beh := appraisal.ResultsRatingMEETS, appraisal.BehaviourRatingMEETS
	if p == appraisal.PredicateSANGAT_BAIK {
		res, beh = appraisal.ResultsRatingABOVE, appraisal.BehaviourRatingABOVE
	}
	apitest.Check(f.c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(f.appraiser.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(f.year).
		SetPeriodStart(day(f.year, 1, 1)).SetPeriodEnd(day(f.year, 12, 31)).
		SetResultsRating(res).SetBehaviourRating(beh).SetPredicate(p).SetStatus(appraisal.StatusAPPROVED).Exec(ctx))(f.t)
	apitest.Check(f.c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(f.comp.ID).SetLevel(level).SetAssessedAt(day(f.year, 6, 1)).Exec(ctx))(f.t)
}

const poolsQuery = `query($u: ID!, $y: Int!, $first: Int) { talentPools(unitID: $u, year: $y, first: $first) {
  year unit { id }
  pools { family count boxes { box performance potential count } members { employee { name positionType } box potentialScore } }
} }`

type poolsResult struct {
	TalentPools struct {
		Year  int
		Unit  struct{ ID string }
		Pools []struct {
			Family string
			Count  *int
			Boxes  []struct {
				Box                    int
				Performance, Potential string
				Count                  *int
			}
			Members *[]struct {
				Employee struct {
					Name         string
					PositionType string
				}
				Box            int
				PotentialScore float64
			}
		}
	}
}

// TestTalentPools: in Dinas A, for 2025, the JPT head is in box 9
// (Sangat Baik, level 5), the administrator in box 8 (Baik, 4), one
// supervisor in box 7 (Sangat Baik, 3) and the other in box 5 (Baik, 3:
// not in a pool), six functional experts in boxes 9 (one) and 8 (five,
// levels 4 and 5); a retired expert in box 9 and one of Dinas B in box 9
// do not count (Bambang is a functional expert).
func TestTalentPools(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
		s.Now.Store(&now)
		s = s.As(s.TokenFor(s.Admin))
		r := s.MustRegion("18.71", false)
		root := s.MustUnit("9", nil, r)
		a := s.MustUnit("9.01", root, r)
		b := s.MustUnit("9.02", root, r)
		head := s.MustEmployee(a, named("Kepala", "IV/c", day(2020, 4, 1), employee.EducationLevelS2), position("Kepala Dinas A", employee.PositionTypeJPT_PRATAMA))
		f := newTalentFixture(t, s, head, 2025)
		other := s.MustEmployee(b, named("Bambang", "IV/a", day(2020, 4, 1), employee.EducationLevelS2), apitest.WithSuperior(head))
		mk := func(name string, pt employee.PositionType, p appraisal.Predicate, level int) *ent.Employee {
			e := s.MustEmployee(a, named(name, "III/c", day(2020, 4, 1), employee.EducationLevelS1), apitest.WithSuperior(head), position("Jabatan "+name, pt))
			f.score(e, p, level)
			return e
		}
		f.score(head, appraisal.PredicateSANGAT_BAIK, 5)
		f.score(other, appraisal.PredicateSANGAT_BAIK, 5)
		mk("Ani", employee.PositionTypeADMINISTRATOR, appraisal.PredicateBAIK, 4)
		mk("Budi", employee.PositionTypePENGAWAS, appraisal.PredicateSANGAT_BAIK, 3)
		mk("Cici", employee.PositionTypePENGAWAS, appraisal.PredicateBAIK, 3)
		mk("Dedi", employee.PositionTypeFUNGSIONAL_KEAHLIAN, appraisal.PredicateSANGAT_BAIK, 4)
		for i, n := range []string{"Eka", "Fajar", "Gita", "Hadi", "Indah"} {
			mk(n, employee.PositionTypeFUNGSIONAL_KEAHLIAN, appraisal.PredicateBAIK, 4+i%2)
		}
		gone := mk("Joko", employee.PositionTypeFUNGSIONAL_KEAHLIAN, appraisal.PredicateSANGAT_BAIK, 5)
		apitest.Check(s.DB.Client.Employee.UpdateOne(gone).SetStatus(employee.StatusRETIRED).Exec(apitest.Sys()))(t)

		vars := map[string]any{"u": apitest.GID(a.ID), "y": 2025}
		leader := s.AsAccount(s.MustAccount("pimpinan", "LEADER", a, head))
		var got poolsResult
		leader.MustDo(&got, poolsQuery, vars)
		families := []string{"JPT", "ADMINISTRATOR", "SUPERVISOR", "FUNCTIONAL_EXPERT", "FUNCTIONAL_SKILLED", "EXECUTOR"}
		// family → counts of boxes 9, 8, 7
		want := map[string][3]int{"JPT": {1, 0, 0}, "ADMINISTRATOR": {0, 1, 0}, "SUPERVISOR": {0, 0, 1}, "FUNCTIONAL_EXPERT": {1, 5, 0}}
		members := map[string][]string{"JPT": {"Kepala"}, "ADMINISTRATOR": {"Ani"}, "SUPERVISOR": {"Budi"},
			// box 9 first, then by potential score (5 before 4), then by name
			"FUNCTIONAL_EXPERT": {"Dedi", "Fajar", "Hadi", "Eka", "Gita", "Indah"}}
		ps := got.TalentPools.Pools
		if len(ps) != 6 {
			t.Fatalf("%d pools, want 6", len(ps))
		}
		for i, p := range ps {
			if p.Family != families[i] {
				t.Errorf("pools[%d] = %s, want %s", i, p.Family, families[i])
			}
			w := want[p.Family]
			if p.Count == nil || *p.Count != w[0]+w[1]+w[2] {
				t.Errorf("%s count = %v, want %d", p.Family, p.Count, w[0]+w[1]+w[2])
			}
			for j, bx := range p.Boxes {
				if bx.Box != []int{9, 8, 7}[j] || bx.Count == nil || *bx.Count != w[j] {
					t.Errorf("%s box[%d] = %d: %v, want %d: %d", p.Family, j, bx.Box, bx.Count, []int{9, 8, 7}[j], w[j])
				}
			}
			var names []string
			for _, m := range *p.Members {
				names = append(names, m.Employee.Name)
			}
			if !slices.Equal(names, members[p.Family]) {
				t.Errorf("%s members = %v, want %v", p.Family, names, members[p.Family])
			}
		}
		if bx := ps[0].Boxes[2]; bx.Performance != "HIGH" || bx.Potential != "MEDIUM" {
			t.Errorf("box 7 = %s performance, %s potential; want HIGH, MEDIUM", bx.Performance, bx.Potential)
		}
		leader.MustDo(&got, poolsQuery, map[string]any{"u": apitest.GID(a.ID), "y": 2025, "first": 2})
		if m := *got.TalentPools.Pools[3].Members; len(m) != 2 || m[1].Employee.Name != "Fajar" || m[1].PotentialScore != 5 {
			t.Errorf("first 2 experts = %+v, want Dedi and Fajar (5)", m)
		}
		// The whole province: Bambang of Dinas B, a functional expert in box 9, joins.
		s.MustDo(&got, poolsQuery, map[string]any{"u": apitest.GID(root.ID), "y": 2025})
		if c := got.TalentPools.Pools[3].Count; c == nil || *c != 7 {
			t.Errorf("province experts = %v, want 7", c)
		}
		// An analyst: only the group of 5 (experts in box 8) is shown.
		s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)).MustDo(&got, poolsQuery, vars)
		for _, p := range got.TalentPools.Pools {
			if p.Members != nil || p.Count != nil {
				t.Errorf("analyst sees %s members %v, count %v; want null", p.Family, p.Members, p.Count)
			}
			for _, bx := range p.Boxes {
				visible := p.Family == "FUNCTIONAL_EXPERT" && bx.Box == 8
				if visible && (bx.Count == nil || *bx.Count != 5) || !visible && bx.Count != nil {
					t.Errorf("analyst sees %s box %d = %v", p.Family, bx.Box, bx.Count)
				}
			}
		}
		hr := s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", a, nil))
		hr.MustDo(&got, poolsQuery, vars)
		if c := got.TalentPools.Pools[3].Count; c == nil || *c != 6 {
			t.Errorf("HR officer in scope: experts %v, want 6", c)
		}
		hr.MustFail("FORBIDDEN", "", poolsQuery, map[string]any{"u": apitest.GID(root.ID), "y": 2025})
		s.AsAccount(s.MustAccount("pimpinan.b", "LEADER", b, other)).MustFail("FORBIDDEN", "", poolsQuery, vars)
		s.AsAccount(s.MustAccount("ani", "EMPLOYEE", nil, head)).MustFail("FORBIDDEN", "", poolsQuery, vars)
		s.Public().MustFail("FORBIDDEN", "", poolsQuery, vars)
		leader.MustFail("BAD_USER_INPUT", "first", poolsQuery, map[string]any{"u": apitest.GID(a.ID), "y": 2025, "first": 101})
		leader.MustFail("BAD_USER_INPUT", "year", poolsQuery, map[string]any{"u": apitest.GID(a.ID), "y": 1999})
		leader.MustFail("NOT_FOUND", "", poolsQuery, map[string]any{"u": "987654", "y": 2025})
	})
}
