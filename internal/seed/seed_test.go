package seed_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	entappraisal "simasn/ent/appraisal"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/appraisal"
	"simasn/internal/nip"
	"simasn/internal/rank"
	"simasn/internal/seed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// clock is the seed clock of the tests: mid-May, so the first quarter is
// finished and some trainings are open for registration.
var clock = time.Date(2026, time.May, 15, 9, 30, 0, 0, time.UTC)

// open returns a migrated database for the DSN, closed when the test ends.
func open(t *testing.T, dsn string) *ent.Client {
	t.Helper()
	ctx := viewer.System(context.Background())
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db.Client
}

func mustEmpty(t *testing.T, c *ent.Client, want bool) {
	t.Helper()
	got, err := seed.Empty(viewer.System(context.Background()), c)
	if err != nil {
		t.Fatalf("Empty: %v", err)
	}
	if got != want {
		t.Fatalf("Empty() = %v, want %v", got, want)
	}
}

func inRange(t *testing.T, what string, got, lo, hi int) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %d, want %d…%d", what, got, lo, hi)
	}
}

// TestDemo checks the demo load at the tests' clock: the one load that
// wrote this binary's demo template (apitest.DemoLoad), which the other
// demo tests read too, so that the demo is not loaded once more here.
func TestDemo(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dialect, _ string) {
		ctx := viewer.System(context.Background())
		dsn, load := apitest.DemoLoad(t, dialect, clock)
		if !load.EmptyBefore {
			t.Fatal("Empty() before the load = false, want true")
		}
		c := open(t, dsn)
		sum := load.Summary
		t.Logf("Demo took %s: %s", load.Took.Round(time.Millisecond), sum)
		if !strings.Contains(load.Log, "demo loaded") {
			t.Errorf("log = %q, want a line saying the demo was loaded", load.Log)
		}
		mustEmpty(t, c, false)

		if sum.Regions != 15 {
			t.Errorf("Regions = %d, want 15", sum.Regions)
		}
		inRange(t, "Units", sum.Units, 150, 300)
		inRange(t, "Employees", sum.Employees, 1800, 2300)
		inRange(t, "CareerEvents", sum.CareerEvents, 2*sum.Employees, 8*sum.Employees)
		inRange(t, "Trainings", sum.Trainings, 18, 25)
		inRange(t, "Enrollments", sum.Enrollments, 300, 1500)
		inRange(t, "Appraisals", sum.Appraisals, sum.Employees*9/10, 2*sum.Employees)
		inRange(t, "WorkLogs", sum.WorkLogs, 150*30, 150*3*45)
		counts := map[string][2]int{
			"regions":       {apitest.Must(c.Region.Query().Count(ctx))(t), sum.Regions},
			"units":         {apitest.Must(c.Unit.Query().Count(ctx))(t), sum.Units},
			"employees":     {apitest.Must(c.Employee.Query().Count(ctx))(t), sum.Employees},
			"career events": {apitest.Must(c.CareerEvent.Query().Count(ctx))(t), sum.CareerEvents},
			"trainings":     {apitest.Must(c.Training.Query().Count(ctx))(t), sum.Trainings},
			"enrollments":   {apitest.Must(c.Enrollment.Query().Count(ctx))(t), sum.Enrollments},
			"appraisals":    {apitest.Must(c.Appraisal.Query().Count(ctx))(t), sum.Appraisals},
			"work logs":     {apitest.Must(c.WorkLog.Query().Count(ctx))(t), sum.WorkLogs},
		}
		for what, n := range counts {
			if n[0] != n[1] {
				t.Errorf("%s in the database = %d, summary says %d", what, n[0], n[1])
			}
		}

		employees := apitest.Must(c.Employee.Query().All(ctx))(t)
		checkIdentities(t, employees)
		checkShares(t, employees)
		checkSuperiors(t, ctx, c, employees)
		checkHistories(t, ctx, c, employees)
		checkSeats(t, ctx, c, true)
		checkAppraisals(t, ctx, c, employees)
		checkWorkLogs(t, ctx, c, employees)
		checkRemoteShortage(t, ctx, c)
		checkComplaints(t, ctx, c, sum)
		checkCurrentCompetencies(t, ctx, c)
		t.Run("merit", func(t *testing.T) { checkMerit(t, ctx, c) })

		if _, err := seed.Demo(ctx, c, clock, io.Discard); err == nil {
			t.Error("Demo on a seeded database succeeded, want an error")
		}
	})
}

