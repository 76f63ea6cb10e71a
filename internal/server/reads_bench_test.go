package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/employee"
	"simasn/ent/formation"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
	"simasn/internal/testdb"
)

// benchDatabaseURL names a PostgreSQL database that keeps the scale dataset
// between benchmark runs: seeded on the first run, reused after. Without
// it each benchmark seeds a fresh throwaway database.
const benchDatabaseURL = "SIMASN_BENCH_DATABASE_URL"

// scaleServer serves the scale dataset (benchEmployees) on PostgreSQL;
// with activity, also its workforce data (seed.Workforce), complaints and
// work logs (benchActivity).
func scaleServer(b *testing.B, activity bool) *apitest.Server {
	b.Helper()
	n := benchEmployees(b)
	dsn := os.Getenv(benchDatabaseURL)
	if dsn == "" {
		dsn = testdb.Postgres(b)
	}
	s := apitest.Start(b, dsn)
	// The benchmarks measure answers computed for each request, as
	// PostGraphile computes them: the analytics result cache is off (W4
	// is an employee aggregate). BenchmarkAnalyticsCached turns it on.
	s.DB.AnalyticsCache.SetLimit(0)
	if os.Getenv("SIMASN_BENCH_GENERAL") != "" && s.Handler.Reads != nil {
		s.Handler.Reads.SetEnabled(false) // the general path only: before/after in one build
	}
	ctx := context.Background()
	sys := apitest.Sys()
	now := *s.Now.Load()
	start := time.Now()
	seeded := false
	if !apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix)).Exist(sys))(b) {
		if _, err := seed.Scale(ctx, s.DB.Client, n, now, os.Stderr); err != nil {
			b.Fatal(err)
		}
		seeded = true
	} else if got := apitest.Must(s.DB.Client.Employee.Query().Count(sys))(b); got < n {
		b.Fatalf("%s holds %d employees, want at least %d: use an empty database", benchDatabaseURL, got, n)
	}
	if activity && !apitest.Must(s.DB.Client.Formation.Query().Where(formation.YearGT(0)).Exist(sys))(b) {
		if _, err := seed.Workforce(ctx, s.DB.Client, now); err != nil {
			b.Fatal(err)
		}
		seeded = true
	}
	if activity && !apitest.Must(s.DB.Client.Complaint.Query().Where(entcomplaint.TrackingIDHasPrefix("LPG-BENCH-")).Exist(sys))(b) {
		benchActivity(b, s.DB.Client, n, now)
		seeded = true
	}
	if seeded {
		b.Logf("seeded %d employees in %s", n, time.Since(start).Round(time.Second))
		if err := s.DB.Analyze(ctx); err != nil { // as `simasn seed` does after a bulk load
			b.Fatal(err)
		}
	}
	return s
}

// benchAccounts numbers the accounts benchRoles makes in one process (the
// benchmarks of a run share a reused database).
var benchAccounts atomic.Int64

// benchRoles returns views of s signed in as an admin, as an HR officer
// scoped to the first agency of the scale tree (its whole subtree), and as
// an analyst, and an employee that agency holds.
func benchRoles(b *testing.B, s *apitest.Server) (roles []benchRole, inAgency *ent.Employee) {
	b.Helper()
	sys := apitest.Sys()
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(sys))(b)
	inAgency = apitest.Must(s.DB.Client.Employee.Query().Where(employee.HasUnitWith(unit.PathHasPrefix(agency.Path)), employee.SuperiorIDNotNil()).
		Order(ent.Asc(employee.FieldID)).First(sys))(b)
	tag := fmt.Sprintf("%d.%d", os.Getpid(), benchAccounts.Add(1))
	return []benchRole{
		{"admin", s},
		{"hr-subtree", s.AsAccount(s.MustAccount("bench.hr."+tag, "HR_OFFICER", agency, nil))},
		{"analyst", s.AsAccount(s.MustAccount("bench.analyst."+tag, "ANALYST", nil, nil))},
	}, inAgency
}

type benchRole struct {
	name string
	as   *apitest.Server
}

// The read workloads of the comparison with PostGraphile (README, "API
// benchmark").
const (
	benchW1 = `{ employees(first: 100, orderBy: [{field: NAME}]) { edges { node {
  nip name unit { name region { name } } appraisals { year predicate } enrollments { status training { title hoursJp } } } } } }`
	benchW2 = `{ employees(first: 100, where: {professionGroup: HEALTH, hasUnitWith: [{hasRegionWith: [{remote: true}]}]}) {
  totalCount edges { node { nip name unit { name } } } } }`
	benchW3 = `query($nip: String!) { employeeByNip(nip: $nip) { nip name unit { name } careerEvents { kind decreeNumber effectiveDate toValue } } }`
	benchW4 = `{ employeeAggregate(groupBy: [REGION, PROFESSION]) { key { value label } count } }`
)

