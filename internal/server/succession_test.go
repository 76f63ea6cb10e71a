package server_test

import (
	"slices"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/training"
	"simasn/internal/apitest"
)

// successionWorld is a province on 30 November 2026 (WIB): division A
// (9.01, headed by Hasan, administrator) has section A1, whose pengawas
// position in the 2026 formasi nobody holds, and section A2, held by Sari.
// The staff of A's subtree are the candidates for both sections (the pool
// is the subtree of the unit above). The rules for a pengawas: rank III/b,
// education D3, PKP completed, no penalty in effect on the day, the age
// limit 58 reached after 30 November 2028. The nine-box reads 2025.
type successionWorld struct {
	s          *apitest.Server
	root, a, b *ent.Unit
	a1, a2     *ent.Unit
	hasan      *ent.Employee
	sari, budi *ent.Employee
}

func newSuccessionWorld(t *testing.T, dsn string) *successionWorld {
	s := apitest.Start(t, dsn)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s.Now.Store(&now)
	s = s.As(s.TokenFor(s.Admin))
	w := &successionWorld{s: s}
	r := s.MustRegion("18.71", false)
	w.root = s.MustUnit("9", nil, r)
	w.a = s.MustUnit("9.01", w.root, r)
	w.b = s.MustUnit("9.02", w.root, r)
	w.a1 = s.MustUnit("9.01.01", w.a, r)
	w.a2 = s.MustUnit("9.01.02", w.a, r)
	ctx := apitest.Sys()
	c := s.DB.Client
	w.hasan = s.MustEmployee(w.a, named("Hasan", "IV/a", day(2020, 4, 1), employee.EducationLevelS2), bornOn(day(1975, 2, 3)),
		position("Kepala Bidang A", employee.PositionTypeADMINISTRATOR))
	w.sari = s.MustEmployee(w.a2, named("Sari", "III/d", day(2020, 4, 1), employee.EducationLevelS1), bornOn(day(1980, 5, 6)),
		position("Kepala Seksi A2", employee.PositionTypePENGAWAS), apitest.WithSuperior(w.hasan))
	w.budi = s.MustEmployee(w.b, named("Budi", "IV/a", day(2020, 4, 1), employee.EducationLevelS2), bornOn(day(1976, 2, 3)),
		position("Kepala Bidang B", employee.PositionTypeADMINISTRATOR))
	apitest.Check(c.Formation.Create().SetUnitID(w.a1.ID).SetYear(2026).SetPositionName("Kepala Seksi A1").
		SetPositionType(formation.PositionTypePENGAWAS).SetProfessionGroup(formation.ProfessionGroupADMINISTRATIVE).SetNeeded(1).Exec(ctx))(t)
	pkp := apitest.Must(c.Training.Create().SetCode("PKP-2025-01").SetTitle("Pelatihan Kepemimpinan Pengawas").
		SetCategory(training.CategoryMANAGERIAL).SetMethod(training.MethodBLENDED).SetOrganizerID(w.root.ID).SetHoursJp(40).SetQuota(50).
		SetRegistrationOpens(day(2025, 3, 1)).SetRegistrationCloses(day(2025, 4, 1)).SetStartsOn(day(2025, 5, 1)).SetEndsOn(day(2025, 6, 12)).Save(ctx))(t)
	f := newTalentFixture(t, s, w.hasan, 2025)
	type staff struct {
		name, rank string
		since      time.Time
		edu        employee.EducationLevel
		unit       *ent.Unit
		born       time.Time
		pkp        bool
		pred       appraisal.Predicate // "" when not appraised
		level      int
	}
	SB, B := appraisal.PredicateSANGAT_BAIK, appraisal.PredicateBAIK
	people := []staff{
		{"Rina", "III/b", day(2021, 4, 1), employee.EducationLevelS1, w.a1, day(1988, 1, 1), true, SB, 5},  // box 9, rank exactly III/b
		{"Sinta", "III/c", day(2022, 4, 1), employee.EducationLevelS1, w.a2, day(1987, 1, 2), true, B, 4},  // box 8
		{"Tono", "III/c", day(2021, 10, 1), employee.EducationLevelS1, w.a, day(1987, 1, 3), true, B, 4},   // box 8, longer in III/c
		{"Umar", "III/a", day(2023, 4, 1), employee.EducationLevelS1, w.a1, day(1990, 1, 4), true, SB, 5},  // box 9, one rank below
		{"Vina", "III/c", day(2022, 4, 1), employee.EducationLevelS1, w.a1, day(1986, 1, 5), true, SB, 3},  // box 7, penalty ended the day before
		{"Wawan", "III/c", day(2022, 4, 1), employee.EducationLevelS1, w.a2, day(1986, 1, 6), true, SB, 3}, // box 7, penalty ends on the day
		{"Xena", "III/c", day(2022, 4, 1), employee.EducationLevelS1, w.a2, day(1986, 1, 7), false, B, 4},  // box 8, no PKP
		{"Lina", "III/d", day(2018, 4, 1), employee.EducationLevelD3, w.a, day(1969, 1, 10), true, "", 0},  // 58 on 2027-01-10
		{"Dodi", "III/a", day(2023, 4, 1), employee.EducationLevelS1, w.a, day(1991, 1, 8), false, "", 0},  // two conditions, not in a pool
		{"Rudi", "III/d", day(2019, 4, 1), employee.EducationLevelS1, w.a, day(1984, 1, 9), true, "", 0},   // eligible, not placed
		{"Bayu", "III/d", day(2019, 4, 1), employee.EducationLevelS1, w.b, day(1984, 1, 11), true, SB, 5},  // division B: not in A's pool
	}
	byName := map[string]*ent.Employee{}
	for _, p := range people {
		boss := w.hasan
		if p.unit == w.a2 {
			boss = w.sari
		}
		if p.unit == w.b {
			boss = w.budi
		}
		e := s.MustEmployee(p.unit, named(p.name, p.rank, p.since, p.edu), bornOn(p.born), apitest.WithSuperior(boss))
		byName[p.name] = e
		if p.pkp {
			apitest.Check(c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(pkp.ID).SetRegisteredAt(day(2025, 3, 10)).
				SetStatus(enrollment.StatusCOMPLETED).SetCompletedAt(day(2025, 6, 12)).Exec(ctx))(t)
		}
		if p.pred != "" {
			f.score(e, p.pred, p.level)
		}
	}
	// A CPNS in box 9 is not considered: a structural position is for a PNS.
	cpns := s.MustEmployee(w.a1, named("Putri", "III/b", day(2026, 3, 1), employee.EducationLevelS1), bornOn(day(1992, 1, 12)), apitest.WithSuperior(w.hasan),
		func(c *ent.EmployeeCreate) { c.SetEmploymentType(employee.EmploymentTypeCPNS) })
	f.score(cpns, SB, 5)
	penalty := func(e *ent.Employee, from, until time.Time) {
		apitest.Check(c.DisciplinaryPenalty.Create().SetEmployeeID(e.ID).SetKind(disciplinarypenalty.KindWRITTEN_REPRIMAND).SetLevel(disciplinarypenalty.LevelLIGHT).
			SetDecreeNumber("800/" + e.Name).SetDecreeDate(from.AddDate(0, 0, -7)).SetEffectiveFrom(from).SetEffectiveUntil(until).
			SetRecordedAt(from.AddDate(0, 0, -6)).Exec(ctx))(t)
	}
	penalty(byName["Vina"], day(2026, 6, 1), day(2026, 11, 29))  // ended the day before: eligible
	penalty(byName["Wawan"], day(2026, 6, 1), day(2026, 11, 30)) // ends on the day: in effect
	penalty(byName["Rudi"], day(2026, 12, 1), day(2027, 2, 28))  // begins the day after: not yet in effect
	return w
}