// checkCurrentCompetencies: the current competency of each (employee,
// competency) is its latest assessment — the latest assessed time, the
// last recorded among equal times — found here by walking the
// assessments, and there is one for every assessed pair and no other.
func checkCurrentCompetencies(t *testing.T, ctx context.Context, c *ent.Client) {
	t.Helper()
	type pair struct{ employee, competency int }
	latest := map[pair]*ent.CompetencyAssessment{}
	for _, a := range apitest.Must(c.CompetencyAssessment.Query().All(ctx))(t) {
		k := pair{a.EmployeeID, a.CompetencyID}
		if l := latest[k]; l == nil || a.AssessedAt.After(l.AssessedAt) || (a.AssessedAt.Equal(l.AssessedAt) && a.ID > l.ID) {
			latest[k] = a
		}
	}
	if len(latest) == 0 {
		t.Fatal("the demo has no competency assessments")
	}
	current := apitest.Must(c.CurrentCompetency.Query().All(ctx))(t)
	if len(current) != len(latest) {
		t.Errorf("current competencies = %d, want one per assessed pair: %d", len(current), len(latest))
	}
	for _, cc := range current {
		want := latest[pair{cc.EmployeeID, cc.CompetencyID}]
		if want == nil || cc.AssessmentID != want.ID || cc.Level != want.Level {
			t.Errorf("current competency of employee %d, competency %d: assessment %d level %d, want %+v", cc.EmployeeID, cc.CompetencyID, cc.AssessmentID, cc.Level, want)
		}
	}
}

// checkIdentities: every NIP parses for its employment type and agrees with
// the stored birth date and gender; every rank exists for the type.
func checkIdentities(t *testing.T, employees []*ent.Employee) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range employees {
		kind, _ := nip.KindFor(string(e.EmploymentType))
		n, err := nip.Parse(e.Nip, kind)
		if err != nil {
			t.Errorf("employee %d: %v", e.ID, err)
			continue
		}
		if !n.BirthDate.Equal(e.BirthDate.UTC()) {
			t.Errorf("employee %s: birth date %s, NIP says %s", e.Nip, e.BirthDate.UTC().Format(time.DateOnly), n.BirthDate.Format(time.DateOnly))
		}
		if string(n.Gender) != string(e.Gender) {
			t.Errorf("employee %s: gender %s, NIP says %s", e.Nip, e.Gender, n.Gender)
		}
		if err := rank.Validate(string(e.EmploymentType), e.Rank); err != nil {
			t.Errorf("employee %s: %v", e.Nip, err)
		}
		if e.CpnsDate == nil {
			t.Errorf("employee %s has no CPNS date", e.Nip)
		} else if err := n.CheckAppointment(*e.CpnsDate); err != nil {
			t.Errorf("employee %s: %v", e.Nip, err)
		}
		if seen[e.Nip] {
			t.Errorf("NIP %s appears twice", e.Nip)
		}
		seen[e.Nip] = true
		if e.Email == "" || !strings.HasSuffix(e.Email, "@lampungprov.go.id") || !strings.HasPrefix(e.Phone, "+62 8") {
			t.Errorf("employee %s: contact %q, %q, want an @lampungprov.go.id address and a +62 8… number", e.Nip, e.Email, e.Phone)
		}
	}
}

// checkShares: about 80 % PNS, 5 % CPNS, 15 % PPPK; mostly active.
func checkShares(t *testing.T, employees []*ent.Employee) {
	t.Helper()
	types := map[employee.EmploymentType]int{}
	statuses := map[employee.Status]int{}
	for _, e := range employees {
		types[e.EmploymentType]++
		statuses[e.Status]++
	}
	n := len(employees)
	inRange(t, "PNS %", 100*types[employee.EmploymentTypePNS]/n, 70, 88)
	inRange(t, "CPNS %", 100*types[employee.EmploymentTypeCPNS]/n, 2, 9)
	inRange(t, "PPPK %", 100*types[employee.EmploymentTypePPPK]/n, 10, 22)
	inRange(t, "ACTIVE %", 100*statuses[employee.StatusACTIVE]/n, 95, 99)
	if statuses[employee.StatusON_LEAVE] == 0 || statuses[employee.StatusRETIRED] == 0 {
		t.Errorf("statuses = %v, want a few ON_LEAVE and RETIRED", statuses)
	}
}

