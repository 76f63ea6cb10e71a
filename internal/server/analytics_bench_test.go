package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/ent/worklog"
	"simasn/internal/apitest"
	"simasn/internal/complaint"
	"simasn/internal/seed"
)

// BenchmarkAnalytics measures the main analytics queries through the real
// HTTP handler on PostgreSQL holding the scale dataset (100,000 employees
// by default, SIMASN_BENCH_EMPLOYEES to change) with its workforce data
// (seed.Workforce), plus one complaint per five employees and a month of
// work logs of one employee in ten. Each query runs as an analyst, over
// the whole province; "leader" runs as the head of one agency.
//
// It measures the computation: the analytics result cache is off (as in
// every benchmark of scaleServer), so that its figures compare with
// earlier ones; BenchmarkAnalyticsCached measures
// the same requests answered from the cache, and after a write.
func BenchmarkAnalytics(b *testing.B) {
	runAnalyticsBench(b, scaleServer(b, true), nil)
}

// BenchmarkAnalyticsCached runs the requests of BenchmarkAnalytics with the
// analytics result cache on (as in production). "hit": the same request
// again, answered from the cache after one fingerprint read. "after-write":
// before each request, outside the timer, a transaction that writes
// every table with a change fingerprint (a DELETE of no row: the
// statement-level triggers count it all the same), so every request misses and recomputes — its cost is
// the computation plus the fingerprint read.
func BenchmarkAnalyticsCached(b *testing.B) {
	s := scaleServer(b, true)
	s.DB.AnalyticsCache.SetLimit(apitest.AnalyticsCacheBytes)
	b.Run("hit", func(b *testing.B) { runAnalyticsBench(b, s, nil) })
	tables := apitest.Must(trackedTables(s))(b)
	b.Run("after-write", func(b *testing.B) {
		runAnalyticsBench(b, s, func() {
			tx := apitest.Must(s.DB.SQL.Begin())(b)
			for _, t := range tables {
				if _, err := tx.Exec(`DELETE FROM "` + t + `" WHERE false`); err != nil {
					b.Fatal(err)
				}
			}
			apitest.Check(tx.Commit())(b)
		})
	})
}

