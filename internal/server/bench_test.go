package server_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"simasn/internal/apitest"
	"simasn/internal/seed"
	"simasn/internal/testdb"
)

// benchEmployees is the size of the scale dataset (SIMASN_BENCH_EMPLOYEES,
// default 100000).
func benchEmployees(b *testing.B) int {
	if v := os.Getenv("SIMASN_BENCH_EMPLOYEES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 {
			b.Fatalf("SIMASN_BENCH_EMPLOYEES=%q: want a number ≥ 100", v)
		}
		return n
	}
	return 100_000
}

// BenchmarkEmployeeList measures the dashboard's nested list — 100
// employees with unit, region, appraisals and enrollments with trainings —
// through the real HTTP handler on PostgreSQL holding the scale dataset.
func BenchmarkEmployeeList(b *testing.B) {
	s := scaleServer(b, false)
	queries := []struct{ name, query string }{
		{"first100", `{ employees(first: 100) { totalCount edges { node {
  nip name unit { name region { name } } appraisals { year predicate } enrollments { status training { title hoursJp } } } } } }`},
		{"filtered", `{ employees(first: 100, orderBy: [{field: NAME}], where: {professionGroup: HEALTH, hasUnitWith: [{hasRegionWith: [{remote: true}]}]}) {
  totalCount edges { node { nip name unit { name region { name } } appraisals { year predicate } enrollments { status training { title } } } } } }`},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			s := s.With(b)
			s.MustDo(nil, q.query, nil) // warm the query cache and the database
			before := s.Statements.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				s.MustDo(nil, q.query, nil)
			}
			b.StopTimer()
			b.ReportMetric(float64(s.Statements.Load()-before)/float64(b.N), "stmts/op")
		})
	}
}

// BenchmarkEmployeesCSV measures /export/employees.csv — every page of the
// employee list through the GraphQL handler, flattened to CSV — as an
// admin on PostgreSQL holding 2,000 scale employees.
func BenchmarkEmployeesCSV(b *testing.B) {
	const n = 2000
	s := apitest.Start(b, testdb.Postgres(b))
	if _, err := seed.Scale(context.Background(), s.DB.Client, n, time.Now(), io.Discard); err != nil {
		b.Fatal(err)
	}
	if err := s.DB.Analyze(context.Background()); err != nil {
		b.Fatal(err)
	}
	s = s.With(b)
	rows := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		status, body := s.Download("/export/employees.csv")
		if status != 200 {
			b.Fatalf("status %d: %.200s", status, body)
		}
		rows = strings.Count(body, "\n") - 1
	}
	b.StopTimer()
	if rows != n {
		b.Fatalf("%d rows, want %d", rows, n)
	}
	b.ReportMetric(float64(rows), "rows/op")
}