// checkSuperiors: every employee but the regional secretary has a superior,
// staff report to the head of their unit, and every CPNS has a mentor.
func checkSuperiors(t *testing.T, ctx context.Context, c *ent.Client, employees []*ent.Employee) {
	t.Helper()
	byID := map[int]*ent.Employee{}
	for _, e := range employees {
		byID[e.ID] = e
	}
	tops := 0
	for _, e := range employees {
		if e.SuperiorID == nil {
			tops++
			continue
		}
		s := byID[*e.SuperiorID]
		if s == nil {
			t.Fatalf("employee %s: superior %d not found", e.Nip, *e.SuperiorID)
		}
		if s.PositionType == employee.PositionTypePELAKSANA {
			t.Errorf("employee %s reports to %s, a pelaksana", e.Nip, s.Nip)
		}
		if e.EmploymentType == employee.EmploymentTypeCPNS && e.MentorID == nil {
			t.Errorf("CPNS %s has no mentor", e.Nip)
		}
	}
	if tops != 1 {
		t.Errorf("%d employees without a superior, want 1 (the Sekretaris Daerah)", tops)
	}
	heads := apitest.Must(c.Employee.Query().Where(employee.PositionTypeEQ(employee.PositionTypeJPT_PRATAMA)).All(ctx))(t)
	for _, h := range heads {
		if h.Rank != "IV/c" && h.Rank != "IV/d" {
			t.Errorf("JPT pratama %s has rank %s, want IV/c or IV/d", h.Nip, h.Rank)
		}
	}
}

// checkHistories: every employee has one appointment; the latest event
// that names a unit names the current unit; the latest promotion is to the
// current rank; the latest position event is to the current position.
func checkHistories(t *testing.T, ctx context.Context, c *ent.Client, employees []*ent.Employee) {
	t.Helper()
	events := apitest.Must(c.CareerEvent.Query().Order(ent.Asc(careerevent.FieldEffectiveDate), ent.Asc(careerevent.FieldID)).All(ctx))(t)
	byEmployee := map[int][]*ent.CareerEvent{}
	for _, e := range events {
		if e.DecreeNumber == "" || e.DecreeDate.After(e.EffectiveDate) || e.RecordedAt.Before(e.DecreeDate) || e.RecordedAt.After(clock) {
			t.Errorf("event %d: decree %q of %s, effective %s, recorded %s", e.ID, e.DecreeNumber, e.DecreeDate, e.EffectiveDate, e.RecordedAt)
		}
		byEmployee[e.EmployeeID] = append(byEmployee[e.EmployeeID], e)
	}
	transfers, promotions := 0, 0
	for _, emp := range employees {
		evs := byEmployee[emp.ID]
		if len(evs) == 0 || evs[0].Kind != careerevent.KindAPPOINTMENT {
			t.Errorf("employee %s: history does not open with an appointment", emp.Nip)
			continue
		}
		unitID, rankTo, position := 0, "", ""
		for _, e := range evs {
			switch e.Kind {
			case careerevent.KindAPPOINTMENT, careerevent.KindTRANSFER:
				unitID = *e.ToUnitID
				position = e.ToValue
				if e.Kind == careerevent.KindTRANSFER {
					transfers++
				}
			case careerevent.KindRANK_PROMOTION:
				rankTo = e.ToValue
				promotions++
			case careerevent.KindPOSITION_CHANGE:
				position = e.ToValue
			}
		}
		if unitID != emp.UnitID {
			t.Errorf("employee %s: unit %d, history ends in unit %d", emp.Nip, emp.UnitID, unitID)
		}
		if rankTo != "" && rankTo != emp.Rank {
			t.Errorf("employee %s: rank %s, last promotion to %s", emp.Nip, emp.Rank, rankTo)
		}
		if position != emp.PositionName {
			t.Errorf("employee %s: position %q, history ends at %q", emp.Nip, emp.PositionName, position)
		}
	}
	inRange(t, "transfers", transfers, 50, 400)
	inRange(t, "promotions", promotions, 300, 10*len(employees))
}

