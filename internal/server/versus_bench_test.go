package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/region"
	"simasn/internal/apitest"
)

// BenchmarkVersusPostGraphile is the comparison of issue 11 made
// reproducible: SIMASN and PostGraphile serve the same PostgreSQL database
// (the scale dataset, SIMASN_BENCH_DATABASE_URL) side by side, and the
// read workloads W1–W4 run against each from 16 concurrent clients, in
// alternating phases of a few seconds (SIMASN, PostGraphile, SIMASN, …).
//
// PostGraphile is the Node project in testdata/postgraphile (v5.1.5, Amber
// preset, connection-filter and pg-aggregates, no auth), started as a
// child process; the benchmark is skipped unless its node_modules is
// installed (`make bench-compare` runs `npm ci` first) or
// SIMASN_POSTGRAPHILE_DIR names an installed copy. SIMASN serves through
// the real handler on a loopback port, signed in as an admin (as in the
// issue), and, for its own figures, as an HR officer scoped to an agency
// and as an analyst. The clients run in another process (this test
// binary again, see versusLoad) so that each server's CPU is measured
// apart from theirs.
//
// Before measuring, each workload's answer from both servers is compared
// (the same employees in the same order with the same nested records, the
// same counts), so that like is compared with like.
//
// Per workload it reports, over all rounds (-benchtime Nx: N rounds;
// SIMASN_VERSUS_SECONDS, default 3, the length of a phase):
//
//	simasn-req/s, pgl-req/s     completed requests per second
//	ratio                       SIMASN ÷ PostGraphile (requests per second)
//	simasn-cpu-µs/req           CPU time of this process (the server) per request
//	pgl-cpu-µs/req              CPU time of the node process per request (/proc/<pid>/stat)
//	simasn-stmts/req            SQL statements per request sent through ent
//	pgl-stmts/req               SQL statements per request PostGraphile sent (counted in its pg client)
//	simasn-pg-cpu-µs/req, pgl-… CPU time of the PostgreSQL backends serving the benchmark's
//	                            database per request (see pgBackends; only when the database
//	                            runs on this machine)
//	simasn-client-cpu-µs/req, … CPU time of the load process per request (its start included)
//	simasn-total-cpu-µs/req, …  the three above added: what a request costs the machine
//	simasn-bytes/req, pgl-…     response body bytes per request
//	hr-…, analyst-…             SIMASN's figures for the other roles, and their ratio to PostGraphile
//	simasn-rss-MiB, pgl-rss-MiB resident memory of each server's process after the workload
//
// W4 has two PostGraphile forms (see versusWorkloads): "pgl" and
// "pgl-regions" with their own figures and ratios.
func BenchmarkVersusPostGraphile(b *testing.B) {
	dir, node := postgraphileProject(b)
	s := scaleServer(b, false)
	roles, emp := benchRoles(b, s)
	pgl := startPostGraphile(b, dir, node, s.DB.URL)
	pg := newPGBackends(b, s.DB.SQL)
	regions := apitest.Must(s.DB.Client.Region.Query().Order(ent.Asc(region.FieldCode)).IDs(apitest.Sys()))(b)
	phase := versusPhaseLength(b)

	simasn := make([]*versusTarget, len(roles))
	for i, r := range roles {
		simasn[i] = &versusTarget{
			name:       r.name,
			url:        s.URL + "/query",
			auth:       r.as.Request("", nil).Header.Get("Authorization"),
			cpu:        cpuTime,
			statements: func() int64 { return s.Statements.Load() },
			closed: func() int64 {
				st := s.DB.SQL.Stats()
				return st.MaxIdleClosed + st.MaxIdleTimeClosed + st.MaxLifetimeClosed
			},
		}
	}
	for _, w := range versusWorkloads(emp.Nip, regions) {
		b.Run(w.name, func(b *testing.B) {
			// Like with like: both servers' answers, normalised, agree.
			want := w.simasn.normalise(b, versusPost(b, simasn[0], w.simasn.body()))
			if versusEmpty(want) { // a comparison of nothing would prove nothing
				b.Fatalf("%s: SIMASN's answer holds nothing to compare: %+v", w.name, want)
			}
			for _, f := range w.pgl {
				if got := f.normalise(b, versusPost(b, pgl, f.body())); !reflect.DeepEqual(got, want) {
					b.Fatalf("%s: PostGraphile (%s) and SIMASN answer differently:\n%s", w.name, f.name, versusDiff(got, want))
				}
			}
			type measured struct {
				name   string
				target *versusTarget
				body   string
				total  versusResult
			}
			var phases []*measured
			for i, t := range simasn {
				if t.name == "analyst" && w.name == "W3-by-nip" {
					continue // FORBIDDEN: looking up a NIP reads it
				}
				phases = append(phases, &measured{name: t.name, target: t, body: w.simasn.body()})
				if i == 0 { // PostGraphile right after SIMASN as an admin
					for _, f := range w.pgl {
						phases = append(phases, &measured{name: f.name, target: pgl, body: f.body()})
					}
				}
			}
			for b.Loop() {
				for _, p := range phases {
					p.total.add(runVersusPhase(b, p.target, pg, p.body, phase))
				}
			}
			for _, p := range phases {
				b.Logf("%-12s %8.1f req/s %7.0f cpu-µs/req %7.0f pg-cpu-µs/req %7.0f client-cpu-µs/req %7.0f bytes/req %6.2f stmts/req (%d requests in %s, %d connections closed)", p.name,
					p.total.rate(), p.total.cpuPerRequest(), p.total.perRequest(p.total.pgCPU), p.total.perRequest(p.total.clientCPU),
					float64(p.total.bytes)/float64(p.total.requests), p.total.statementsPerRequest(), p.total.requests,
					p.total.elapsed.Round(time.Millisecond), p.total.closed)
			}
			// Resident memory after the workload: this process (the server,
			// and the benchmark's own small share) and the node process.
			b.ReportMetric(float64(rss(b, os.Getpid()))/(1<<20), "simasn-rss-MiB")
			b.ReportMetric(float64(rss(b, pgl.pid))/(1<<20), "pgl-rss-MiB")
			admin, other := phases[0].total, phases[1].total // SIMASN as an admin, PostGraphile's first form
			for _, p := range phases {
				prefix := p.name
				if p.name == "admin" {
					prefix = "simasn"
				}
				b.ReportMetric(p.total.rate(), prefix+"-req/s")
				b.ReportMetric(p.total.cpuPerRequest(), prefix+"-cpu-µs/req")
				b.ReportMetric(p.total.statementsPerRequest(), prefix+"-stmts/req")
				b.ReportMetric(float64(p.total.bytes)/float64(p.total.requests), prefix+"-bytes/req")
				b.ReportMetric(p.total.perRequest(p.total.clientCPU), prefix+"-client-cpu-µs/req")
				if p.total.pgMeasured {
					b.ReportMetric(p.total.perRequest(p.total.pgCPU), prefix+"-pg-cpu-µs/req")
					b.ReportMetric(p.total.perRequest(p.total.cpu+p.total.pgCPU+p.total.clientCPU), prefix+"-total-cpu-µs/req")
				}
				switch {
				case p.target == pgl:
					b.ReportMetric(admin.rate()/p.total.rate(), strings.Replace(p.name, "pgl", "ratio", 1))
				case p.name != "admin":
					b.ReportMetric(p.total.rate()/other.rate(), p.name+"-ratio")
				}
			}
		})
	}
}