const successionQuery = `query($u: ID!, $vacant: Boolean, $inel: Int, $cand: Int) {
  succession(unitID: $u, vacantOnly: $vacant, ineligible: $inel, candidates: $cand) {
    asOf year totalCount
    positions {
      unit { code } name type minimumRank minimumEducation requiredTrainings
      holder { name } vacant consideredCount eligibleCount
      candidates { employee { name } eligible box performance potentialScore findings { check met detail } }
      ineligible { employee { name } eligible box findings { check met detail } }
    }
  } }`

type successionCandidate struct {
	Employee       struct{ Name string }
	Eligible       bool
	Box            *int
	Performance    *string
	PotentialScore *float64
	Findings       []finding
}

type successionResult struct {
	Succession struct {
		AsOf       time.Time
		Year       int
		TotalCount int
		Positions  []struct {
			Unit                          struct{ Code string }
			Name, Type                    string
			MinimumRank, MinimumEducation string
			RequiredTrainings             []string
			Holder                        *struct{ Name string }
			Vacant                        bool
			ConsideredCount               *int
			EligibleCount                 *int
			Candidates                    *[]successionCandidate
			Ineligible                    *[]successionCandidate
		}
	}
}

func namesOf(cs []successionCandidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Employee.Name)
	}
	return out
}

