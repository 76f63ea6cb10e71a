package access_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/complaint"
	"simasn/ent/worklog"
	"simasn/internal/access"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/privacy"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// world is a province in which every rule has something just inside and
// just outside it:
//
//	unit 1.02 (Dinas)      boss; mid and peer (both reporting to boss)
//	  unit 1.02.01 (UPT)   low (reporting to mid); lowest (reporting to low)
//	unit 1.020             out (a unit whose code starts like 1.02)
//
// so that mid has a superior (boss), a colleague in the same unit (peer), a
// direct subordinate one unit down (low) and an indirect one (lowest); and
// the sibling unit's path shares the scope's prefix but for the slash.
type world struct {
	s                                 *apitest.Server
	dinas, upt, sibling               *ent.Unit
	boss, mid, peer, low, lowest, out *ent.Employee
	names                             map[int]string
}

func newWorld(t *testing.T, dsn string) *world {
	t.Helper()
	s := apitest.Start(t, dsn)
	r := s.MustRegion("18.71", false)
	w := &world{s: s}
	w.dinas = s.MustUnit("1.02", nil, r)
	w.upt = s.MustUnit("1.02.01", w.dinas, r)
	w.sibling = s.MustUnit("1.020", nil, r)
	w.boss = s.MustEmployee(w.dinas)
	w.mid = s.MustEmployee(w.dinas, apitest.WithSuperior(w.boss))
	w.peer = s.MustEmployee(w.dinas, apitest.WithSuperior(w.boss))
	w.low = s.MustEmployee(w.upt, apitest.WithSuperior(w.mid))
	w.lowest = s.MustEmployee(w.upt, apitest.WithSuperior(w.low))
	w.out = s.MustEmployee(w.sibling)
	w.names = map[int]string{w.boss.ID: "boss", w.mid.ID: "mid", w.peer.ID: "peer", w.low.ID: "low", w.lowest.ID: "lowest", w.out.ID: "out"}
	return w
}

// viewers are the roles of the matrix, scoped into the world.
func (w *world) viewers() map[string]*viewer.Viewer {
	return map[string]*viewer.Viewer{
		"admin":        {Role: viewer.Admin, AccountID: 1, Username: "admin"},
		"analyst":      {Role: viewer.Analyst, AccountID: 2, Username: "analyst"},
		"public":       {Role: viewer.Public, Username: "public"},
		"hr dinas":     {Role: viewer.HROfficer, AccountID: 3, UnitID: w.dinas.ID, UnitPath: w.dinas.Path},
		"hr upt":       {Role: viewer.HROfficer, AccountID: 4, UnitID: w.upt.ID, UnitPath: w.upt.Path},
		"leader upt":   {Role: viewer.Leader, AccountID: 5, UnitID: w.upt.ID, UnitPath: w.upt.Path, EmployeeID: w.mid.ID},
		"employee mid": {Role: viewer.Employee, AccountID: 6, EmployeeID: w.mid.ID},
		"employee low": {Role: viewer.Employee, AccountID: 7, EmployeeID: w.low.ID},
		"unlinked":     {Role: viewer.Employee, AccountID: 8},
		"hr unscoped":  {Role: viewer.HROfficer, AccountID: 9},
	}
}

func as(v *viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }

func (w *world) named(ids []int) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, w.names[id])
	}
	slices.Sort(out)
	return out
}

func sorted(names ...string) []string { slices.Sort(names); return names }

