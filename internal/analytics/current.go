package analytics

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"

	"simasn/ent"
	"simasn/ent/currentcompetency"
	"simasn/ent/hook"
)

// KeepCurrentCompetencies installs on c the hook that keeps the table of
// current competencies (ent CurrentCompetency): after each new competency
// assessment is inserted, one upsert makes it the pair's current level
// unless the pair already holds a later one — a later assessed time or, at
// the same time, a later-recorded assessment (a larger id). The competency
// reports then read one row per (employee, competency) instead of finding
// the latest of every assessment on each query.
//
// The upsert keeps the maximum of (assessed time, id) per pair, so
// concurrent writers need no lock: PostgreSQL's ON CONFLICT DO UPDATE
// locks the pair's row and compares with its latest committed version,
// whatever the order the writers reach it; SQLite has one writer at a
// time. Inside a transaction (every GraphQL mutation, the seeder) the
// upsert commits or rolls back with the assessment; outside one the two
// statements commit one after the other.
func KeepCurrentCompetencies(c *ent.Client, dia string) {
	c.CompetencyAssessment.Use(hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.CompetencyAssessmentFunc(func(ctx context.Context, m *ent.CompetencyAssessmentMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			a, ok := v.(*ent.CompetencyAssessment)
			if !ok {
				return v, fmt.Errorf("keep current competencies: unexpected %T", v)
			}
			if _, err := m.ExecContext(ctx, upsertCurrent(dia), a.EmployeeID, a.CompetencyID, a.Level, a.ID, AssessedKey(a)); err != nil {
				return nil, fmt.Errorf("keep current competency of employee %d, competency %d: %w", a.EmployeeID, a.CompetencyID, err)
			}
			return v, nil
		})
	}, ent.OpCreate))
}

// AssessedKey is the assessed time of a as the current competencies order
// it: microseconds since the Unix epoch (PostgreSQL keeps times to the
// microsecond).
func AssessedKey(a *ent.CompetencyAssessment) int64 { return a.AssessedAt.UnixMicro() }

// upsertCurrent is the statement that makes an assessment (employee,
// competency, level, id, assessed key) the current one of its pair unless
// a later one is there.
func upsertCurrent(dia string) string {
	t := ident(currentcompetency.Table)
	c := func(f string) string { return ident(f) }
	ex := func(f string) string { return `excluded.` + ident(f) }
	ph := []string{"?", "?", "?", "?", "?"}
	if dia == dialect.Postgres {
		ph = []string{"$1", "$2", "$3", "$4", "$5"}
	}
	return `INSERT INTO ` + t + ` (` + c(currentcompetency.FieldEmployeeID) + `, ` + c(currentcompetency.FieldCompetencyID) + `, ` +
		c(currentcompetency.FieldLevel) + `, ` + c(currentcompetency.FieldAssessmentID) + `, ` + c(currentcompetency.FieldAssessedKey) + `) VALUES (` +
		ph[0] + `, ` + ph[1] + `, ` + ph[2] + `, ` + ph[3] + `, ` + ph[4] + `) ON CONFLICT (` +
		c(currentcompetency.FieldEmployeeID) + `, ` + c(currentcompetency.FieldCompetencyID) + `) DO UPDATE SET ` +
		c(currentcompetency.FieldLevel) + ` = ` + ex(currentcompetency.FieldLevel) + `, ` +
		c(currentcompetency.FieldAssessmentID) + ` = ` + ex(currentcompetency.FieldAssessmentID) + `, ` +
		c(currentcompetency.FieldAssessedKey) + ` = ` + ex(currentcompetency.FieldAssessedKey) +
		` WHERE (` + ex(currentcompetency.FieldAssessedKey) + `, ` + ex(currentcompetency.FieldAssessmentID) + `) > (` +
		t + `.` + c(currentcompetency.FieldAssessedKey) + `, ` + t + `.` + c(currentcompetency.FieldAssessmentID) + `)`
}