func findingOf(c successionCandidate, check string) finding {
	for _, f := range c.Findings {
		if f.Check == check {
			return f
		}
	}
	return finding{}
}

func TestSuccession(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newSuccessionWorld(t, dsn)
		s := w.s
		var got successionResult
		s.MustDo(&got, successionQuery, map[string]any{"u": apitest.GID(w.a.ID), "vacant": true, "inel": 5})
		sp := got.Succession
		if !sp.AsOf.Equal(day(2026, 11, 30)) || sp.Year != 2025 || sp.TotalCount != 1 || len(sp.Positions) != 1 {
			t.Fatalf("plan = as of %s, year %d, %d positions; want 2026-11-30, 2025, the vacant A1", sp.AsOf, sp.Year, sp.TotalCount)
		}
		p := sp.Positions[0]
		if p.Unit.Code != "9.01.01" || p.Name != "Kepala Seksi A1" || p.Type != "PENGAWAS" || !p.Vacant || p.Holder != nil ||
			p.MinimumRank != "III/b" || p.MinimumEducation != "D3" || !slices.Equal(p.RequiredTrainings, []string{"PKP"}) {
			t.Errorf("position = %+v, want the vacant pengawas of 9.01.01: III/b, D3, PKP", p)
		}
		// Considered: the ten PNS staff of A's subtree below pengawas
		// (not Hasan, Sari, the CPNS, nor Bayu of division B).
		if p.ConsideredCount == nil || *p.ConsideredCount != 10 || p.EligibleCount == nil || *p.EligibleCount != 5 {
			t.Errorf("considered %v, eligible %v; want 10 and 5", p.ConsideredCount, p.EligibleCount)
		}
		// Box 9, then the two in box 8 with equal performance, potential
		// and rank by seniority in rank (Tono since 2021-10-01 before
		// Sinta since 2022-04-01), then box 7, then the one not placed.
		cands := *p.Candidates
		if want := []string{"Rina", "Tono", "Sinta", "Vina", "Rudi"}; !slices.Equal(namesOf(cands), want) {
			t.Errorf("candidates = %v, want %v", namesOf(cands), want)
		}
		for _, c := range cands {
			if !c.Eligible || len(c.Findings) != 5 {
				t.Errorf("%s: eligible %v with %d findings, want eligible with 5", c.Employee.Name, c.Eligible, len(c.Findings))
			}
		}
		if r := cands[0]; r.Box == nil || *r.Box != 9 || r.Performance == nil || *r.Performance != "HIGH" || r.PotentialScore == nil || *r.PotentialScore != 5 ||
			findingOf(r, "RANK").Detail != "rank III/b, at least III/b for a pengawas position" {
			t.Errorf("Rina = %+v, want box 9, HIGH, 5, rank III/b exactly the minimum", r)
		}
		if v := cands[3]; findingOf(v, "DISCIPLINE").Detail != "no disciplinary penalty in effect on 2026-11-30" {
			t.Errorf("Vina's penalty ended on 2026-11-29: %+v", findingOf(v, "DISCIPLINE"))
		}
		if r := cands[4]; r.Box != nil || r.Performance != nil || r.PotentialScore != nil {
			t.Errorf("Rudi = %+v, want not placed", r)
		}
		// Notable ineligible: in a pool or failing one condition; Dodi fails
		// two and is in no pool.
		inel := *p.Ineligible
		if want := []string{"Umar", "Xena", "Wawan", "Lina"}; !slices.Equal(namesOf(inel), want) {
			t.Fatalf("ineligible = %v, want %v", namesOf(inel), want)
		}
		why := map[string]finding{
			"Umar":  {"RANK", false, "rank III/a is below III/b, the minimum for a pengawas position"},
			"Xena":  {"TRAINING", false, "missing training PKP (Pelatihan Kepemimpinan Pengawas)"},
			"Wawan": {"DISCIPLINE", false, "disciplinary penalty WRITTEN_REPRIMAND (decree 800/Wawan) in effect until 2026-11-30"},
			"Lina":  {"RETIREMENT", false, "reaches the age limit of 58 on 2027-01-10, within 2 years of 2026-11-30"},
		}
		for _, c := range inel {
			want := why[c.Employee.Name]
			var unmet []finding
			for _, f := range c.Findings {
				if !f.Met {
					unmet = append(unmet, f)
				}
			}
			if c.Eligible || len(unmet) != 1 || unmet[0] != want {
				t.Errorf("%s: eligible %v, unmet %+v; want %+v", c.Employee.Name, c.Eligible, unmet, want)
			}
		}
		// The whole division: its own administrator position first (nobody
		// has PKA: no one eligible), then A1, then A2 held by Sari, whose
		// candidates are A1's.
		s.MustDo(&got, successionQuery, map[string]any{"u": apitest.GID(w.a.ID), "cand": 2})
		ps := got.Succession.Positions
		if got.Succession.TotalCount != 3 || len(ps) != 3 || ps[0].Name != "Kepala Bidang A" || ps[0].Holder == nil || ps[0].Holder.Name != "Hasan" ||
			ps[2].Name != "Kepala Seksi A2" || ps[2].Holder == nil || ps[2].Holder.Name != "Sari" || ps[2].Vacant {
			t.Fatalf("positions = %+v, want Kepala Bidang A (Hasan), A1, A2 (Sari)", ps)
		}
		if *ps[0].EligibleCount != 0 || len(*ps[0].Candidates) != 0 || !slices.Equal(namesOf(*ps[2].Candidates), []string{"Rina", "Tono"}) || *ps[2].EligibleCount != 5 {
			t.Errorf("administrator: %d eligible; A2: %v of %d; want 0, and Rina, Tono of 5", *ps[0].EligibleCount, namesOf(*ps[2].Candidates), *ps[2].EligibleCount)
		}

		// Access: the leader of A (Hasan, whose chain holds everyone) as
		// the admin; HR of A too; the leader of B, an employee and the
		// public are refused.
		vars := map[string]any{"u": apitest.GID(w.a.ID), "vacant": true}
		leader := s.AsAccount(s.MustAccount("pimpinan.a", "LEADER", w.a, w.hasan))
		leader.MustDo(&got, successionQuery, vars)
		if c := got.Succession.Positions[0].Candidates; c == nil || !slices.Equal(namesOf(*c), []string{"Rina", "Tono", "Sinta", "Vina", "Rudi"}) {
			t.Errorf("leader of A: candidates %v", c)
		}
		// Wawan's penalty is read by his direct superior (Sari), HR and
		// admins only (the row rule of DisciplinaryPenalty): Hasan, above
		// Sari, learns that one is in effect, not its kind or decree.
		restricted := finding{"DISCIPLINE", false, "a disciplinary penalty is in effect on 2026-11-30 (its kind, decree and period are shown to the direct superior, HR officers and admins)"}
		if f, ok := findingOfNamed(got.Succession.Positions[0].Ineligible, "Wawan", "DISCIPLINE"); !ok || f != restricted {
			t.Errorf("leader above Wawan's superior reads Wawan's penalty as %+v, want %+v", f, restricted)
		}
		s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", w.a, nil)).MustDo(&got, successionQuery, vars)
		if n := got.Succession.Positions[0].EligibleCount; n == nil || *n != 5 {
			t.Errorf("HR of A: eligible %v, want 5", n)
		}
		// Sari leads section A2 only, out of scope for A; asked about A2,
		// her own position's pool is A2's subtree: Sinta, Wawan and Xena,
		// of whom Sinta is eligible.
		sari := s.AsAccount(s.MustAccount("pimpinan.a2", "LEADER", w.a2, w.sari))
		sari.MustFail("FORBIDDEN", "", successionQuery, vars)
		sari.MustDo(&got, successionQuery, map[string]any{"u": apitest.GID(w.a2.ID)})
		if ps := got.Succession.Positions; len(ps) != 1 || ps[0].ConsideredCount == nil || *ps[0].ConsideredCount != 3 ||
			!slices.Equal(namesOf(*ps[0].Candidates), []string{"Sinta"}) {
			t.Errorf("Sari on A2 = %+v, want her position with Sinta, Wawan and Xena considered, Sinta eligible", ps)
		}
		if f, ok := findingOfNamed(got.Succession.Positions[0].Ineligible, "Wawan", "DISCIPLINE"); !ok || f != why["Wawan"] {
			t.Errorf("Wawan's direct superior reads his penalty as %+v, want %+v", f, why["Wawan"])
		}
		s.AsAccount(s.MustAccount("pimpinan.b", "LEADER", w.b, w.budi)).MustFail("FORBIDDEN", "", successionQuery, vars)
		s.AsAccount(s.MustAccount("budi", "EMPLOYEE", nil, w.budi)).MustFail("FORBIDDEN", "", successionQuery, vars)
		s.Public().MustFail("FORBIDDEN", "", successionQuery, vars)

		// An analyst: counts only. The administrator position's 0 is
		// under k = 5, so the smallest other count of the line (A1's 5,
		// the first of the two fives) is suppressed with it; A2's 5 shows.
		s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)).MustDo(&got, successionQuery, map[string]any{"u": apitest.GID(w.a.ID)})
		ps = got.Succession.Positions
		for i, p := range ps {
			if p.Candidates != nil || p.Ineligible != nil || p.ConsideredCount != nil {
				t.Errorf("analyst sees position %d's candidates or considered count", i)
			}
		}
		if ps[0].EligibleCount != nil || ps[1].EligibleCount != nil || ps[2].EligibleCount == nil || *ps[2].EligibleCount != 5 {
			t.Errorf("analyst counts = %v, %v, %v; want null, null, 5", ps[0].EligibleCount, ps[1].EligibleCount, ps[2].EligibleCount)
		}

		s.MustFail("BAD_USER_INPUT", "candidates", successionQuery, map[string]any{"u": apitest.GID(w.a.ID), "cand": 21})
		s.MustFail("BAD_USER_INPUT", "ineligible", successionQuery, map[string]any{"u": apitest.GID(w.a.ID), "inel": -1})
		s.MustFail("NOT_FOUND", "", successionQuery, map[string]any{"u": "987654"})
	})
}

// findingOfNamed returns the finding of the check of the employee named
// in list, and whether the employee is there.
func findingOfNamed(list *[]successionCandidate, name, check string) (finding, bool) {
	if list == nil {
		return finding{}, false
	}
	for _, c := range *list {
		if c.Employee.Name == name {
			return findingOf(c, check), true
		}
	}
	return finding{}, false
}
