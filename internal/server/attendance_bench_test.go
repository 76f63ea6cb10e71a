package server_test

import (
	"context"
	"os"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
	"simasn/internal/testdb"
)

// benchAttendanceSQL writes one attendance record per active employee and
// working day of July 2026 (22 weekdays, no holiday): about 2.2 million
// rows for 100,000 employees, in one statement. The statuses and minutes
// follow a fixed pattern of the employee id and the day: 3 % absent, 2 %
// sick, 3 % on leave, 2 % on duty, the rest present, one day in five late
// and one in seven left early.
const benchAttendanceSQL = `
INSERT INTO attendance_days (created_at, updated_at, employee_id, date, status, check_in_at, late_minutes, early_minutes, leave_kind)
SELECT now(), now(), id, (d::date)::timestamp AT TIME ZONE 'UTC', s,
       CASE WHEN s = 'PRESENT' THEN (d::date + time '07:30')::timestamp AT TIME ZONE 'Asia/Jakarta' END,
       CASE WHEN s = 'PRESENT' AND h % 5 = 0 THEN 1 + h % 47 ELSE 0 END,
       CASE WHEN s = 'PRESENT' AND h % 7 = 0 THEN 5 + h % 61 ELSE 0 END,
       CASE WHEN s = 'SICK' THEN 'SICK' WHEN s = 'LEAVE' THEN 'ANNUAL' END
FROM (SELECT e.id, d, h,
             CASE WHEN h < 3 THEN 'ABSENT' WHEN h < 5 THEN 'SICK' WHEN h < 8 THEN 'LEAVE' WHEN h < 10 THEN 'DUTY' ELSE 'PRESENT' END AS s
      FROM employees e
      CROSS JOIN generate_series(date '2026-07-01', date '2026-07-30', interval '1 day') AS d
      CROSS JOIN LATERAL (SELECT ((e.id * 31 + extract(day FROM d)::int * 17) % 100)::int AS h) AS x
      WHERE e.status = 'ACTIVE' AND extract(isodow FROM d) < 6) AS r`

// BenchmarkAttendanceRecap measures the monthly attendance recap
// (attendanceAggregate) through the real HTTP handler on PostgreSQL
// holding the scale dataset (100,000 employees by default,
// SIMASN_BENCH_EMPLOYEES to change) with 22 working days of attendance
// each: per agency and per region as an analyst, and per division as the
// HR officer of one agency.
func BenchmarkAttendanceRecap(b *testing.B) {
	n := benchEmployees(b)
	s := apitest.Start(b, testdb.Postgres(b))
	ctx := context.Background()
	start := time.Now()
	if _, err := seed.Scale(ctx, s.DB.Client, n, *s.Now.Load(), os.Stderr); err != nil {
		b.Fatal(err)
	}
	res, err := s.DB.Client.ExecContext(ctx, benchAttendanceSQL)
	if err != nil {
		b.Fatal(err)
	}
	rows, _ := res.RowsAffected()
	b.Logf("seeded %d employees and %d attendance days in %s", n, rows, time.Since(start).Round(time.Second))
	if err := s.DB.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	analyst := s.AsAccount(s.MustAccount("bench.analyst", "ANALYST", nil, nil))
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(apitest.Sys()))(b)
	hr := s.AsAccount(s.MustAccount("bench.hr", "HR_OFFICER", agency, nil))
	const july = `where: {dateGTE: "2026-07-01T00:00:00Z", dateLT: "2026-08-01T00:00:00Z"}`
	queries := []struct {
		name  string
		as    *apitest.Server
		query string
	}{
		{"agency-month", analyst, `{ attendanceAggregate(` + july + `, groupBy: [UNIT, MONTH], unitLevel: 0) { key { value label } count values { value } } }`},
		{"region-remote", analyst, `{ attendanceAggregate(` + july + `, groupBy: [REGION, REMOTE], measures: [EMPLOYEES, DAYS_LATE, LATE_MINUTES, LATE_SHARE, ABSENCE_SHARE]) { key { value } count values { value } } }`},
		{"hr-divisions", hr, `{ attendanceAggregate(` + july + `, groupBy: [UNIT], unitLevel: 1) { key { value label } count values { value } } }`},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			as := q.as.With(b)
			as.MustDo(nil, q.query, nil) // warm the query cache and the database
			before := s.Statements.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				as.MustDo(nil, q.query, nil)
			}
			b.StopTimer()
			b.ReportMetric(float64(s.Statements.Load()-before)/float64(b.N), "stmts/op")
		})
	}
}
