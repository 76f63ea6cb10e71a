package server_test

import (
	"fmt"
	"os"
	"testing"

	"simasn/ent"
	"simasn/ent/competencyrequirement"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
)

// gapFigureTriggers are the triggers that keep the competency-gap
// figures, per table.
var gapFigureTriggers = func() map[string][]string {
	names := []string{"figures_competency_gaps_insert", "figures_competency_gaps_update", "figures_competency_gaps_delete", "figures_competency_gaps_truncate"}
	return map[string][]string{"current_competencies": names, "competency_requirements": names, "employees": names}
}()

// setTriggers enables or disables the named triggers of each table
// (ALTER TABLE … TRIGGER: the figures they keep go stale while off; a
// benchmark database only).
func setTriggers(b *testing.B, s *apitest.Server, on bool, triggers map[string][]string) {
	verb := "ENABLE"
	if !on {
		verb = "DISABLE"
	}
	for table, names := range triggers {
		for _, n := range names {
			if _, err := s.DB.SQL.Exec(fmt.Sprintf(`ALTER TABLE %q %s TRIGGER %q`, table, verb, n)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCompetencyGapWriters measures what keeping the competency-gap
// figures costs the writers, through the handler on the scale dataset,
// with the figures' triggers ("figures") and without ("none"), the two
// interleaved per operation: an assessment recorded (a later one each
// time, so the current level is replaced), a requirement's level changed
// (3 ↔ 4, for every employee of its position), an employee transferred
// to another unit and back (its pairs move) and an employee updated in a field
// the figures do not read (the trigger returns at once). With
// SIMASN_BENCH_DATABASE_URL set, the database's figures are rebuilt at the
// end (the "none" runs leave them stale).
func BenchmarkCompetencyGapWriters(b *testing.B) {
	s := scaleServer(b, true)
	sys := apitest.Sys()
	c := s.DB.Client
	agency := apitest.Must(c.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(sys))(b)
	other := apitest.Must(c.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(1)).Order(ent.Asc(unit.FieldCode)).First(sys))(b)
	emps := apitest.Must(c.Employee.Query().Where(employee.HasUnitWith(unit.PathHasPrefix(agency.Path)), employee.StatusEQ(employee.StatusACTIVE), employee.UnitIDNEQ(other.ID)).
		Order(ent.Asc(employee.FieldID)).Limit(64).All(sys))(b)
	at := map[int]int{} // each employee's unit now
	for _, e := range emps {
		at[e.ID] = e.UnitID
	}
	reqs := map[int]*ent.CompetencyRequirement{}
	for _, e := range emps {
		r, err := c.CompetencyRequirement.Query().Where(competencyrequirement.PositionName(e.PositionName)).Order(ent.Asc(competencyrequirement.FieldID)).First(sys)
		if err == nil {
			reqs[e.ID] = r
		}
	}
	req := apitest.Must(c.CompetencyRequirement.Query().Where(competencyrequirement.PositionName(emps[0].PositionName)).First(sys))(b)
	holders := apitest.Must(c.Employee.Query().Where(employee.PositionName(req.PositionName)).Count(sys))(b)
	b.Logf("the requirement changed is of %q, held by %d employees", req.PositionName, holders)
	b.Cleanup(func() {
		setTriggers(b, s, true, gapFigureTriggers)
		if os.Getenv(benchDatabaseURL) != "" {
			if _, err := s.DB.SQL.Exec(`SELECT figures_competency_gaps_rebuild()`); err != nil {
				b.Error(err)
			}
		}
	})
	day := 0
	ops := []struct {
		name string
		do   func(i int)
	}{
		{"assessment", func(i int) {
			e := emps[i%len(emps)]
			r := reqs[e.ID]
			if r == nil {
				b.Fatalf("employee %d: no requirement", e.ID)
			}
			day++
			s.MustDo(nil, `mutation($e: ID!, $c: ID!, $l: Int!, $at: Time!) { recordCompetencyAssessment(input: {employeeID: $e, competencyID: $c, level: $l, assessedAt: $at}) { id } }`,
				map[string]any{"e": apitest.GID(e.ID), "c": apitest.GID(r.CompetencyID), "l": 1 + i%5, "at": fmt.Sprintf("2030-01-01T00:00:%02dZ", day%60)})
		}},
		{"requirement", func(i int) {
			s.MustDo(nil, `mutation($id: ID!, $l: Int!) { updateCompetencyRequirement(id: $id, input: {level: $l}) { id } }`,
				map[string]any{"id": apitest.GID(req.ID), "l": 3 + i%2})
		}},
		{"transfer", func(i int) {
			e := emps[(i/2)%len(emps)] // to the other unit, then back
			to := other.ID
			if at[e.ID] == other.ID {
				to = e.UnitID
			}
			at[e.ID] = to
			s.MustDo(nil, `mutation($in: TransferEmployeeInput!) { transferEmployee(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(to), "decree": decree()}})
		}},
		{"employee-update", func(i int) {
			e := emps[i%len(emps)]
			s.MustDo(nil, `mutation($id: ID!, $name: String!) { updateEmployee(id: $id, input: {birthPlace: $name}) { id } }`,
				map[string]any{"id": apitest.GID(e.ID), "name": fmt.Sprintf("Kota %d", i)})
		}},
	}
	for _, op := range ops {
		for _, mode := range []string{"figures", "none"} {
			b.Run(op.name+"/"+mode, func(b *testing.B) {
				setTriggers(b, s, mode == "figures", gapFigureTriggers)
				stmts := s.Statements.Load()
				i := 0
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					op.do(i)
					i++
				}
				b.StopTimer()
				b.ReportMetric(float64(s.Statements.Load()-stmts)/float64(b.N), "stmts/op")
			})
		}
	}
}

// TestCompetencyGapFiguresScale compares, on the database of
// SIMASN_BENCH_DATABASE_URL (the 100k scale dataset; skipped without it),
// the competency-gap summaries answered from the figures with the
// statement over the employees, field for field, as an analyst and as the
// head of the first agency, and the figures with their recomputation.
func TestCompetencyGapFiguresScale(t *testing.T) {
	dsn := os.Getenv(benchDatabaseURL)
	if dsn == "" {
		t.Skip("needs " + benchDatabaseURL)
	}
	s := apitest.Start(t, dsn)
	s.DB.AnalyticsCache.SetLimit(0)
	sys := apitest.Sys()
	tag := fmt.Sprint(os.Getpid())
	analyst := s.AsAccount(s.MustAccount("figures.analyst."+tag, "ANALYST", nil, nil))
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(sys))(t)
	leader := s.AsAccount(s.MustAccount("figures.leader."+tag, "LEADER", agency, nil))
	checkFigures(t, "100k", "postgres", s.DB.SQL)
	for _, args := range []string{"groupBy: [COMPETENCY]", "groupBy: [UNIT], unitLevel: 0", "groupBy: [UNIT]", "groupBy: [UNIT, COMPETENCY], unitLevel: 0",
		"groupBy: [REGION, STATUS]", "groupBy: [REMOTE, COMPETENCY]", "groupBy: []"} {
		compareGapFigures(t, "100k analyst", analyst, "postgres", args, true)
	}
	for _, args := range []string{"groupBy: [COMPETENCY]", "groupBy: [UNIT], unitLevel: 1", "groupBy: [UNIT]"} {
		compareGapFigures(t, "100k leader", leader, "postgres", args, true)
	}
}

// BenchmarkCompetencyGapFigures measures the three competency-gap requests
// of BenchmarkAnalytics (cache off) answered from the figures and, in the
// same build, by the statement over the employees (the same request with
// inServiceWhere, which the figures do not answer), interleaved per
// request.
func BenchmarkCompetencyGapFigures(b *testing.B) {
	s := scaleServer(b, true)
	sys := apitest.Sys()
	tag := fmt.Sprint(os.Getpid())
	analyst := s.AsAccount(s.MustAccount("figures.bench.analyst."+tag, "ANALYST", nil, nil))
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(sys))(b)
	leader := s.AsAccount(s.MustAccount("figures.bench.leader."+tag, "LEADER", agency, nil))
	for _, q := range []struct {
		name, args, fields string
		as                 *apitest.Server
	}{
		{"by-competency", "groupBy: [COMPETENCY]", `{ key { label } requirements gaps averageGap trainings { code } }`, analyst},
		{"by-agency", "groupBy: [UNIT], unitLevel: 0", `{ key { label } requirements gaps employeesWithGap averageGap }`, analyst},
		{"leader-subtree", "groupBy: [COMPETENCY]", `{ key { value } requirements gaps employeesWithGap }`, leader},
	} {
		for _, mode := range []string{"figures", "statement"} {
			args := q.args
			if mode == "statement" {
				args += ", " + inServiceWhere
			}
			query := `{ competencyGapSummary(` + args + `) ` + q.fields + ` }`
			b.Run(q.name+"/"+mode, func(b *testing.B) {
				for b.Loop() {
					q.as.MustDo(nil, query, nil)
				}
			})
		}
	}
}