// trackedTables lists the tables that have a change fingerprint.
func trackedTables(s *apitest.Server) ([]string, error) {
	rows, err := s.DB.SQL.Query(`SELECT tbl FROM change_base ORDER BY tbl`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// benchRuns tells apart the accounts of each runAnalyticsBench.
var benchRuns atomic.Int64

// runAnalyticsBench runs each request of BenchmarkAnalytics as a
// sub-benchmark; before, when not nil, runs before each request, outside
// the timer.
func runAnalyticsBench(b *testing.B, s *apitest.Server, before func()) {
	now := *s.Now.Load()
	tag := fmt.Sprintf("%d.%d", os.Getpid(), benchRuns.Add(1))
	analyst := s.AsAccount(s.MustAccount("bench.analyst."+tag, "ANALYST", nil, nil))
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(apitest.Sys()))(b)
	leader := s.AsAccount(s.MustAccount("bench.leader."+tag, "LEADER", agency, nil))
	year := now.Year()
	queries := []struct {
		name  string
		as    *apitest.Server
		query string
	}{
		{"employees/region-profession-age", analyst, `{ employeeAggregate(groupBy: [REGION, PROFESSION, AGE_BAND], measures: [MEDIAN_AGE, AVERAGE_SERVICE_YEARS, FEMALE_SHARE]) { key { value label } count values { value } } }`},
		{"employees/agency-position-type", analyst, `{ employeeAggregate(groupBy: [UNIT, POSITION_TYPE], unitLevel: 0) { key { value label } count values { value } } }`},
		{"employees/leader-subtree", leader, `{ employeeAggregate(groupBy: [UNIT, PROFESSION], unitLevel: 1) { key { value label } count values { value } } }`},
		{"enrollments/quarter-category", analyst, `{ enrollmentAggregate(groupBy: [QUARTER, TRAINING_CATEGORY], measures: [EMPLOYEES, COMPLETED, TOTAL_JP, MEDIAN_SCORE]) { key { value } count values { value } } }`},
		{"appraisals/predicates-by-agency", analyst, `{ appraisalDistribution(groupBy: [UNIT, YEAR, PERIOD_KIND], unitLevel: 0) { key { value } total rated predicates { count } } }`},
		{"work-logs/month-profession-p90", analyst, `{ workLogAggregate(groupBy: [MONTH, PROFESSION]) { key { value } count values { value } } }`},
		{"complaints/region-status-p90", analyst, `{ complaintAggregate(groupBy: [REGION, STATUS]) { key { value } count values { value } } }`},
		{"workforce-gap/health-education", analyst, fmt.Sprintf(`{ workforceGap(year: %d, filter: {professionGroups: [HEALTH, EDUCATION]}) { key { value label } needed filled shortage } }`, year)},
		{"retirements/5-years", analyst, `{ retirementProjection { year key { value } retiring } }`},
		{"training-hours/region", analyst, fmt.Sprintf(`{ trainingHours(year: %d, groupBy: [REGION]) { key { value } employees compliant complianceRate medianJp } }`, year-1)},
		{"training-shortfall/first-100", analyst, fmt.Sprintf(`{ trainingShortfall(year: %d, first: 100) { totalCount items { employee { nip name } jp } } }`, year-1)},
		{"competency-gaps/by-competency", analyst, `{ competencyGapSummary(groupBy: [COMPETENCY]) { key { label } requirements gaps averageGap trainings { code } } }`},
		{"competency-gaps/by-agency", analyst, `{ competencyGapSummary(groupBy: [UNIT], unitLevel: 0) { key { label } requirements gaps employeesWithGap averageGap } }`},
		{"competency-gaps/leader-subtree", leader, `{ competencyGapSummary(groupBy: [COMPETENCY]) { key { value } requirements gaps employeesWithGap } }`},
		{"ikm/region-quarter", analyst, `{ satisfactionIndex(groupBy: [REGION, QUARTER]) { key { value } respondents index grade } }`},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			as := q.as.With(b)
			if os.Getenv("SIMASN_BENCH_SQL") != "" { // show the statements of one request
				stop := s.Trace(func(_ context.Context, query string, args any) { b.Logf("%s;", inline(query, args)) })
				as.MustDo(nil, q.query, nil)
				stop()
			}
			as.MustDo(nil, q.query, nil) // warm the query cache and the database
			stmts, hits := s.Statements.Load(), s.DB.AnalyticsCache.Stats().Hits
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			var took []time.Duration
			for b.Loop() {
				if before != nil {
					b.StopTimer()
					before() // through database/sql: not counted
					b.StartTimer()
				}
				start := time.Now()
				as.MustDo(nil, q.query, nil)
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			// The median request: the p50, which a slow first
			// request or a pause of the machine moves less than ns/op.
			b.ReportMetric(float64(median(took))/float64(time.Millisecond), "p50-ms")
			// The CPU time of this process per request: the server's and
			// the decoding of its answer by the client (and, after a write,
			// the write's client side); the machine's load does not change
			// it as it does ns/op.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
			b.ReportMetric(float64(s.Statements.Load()-stmts)/float64(b.N), "stmts/op")
			b.ReportMetric(float64(s.DB.AnalyticsCache.Stats().Hits-hits)/float64(b.N), "hits/op")
		})
	}
}