// TestRowRules checks, role by role, which employees, work logs and
// appraisals each viewer's queries return: the expected sets are written
// out by hand from the access model of DESIGN.md.
func TestRowRules(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		c := w.s.DB.Client
		sys := apitest.Sys()
		day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		for id := range w.names {
			if err := c.WorkLog.Create().SetEmployeeID(id).SetDate(day).SetActivity("Rapat").SetOutput("notulen").
				SetQuantity(1).SetMinutes(60).SetStatus(worklog.StatusSUBMITTED).Exec(sys); err != nil {
				t.Fatalf("work log: %v", err)
			}
		}
		// peer is appraised by mid (mid sees it as the appraiser although
		// peer is not mid's subordinate); boss by an outsider.
		mkAppraisal := func(appraisee, appraiser *ent.Employee) {
			t.Helper()
			if err := c.Appraisal.Create().SetAppraiseeID(appraisee.ID).SetAppraiserID(appraiser.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
				SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
				SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).
				SetStatus(appraisal.StatusSUBMITTED).Exec(sys); err != nil {
				t.Fatalf("appraisal: %v", err)
			}
		}
		mkAppraisal(w.peer, w.mid)
		mkAppraisal(w.boss, w.out)
		mkAppraisal(w.lowest, w.low)

		all := sorted("boss", "lowest", "low", "mid", "out", "peer")
		for name, want := range map[string]struct{ employees, appraisees []string }{
			"admin":        {all, sorted("peer", "boss", "lowest")},
			"analyst":      {all, sorted("peer", "boss", "lowest")},
			"public":       {nil, nil},
			"hr dinas":     {sorted("boss", "mid", "peer", "low", "lowest"), sorted("peer", "boss", "lowest")},
			"hr upt":       {sorted("low", "lowest"), sorted("lowest")},
			"leader upt":   {sorted("mid", "low", "lowest"), sorted("peer", "lowest")},
			"employee mid": {sorted("mid", "low"), sorted("peer")},
			"employee low": {sorted("low", "lowest"), sorted("lowest")},
			"unlinked":     {nil, nil},
			"hr unscoped":  {nil, nil},
		} {
			t.Run(name, func(t *testing.T) {
				ctx := as(w.viewers()[name])
				ids, err := c.Employee.Query().IDs(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := w.named(ids); !slices.Equal(got, orEmpty(want.employees)) {
					t.Errorf("employees seen = %v, want %v", got, orEmpty(want.employees))
				}
				logs, err := c.WorkLog.Query().All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var owners []int
				for _, l := range logs {
					owners = append(owners, l.EmployeeID)
				}
				if got := w.named(owners); !slices.Equal(got, orEmpty(want.employees)) {
					t.Errorf("work logs seen belong to %v, want %v (the employees seen)", got, orEmpty(want.employees))
				}
				as, err := c.Appraisal.Query().All(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var appraisees []int
				for _, a := range as {
					appraisees = append(appraisees, a.AppraiseeID)
				}
				if got := w.named(appraisees); !slices.Equal(got, orEmpty(want.appraisees)) {
					t.Errorf("appraisals seen are of %v, want %v", got, orEmpty(want.appraisees))
				}
			})
		}
	})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestPersonalData checks whose personal data each viewer reads: admins
// everyone; the person; anyone up the chain of superiors, at any depth;
// HR officers whose scope holds the unit; never a colleague, a superior or
// someone in a unit whose code merely starts like the scope's.
func TestPersonalData(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		all := sorted("boss", "lowest", "low", "mid", "out", "peer")
		// Readable answers for the records a viewer's rows already let
		// through: HR officers and employees read personal data on every
		// record they see (the row rules confine which), leaders only down
		// their own chain.
		answers := map[string][]string{
			"admin": all, "analyst": nil, "public": nil,
			"hr dinas": all, "hr upt": all, "hr unscoped": all,
			"employee mid": all, "employee low": all, "unlinked": all,
			"leader upt": sorted("mid", "low", "lowest"),
		}
		for name, want := range map[string][]string{
			"admin":        all,
			"analyst":      nil,
			"public":       nil,
			"hr dinas":     sorted("boss", "mid", "peer", "low", "lowest"),
			"hr upt":       sorted("low", "lowest"),
			"leader upt":   sorted("mid", "low", "lowest"),
			"employee mid": sorted("mid", "low", "lowest"),
			"employee low": sorted("low", "lowest"),
			"unlinked":     nil,
			"hr unscoped":  nil,
		} {
			t.Run(name, func(t *testing.T) {
				ctx := access.NewContext(as(w.viewers()[name]), w.s.DB.Client)
				p := access.PersonalFrom(ctx, w.s.DB.Client)
				var readable, viaClass []int
				for id := range w.names {
					if p.Employee(ctx, &ent.Employee{ID: id}) {
						readable = append(readable, id)
					}
					if p.Readable(ctx, "Employee", id, privacy.Personal) {
						viaClass = append(viaClass, id)
					}
					// Open fields are read by all, secrets by none.
					if !p.Readable(ctx, "Employee", id, privacy.Open) {
						t.Errorf("an open field of %s is unreadable", w.names[id])
					}
					if p.Readable(ctx, "Account", id, privacy.Secret) {
						t.Errorf("a secret is readable")
					}
				}
				if got := w.named(readable); !slices.Equal(got, orEmpty(want)) {
					t.Errorf("personal data read of %v, want %v", got, orEmpty(want))
				}
				if got := w.named(viaClass); !slices.Equal(got, orEmpty(answers[name])) {
					t.Errorf("Readable(personal) of %v, want %v", got, orEmpty(answers[name]))
				}
			})
		}
	})
}