// versusWorkload is one of W1–W4 as each server is asked it.
type versusWorkload struct {
	name   string
	simasn versusForm
	pgl    []versusForm // PostGraphile's forms: the first is "pgl"
}

// versusForm is a GraphQL request and how its answer is normalised for
// the comparison of both servers' answers.
type versusForm struct {
	name      string
	query     string
	vars      map[string]any
	normalise func(b *testing.B, data json.RawMessage) any
}

func (f versusForm) body() string {
	raw, _ := json.Marshal(map[string]any{"query": f.query, "variables": f.vars})
	return string(raw)
}

// versusWorkloads are W1–W4 (benchW1…benchW4 of BenchmarkReads) and
// PostGraphile's equivalents in the Amber preset's naming. nip is W3's
// employee; regions are the region ids, for W4's per-region form.
//
// Where PostGraphile cannot ask the same question the same way:
//
//   - W3: the NIP is unique through a unique index, not a constraint, so
//     PostGraphile generates no employeeByNip; it is allEmployees with
//     condition {nip}.
//   - W4: pg-aggregates groups by the table's own columns, and the region
//     is the unit's, not the employee's (grouping by a related table's
//     column would need a computed column or a view in the database). Its
//     closest forms: "pgl" groups by unit and profession in one statement
//     and reads the units' regions in a second (3,875 groups that the
//     client adds up per region); "pgl-regions" asks one grouped aggregate
//     per region, filtered through the unit (15 statements, the same
//     66 groups as SIMASN). pg-aggregates has no plain count per group:
//     distinctCount of the primary key is its count.
//   - regions.remote has no index, and the Amber preset filters only on
//     indexed columns: a smart tag in graphile.config.mjs opens it to W2's
//     filter.
func versusWorkloads(nip string, regions []int) []versusWorkload {
	perRegion := &strings.Builder{}
	perRegion.WriteString("{")
	for _, id := range regions {
		fmt.Fprintf(perRegion, ` r%d: allEmployees(filter: {unitByUnitId: {regionId: {equalTo: "%d"}}}) { groupedAggregates(groupBy: [PROFESSION_GROUP]) { keys distinctCount { rowId } } }`, id, id)
	}
	perRegion.WriteString(" }")
	return []versusWorkload{
		{
			name:   "W1-list",
			simasn: versusForm{name: "admin", query: benchW1, normalise: versusNormaliseW1SIMASN},
			pgl: []versusForm{{name: "pgl", normalise: versusNormaliseW1PGL, query: `{ allEmployees(first: 100, orderBy: [NAME_ASC]) { edges { node {
  nip name unitByUnitId { name regionByRegionId { name } }
  appraisalsByAppraiseeId(orderBy: PRIMARY_KEY_ASC) { nodes { year predicate } }
  enrollmentsByEmployeeId(orderBy: PRIMARY_KEY_ASC) { nodes { status trainingByTrainingId { title hoursJp } } } } } } }`}},
		},
		{
			name:   "W2-edge-filter",
			simasn: versusForm{name: "admin", query: benchW2, normalise: versusNormaliseW2SIMASN},
			pgl: []versusForm{{name: "pgl", normalise: versusNormaliseW2PGL, query: `{ allEmployees(first: 100, orderBy: PRIMARY_KEY_ASC,
  filter: {professionGroup: {equalTo: "HEALTH"}, unitByUnitId: {regionByRegionId: {remote: {equalTo: true}}}}) {
  totalCount edges { node { nip name unitByUnitId { name } } } } }`}},
		},
		{
			name:   "W3-by-nip",
			simasn: versusForm{name: "admin", query: benchW3, vars: map[string]any{"nip": nip}, normalise: versusNormaliseW3SIMASN},
			pgl: []versusForm{{name: "pgl", vars: map[string]any{"nip": nip}, normalise: versusNormaliseW3PGL, query: `query($nip: String!) {
  allEmployees(condition: {nip: $nip}, first: 1) { nodes { nip name unitByUnitId { name }
    careerEventsByEmployeeId(orderBy: [EFFECTIVE_DATE_ASC, PRIMARY_KEY_ASC]) { nodes { kind decreeNumber effectiveDate toValue } } } } }`}},
		},
		{
			name:   "W4-count-region-profession",
			simasn: versusForm{name: "admin", query: benchW4, normalise: versusNormaliseW4SIMASN},
			pgl: []versusForm{
				{name: "pgl", normalise: versusNormaliseW4PGL, query: `{ allEmployees { groupedAggregates(groupBy: [UNIT_ID, PROFESSION_GROUP]) { keys distinctCount { rowId } } }
  allUnits { nodes { rowId regionId } } }`},
				{name: "pgl-regions", normalise: versusNormaliseW4PGLRegions, query: perRegion.String()},
			},
		},
	}
}