// benchActivity writes n/5 complaints received over the last four months
// at every stage, and 30 days of work logs for one employee in ten.
func benchActivity(b testing.TB, c *ent.Client, n int, now time.Time) (int, int) {
	ctx := apitest.Sys()
	rng := rand.New(rand.NewPCG(uint64(n), 5))
	units := apitest.Must(c.Unit.Query().Select(unit.FieldID, unit.FieldRegionID).All(ctx))(b)
	var builders []*ent.ComplaintCreate
	flushComplaints := func() {
		apitest.Check(c.Complaint.CreateBulk(builders...).Exec(ctx))(b)
		builders = builders[:0]
	}
	statuses := []entcomplaint.Status{entcomplaint.StatusRECEIVED, entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS,
		entcomplaint.StatusANSWERED, entcomplaint.StatusCLOSED, entcomplaint.StatusCLOSED, entcomplaint.StatusREJECTED}
	categories := []entcomplaint.Category{entcomplaint.CategoryHEALTH_SERVICE, entcomplaint.CategoryEDUCATION, entcomplaint.CategoryPERSONNEL, entcomplaint.CategoryINFRASTRUCTURE}
	for i := range n / 5 {
		u := units[rng.IntN(len(units))]
		received := now.Add(-time.Duration(rng.IntN(120*24)) * time.Hour)
		st := statuses[rng.IntN(len(statuses))]
		cb := c.Complaint.Create().SetTrackingID(fmt.Sprintf("LPG-BENCH-%07d", i)).SetAccessKeyHash("x").
			SetClass(entcomplaint.Class(complaint.Classes()[rng.IntN(len(complaint.Classes()))])).SetCategory(categories[rng.IntN(len(categories))]).
			SetChannel(entcomplaint.ChannelWEB).SetPrivacy(entcomplaint.PrivacyPUBLIC).SetTitle("Pengaduan").SetBody("Pelayanan lambat.").
			SetUnitID(u.ID).SetRegionID(u.RegionID).SetStatus(st).SetReceivedAt(received).
			SetVerifyDue(received.AddDate(0, 0, 3)).SetAnswerDue(received.AddDate(0, 0, 10)).SetSettleDue(received.AddDate(0, 0, 60))
		if st != entcomplaint.StatusRECEIVED {
			cb.SetForwardedAt(received.Add(time.Duration(12+rng.IntN(60)) * time.Hour))
		}
		if st == entcomplaint.StatusANSWERED || st == entcomplaint.StatusCLOSED {
			cb.SetAnsweredAt(received.Add(time.Duration(24+rng.IntN(200)) * time.Hour)).SetRating(1 + rng.IntN(5))
		}
		if st == entcomplaint.StatusCLOSED || st == entcomplaint.StatusREJECTED {
			cb.SetSettledAt(received.Add(time.Duration(48+rng.IntN(900)) * time.Hour))
		}
		if builders = append(builders, cb); len(builders) == 1000 {
			flushComplaints()
		}
	}
	if len(builders) > 0 {
		flushComplaints()
	}
	var logs []*ent.WorkLogCreate
	written := 0
	ids := apitest.Must(c.Employee.Query().Where(employee.StatusEQ(employee.StatusACTIVE)).Order(ent.Asc(employee.FieldID)).IDs(ctx))(b)
	today := now.UTC().Truncate(24 * time.Hour)
	for i, id := range ids {
		if i%10 != 0 {
			continue
		}
		for d := range 30 {
			logs = append(logs, c.WorkLog.Create().SetEmployeeID(id).SetDate(today.AddDate(0, 0, -d-1)).SetActivity("Pelayanan").
				SetOutput("kegiatan").SetQuantity(1+rng.IntN(10)).SetMinutes(30+rng.IntN(450)).SetStatus(worklog.StatusVERIFIED))
			if len(logs) == 2000 {
				apitest.Check(c.WorkLog.CreateBulk(logs...).Exec(ctx))(b)
				written += len(logs)
				logs = logs[:0]
			}
		}
	}
	if len(logs) > 0 {
		apitest.Check(c.WorkLog.CreateBulk(logs...).Exec(ctx))(b)
		written += len(logs)
	}
	return n / 5, written
}

// median is the middle duration of took (the mean of the two middle ones
// for an even count), as percentile_cont(0.5) takes it; 0 for none.
func median(took []time.Duration) time.Duration {
	if len(took) == 0 {
		return 0
	}
	s := slices.Clone(took)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
