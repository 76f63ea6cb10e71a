package analytics

import (
	"context"
	"database/sql"
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
			if d, ok := ctx.Value(deferKey{}).(*deferred); ok {
				d.exec, d.dia = m.ExecContext, dia
				return v, nil
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

// FillCurrentCompetencies makes the latest stored assessment of every
// (employee, competency) its current one in one statement — what the hook
// does for one assessment, for all of them: the adoption of a database
// from before the table, and the seeder's bulk inserts (which run under
// DeferCurrentCompetencies) use it. A pair that already holds a later
// assessment keeps it.
func FillCurrentCompetencies(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, dia string) error {
	if _, err := db.ExecContext(ctx, fillCurrent[dia]+onConflictKeepLatest()); err != nil {
		return fmt.Errorf("fill the current competencies: %w", err)
	}
	return nil
}

// fillCurrent selects the latest assessment of each employee and
// competency as a row of current_competencies, per dialect (the statement
// of the current_competencies migration, which fills the table).
var fillCurrent = map[string]string{
	dialect.Postgres: `INSERT INTO "current_competencies" ("employee_id", "competency_id", "level", "assessment_id", "assessed_key") SELECT DISTINCT ON ("employee_id", "competency_id") "employee_id", "competency_id", "level", "id", CAST(EXTRACT(EPOCH FROM "assessed_at") * 1000000 AS bigint) FROM "competency_assessments" ORDER BY "employee_id", "competency_id", "assessed_at" DESC, "id" DESC`,
	dialect.SQLite:   "INSERT INTO `current_competencies` (`employee_id`, `competency_id`, `level`, `assessment_id`, `assessed_key`) SELECT `employee_id`, `competency_id`, `level`, `id`, `k` FROM (SELECT `employee_id`, `competency_id`, `level`, `id`, `k`, ROW_NUMBER() OVER (PARTITION BY `employee_id`, `competency_id` ORDER BY `k` DESC, `id` DESC) AS `rn` FROM (SELECT `employee_id`, `competency_id`, `level`, `id`, CAST(ROUND((julianday(CASE WHEN substr(`assessed_at`, 11, 1) = 'T' OR instr(substr(`assessed_at`, 12), ' ') = 0 THEN `assessed_at` ELSE substr(`assessed_at`, 1, 10 + instr(substr(`assessed_at`, 12), ' ')) || substr(`assessed_at`, 12 + instr(substr(`assessed_at`, 12), ' '), 3) || ':' || substr(`assessed_at`, 15 + instr(substr(`assessed_at`, 12), ' '), 2) END) - 2440587.5) * 86400000.0) AS INTEGER) * 1000 AS `k` FROM `competency_assessments`)) WHERE `rn` = 1",
}

type deferKey struct{}

// deferred is what a bulk insert under DeferCurrentCompetencies leaves for
// its flush: how to run a statement in the inserts' transaction, and in
// which dialect.
type deferred struct {
	exec func(context.Context, string, ...any) (sql.Result, error)
	dia  string
}

// ExecContext runs a statement as the deferred inserts did.
func (d *deferred) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.exec(ctx, q, args...)
}

// DeferCurrentCompetencies returns ctx under which the hook of
// KeepCurrentCompetencies leaves the table alone, for bulk inserts of
// assessments, and the flush to call once after them, in the same
// transaction: one FillCurrentCompetencies instead of one upsert per
// assessment.
func DeferCurrentCompetencies(ctx context.Context) (context.Context, func(context.Context) error) {
	d := &deferred{}
	return context.WithValue(ctx, deferKey{}, d), func(ctx context.Context) error {
		if d.exec == nil { // nothing was inserted
			return nil
		}
		return FillCurrentCompetencies(ctx, d, d.dia)
	}
}

// upsertCurrent is the statement that makes an assessment (employee,
// competency, level, id, assessed key) the current one of its pair unless
// a later one is there.
func upsertCurrent(dia string) string {
	t := ident(currentcompetency.Table)
	c := func(f string) string { return ident(f) }
	ph := []string{"?", "?", "?", "?", "?"}
	if dia == dialect.Postgres {
		ph = []string{"$1", "$2", "$3", "$4", "$5"}
	}
	return `INSERT INTO ` + t + ` (` + c(currentcompetency.FieldEmployeeID) + `, ` + c(currentcompetency.FieldCompetencyID) + `, ` +
		c(currentcompetency.FieldLevel) + `, ` + c(currentcompetency.FieldAssessmentID) + `, ` + c(currentcompetency.FieldAssessedKey) + `) VALUES (` +
		ph[0] + `, ` + ph[1] + `, ` + ph[2] + `, ` + ph[3] + `, ` + ph[4] + `)` + onConflictKeepLatest()
}

// onConflictKeepLatest ends an insert into current_competencies: a pair
// already there takes the new row only if it is later.
func onConflictKeepLatest() string {
	t := ident(currentcompetency.Table)
	c := func(f string) string { return ident(f) }
	ex := func(f string) string { return `excluded.` + ident(f) }
	return ` ON CONFLICT (` +
		c(currentcompetency.FieldEmployeeID) + `, ` + c(currentcompetency.FieldCompetencyID) + `) DO UPDATE SET ` +
		c(currentcompetency.FieldLevel) + ` = ` + ex(currentcompetency.FieldLevel) + `, ` +
		c(currentcompetency.FieldAssessmentID) + ` = ` + ex(currentcompetency.FieldAssessmentID) + `, ` +
		c(currentcompetency.FieldAssessedKey) + ` = ` + ex(currentcompetency.FieldAssessedKey) +
		` WHERE (` + ex(currentcompetency.FieldAssessedKey) + `, ` + ex(currentcompetency.FieldAssessmentID) + `) > (` +
		t + `.` + c(currentcompetency.FieldAssessedKey) + `, ` + t + `.` + c(currentcompetency.FieldAssessmentID) + `)`
}