// flex is a scalar as either server writes it: a string, a number (SIMASN
// writes an Int as a number, PostGraphile a BigInt as a string) or null.
type flex string

func (f *flex) UnmarshalJSON(raw []byte) error {
	if string(raw) == "null" {
		*f = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		*f = flex(s)
		return nil
	}
	*f = flex(strings.TrimSuffix(string(raw), ".0"))
	return nil
}

// The normalised answers.
type (
	versusW1Row struct {
		NIP, Name, Unit, Region string
		Appraisals              []string // year/predicate
		Enrollments             []string // status/title/hours
	}
	versusW2 struct {
		Total int
		Rows  []string // nip/name/unit
	}
	versusW3 struct {
		NIP, Name, Unit string
		Events          []string // kind/decree/effective instant (UTC)/to
	}
)

func versusDecode(b *testing.B, data json.RawMessage, v any) {
	b.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		b.Fatalf("decode %.300s: %v", data, err)
	}
}

func versusNormaliseW1SIMASN(b *testing.B, data json.RawMessage) any {
	var d struct {
		Employees struct {
			Edges []struct {
				Node struct {
					NIP, Name string
					Unit      struct {
						Name   string
						Region struct{ Name string }
					}
					Appraisals []struct {
						Year      flex
						Predicate flex
					}
					Enrollments []struct {
						Status   flex
						Training struct {
							Title   string
							HoursJp flex
						}
					}
				}
			}
		}
	}
	versusDecode(b, data, &d)
	rows := []versusW1Row{}
	for _, e := range d.Employees.Edges {
		n := e.Node
		r := versusW1Row{NIP: n.NIP, Name: n.Name, Unit: n.Unit.Name, Region: n.Unit.Region.Name}
		for _, a := range n.Appraisals {
			r.Appraisals = append(r.Appraisals, string(a.Year)+"/"+string(a.Predicate))
		}
		for _, en := range n.Enrollments {
			r.Enrollments = append(r.Enrollments, string(en.Status)+"/"+en.Training.Title+"/"+string(en.Training.HoursJp))
		}
		rows = append(rows, r)
	}
	return rows
}

