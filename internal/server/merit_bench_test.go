package server_test

import (
	"context"
	"os"
	"testing"
	"time"

	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/orgtree"
	"simasn/internal/seed"
	"simasn/internal/testdb"
)

// BenchmarkMerit measures the merit questions over the scale dataset on
// PostgreSQL, through the real HTTP handler, as an admin: the
// due-for-promotion list, the nine-box, the talent pools and the
// succession plan of the top unit holding the most employees (first page
// of 100; the succession: its first 20 positions, each deciding the
// candidates of the subtree above it).
func BenchmarkMerit(b *testing.B) {
	n := benchEmployees(b)
	s := apitest.Start(b, testdb.Postgres(b))
	ctx := context.Background()
	start := time.Now()
	if _, err := seed.Scale(ctx, s.DB.Client, n, time.Now(), os.Stderr); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d employees in %s", n, time.Since(start).Round(time.Second))
	if err := s.DB.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	sys := apitest.Sys()
	roots := apitest.Must(s.DB.Client.Unit.Query().Where(unit.ParentIDIsNil()).All(sys))(b)
	top, most := roots[0], -1
	for _, r := range roots {
		if k := apitest.Must(s.DB.Client.Employee.Query().Where(employee.HasUnitWith(orgtree.Under(r.Path))).Count(sys))(b); k > most {
			top, most = r, k
		}
	}
	b.Logf("top unit %s holds %d employees", top.Name, most)
	year := time.Now().Year() - 1
	vars := map[string]any{"u": apitest.GID(top.ID), "y": year}
	queries := []struct{ name, query string }{
		{"promotionsDue", `query($u: ID!) { promotionsDue(unitID: $u, first: 100) { totalCount dueCount items { employee { name } promotion { due findings { check met } } } } }`},
		{"talentMap", `query($u: ID!, $y: Int!) { talentMap(unitID: $u, year: $y, first: 100) { placedCount unplacedCount boxes { box count } placements { employee { name } box } } }`},
		{"talentPools", `query($u: ID!, $y: Int!) { talentPools(unitID: $u, year: $y, first: 100) { pools { family count boxes { box count } members { employee { name } box } } } }`},
		{"succession", `query($u: ID!, $y: Int!) { succession(unitID: $u, year: $y, first: 20) { totalCount positions { name vacant holder { name } consideredCount eligibleCount candidates { employee { name } box findings { check met detail } } ineligible { employee { name } findings { check met detail } } } } }`},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			s := s.With(b)
			s.MustDo(nil, q.query, vars)
			before := s.Statements.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				s.MustDo(nil, q.query, vars)
			}
			b.StopTimer()
			b.ReportMetric(float64(s.Statements.Load()-before)/float64(b.N), "stmts/op")
		})
	}
}