// BenchmarkReads measures the server's cost per request of the four read
// workloads, for each role, calling the real handler in-process (no
// network, no client-side decoding) on PostgreSQL holding the scale
// dataset. Besides ns/op and allocations it reports cpu-µs/op, the CPU
// time of this process (the server: PostgreSQL runs in its own) per
// request, pg-cpu-µs/op, the CPU time of the PostgreSQL backends serving
// the database per request (when it runs on this machine: see
// pgBackends), and the SQL statements per request.
func BenchmarkReads(b *testing.B) {
	s := scaleServer(b, false)
	roles, emp := benchRoles(b, s)
	pg := newPGBackends(b, s.DB.SQL)
	works := []struct {
		name, query string
		vars        map[string]any
	}{
		{"W1-list", benchW1, nil},
		{"W2-edge-filter", benchW2, nil},
		{"W3-by-nip", benchW3, map[string]any{"nip": emp.Nip}}, // not for analysts: a NIP is personal data
		{"W4-count-region-profession", benchW4, nil},
	}
	for _, w := range works {
		for _, r := range roles {
			if w.name == "W3-by-nip" && r.name == "analyst" {
				continue // FORBIDDEN: looking up a NIP reads it
			}
			b.Run(w.name+"/"+r.name, func(b *testing.B) {
				as := r.as.With(b)
				if os.Getenv("SIMASN_BENCH_SQL") != "" { // show the statements of one request
					stop := s.Trace(func(_ context.Context, query string, args any) { b.Logf("%s;", inline(query, args)) })
					as.MustDo(nil, w.query, w.vars)
					stop()
				}
				as.MustDo(nil, w.query, w.vars) // warm the query cache and the database
				measure(b, s, pg, func() { serve(b, s, as.Request(w.query, w.vars)) })
			})
		}
	}
}

// measure runs do in b.Loop and reports, beside the time and the
// allocations per operation, the CPU of this process (cpu-µs/op, the
// server's: the sampling of pg is left out), of PostgreSQL's backends
// (pg-cpu-µs/op, when pg samples them) and the statements sent
// (stmts/op).
func measure(b *testing.B, s *apitest.Server, pg *pgBackends, do func()) {
	before := s.Statements.Load()
	window := pg.begin()
	cpu := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		do()
	}
	b.StopTimer()
	backends, sampler, ok := window.end()
	cpu = cpuTime() - cpu
	if ok {
		cpu -= sampler // the sampling ran in this process, not in the server
		b.ReportMetric(float64(backends)/float64(time.Microsecond)/float64(b.N), "pg-cpu-µs/op")
	}
	b.ReportMetric(float64(cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
	b.ReportMetric(float64(s.Statements.Load()-before)/float64(b.N), "stmts/op")
}

// BenchmarkListThroughput runs W1 as an HR officer (scoped to an agency)
// and as an admin from 16 concurrent clients through the handler
// in-process, then runs the same SQL statements with pgbench (16 clients,
// 2 threads) for the same time against the same database, and reports
// both rates and SIMASN's share of pgbench's (pgbench-share). It is
// skipped when pgbench is not installed.
func BenchmarkListThroughput(b *testing.B) {
	pgbench := pgbenchPath()
	if pgbench == "" {
		b.Skip("pgbench is not installed")
	}
	s := scaleServer(b, false)
	roles, _ := benchRoles(b, s)
	for _, r := range roles[:2] {
		b.Run("W1/"+r.name, func(b *testing.B) {
			as := r.as.With(b)
			as.MustDo(nil, benchW1, nil)
			var mu sync.Mutex
			var script strings.Builder
			stop := s.Trace(func(_ context.Context, query string, args any) {
				mu.Lock()
				defer mu.Unlock()
				script.WriteString(inline(query, args) + ";\n")
			})
			serve(b, s, as.Request(benchW1, nil))
			stop()
			if testing.Verbose() {
				b.Logf("the SQL of one request:\n%s", script.String())
			}
			b.SetParallelism(8) // 16 clients on 2 cores
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					serve(b, s, as.Request(benchW1, nil))
				}
			})
			b.StopTimer()
			elapsed := time.Since(start)
			rate := float64(b.N) / elapsed.Seconds()
			b.ReportMetric(rate, "req/s")
			tps := runPgbench(b, pgbench, s.DB.URL, script.String(), max(elapsed, 3*time.Second))
			b.ReportMetric(tps, "pgbench-tx/s")
			b.ReportMetric(rate/tps, "pgbench-share")
		})
	}
}

// serve runs one request through the handler and fails on anything but a
// 200 without errors.
func serve(b *testing.B, s *apitest.Server, req *httptestRequest) {
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Errorf("status %d: %s", rec.Code, rec.Body.String())
	}
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type httptestRequest = http.Request

// inline writes a statement's arguments into it, for pgbench.
func inline(query string, args any) string {
	list, _ := args.([]any)
	for i := len(list); i >= 1; i-- {
		query = strings.ReplaceAll(query, "$"+strconv.Itoa(i), sqlLiteral(list[i-1]))
	}
	return query
}

func sqlLiteral(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case time.Time:
		return "'" + v.Format("2006-01-02 15:04:05.999999999Z07:00") + "'"
	case fmt.Stringer:
		return sqlLiteral(v.String())
	default:
		return fmt.Sprint(v)
	}
}

func pgbenchPath() string {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p
	}
	return ""
}

var pgbenchTPS = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// runPgbench runs script with 16 clients on 2 threads for about d and
// returns its transactions (script runs) per second.
func runPgbench(b *testing.B, pgbench, dsn, script string, d time.Duration) float64 {
	b.Helper()
	f := filepath.Join(b.TempDir(), "w1.sql")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		b.Fatal(err)
	}
	secs := strconv.Itoa(int(d.Round(time.Second).Seconds()))
	out, err := exec.Command(pgbench, "-n", "-c", "16", "-j", "2", "-T", secs, "-f", f, dsn).CombinedOutput()
	if err != nil {
		b.Fatalf("pgbench: %v\n%s", err, out)
	}
	m := pgbenchTPS.FindSubmatch(out)
	if m == nil {
		b.Fatalf("pgbench: no tps in its output:\n%s", out)
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	return tps
}