func versusNormaliseW1PGL(b *testing.B, data json.RawMessage) any {
	var d struct {
		AllEmployees struct {
			Edges []struct {
				Node struct {
					NIP, Name    string
					UnitByUnitID struct {
						Name             string
						RegionByRegionID struct{ Name string }
					}
					AppraisalsByAppraiseeID struct {
						Nodes []struct {
							Year      flex
							Predicate flex
						}
					}
					EnrollmentsByEmployeeID struct {
						Nodes []struct {
							Status               flex
							TrainingByTrainingID struct {
								Title   string
								HoursJp flex
							}
						}
					}
				}
			}
		}
	}
	versusDecode(b, data, &d)
	rows := []versusW1Row{}
	for _, e := range d.AllEmployees.Edges {
		n := e.Node
		r := versusW1Row{NIP: n.NIP, Name: n.Name, Unit: n.UnitByUnitID.Name, Region: n.UnitByUnitID.RegionByRegionID.Name}
		for _, a := range n.AppraisalsByAppraiseeID.Nodes {
			r.Appraisals = append(r.Appraisals, string(a.Year)+"/"+string(a.Predicate))
		}
		for _, en := range n.EnrollmentsByEmployeeID.Nodes {
			r.Enrollments = append(r.Enrollments, string(en.Status)+"/"+en.TrainingByTrainingID.Title+"/"+string(en.TrainingByTrainingID.HoursJp))
		}
		rows = append(rows, r)
	}
	return rows
}