// TestComplaintRows checks which complaints each viewer sees and handles:
// public ones by all; confidential ones by admins, analysts (read only),
// those whose scope holds the complaint's unit, and its assigned officer.
func TestComplaintRows(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		c := w.s.DB.Client
		mk := func(title string, p complaint.Privacy, u *ent.Unit) *ent.Complaint {
			cm, _ := w.s.MustComplaint(apitest.ComplaintFixture{Privacy: p, Unit: u, Title: title})
			return cm
		}
		upt := mk("upt", complaint.PrivacyCONFIDENTIAL, w.upt)
		dinas := mk("dinas", complaint.PrivacyCONFIDENTIAL, w.dinas)
		beside := mk("beside", complaint.PrivacyCONFIDENTIAL, w.sibling)
		open := mk("open", complaint.PrivacyPUBLIC, w.sibling)
		assigned := mk("assigned", complaint.PrivacyCONFIDENTIAL, w.sibling)
		if err := c.Complaint.UpdateOne(assigned).SetOfficerID(w.mid.ID).Exec(apitest.Sys()); err != nil {
			t.Fatal(err)
		}
		titles := map[int]string{upt.ID: "upt", dinas.ID: "dinas", beside.ID: "beside", open.ID: "open", assigned.ID: "assigned"}
		everything := sorted("upt", "dinas", "beside", "open", "assigned")
		for name, want := range map[string]struct{ sees, handles []string }{
			"admin":        {everything, everything},
			"analyst":      {everything, nil},
			"public":       {sorted("open"), nil},
			"hr dinas":     {sorted("upt", "dinas", "open"), sorted("upt", "dinas")},
			"hr upt":       {sorted("upt", "open"), sorted("upt")},
			"leader upt":   {sorted("upt", "open", "assigned"), sorted("upt", "assigned")},
			"employee mid": {sorted("open", "assigned"), sorted("assigned")},
			"employee low": {sorted("open"), nil},
		} {
			t.Run(name, func(t *testing.T) {
				v := w.viewers()[name]
				ids, err := c.Complaint.Query().IDs(as(v))
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, id := range ids {
					got = append(got, titles[id])
				}
				slices.Sort(got)
				if !slices.Equal(orEmpty(got), orEmpty(want.sees)) {
					t.Errorf("complaints seen = %v, want %v", got, orEmpty(want.sees))
				}
				// The in-memory rule of the feed agrees with the SQL one.
				r := access.ComplaintReachOf(v)
				var seen, handled []string
				for _, cm := range []*ent.Complaint{upt, dinas, beside, open, assigned} {
					path := map[int]string{w.upt.ID: w.upt.Path, w.dinas.ID: w.dinas.Path, w.sibling.ID: w.sibling.Path}[*cm.UnitID]
					officer := 0
					if cm.ID == assigned.ID {
						officer = w.mid.ID
					}
					if r.Sees(cm.Privacy == complaint.PrivacyCONFIDENTIAL, path, officer) {
						seen = append(seen, titles[cm.ID])
					}
					if r.Handles(path, officer) {
						handled = append(handled, titles[cm.ID])
					}
					err := access.MayHandle(as(v), c, cm.ID)
					if mayHandle := err == nil; mayHandle != slices.Contains(want.handles, titles[cm.ID]) {
						t.Errorf("MayHandle(%s) = %v, want handles=%v", titles[cm.ID], err, !mayHandle)
					}
				}
				slices.Sort(seen)
				slices.Sort(handled)
				if !slices.Equal(orEmpty(seen), orEmpty(want.sees)) {
					t.Errorf("ComplaintReach.Sees = %v, want %v", seen, orEmpty(want.sees))
				}
				if !slices.Equal(orEmpty(handled), orEmpty(want.handles)) {
					t.Errorf("ComplaintReach.Handles = %v, want %v", handled, orEmpty(want.handles))
				}
			})
		}
	})
}