// checkSeats: seats_taken counts the enrollments that hold a seat and never
// exceeds the quota; with full, one training is full and has a waiting list.
func checkSeats(t *testing.T, ctx context.Context, c *ent.Client, full bool) {
	t.Helper()
	fullWithWaitlist := false
	for _, tr := range apitest.Must(c.Training.Query().WithEnrollments().All(ctx))(t) {
		held, waiting := 0, 0
		for _, e := range tr.Edges.Enrollments {
			switch e.Status {
			case enrollment.StatusREGISTERED, enrollment.StatusAPPROVED, enrollment.StatusCOMPLETED, enrollment.StatusFAILED:
				held++
			case enrollment.StatusWAITLISTED:
				waiting++
			}
			if e.Status == enrollment.StatusCOMPLETED && (e.Score == nil || e.CertificateNumber == "") {
				t.Errorf("training %s: completed enrollment %d without score or certificate", tr.Code, e.ID)
			}
			if e.CompletedAt != nil && e.CompletedAt.UTC().Before(tr.StartsOn.UTC()) {
				t.Errorf("training %s: enrollment %d completed on %s, before the training started on %s",
					tr.Code, e.ID, e.CompletedAt.UTC().Format(time.DateOnly), tr.StartsOn.UTC().Format(time.DateOnly))
			}
		}
		if tr.SeatsTaken != held {
			t.Errorf("training %s: seats_taken = %d, enrollments holding a seat = %d", tr.Code, tr.SeatsTaken, held)
		}
		if tr.SeatsTaken > tr.Quota {
			t.Errorf("training %s: seats_taken %d exceeds quota %d", tr.Code, tr.SeatsTaken, tr.Quota)
		}
		if tr.SeatsTaken == tr.Quota && waiting > 0 {
			fullWithWaitlist = true
		}
	}
	if full && !fullWithWaitlist {
		t.Error("no training is full with a waiting list")
	}
}

// checkAppraisals: the predicate is the matrix's for the ratings; the
// appraiser is the appraisee's superior; MEETS is the commonest rating.
func checkAppraisals(t *testing.T, ctx context.Context, c *ent.Client, employees []*ent.Employee) {
	t.Helper()
	superior := map[int]int{}
	for _, e := range employees {
		if e.SuperiorID != nil {
			superior[e.ID] = *e.SuperiorID
		}
	}
	ratings := map[entappraisal.ResultsRating]int{}
	kinds := map[entappraisal.PeriodKind]int{}
	for _, a := range apitest.Must(c.Appraisal.Query().All(ctx))(t) {
		kinds[a.PeriodKind]++
		if a.AppraiserID != superior[a.AppraiseeID] {
			t.Errorf("appraisal %d: appraiser %d, appraisee's superior %d", a.ID, a.AppraiserID, superior[a.AppraiseeID])
		}
		if a.ResultsRating == nil || a.BehaviourRating == nil {
			if a.Predicate != nil || a.Status != entappraisal.StatusDRAFT {
				t.Errorf("appraisal %d: %s without ratings has predicate %v", a.ID, a.Status, a.Predicate)
			}
			continue
		}
		ratings[*a.ResultsRating]++
		want := predicateMatrix[[2]string{string(*a.ResultsRating), string(*a.BehaviourRating)}]
		if a.Predicate == nil || *a.Predicate != want {
			t.Errorf("appraisal %d: predicate %v, want %s for results %s and behaviour %s", a.ID, a.Predicate, want, *a.ResultsRating, *a.BehaviourRating)
		}
		start, end, err := appraisal.PeriodBounds(appraisal.PeriodKind(a.PeriodKind), a.Year, a.Period)
		if err != nil || !start.Equal(a.PeriodStart.UTC()) || !end.Equal(a.PeriodEnd.UTC()) {
			t.Errorf("appraisal %d: period %s–%s, want %s–%s (%v)", a.ID, a.PeriodStart, a.PeriodEnd, start, end, err)
		}
	}
	if ratings[entappraisal.ResultsRatingMEETS] <= ratings[entappraisal.ResultsRatingABOVE]+ratings[entappraisal.ResultsRatingBELOW] {
		t.Errorf("results ratings %v, want MEETS most common", ratings)
	}
	if kinds[entappraisal.PeriodKindANNUAL] == 0 || kinds[entappraisal.PeriodKindQUARTERLY] == 0 {
		t.Errorf("appraisal kinds %v, want annual and quarterly", kinds)
	}
}