func versusNormaliseW2SIMASN(b *testing.B, data json.RawMessage) any {
	var d struct {
		Employees struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					NIP, Name string
					Unit      struct{ Name string }
				}
			}
		}
	}
	versusDecode(b, data, &d)
	w := versusW2{Total: d.Employees.TotalCount, Rows: []string{}}
	for _, e := range d.Employees.Edges {
		w.Rows = append(w.Rows, e.Node.NIP+"/"+e.Node.Name+"/"+e.Node.Unit.Name)
	}
	return w
}

func versusNormaliseW2PGL(b *testing.B, data json.RawMessage) any {
	var d struct {
		AllEmployees struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					NIP, Name    string
					UnitByUnitID struct{ Name string }
				}
			}
		}
	}
	versusDecode(b, data, &d)
	w := versusW2{Total: d.AllEmployees.TotalCount, Rows: []string{}}
	for _, e := range d.AllEmployees.Edges {
		w.Rows = append(w.Rows, e.Node.NIP+"/"+e.Node.Name+"/"+e.Node.UnitByUnitID.Name)
	}
	return w
}

type versusEvent struct {
	Kind, DecreeNumber, EffectiveDate string
	ToValue                           flex
}

func versusEvents(b *testing.B, events []versusEvent) []string {
	out := []string{}
	for _, e := range events {
		at, err := time.Parse(time.RFC3339Nano, e.EffectiveDate)
		if err != nil {
			b.Fatalf("effectiveDate %q: %v", e.EffectiveDate, err)
		}
		out = append(out, e.Kind+"/"+e.DecreeNumber+"/"+at.UTC().Format(time.RFC3339)+"/"+string(e.ToValue))
	}
	return out
}

func versusNormaliseW3SIMASN(b *testing.B, data json.RawMessage) any {
	var d struct {
		EmployeeByNip struct {
			NIP, Name    string
			Unit         struct{ Name string }
			CareerEvents []versusEvent
		}
	}
	versusDecode(b, data, &d)
	e := d.EmployeeByNip
	return versusW3{NIP: e.NIP, Name: e.Name, Unit: e.Unit.Name, Events: versusEvents(b, e.CareerEvents)}
}

func versusNormaliseW3PGL(b *testing.B, data json.RawMessage) any {
	var d struct {
		AllEmployees struct {
			Nodes []struct {
				NIP, Name                string
				UnitByUnitID             struct{ Name string }
				CareerEventsByEmployeeID struct{ Nodes []versusEvent }
			}
		}
	}
	versusDecode(b, data, &d)
	if len(d.AllEmployees.Nodes) != 1 {
		b.Fatalf("W3: PostGraphile found %d employees", len(d.AllEmployees.Nodes))
	}
	e := d.AllEmployees.Nodes[0]
	return versusW3{NIP: e.NIP, Name: e.Name, Unit: e.UnitByUnitID.Name, Events: versusEvents(b, e.CareerEventsByEmployeeID.Nodes)}
}

// W4 normalises to region id → profession → count.
func versusNormaliseW4SIMASN(b *testing.B, data json.RawMessage) any {
	var d struct {
		EmployeeAggregate []struct {
			Key   []struct{ Value flex }
			Count int
		}
	}
	versusDecode(b, data, &d)
	out := map[string]map[string]int{}
	for _, g := range d.EmployeeAggregate {
		if len(g.Key) != 2 {
			b.Fatalf("W4: SIMASN's group has %d keys", len(g.Key))
		}
		versusCount(out, string(g.Key[0].Value), string(g.Key[1].Value), g.Count)
	}
	return out
}