// TestWriteRules checks who may change what, with a case just inside and
// just outside each rule, and that a refusal changes nothing.
func TestWriteRules(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		c := w.s.DB.Client
		vs := w.viewers()
		phone := func(v string, e *ent.Employee) func(context.Context) error {
			return func(ctx context.Context) error {
				return c.Employee.UpdateOneID(e.ID).SetPhone("+62 812 " + v).Exec(ctx)
			}
		}
		rename := func(e *ent.Employee) func(context.Context) error {
			return func(ctx context.Context) error { return c.Employee.UpdateOneID(e.ID).SetName("Nama Baru").Exec(ctx) }
		}
		move := func(e *ent.Employee, u *ent.Unit) func(context.Context) error {
			return func(ctx context.Context) error { return c.Employee.UpdateOneID(e.ID).SetUnitID(u.ID).Exec(ctx) }
		}
		renameUnit := func(u *ent.Unit) func(context.Context) error {
			return func(ctx context.Context) error { return c.Unit.UpdateOneID(u.ID).SetName("Unit Baru").Exec(ctx) }
		}
		newUnit := func(code string, parent *ent.Unit) func(context.Context) error {
			return func(ctx context.Context) error {
				cr := c.Unit.Create().SetCode(code).SetName("Unit " + code).SetKind("DIVISION").SetRegionID(w.dinas.RegionID)
				if parent != nil {
					cr.SetParentID(parent.ID)
				}
				return cr.Exec(ctx)
			}
		}
		for _, tc := range []struct {
			name, viewer string
			write        func(context.Context) error
			allowed      bool
		}{
			{"own phone", "employee mid", phone("7000 0001", w.mid), true},
			{"own name", "employee mid", rename(w.mid), false},
			{"a subordinate's phone", "employee mid", phone("7000 0002", w.low), false},
			{"hr: employee in scope", "hr upt", rename(w.low), true},
			{"hr: employee one unit up", "hr upt", rename(w.mid), false},
			{"hr: employee in a unit whose code starts alike", "hr dinas", rename(w.out), false},
			{"hr: move into scope from outside", "hr dinas", move(w.out, w.upt), false},
			{"hr: move out of scope", "hr upt", move(w.low, w.sibling), false},
			{"hr: move within scope", "hr dinas", move(w.lowest, w.dinas), true},
			{"leader: employee in scope", "leader upt", rename(w.low), false},
			{"analyst", "analyst", rename(w.low), false},
			{"admin", "admin", rename(w.out), true},
			{"hr: unit below the root", "hr dinas", renameUnit(w.upt), true},
			{"hr: the root of the scope", "hr dinas", renameUnit(w.dinas), false},
			{"hr: a unit beside", "hr dinas", renameUnit(w.sibling), false},
			{"hr: a new unit under the scope", "hr dinas", newUnit("1.02.02", w.dinas), true},
			{"hr: a new top-level unit", "hr dinas", newUnit("1.03", nil), false},
			{"hr: a new unit beside", "hr dinas", newUnit("1.020.01", w.sibling), false},
			{"leader: a unit", "leader upt", renameUnit(w.upt), false},
			{"public: a phone", "public", phone("7000 0003", w.low), false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, c)
				err := tc.write(as(vs[tc.viewer]))
				switch {
				case tc.allowed && err != nil:
					t.Errorf("refused: %v", err)
				case !tc.allowed && err == nil:
					t.Errorf("allowed, want refused")
				case !tc.allowed:
					want := apperr.Forbidden
					if tc.viewer == "public" {
						want = apperr.Unauthenticated
					}
					if e, ok := apperr.As(err); !ok || e.Code != want {
						t.Errorf("refused with %v, want %s", err, want)
					}
					if after := snapshot(t, c); after != before {
						t.Errorf("a refused write changed the database:\n%s\n%s", before, after)
					}
				}
			})
		}
	})
}