// checkWorkLogs: at most a day's minutes per employee per day, verified or
// returned by the superior, returned ones with a note.
func checkWorkLogs(t *testing.T, ctx context.Context, c *ent.Client, employees []*ent.Employee) {
	t.Helper()
	superior := map[int]int{}
	for _, e := range employees {
		if e.SuperiorID != nil {
			superior[e.ID] = *e.SuperiorID
		}
	}
	minutes := map[string]int{}
	filers := map[int]bool{}
	for _, w := range apitest.Must(c.WorkLog.Query().All(ctx))(t) {
		filers[w.EmployeeID] = true
		key := fmt.Sprintf("%d/%s", w.EmployeeID, w.Date.UTC().Format(time.DateOnly))
		minutes[key] += w.Minutes
		if minutes[key] > 1440 {
			t.Errorf("work logs %s: %d minutes in a day", key, minutes[key])
		}
		if wd := w.Date.UTC().Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("work log %d on a %s", w.ID, wd)
		}
		if w.Status != "SUBMITTED" && (w.VerifierID == nil || *w.VerifierID != superior[w.EmployeeID] || w.VerifiedAt == nil || w.VerifiedAt.After(clock)) {
			t.Errorf("work log %d: %s by %v at %v, want the superior %d before the clock", w.ID, w.Status, w.VerifierID, w.VerifiedAt, superior[w.EmployeeID])
		}
		if w.Status == "RETURNED" && w.VerifierNote == "" {
			t.Errorf("work log %d: returned without a note", w.ID)
		}
	}
	if len(filers) != 150 {
		t.Errorf("%d employees file work logs, want 150", len(filers))
	}
}

// checkRemoteShortage: health centres and schools in remote regions have
// fewer health and education staff than those elsewhere (DESIGN.md §1).
func checkRemoteShortage(t *testing.T, ctx context.Context, c *ent.Client) {
	t.Helper()
	for _, tc := range []struct {
		kind  unit.Kind
		group employee.ProfessionGroup
	}{
		{unit.KindHEALTH_CENTRE, employee.ProfessionGroupHEALTH},
		{unit.KindSCHOOL, employee.ProfessionGroupEDUCATION},
	} {
		units := apitest.Must(c.Unit.Query().Where(unit.KindEQ(tc.kind)).WithRegion().
			WithEmployees(func(q *ent.EmployeeQuery) { q.Where(employee.ProfessionGroupEQ(tc.group)) }).All(ctx))(t)
		var staff, count [2]int // [not remote, remote]
		for _, u := range units {
			i := 0
			if u.Edges.Region.Remote {
				i = 1
			}
			count[i]++
			staff[i] += len(u.Edges.Employees)
		}
		if count[0] == 0 || count[1] == 0 {
			t.Fatalf("%s: %d units outside and %d in remote regions, want both", tc.kind, count[0], count[1])
		}
		normal, remote := float64(staff[0])/float64(count[0]), float64(staff[1])/float64(count[1])
		t.Logf("%s: %.1f %s staff per unit, %.1f in remote regions", tc.kind, normal, tc.group, remote)
		if remote >= 0.75*normal {
			t.Errorf("%s: %.1f %s staff per unit in remote regions, %.1f elsewhere; want remote visibly short", tc.kind, remote, tc.group, normal)
		}
	}
}