func versusCount(out map[string]map[string]int, region, profession string, n int) {
	if out[region] == nil {
		out[region] = map[string]int{}
	}
	out[region][profession] += n
}

type versusGroup struct {
	Keys          []flex
	DistinctCount struct{ RowID flex }
}

func versusNormaliseW4PGL(b *testing.B, data json.RawMessage) any {
	var d struct {
		AllEmployees struct{ GroupedAggregates []versusGroup }
		AllUnits     struct {
			Nodes []struct{ RowID, RegionID flex }
		}
	}
	versusDecode(b, data, &d)
	regionOf := map[flex]string{}
	for _, u := range d.AllUnits.Nodes {
		regionOf[u.RowID] = string(u.RegionID)
	}
	out := map[string]map[string]int{}
	for _, g := range d.AllEmployees.GroupedAggregates {
		n, _ := strconv.Atoi(string(g.DistinctCount.RowID))
		versusCount(out, regionOf[g.Keys[0]], string(g.Keys[1]), n)
	}
	return out
}

func versusNormaliseW4PGLRegions(b *testing.B, data json.RawMessage) any {
	var d map[string]struct{ GroupedAggregates []versusGroup }
	versusDecode(b, data, &d)
	out := map[string]map[string]int{}
	for alias, r := range d {
		for _, g := range r.GroupedAggregates {
			n, _ := strconv.Atoi(string(g.DistinctCount.RowID))
			versusCount(out, strings.TrimPrefix(alias, "r"), string(g.Keys[0]), n)
		}
	}
	return out
}

// versusTarget is a server under load: where to send requests, and how to
// read its CPU time and statement count.
type versusTarget struct {
	name       string
	url, auth  string
	pid        int // PostGraphile's node process; 0 for this process
	cpu        func() time.Duration
	statements func() int64
	closed     func() int64 // connections the server's pool closed so far (SIMASN's)
}