// snapshot renders the employees' and units' editable state.
func snapshot(t *testing.T, c *ent.Client) string {
	t.Helper()
	es, err := c.Employee.Query().Order(ent.Asc("id")).All(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	us, err := c.Unit.Query().Order(ent.Asc("id")).All(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	var s string
	for _, e := range es {
		s += e.Name + "|" + e.Phone + "|" + itoa(e.UnitID) + ";"
	}
	for _, u := range us {
		s += u.Code + "|" + u.Name + ";"
	}
	return s
}

func itoa(i int) string { return apitest.GID(i) }

// TestAppraisalWrites checks the appraisal rules: the appraiser rates; no
// one decides their own appraisal, as appraisee or as appraiser; HR
// officers and leaders decide in their scope only.
func TestAppraisalWrites(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		c := w.s.DB.Client
		vs := w.viewers()
		// low is appraised by mid.
		a, err := c.Appraisal.Create().SetAppraiseeID(w.low.ID).SetAppraiserID(w.mid.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
			SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
			SetStatus(appraisal.StatusSUBMITTED).Save(apitest.Sys())
		if err != nil {
			t.Fatal(err)
		}
		rate := func(ctx context.Context) error {
			return c.Appraisal.UpdateOneID(a.ID).SetResultsRating(appraisal.ResultsRatingABOVE).Exec(ctx)
		}
		approve := func(ctx context.Context) error {
			return c.Appraisal.UpdateOneID(a.ID).SetStatus(appraisal.StatusAPPROVED).Exec(ctx)
		}
		create := func(appraisee *ent.Employee) func(context.Context) error {
			return func(ctx context.Context) error {
				return c.Appraisal.Create().SetAppraiseeID(appraisee.ID).SetAppraiserID(w.boss.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2024).
					SetPeriodStart(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)).Exec(ctx)
			}
		}
		lowAsLeader := &viewer.Viewer{Role: viewer.Leader, AccountID: 10, UnitID: w.upt.ID, UnitPath: w.upt.Path, EmployeeID: w.low.ID}
		midAsHR := &viewer.Viewer{Role: viewer.HROfficer, AccountID: 11, UnitID: w.dinas.ID, UnitPath: w.dinas.Path, EmployeeID: w.mid.ID}
		for _, tc := range []struct {
			name    string
			v       *viewer.Viewer
			write   func(context.Context) error
			allowed bool
		}{
			{"the appraisee rates", vs["employee low"], rate, false},
			{"the appraisee, a leader of the unit, approves", lowAsLeader, approve, false},
			{"the appraiser, an HR officer in scope, approves", midAsHR, approve, false},
			{"a leader beside approves", &viewer.Viewer{Role: viewer.Leader, AccountID: 12, UnitID: w.sibling.ID, UnitPath: w.sibling.Path, EmployeeID: w.out.ID}, approve, false},
			{"an employee who is not the appraiser rates", &viewer.Viewer{Role: viewer.Employee, AccountID: 13, EmployeeID: w.peer.ID}, func(ctx context.Context) error {
				return c.Appraisal.UpdateOneID(a.ID).SetBehaviourRating(appraisal.BehaviourRatingABOVE).Exec(ctx)
			}, false},
			{"an employee creates their own", vs["employee mid"], create(w.mid), false},
			{"an HR officer creates one of themself", midAsHR, create(w.mid), false},
			{"an HR officer creates one out of scope", vs["hr upt"], create(w.peer), false},
			{"the appraiser rates", vs["employee mid"], rate, true},
			{"an HR officer in scope creates one", vs["hr upt"], create(w.lowest), true},
			{"a leader in scope approves", vs["leader upt"], approve, false}, // mid is the appraiser
			{"the HR officer of the unit approves", vs["hr upt"], approve, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.write(as(tc.v))
				if tc.allowed && err != nil {
					t.Errorf("refused: %v", err)
				}
				if !tc.allowed {
					var e *apperr.Error
					if !errors.As(err, &e) || e.Code != apperr.Forbidden {
						t.Errorf("got %v, want FORBIDDEN", err)
					}
				}
			})
		}
		got, err := c.Appraisal.Get(apitest.Sys(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ResultsRating == nil || *got.ResultsRating != appraisal.ResultsRatingABOVE || got.Status != appraisal.StatusAPPROVED || got.BehaviourRating != nil {
			t.Errorf("appraisal after the writes = %+v, want rated ABOVE by the appraiser, approved by HR, behaviour unrated", got)
		}
	})
}

// TestReporterGrant: a caller who proved with the access key to be the
// reporter of a complaint reads its reporter fields — of that complaint
// only, and nothing else they could not read before.
func TestReporterGrant(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		c := w.s.DB.Client
		own, _ := w.s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyCONFIDENTIAL, Unit: w.upt})
		other, _ := w.s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: w.upt})
		ctx := access.NewContext(as(w.viewers()["public"]), c)
		p := access.PersonalFrom(ctx, c)
		if p.Readable(ctx, "Complaint", own.ID, privacy.Reporter) {
			t.Fatal("the public reads a reporter before proving anything")
		}
		access.GrantReporter(ctx, own.ID)
		for _, tc := range []struct {
			name   string
			entity string
			id     int
			class  privacy.Class
			want   bool
		}{
			{"own complaint's reporter", "Complaint", own.ID, privacy.Reporter, true},
			{"another complaint's reporter", "Complaint", other.ID, privacy.Reporter, false},
			{"own complaint's secret", "Complaint", own.ID, privacy.Secret, false},
			{"own complaint's signed-in fields", "Complaint", own.ID, privacy.SignedIn, false},
			{"an employee with the same id", "Employee", own.ID, privacy.Reporter, false},
		} {
			if got := p.Readable(ctx, tc.entity, tc.id, tc.class); got != tc.want {
				t.Errorf("%s: Readable = %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}

// TestChainOfSuperiors: personal data are read up a chain of superiors
// twelve levels deep (the bound of the walk, far beyond any real
// hierarchy), not one level more.
func TestChainOfSuperiors(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		chain := []*ent.Employee{w.s.MustEmployee(w.dinas)} // chain[0] is the top
		for i := 1; i <= 13; i++ {
			chain = append(chain, w.s.MustEmployee(w.dinas, apitest.WithSuperior(chain[i-1])))
		}
		bottom := chain[13]
		for _, tc := range []struct {
			levels int
			want   bool
		}{{1, true}, {12, true}, {13, false}} {
			boss := chain[13-tc.levels]
			ctx := access.NewContext(as(&viewer.Viewer{Role: viewer.Leader, AccountID: 20, EmployeeID: boss.ID}), w.s.DB.Client)
			if got := access.PersonalFrom(ctx, w.s.DB.Client).Employee(ctx, &ent.Employee{ID: bottom.ID}); got != tc.want {
				t.Errorf("a superior %d levels up reads the personal data: %v, want %v", tc.levels, got, tc.want)
			}
		}
	})
}