// TestDemoDeterministic compares two loads of the demo at the same clock:
// the ones apitest.Demo made once for this binary into its SQLite and its
// PostgreSQL template (two loads of their own, which TestDemoRecruitment and
// TestDemoSuccession read too), so the demo must not depend on the engine
// either.
func TestDemoDeterministic(t *testing.T) {
	t.Parallel()
	ctx := viewer.System(context.Background())
	// What a person sees of the demo, with every record id replaced by what
	// names it (ids are the database's to assign: PostgreSQL's start one
	// below SQLite's, so anything the demo derives from an id differs).
	day := func(d time.Time) string { return d.UTC().Format(time.RFC3339) }
	row := func(v ...any) string { return strings.TrimSuffix(fmt.Sprintln(v...), "\n") }
	facts := func(c *ent.Client) map[string][]string {
		out := map[string][]string{}
		nips := map[int]string{}
		for _, e := range apitest.Must(c.Employee.Query().Order(ent.Asc(employee.FieldNip)).All(ctx))(t) {
			nips[e.ID] = e.Nip
			out["employee"] = append(out["employee"], row(e.Nip, e.Name, e.Rank, e.PositionName, e.Email, e.Phone, e.Status))
		}
		for _, d := range apitest.Must(c.AttendanceDay.Query().All(ctx))(t) {
			out["attendance day"] = append(out["attendance day"], row(nips[d.EmployeeID], day(d.Date), d.Status, d.LateMinutes, d.EarlyMinutes, d.LeaveRequestID != nil, d.DecreeNumber))
		}
		for _, r := range apitest.Must(c.LeaveRequest.Query().All(ctx))(t) {
			out["leave request"] = append(out["leave request"], row(nips[r.EmployeeID], r.Kind, day(r.StartsOn), day(r.EndsOn), r.WorkingDays, r.Document, r.Status))
		}
		for _, a := range apitest.Must(c.Applicant.Query().All(ctx))(t) {
			out["applicant"] = append(out["applicant"], row(a.RegistrationNumber, a.Nik, a.Name, a.EmployeeID != nil))
		}
		for _, e := range apitest.Must(c.CareerEvent.Query().All(ctx))(t) {
			out["career event"] = append(out["career event"], row(nips[e.EmployeeID], e.Kind, e.DecreeNumber, day(e.EffectiveDate), e.ToValue))
		}
		for _, list := range out {
			slices.Sort(list)
		}
		return out
	}
	first := facts(open(t, apitest.Demo(t, "sqlite3", clock)))
	second := facts(open(t, apitest.Demo(t, "postgres", clock)))
	for _, kind := range []string{"employee", "attendance day", "leave request", "applicant", "career event"} {
		a, b := first[kind], second[kind]
		if len(a) == 0 {
			t.Errorf("the demo wrote no %s", kind)
		}
		if len(a) != len(b) {
			t.Errorf("%d %s records on SQLite, %d on PostgreSQL", len(a), kind, len(b))
			continue
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s %d differs: %q on SQLite, %q on PostgreSQL", kind, i, a[i], b[i])
				break
			}
		}
	}
}

func TestScale(t *testing.T) {
	t.Parallel()
	const n = 3000
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		ctx := viewer.System(context.Background())
		c := open(t, dsn)
		var progress bytes.Buffer
		start := time.Now()
		sum, err := seed.Scale(ctx, c, n, clock, &progress)
		if err != nil {
			t.Fatalf("Scale: %v", err)
		}
		took := time.Since(start)
		t.Logf("Scale(%d) took %s (%s per 1000 employees): %s", n, took.Round(time.Millisecond), (took * 1000 / n).Round(time.Millisecond), sum)
		if got := apitest.Must(c.Employee.Query().Count(ctx))(t); got != n || sum.Employees != n {
			t.Errorf("employees = %d (summary %d), want %d", got, sum.Employees, n)
		}
		if sum.Regions != 15 || apitest.Must(c.Region.Query().Count(ctx))(t) != 15 {
			t.Errorf("Regions = %d, want 15", sum.Regions)
		}
		if !strings.Contains(progress.String(), "100%") || !strings.HasSuffix(progress.String(), "\n") || !strings.Contains(progress.String(), "\remployees") {
			t.Errorf("progress = %q, want bars redrawn with \\r reaching 100%%, ending in a newline", progress.String())
		}
		if got := apitest.Must(c.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix)).Count(ctx))(t); got != sum.Units {
			t.Errorf("units coded %s… = %d, summary %d", seed.ScalePrefix, got, sum.Units)
		}
		inRange(t, "Appraisals", sum.Appraisals, n*3/2, 2*n)
		inRange(t, "Enrollments", sum.Enrollments, n*3/2, 2*n)
		if got := apitest.Must(c.Appraisal.Query().Count(ctx))(t); got != sum.Appraisals {
			t.Errorf("appraisals = %d, summary %d", got, sum.Appraisals)
		}
		if got := apitest.Must(c.Enrollment.Query().Count(ctx))(t); got != sum.Enrollments {
			t.Errorf("enrollments = %d, summary %d", got, sum.Enrollments)
		}
		employees := apitest.Must(c.Employee.Query().All(ctx))(t)
		checkIdentities(t, employees)
		checkSeats(t, ctx, c, false)
		checkAppraisals(t, ctx, c, employees)

		if _, err := seed.Scale(ctx, c, n, clock, io.Discard); err == nil || !strings.Contains(err.Error(), "already holds a scale dataset") {
			t.Errorf("second Scale: err = %v, want a refusal", err)
		}
	})
}