// versusPost sends one request and returns its data, failing on errors.
func versusPost(b *testing.B, t *versusTarget, body string) json.RawMessage {
	b.Helper()
	req, _ := http.NewRequest(http.MethodPost, t.url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if t.auth != "" {
		req.Header.Set("Authorization", t.auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatalf("%s: %v", t.name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(raw, &r); err != nil || resp.StatusCode != 200 || len(r.Errors) > 0 {
		b.Fatalf("%s: status %d: %.1000s", t.name, resp.StatusCode, raw)
	}
	return r.Data
}

// versusResult is what a phase (or several) measured.
type versusResult struct {
	requests   int64
	elapsed    time.Duration
	cpu        time.Duration // the server's
	statements int64
	pgCPU      time.Duration // the database's backends'
	pgMeasured bool
	clientCPU  time.Duration // the load process's
	bytes      int64         // response bodies
	closed     int64         // connections the server's pool closed
}

func (r *versusResult) add(o versusResult) {
	r.requests += o.requests
	r.elapsed += o.elapsed
	r.cpu += o.cpu
	r.statements += o.statements
	r.pgCPU += o.pgCPU
	r.pgMeasured = o.pgMeasured
	r.clientCPU += o.clientCPU
	r.bytes += o.bytes
	r.closed += o.closed
}

// perRequest is d per request in microseconds.
func (r versusResult) perRequest(d time.Duration) float64 {
	return float64(d) / float64(time.Microsecond) / float64(r.requests)
}

func (r versusResult) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r versusResult) cpuPerRequest() float64 {
	return float64(r.cpu) / float64(time.Microsecond) / float64(r.requests)
}

func (r versusResult) statementsPerRequest() float64 {
	return float64(r.statements) / float64(r.requests)
}

// versusLoadEnv, when set (to a versusLoadSpec in JSON), makes this test
// binary a load process (see versusLoad).
const versusLoadEnv = "SIMASN_VERSUS_LOAD"

// versusClients is the number of concurrent clients, as wrk's 16
// connections in the issue.
const versusClients = 16

type versusLoadSpec struct {
	URL, Auth, Body string
	Clients         int
	Duration        time.Duration
}

type versusLoadReport struct {
	Requests int64
	Bytes    int64 // the successful responses' bodies
	Failures int64
	Elapsed  time.Duration
	Failure  string // the first failure
}

// runVersusPhase loads t with body from a load process for about d and
// returns what the server, the database's backends (pg, when local) and
// the load process did meanwhile.
func runVersusPhase(b *testing.B, t *versusTarget, pg *pgBackends, body string, d time.Duration) versusResult {
	b.Helper()
	spec, _ := json.Marshal(versusLoadSpec{URL: t.url, Auth: t.auth, Body: body, Clients: versusClients, Duration: d})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), versusLoadEnv+"="+string(spec))
	cmd.Stderr = os.Stderr
	var out bytes.Buffer
	cmd.Stdout = &out
	b.StopTimer() // the load process's start and end are no part of a phase
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
	window := pg.begin()
	cpu, stmts := t.cpu(), t.statements()
	var closed int64
	if t.closed != nil {
		closed = t.closed()
	}
	err := cmd.Wait()
	pgCPU, sampler, pgMeasured := window.end()
	cpu, stmts = t.cpu()-cpu, t.statements()-stmts
	if t.closed != nil {
		closed = t.closed() - closed
	}
	if t.pid == 0 {
		cpu -= sampler // the sampling ran in this process, not in the server
	}
	if err != nil {
		b.Fatalf("load process: %v\n%s", err, out.String())
	}
	var r versusLoadReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		b.Fatalf("load process: %v: %q", err, out.String())
	}
	if r.Failures > 0 || r.Requests == 0 {
		b.Fatalf("%s: %d of %d requests failed, the first: %s", t.name, r.Failures, r.Requests+r.Failures, r.Failure)
	}
	client := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return versusResult{requests: r.Requests, elapsed: r.Elapsed, cpu: cpu, statements: stmts,
		pgCPU: pgCPU, pgMeasured: pgMeasured, clientCPU: client, bytes: r.Bytes, closed: closed}
}

func init() {
	if spec := os.Getenv(versusLoadEnv); spec != "" {
		os.Exit(versusLoad(spec)) // a load process of BenchmarkVersusPostGraphile
	}
}

// versusLoad is the load process: Clients goroutines, each on a keep-alive
// connection of its own, post Body to URL back to back for Duration (as
// wrk does: no compression asked for), then it prints a versusLoadReport.
// A request fails unless it gets a 200 without "errors".
func versusLoad(raw string) int {
	var spec versusLoadSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		fmt.Fprintln(os.Stderr, "load spec:", err)
		return 2
	}
	client := &http.Client{Timeout: 5 * time.Minute, Transport: &http.Transport{
		MaxIdleConnsPerHost: spec.Clients, DisableCompression: true,
	}}
	var ok, failed, size atomic.Int64
	var first sync.Once
	var failure string
	start := time.Now()
	deadline := start.Add(spec.Duration)
	var wg sync.WaitGroup
	for range spec.Clients {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(http.MethodPost, spec.URL, strings.NewReader(spec.Body))
				req.Header.Set("Content-Type", "application/json")
				if spec.Auth != "" {
					req.Header.Set("Authorization", spec.Auth)
				}
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode != 200 || bytes.Contains(body, []byte(`"errors"`))) {
						err = fmt.Errorf("status %d: %.500s", resp.StatusCode, body)
					}
				}
				if err != nil {
					failed.Add(1)
					first.Do(func() { failure = err.Error() })
					continue
				}
				ok.Add(1)
				size.Add(int64(len(body)))
			}
		})
	}
	wg.Wait()
	out, _ := json.Marshal(versusLoadReport{Requests: ok.Load(), Bytes: size.Load(), Failures: failed.Load(), Elapsed: time.Since(start), Failure: failure})
	fmt.Println(string(out))
	return 0
}

