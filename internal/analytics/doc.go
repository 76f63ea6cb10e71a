// Package analytics answers the questions of analysts and leaders (DESIGN
// §1): grouped aggregates of employees, training enrollments, appraisals
// (SKP), work logs (e-kinerja) and complaints; workforce gaps against the
// needed head-count (formasi) and a retirement projection; training hours
// (JP) against the 20 JP right; competency gaps and the trainings that
// close them; the spread of appraisal predicates; and the community
// satisfaction index (IKM, with internal/ikm).
//
// Every answer is one SQL statement (plus a lookup of the names of the
// units, regions, trainings or competencies it groups by), never records
// loaded into Go. Each is built on the ent query of the records it counts,
// so the access rules of internal/access filter it as they filter the
// lists: an analyst's and an admin's figures cover the province, an HR
// officer's and a leader's their unit subtree. The query's SQL is taken
// over after every predicate — the rules' included — is on it (an ent
// order function runs last), and becomes the subquery of one row per
// record that the aggregate groups:
//
//	SELECT k0, k1, COUNT(*) AS n, AVG(v0) AS a0, … FROM (
//	    SELECT <keys> AS k0, k1, <values> AS v0, … FROM employees
//	    JOIN … WHERE <access rules> AND <where input>) AS r
//	GROUP BY k0, k1
//
// The SQL differs by dialect where the databases do: SQLite keeps times as
// text in Go's time.Time.String format, which is rewritten to ISO 8601 for
// its date functions; dates are bucketed in UTC, instants (a complaint's
// receipt, a survey answer) in WIB. PostgreSQL computes percentiles with
// percentile_cont; SQLite, which has none, numbers each group's values
// with window functions (ROW_NUMBER, COUNT OVER) and interpolates between
// the two around the percentile the same way, so both give the same
// numbers.
//
// On PostgreSQL, small tables kept exact by the writers' triggers (the
// figures_* tables: competency gaps, work logs, appraisals, the employees'
// dates) answer the requests they can answer exactly — no where input, a
// viewer who sees every row or a unit subtree, the keys and measures they
// hold — in place of the join of every record (competency_figures.go,
// figures.go, employee_figures.go). The employees' figures send per group
// the dates of birth and appointment of its employees, from which the
// ages, years of service and measures are computed here, in one pass.
//
// Aggregates are for analysts, admins, HR officers and leaders; employees
// and the public get FORBIDDEN. Records the rules leave open to any
// signed-in viewer because they are not personal (formasi, survey answers,
// public complaints) are limited here to a scoped viewer's subtree.
package analytics