func TestScaleJoinsDemo(t *testing.T) {
	t.Parallel()
	ctx := viewer.System(context.Background())
	c := open(t, apitest.Demo(t, "sqlite3", clock))
	demoEmployees := apitest.Must(c.Employee.Query().Count(ctx))(t)
	sum, err := seed.Scale(ctx, c, 1000, clock, io.Discard)
	if err != nil {
		t.Fatalf("Scale after Demo: %v", err)
	}
	if sum.Regions != 0 {
		t.Errorf("Scale created %d regions, want 0 (the demo's are reused)", sum.Regions)
	}
	if got, want := apitest.Must(c.Employee.Query().Count(ctx))(t), demoEmployees+1000; got != want {
		t.Errorf("employees = %d, want %d", got, want)
	}
	checkIdentities(t, apitest.Must(c.Employee.Query().All(ctx))(t))
}

func TestScaleTooSmall(t *testing.T) {
	t.Parallel()
	c := open(t, testdb.SQLite(t))
	if _, err := seed.Scale(viewer.System(context.Background()), c, 10, clock, io.Discard); err == nil {
		t.Error("Scale(10) succeeded, want an error naming the minimum")
	}
	mustEmpty(t, c, true)
}

func TestDemoAnyClock(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{
		time.Date(2027, time.January, 2, 7, 0, 0, 0, time.UTC),                         // no quarter of the year finished yet
		time.Date(2028, time.February, 29, 23, 0, 0, 0, time.FixedZone("WIB", 7*3600)), // leap day, local clock
	} {
		t.Run(now.Format(time.DateOnly), func(t *testing.T) {
			ctx := viewer.System(context.Background())
			c := open(t, testdb.SQLite(t))
			sum, err := seed.Demo(ctx, c, now, io.Discard)
			if err != nil {
				t.Fatalf("Demo: %v", err)
			}
			inRange(t, "Employees", sum.Employees, 1800, 2300)
			if n := apitest.Must(c.Appraisal.Query().Where(entappraisal.SubmittedAtGT(now)).Count(ctx))(t); n > 0 {
				t.Errorf("%d appraisals submitted after the clock", n)
			}
			if n := apitest.Must(c.Enrollment.Query().Where(enrollment.RegisteredAtGT(now)).Count(ctx))(t); n > 0 {
				t.Errorf("%d enrollments registered after the clock", n)
			}
			checkSeats(t, ctx, c, true)
		})
	}
}

func TestScaleDeterministic(t *testing.T) {
	t.Parallel()
	ctx := viewer.System(context.Background())
	roster := func() []string {
		c := open(t, testdb.SQLite(t))
		if _, err := seed.Scale(ctx, c, 500, clock, io.Discard); err != nil {
			t.Fatalf("Scale: %v", err)
		}
		var out []string
		for _, e := range apitest.Must(c.Employee.Query().Order(ent.Asc(employee.FieldNip)).All(ctx))(t) {
			out = append(out, e.Nip+" "+e.Name)
		}
		return out
	}
	first, second := roster(), roster()
	if strings.Join(first, "\n") != strings.Join(second, "\n") {
		t.Error("two Scale(500) runs wrote different employees")
	}
}

// predicateMatrix is the SKP predicate matrix of PermenPANRB 6/2022 as
// DESIGN §4 writes it, keyed by (results, behaviour).
var predicateMatrix = map[[2]string]entappraisal.Predicate{
	{"ABOVE", "BELOW"}: entappraisal.PredicateKURANG,
	{"ABOVE", "MEETS"}: entappraisal.PredicateBAIK,
	{"ABOVE", "ABOVE"}: entappraisal.PredicateSANGAT_BAIK,
	{"MEETS", "BELOW"}: entappraisal.PredicateKURANG,
	{"MEETS", "MEETS"}: entappraisal.PredicateBAIK,
	{"MEETS", "ABOVE"}: entappraisal.PredicateBAIK,
	{"BELOW", "BELOW"}: entappraisal.PredicateSANGAT_KURANG,
	{"BELOW", "MEETS"}: entappraisal.PredicateBUTUH_PERBAIKAN,
	{"BELOW", "ABOVE"}: entappraisal.PredicateBUTUH_PERBAIKAN,
}