// versusPhaseLength is SIMASN_VERSUS_SECONDS (default 3).
func versusPhaseLength(b *testing.B) time.Duration {
	v := os.Getenv("SIMASN_VERSUS_SECONDS")
	if v == "" {
		return 3 * time.Second
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs <= 0 {
		b.Fatalf("SIMASN_VERSUS_SECONDS=%q: want a positive number of seconds", v)
	}
	return time.Duration(secs * float64(time.Second))
}

// postgraphileProject returns the Node project's directory and the node
// binary to run it with (the Node 22 it pins, installed by npm ci), or
// skips the benchmark when it is not installed.
func postgraphileProject(b *testing.B) (dir, node string) {
	dir = os.Getenv("SIMASN_POSTGRAPHILE_DIR")
	if dir == "" {
		dir = filepath.Join("testdata", "postgraphile")
	}
	dir, _ = filepath.Abs(dir)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "postgraphile")); err != nil {
		b.Skipf("PostGraphile is not installed in %s: run `make bench-compare` (npm ci there first), or set SIMASN_POSTGRAPHILE_DIR to an installed copy", dir)
	}
	node = filepath.Join(dir, "node_modules", ".bin", "node")
	if _, err := os.Stat(node); err != nil {
		b.Skipf("no node in %s: run npm ci there (it installs the Node 22 PostGraphile 5 needs)", node)
	}
	return dir, node
}

// startPostGraphile runs the Node project's server.mjs on dsn until the
// benchmark ends and returns it as a target: its CPU time is the node
// process's, its statements the count server.mjs keeps.
func startPostGraphile(b *testing.B, dir, node, dsn string) *versusTarget {
	b.Helper()
	cmd := exec.Command(node, "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn, "PORT=0", "GRAPHILE_ENV=production", "NODE_ENV=production")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	b.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if testing.Verbose() || b.Failed() {
			b.Logf("PostGraphile's log:\n%s", stderr.String())
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				lines <- url
			}
		}
		io.Copy(io.Discard, out)
	}()
	var url string
	select {
	case url = <-lines:
	case <-exited:
		b.Fatalf("PostGraphile exited before listening:\n%s", stderr.String())
	case <-time.After(5 * time.Minute): // it introspects the schema first
		b.Fatalf("PostGraphile is not listening after 5 minutes:\n%s", stderr.String())
	}
	pid := cmd.Process.Pid
	statements := strings.TrimSuffix(url, "/graphql") + "/statements"
	return &versusTarget{
		name: "PostGraphile",
		url:  url,
		pid:  pid,
		cpu:  func() time.Duration { return time.Duration(processCPUTicks(b, pid)) * time.Second / clockTicks },
		statements: func() int64 {
			resp, err := http.Get(statements)
			if err != nil {
				b.Fatalf("PostGraphile's statement count: %v", err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			n, err := strconv.ParseInt(string(raw), 10, 64)
			if err != nil {
				b.Fatalf("PostGraphile's statement count %q: %v", raw, err)
			}
			return n
		},
	}
}

// versusDiff shows where two normalised answers part.
func versusDiff(got, want any) string {
	g, w := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(i-300, 0)
	return fmt.Sprintf("PostGraphile: …%.600s\nSIMASN:       …%.600s", g[from:], w[from:])
}

// versusEmpty reports whether a normalised answer lacks what its workload
// is about: employees, nested records, counts.
func versusEmpty(v any) bool {
	switch v := v.(type) {
	case []versusW1Row:
		for _, r := range v {
			if len(r.Appraisals) > 0 && len(r.Enrollments) > 0 {
				return false
			}
		}
		return true
	case versusW2:
		return v.Total == 0 || len(v.Rows) == 0
	case versusW3:
		return len(v.Events) == 0
	case map[string]map[string]int:
		return len(v) == 0
	}
	return true
}
