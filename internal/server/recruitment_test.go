package server_test

import (
	"fmt"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/auditlog"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/formation"
	"simasn/internal/apitest"
)

const (
	openFormasi = `mutation($in: OpenRecruitmentFormationInput!) { openRecruitmentFormation(input: $in) { id quota kind positionName } }`
	registerApp = `mutation($in: RegisterApplicantInput!) { registerApplicant(input: $in) { id name } }`
	recordSKD   = `mutation($id: ID!, $twk: Int!, $tiu: Int!, $tkp: Int!) { recordSkdScores(input: {applicantID: $id, twk: $twk, tiu: $tiu, tkp: $tkp}) { id twk tiu tkp } }`
	recordSKB   = `mutation($id: ID!, $s: Float!) { recordSkbScore(applicantID: $id, score: $s) { id skb } }`
	appointApp  = `mutation($id: ID!, $tmt: Time!) { appointApplicant(input: {applicantID: $id, appointment: {number: "800.1.2/45/2025", date: "2025-06-20T00:00:00Z", effectiveDate: $tmt}}) {
  id employee { id nip employmentType rank positionName positionLevel cpnsDate unit { id } careerEvents { kind decreeNumber effectiveDate toValue } } } }`
	rankingQuery = `query($id: ID!) { node(id: $id) { ... on RecruitmentFormation {
  outcome { applicants skdPassed selected appointed unfilled }
  ranking { applicant { name } status skdTotal skdPassed skdRank finalScore rank selected } } } }`
)

type standing struct {
	Applicant  struct{ Name *string }
	Status     string
	SkdTotal   *int
	SkdPassed  bool
	SkdRank    *int
	FinalScore *float64
	Rank       *int
	Selected   bool
}

type formasiView struct {
	Node struct {
		Outcome struct{ Applicants, SkdPassed, Selected, Appointed, Unfilled int }
		Ranking []standing
	}
}

// recruitWorld is a remote district's hospital with a workforce plan of
// three nurses for 2025, one of them in service, and the accounts that run
// and watch the recruitment. The clock stands on 2 June 2025.
type recruitWorld struct {
	s                    *apitest.Server
	unit, other          *ent.Unit
	plan, planOtherYear  *ent.Formation
	hr, hrOther, analyst *apitest.Server
	hrAcc                *ent.Account
}

func newRecruitWorld(t *testing.T, dsn string) *recruitWorld {
	s := apitest.Start(t, dsn)
	now := time.Date(2025, 6, 2, 3, 0, 0, 0, time.UTC)
	s.Now.Store(&now)
	s = s.As(s.TokenFor(s.Admin))
	r := s.MustRegion("18.13", true)
	w := &recruitWorld{s: s}
	w.unit = s.MustUnit("1.20", nil, r)
	w.other = s.MustUnit("1.21", nil, r)
	plan := func(year int) *ent.Formation {
		return apitest.Must(s.DB.Client.Formation.Create().SetUnitID(w.unit.ID).SetYear(year).SetPositionName("Perawat Ahli Pertama").
			SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(3).Save(apitest.Sys()))(t)
	}
	w.plan, w.planOtherYear = plan(2025), plan(2024)
	nurse := s.MustEmployee(w.unit)
	apitest.Check(s.DB.Client.Employee.UpdateOneID(nurse.ID).SetPositionName("Perawat Ahli Pertama").Exec(apitest.Sys()))(t)
	w.hrAcc = s.MustAccount("hr.rsud", "HR_OFFICER", w.unit, nil)
	w.hr = s.AsAccount(w.hrAcc)
	w.hrOther = s.AsAccount(s.MustAccount("hr.lain", "HR_OFFICER", w.other, nil))
	w.analyst = s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil))
	return w
}

func (w *recruitWorld) year(t *testing.T) string {
	t.Helper()
	var got struct{ CreateRecruitmentYear struct{ ID string } }
	w.s.With(t).MustDo(&got, `mutation { createRecruitmentYear(input: {year: 2025, legalBasis: "KepmenPANRB 321/2024"}) { id } }`, nil)
	return got.CreateRecruitmentYear.ID
}

func applicantInput(formasi, reg, nik, name, birth, gender string) map[string]any {
	return map[string]any{"in": map[string]any{"formationID": formasi, "registrationNumber": reg, "nik": nik, "name": name,
		"birthDate": birth, "gender": gender, "educationLevel": "S1", "educationMajor": "Ilmu Keperawatan"}}
}

func TestRecruitmentYearRules(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newRecruitWorld(t, dsn)
		q := `mutation($in: CreateRecruitmentYearInput!) { createRecruitmentYear(input: $in) { year twkMin tiuMin tkpMin skbMin skdWeight skbWeight } }`
		w.hr.MustFail("FORBIDDEN", "", q, map[string]any{"in": map[string]any{"year": 2025}})
		w.s.MustFail("BAD_USER_INPUT", "skdWeight", q, map[string]any{"in": map[string]any{"year": 2025, "skdWeight": 50}})
		w.s.MustFail("BAD_USER_INPUT", "skbWeight", q, map[string]any{"in": map[string]any{"year": 2025, "skdWeight": 30, "skbWeight": 65}})
		w.s.MustFail("BAD_USER_INPUT", "twkMin", q, map[string]any{"in": map[string]any{"year": 2025, "twkMin": 151}})
		if n := apitest.Must(w.s.DB.Client.RecruitmentYear.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Fatalf("%d recruitment years after refusals, want 0", n)
		}
		var got struct {
			CreateRecruitmentYear struct {
				Year, TwkMin, TiuMin, TkpMin, SkdWeight, SkbWeight int
				SkbMin                                             float64
			}
		}
		w.s.MustDo(&got, q, map[string]any{"in": map[string]any{"year": 2025}})
		// KepmenPANRB 321/2024 and PermenPANRB 27/2021.
		if y := got.CreateRecruitmentYear; y.TwkMin != 65 || y.TiuMin != 80 || y.TkpMin != 166 || y.SkdWeight != 40 || y.SkbWeight != 60 || y.SkbMin != 0 {
			t.Errorf("defaults = %+v, want TWK 65, TIU 80, TKP 166, SKD 40%%, SKB 60%%", y)
		}
		id := apitest.Must(w.s.DB.Client.RecruitmentYear.Query().OnlyID(apitest.Sys()))(t)
		u := `mutation($id: ID!, $in: UpdateRecruitmentYearInput!) { updateRecruitmentYear(id: $id, input: $in) { skdWeight skbWeight } }`
		w.s.MustFail("BAD_USER_INPUT", "skdWeight", u, map[string]any{"id": apitest.GID(id), "in": map[string]any{"skdWeight": 45}})
		w.s.MustDo(nil, u, map[string]any{"id": apitest.GID(id), "in": map[string]any{"skdWeight": 45, "skbWeight": 55}})
	})
}

func TestRecruitmentFormasiFromPlan(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newRecruitWorld(t, dsn)
		year := w.year(t)
		in := func(plan *ent.Formation, kind string, quota int) map[string]any {
			return map[string]any{"in": map[string]any{"recruitmentYearID": year, "planID": apitest.GID(plan.ID), "kind": kind, "quota": quota, "educationLevel": "S1"}}
		}
		// Three needed, one in service: at most two places.
		w.hr.MustFail("BAD_USER_INPUT", "quota", openFormasi, in(w.plan, "CPNS", 3))
		w.hr.MustFail("BAD_USER_INPUT", "quota", openFormasi, in(w.plan, "CPNS", 0))
		w.hr.MustFail("BAD_USER_INPUT", "planID", openFormasi, in(w.planOtherYear, "CPNS", 1))
		w.hrOther.MustFail("FORBIDDEN", "", openFormasi, in(w.plan, "CPNS", 1))
		w.analyst.MustFail("FORBIDDEN", "", openFormasi, in(w.plan, "CPNS", 1))
		if n := apitest.Must(w.s.DB.Client.RecruitmentFormation.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Fatalf("%d formasi after refusals, want 0", n)
		}
		var got struct {
			OpenRecruitmentFormation struct {
				Quota        int
				PositionName string
			}
		}
		w.hr.MustDo(&got, openFormasi, in(w.plan, "CPNS", 2))
		if got.OpenRecruitmentFormation.Quota != 2 || got.OpenRecruitmentFormation.PositionName != "Perawat Ahli Pertama" {
			t.Errorf("formasi = %+v, want 2 places for Perawat Ahli Pertama", got.OpenRecruitmentFormation)
		}
		w.hr.MustFail("CONFLICT", "planID", openFormasi, in(w.plan, "CPNS", 1))
		// The two open places use up the shortfall: no PPPK place is left.
		w.hr.MustFail("BAD_USER_INPUT", "quota", openFormasi, in(w.plan, "PPPK", 1))
	})
}

// TestRecruitmentSelection runs one formasi of two places from the
// applications to the appointed CPNS and on to PNS.
func TestRecruitmentSelection(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		w := newRecruitWorld(t, dsn)
		s := w.s
		year := w.year(t)
		var opened struct{ OpenRecruitmentFormation struct{ ID string } }
		w.hr.MustDo(&opened, openFormasi, map[string]any{"in": map[string]any{"recruitmentYearID": year, "planID": apitest.GID(w.plan.ID), "kind": "CPNS", "quota": 2, "educationLevel": "S1"}})
		fid := opened.OpenRecruitmentFormation.ID

		// Applications: refusals first, nothing recorded.
		count := func() int { return apitest.Must(s.DB.Client.Applicant.Query().Count(apitest.Sys()))(t) }
		w.hr.MustFail("BAD_USER_INPUT", "nik", registerApp, applicantInput(fid, "R-0", "187101010190000", "Ani", "1998-04-12T00:00:00Z", "FEMALE"))
		w.hr.MustFail("BAD_USER_INPUT", "birthDate", registerApp, applicantInput(fid, "R-0", "1871010101900000", "Ani", "1989-06-01T00:00:00Z", "FEMALE")) // 36 on 2 June 2025
		bad := applicantInput(fid, "R-0", "1871010101900000", "Ani", "1998-04-12T00:00:00Z", "FEMALE")
		bad["in"].(map[string]any)["educationLevel"] = "D3"
		w.hr.MustFail("BAD_USER_INPUT", "educationLevel", registerApp, bad)
		w.hrOther.MustFail("FORBIDDEN", "", registerApp, applicantInput(fid, "R-0", "1871010101900000", "Ani", "1998-04-12T00:00:00Z", "FEMALE"))
		if n := count(); n != 0 {
			t.Fatalf("%d applicants after refusals, want 0", n)
		}

		// A and Y share birth date and gender, so their NIPs differ only in
		// the serial.
		ids := map[string]string{}
		for i, a := range []struct{ name, birth, gender string }{
			{"A", "1998-04-12T00:00:00Z", "FEMALE"}, {"B", "1997-01-01T00:00:00Z", "MALE"}, {"X", "1996-05-05T00:00:00Z", "MALE"},
			{"Y", "1998-04-12T00:00:00Z", "FEMALE"}, {"V", "1995-02-02T00:00:00Z", "MALE"}, {"U", "1995-03-03T00:00:00Z", "FEMALE"},
			{"Z", "1999-09-09T00:00:00Z", "MALE"}, {"W", "1999-10-10T00:00:00Z", "FEMALE"},
		} {
			var got struct{ RegisterApplicant struct{ ID string } }
			w.hr.MustDo(&got, registerApp, applicantInput(fid, fmt.Sprintf("2025-%03d", i+1), fmt.Sprintf("18710101019%05d", i+1), a.name, a.birth, a.gender))
			ids[a.name] = got.RegisterApplicant.ID
		}
		w.hr.MustFail("CONFLICT", "nik", registerApp, applicantInput(fid, "2025-999", "1871010101900001", "A lagi", "1998-04-12T00:00:00Z", "FEMALE"))

		// SKD (thresholds TWK 65, TIU 80, TKP 166).
		w.hr.MustFail("BAD_USER_INPUT", "twk", recordSKD, map[string]any{"id": ids["A"], "twk": 151, "tiu": 80, "tkp": 166})
		w.hr.MustFail("BAD_USER_INPUT", "tkp", recordSKD, map[string]any{"id": ids["A"], "twk": 65, "tiu": 80, "tkp": -1})
		for name, sc := range map[string][3]int{
			"A": {65, 80, 166},   // exactly at every threshold: passes, total 311
			"B": {64, 100, 200},  // TWK one below: fails
			"Z": {90, 79, 200},   // TIU one below: fails
			"W": {100, 100, 165}, // TKP one below: fails
			"X": {100, 100, 173}, // 373
			"V": {100, 107, 166}, // 373, TKP below X's
			"U": {107, 100, 166}, // 373, TKP as V's, TIU below V's
			"Y": {80, 90, 170},   // 340
		} {
			w.hr.MustDo(nil, recordSKD, map[string]any{"id": ids[name], "twk": sc[0], "tiu": sc[1], "tkp": sc[2]})
		}
		// SKB: only for those who passed SKD, two decimals at most.
		w.hr.MustFail("BAD_USER_INPUT", "applicantID", recordSKB, map[string]any{"id": ids["B"], "s": 90})
		w.hr.MustFail("BAD_USER_INPUT", "score", recordSKB, map[string]any{"id": ids["A"], "s": 80.555})
		w.hr.MustFail("BAD_USER_INPUT", "score", recordSKB, map[string]any{"id": ids["A"], "s": 100.5})
		// Final = SKD × 40/550 + SKB × 60/100:
		// A 311 × 40/550 + 90 × 0.6 = 22.618 + 54 = 76.618;
		// X 373 × 40/550 + 76 × 0.6 = 27.127 + 45.6 = 72.727;
		// Y 340 × 40/550 + 80 × 0.6 = 24.727 + 48 = 72.727 — a tie with X,
		// broken by the higher SKB: Y before X.
		for name, sc := range map[string]float64{"A": 90, "X": 76, "Y": 80} {
			w.hr.MustDo(nil, recordSKB, map[string]any{"id": ids[name], "s": sc})
		}
		w.hr.MustFail("BAD_USER_INPUT", "applicantID", recordSKD, map[string]any{"id": ids["A"], "twk": 70, "tiu": 80, "tkp": 166})

		var got formasiView
		w.hr.MustDo(&got, rankingQuery, map[string]any{"id": fid})
		type row struct {
			name, status  string
			skdRank, rank int // 0: none
			final         float64
			selected      bool
		}
		want := []row{
			{"A", "SELECTED", 5, 1, 76.618, true},
			{"Y", "SELECTED", 4, 2, 72.727, true},
			{"X", "RANKED", 1, 3, 72.727, false},
			// SKD order on the equal total 373: X (TKP 173), V (TKP 166,
			// TIU 107), U (TKP 166, TIU 100).
			{"V", "SKD_PASSED", 2, 0, 0, false},
			{"U", "SKD_PASSED", 3, 0, 0, false},
			{"B", "SKD_FAILED", 0, 0, 0, false},
			{"Z", "SKD_FAILED", 0, 0, 0, false},
			{"W", "SKD_FAILED", 0, 0, 0, false},
		}
		if len(got.Node.Ranking) != len(want) {
			t.Fatalf("ranking has %d rows, want %d", len(got.Node.Ranking), len(want))
		}
		for i, wr := range want {
			g := got.Node.Ranking[i]
			gotRow := row{name: deref(g.Applicant.Name), status: g.Status, skdRank: derefInt(g.SkdRank), rank: derefInt(g.Rank), selected: g.Selected}
			if g.FinalScore != nil {
				gotRow.final = *g.FinalScore
			}
			if gotRow != wr {
				t.Errorf("ranking[%d] = %+v, want %+v", i, gotRow, wr)
			}
		}
		if o := got.Node.Outcome; o.Applicants != 8 || o.SkdPassed != 5 || o.Selected != 2 || o.Appointed != 0 || o.Unfilled != 2 {
			t.Errorf("outcome = %+v, want 8 applicants, 5 passed SKD, 2 selected, 0 appointed, 2 unfilled", o)
		}

		// Analysts count, but see no applicant; an HR officer of another
		// unit sees none either; the public sees no formasi.
		var seen formasiView
		w.analyst.MustDo(&seen, rankingQuery, map[string]any{"id": fid})
		if len(seen.Node.Ranking) != 0 || seen.Node.Outcome.Applicants != 8 {
			t.Errorf("analyst: ranking %d rows, outcome %+v; want none and 8 applicants", len(seen.Node.Ranking), seen.Node.Outcome)
		}
		var list struct{ Applicants struct{ TotalCount int } }
		for _, as := range []*apitest.Server{w.analyst, w.hrOther} {
			as.MustDo(&list, `{ applicants { totalCount } }`, nil)
			if list.Applicants.TotalCount != 0 {
				t.Errorf("applicants seen out of scope = %d, want 0", list.Applicants.TotalCount)
			}
		}
		w.analyst.MustFail("FORBIDDEN", "", `{ applicants(where: {nameHasPrefix: "A"}) { totalCount } }`, nil)
		var pub struct{ RecruitmentFormations struct{ TotalCount int } }
		s.Public().MustDo(&pub, `{ recruitmentFormations { totalCount } }`, nil)
		if pub.RecruitmentFormations.TotalCount != 0 {
			t.Errorf("public sees %d formasi, want 0", pub.RecruitmentFormations.TotalCount)
		}

		// Appointment: only the selected; TMT 1 July 2025.
		tmt := "2025-07-01T00:00:00Z"
		w.hr.MustFail("BAD_USER_INPUT", "applicantID", appointApp, map[string]any{"id": ids["X"], "tmt": tmt})
		type appointed struct {
			AppointApplicant struct {
				Employee struct {
					ID, Nip, EmploymentType, Rank, PositionName string
					PositionLevel                               *string
					CpnsDate                                    time.Time
					Unit                                        struct{ ID string }
					CareerEvents                                []struct {
						Kind, DecreeNumber, ToValue string
						EffectiveDate               time.Time
					}
				}
			}
		}
		var a appointed
		w.hr.MustDo(&a, appointApp, map[string]any{"id": ids["A"], "tmt": tmt})
		e := a.AppointApplicant.Employee
		// 19980412 (born) 202507 (TMT) 2 (female) 001.
		if e.Nip != "199804122025072001" || e.EmploymentType != "CPNS" || e.Rank != "III/a" || e.PositionName != "Perawat Ahli Pertama" ||
			deref(e.PositionLevel) != "AHLI_PERTAMA" || !e.CpnsDate.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) || e.Unit.ID != apitest.GID(w.unit.ID) {
			t.Errorf("appointed employee = %+v", e)
		}
		if len(e.CareerEvents) != 1 || e.CareerEvents[0].Kind != "APPOINTMENT" || e.CareerEvents[0].DecreeNumber != "800.1.2/45/2025" || e.CareerEvents[0].ToValue != "Perawat Ahli Pertama" {
			t.Errorf("career events = %+v, want one APPOINTMENT", e.CareerEvents)
		}
		w.hr.MustFail("CONFLICT", "applicantID", appointApp, map[string]any{"id": ids["A"], "tmt": tmt})

		// A failure in the last step (marking the applicant, refused by a
		// trigger) rolls back the employee and the career event too.
		employees := func() int { return apitest.Must(s.DB.Client.Employee.Query().Count(apitest.Sys()))(t) }
		events := func() int { return apitest.Must(s.DB.Client.CareerEvent.Query().Count(apitest.Sys()))(t) }
		audits := func() int {
			return apitest.Must(s.DB.Client.AuditLog.Query().Where(auditlog.Action("appointApplicant")).Count(apitest.Sys()))(t)
		}
		beforeE, beforeC, beforeA := employees(), events(), audits()
		failing := []string{`CREATE TRIGGER recruit_fail BEFORE UPDATE ON applicants BEGIN SELECT RAISE(ABORT, 'injected failure'); END`}
		drop := []string{`DROP TRIGGER recruit_fail`}
		if dialect == "postgres" {
			failing = []string{`CREATE FUNCTION recruit_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
				`CREATE TRIGGER recruit_fail BEFORE UPDATE ON applicants FOR EACH ROW EXECUTE FUNCTION recruit_fail()`}
			drop = []string{`DROP TRIGGER recruit_fail ON applicants`, `DROP FUNCTION recruit_fail()`}
		}
		for _, q := range failing {
			if _, err := s.DB.SQL.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		w.hr.MustFail("INTERNAL", "", appointApp, map[string]any{"id": ids["Y"], "tmt": tmt})
		for _, q := range drop {
			if _, err := s.DB.SQL.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if ge, gc, ga := employees(), events(), audits(); ge != beforeE || gc != beforeC || ga != beforeA {
			t.Errorf("after a failed appointment: %d employees, %d career events, %d audit entries; want %d, %d, %d", ge, gc, ga, beforeE, beforeC, beforeA)
		}
		w.hr.MustDo(&a, appointApp, map[string]any{"id": ids["Y"], "tmt": tmt})
		if got := a.AppointApplicant.Employee.Nip; got != "199804122025072002" {
			t.Errorf("Y's NIP = %s, want serial 002 after A's 001", got)
		}
		yID := a.AppointApplicant.Employee.ID
		w.hr.MustDo(&got, rankingQuery, map[string]any{"id": fid})
		if o := got.Node.Outcome; o.Appointed != 2 || o.Unfilled != 0 || got.Node.Ranking[0].Status != "APPOINTED" {
			t.Errorf("after appointments: outcome %+v, first %s; want 2 appointed, 0 unfilled, APPOINTED", o, got.Node.Ranking[0].Status)
		}

		// Probation and latsar, then PNS.
		latsar := `mutation($e: ID!, $d: Time!) { recordLatsar(input: {employeeID: $e, completedOn: $d, certificateNumber: "STTPP/LATSAR/2026/017"}) { latsarCompletedOn } }`
		pns := `mutation($e: ID!, $tmt: Time!) { appointAsPNS(input: {employeeID: $e, decree: {number: "800.1.3/9/2026", date: "2026-06-25T00:00:00Z", effectiveDate: $tmt}}) { kind fromValue toValue effectiveDate } }`
		aID := e.ID
		w.hr.MustFail("BAD_USER_INPUT", "completedOn", latsar, map[string]any{"e": aID, "d": "2025-06-30T00:00:00Z"}) // before the CPNS TMT
		w.hr.MustFail("BAD_USER_INPUT", "completedOn", latsar, map[string]any{"e": aID, "d": "2025-06-03T00:00:00Z"}) // tomorrow
		later := time.Date(2026, 7, 2, 3, 0, 0, 0, time.UTC)
		s.Now.Store(&later)
		w.hr = s.AsAccount(w.hrAcc)                                                                                 // a token of a year ago has expired
		w.hr.MustFail("BAD_USER_INPUT", "employeeID", pns, map[string]any{"e": aID, "tmt": "2026-07-01T00:00:00Z"}) // no latsar yet
		w.hr.MustDo(nil, latsar, map[string]any{"e": aID, "d": "2026-03-20T00:00:00Z"})
		// One year from 1 July 2025: 30 June 2026 is a day short.
		w.hr.MustFail("BAD_USER_INPUT", "decree.effectiveDate", pns, map[string]any{"e": aID, "tmt": "2026-06-30T00:00:00Z"})
		if got := apitest.Must(s.DB.Client.Employee.Query().Where(employee.EmploymentTypeEQ(employee.EmploymentTypePNS), employee.NipHasPrefix("1998")).Count(apitest.Sys()))(t); got != 0 {
			t.Fatalf("%d PNS after refusals, want 0", got)
		}
		var p struct {
			AppointAsPNS struct {
				Kind, FromValue, ToValue string
				EffectiveDate            time.Time
			}
		}
		w.hr.MustDo(&p, pns, map[string]any{"e": aID, "tmt": "2026-07-01T00:00:00Z"})
		if p.AppointAsPNS.Kind != "STATUS_CHANGE" || p.AppointAsPNS.FromValue != "CPNS" || p.AppointAsPNS.ToValue != "PNS" {
			t.Errorf("PNS event = %+v", p.AppointAsPNS)
		}
		emp := apitest.Must(s.DB.Client.Employee.Query().Where(employee.Nip("199804122025072001")).Only(apitest.Sys()))(t)
		if emp.EmploymentType != employee.EmploymentTypePNS || emp.PnsDate == nil || !emp.PnsDate.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("employee after PNS = %s, pns date %v; want PNS from 2026-07-01", emp.EmploymentType, emp.PnsDate)
		}
		if n := apitest.Must(s.DB.Client.CareerEvent.Query().Where(careerevent.EmployeeID(emp.ID)).Count(apitest.Sys()))(t); n != 2 {
			t.Errorf("career events of the new PNS = %d, want 2 (appointment, PNS)", n)
		}
		w.hr.MustFail("BAD_USER_INPUT", "employeeID", pns, map[string]any{"e": aID, "tmt": "2026-07-01T00:00:00Z"}) // already PNS
		w.hr.MustFail("BAD_USER_INPUT", "employeeID", pns, map[string]any{"e": yID, "tmt": "2026-07-01T00:00:00Z"}) // Y: no latsar
	})
}

func derefInt(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// recruitYear returns a new recruitment year, its plan entry for a new
// unit of the audit world (five needed) and an open CPNS formasi of one
// place for S1, all made by the system. Years lie two to twenty-one years
// back, so that a TMT of today or a year ago follows them.
func (w *auditWorld) recruitFormasi(t *testing.T) (*ent.RecruitmentYear, *ent.Formation, *ent.RecruitmentFormation) {
	t.Helper()
	c := w.s.DB.Client
	now := *w.s.Now.Load()
	y := apitest.Must(c.RecruitmentYear.Create().SetYear(now.Year() - 2 - w.next()%20).Save(apitest.Sys()))(t)
	plan := apitest.Must(c.Formation.Create().SetUnitID(w.unit().ID).SetYear(y.Year).SetPositionName("Perawat Ahli Pertama").
		SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(5).Save(apitest.Sys()))(t)
	f := apitest.Must(c.RecruitmentFormation.Create().SetRecruitmentYearID(y.ID).SetPlanID(plan.ID).SetUnitID(plan.UnitID).SetPositionName(plan.PositionName).
		SetKind("CPNS").SetQuota(1).SetEducationLevel("S1").SetOpenedAt(now).Save(apitest.Sys()))(t)
	return y, plan, f
}

// selectedApplicant returns the applicant of a new one-place formasi who
// passed SKD (100/100/180) and SKB (80): selected.
func (w *auditWorld) selectedApplicant(t *testing.T) *ent.Applicant {
	t.Helper()
	_, _, f := w.recruitFormasi(t)
	n := w.next()
	return apitest.Must(w.s.DB.Client.Applicant.Create().SetFormationID(f.ID).SetRecruitmentYearID(f.RecruitmentYearID).
		SetRegistrationNumber(fmt.Sprintf("AUD-%d", n)).SetNik(fmt.Sprintf("18710101%08d", n)).SetName("Pelamar Audit").
		SetBirthDate(time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)).SetGender("MALE").SetEducationLevel("S1").
		SetTwk(100).SetTiu(100).SetTkp(180).SetSkb(80).SetRegisteredAt(*w.s.Now.Load()).Save(apitest.Sys()))(t)
}

// cpns appoints a selected applicant through the API as the admin, with
// the TMT yearsAgo years back, and returns the new employee's id.
func (w *auditWorld) cpns(t *testing.T, yearsAgo int) string {
	t.Helper()
	a := w.selectedApplicant(t)
	tmt := dayOf(w.s.Now.Load().AddDate(-yearsAgo, 0, 0))
	var got struct {
		AppointApplicant struct{ Employee struct{ ID string } }
	}
	w.s.With(t).MustDo(&got, `mutation($id: ID!, $tmt: Time!) { appointApplicant(input: {applicantID: $id, appointment: {number: "800/1/2020", date: $tmt, effectiveDate: $tmt}}) { employee { id } } }`,
		map[string]any{"id": apitest.GID(a.ID), "tmt": tmt})
	return got.AppointApplicant.Employee.ID
}

// dayOf is the calendar day of t in WIB at midnight UTC, as the API takes dates.
func dayOf(t time.Time) string {
	y, m, d := t.In(time.FixedZone("WIB", 7*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

func init() {
	for name, recipe := range map[string]func(t *testing.T, w *auditWorld) auditCall{
		"createRecruitmentYear": func(t *testing.T, w *auditWorld) auditCall {
			return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "RecruitmentYear",
				query: `mutation($y: Int!) { createRecruitmentYear(input: {year: $y}) { id } }`, vars: map[string]any{"y": 2050 + w.next()%50}}
		},
		"updateRecruitmentYear": func(t *testing.T, w *auditWorld) auditCall {
			y, _, _ := w.recruitFormasi(t)
			return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "RecruitmentYear",
				query: `mutation($id: ID!) { updateRecruitmentYear(id: $id, input: {tkpMin: 170}) { id } }`, vars: idVar(y.ID)}
		},
		"openRecruitmentFormation": func(t *testing.T, w *auditWorld) auditCall {
			y, plan, _ := w.recruitFormasi(t)
			return auditCall{as: w.hr, actor: "hr.audit", entity: "RecruitmentFormation", query: openFormasi,
				vars: map[string]any{"in": map[string]any{"recruitmentYearID": apitest.GID(y.ID), "planID": apitest.GID(plan.ID), "kind": "PPPK", "quota": 2, "educationLevel": "D3"}}}
		},
		"registerApplicant": func(t *testing.T, w *auditWorld) auditCall {
			_, _, f := w.recruitFormasi(t)
			n := w.next()
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Applicant", query: registerApp,
				vars: applicantInput(apitest.GID(f.ID), fmt.Sprintf("REG-%d", n), fmt.Sprintf("18710202%08d", n), "Rina", dayOf(w.s.Now.Load().AddDate(-25, 0, 0)), "FEMALE")}
		},
		"recordSkdScores": func(t *testing.T, w *auditWorld) auditCall {
			a := w.selectedApplicant(t)
			apitest.Check(w.s.DB.Client.Applicant.UpdateOneID(a.ID).ClearSkb().Exec(apitest.Sys()))(t)
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Applicant", query: recordSKD,
				vars: map[string]any{"id": apitest.GID(a.ID), "twk": 90, "tiu": 95, "tkp": 170}}
		},
		"recordSkbScore": func(t *testing.T, w *auditWorld) auditCall {
			a := w.selectedApplicant(t)
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Applicant", query: recordSKB,
				vars: map[string]any{"id": apitest.GID(a.ID), "s": 82.5}}
		},
		"appointApplicant": func(t *testing.T, w *auditWorld) auditCall {
			a := w.selectedApplicant(t)
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee", query: appointApp,
				vars: map[string]any{"id": apitest.GID(a.ID), "tmt": dayOf(*w.s.Now.Load())}}
		},
		"recordLatsar": func(t *testing.T, w *auditWorld) auditCall {
			e := w.cpns(t, 0)
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Applicant",
				query: `mutation($e: ID!, $d: Time!) { recordLatsar(input: {employeeID: $e, completedOn: $d, certificateNumber: "STTPP/1"}) { id } }`,
				vars:  map[string]any{"e": e, "d": dayOf(*w.s.Now.Load())}}
		},
		"appointAsPNS": func(t *testing.T, w *auditWorld) auditCall {
			e := w.cpns(t, 1)
			w.s.With(t).MustDo(nil, `mutation($e: ID!, $d: Time!) { recordLatsar(input: {employeeID: $e, completedOn: $d, certificateNumber: "STTPP/2"}) { id } }`,
				map[string]any{"e": e, "d": dayOf(w.s.Now.Load().AddDate(0, -1, 0))})
			return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
				query: `mutation($e: ID!, $d: Time!) { appointAsPNS(input: {employeeID: $e, decree: {number: "800/2/2026", date: $d, effectiveDate: $d}}) { id } }`,
				vars:  map[string]any{"e": e, "d": dayOf(*w.s.Now.Load())}}
		},
	} {
		auditRecipes[name] = recipe
	}
}

// TestRecruitmentPPPK appoints the one selected applicant of a PPPK
// formasi: an NI PPPK (birth date, year of appointment, 01, gender,
// serial) at the entry grade of S1, IX.
func TestRecruitmentPPPK(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newRecruitWorld(t, dsn)
		year := w.year(t)
		var opened struct{ OpenRecruitmentFormation struct{ ID string } }
		w.hr.MustDo(&opened, openFormasi, map[string]any{"in": map[string]any{"recruitmentYearID": year, "planID": apitest.GID(w.plan.ID), "kind": "PPPK", "quota": 1, "educationLevel": "S1"}})
		// 19 on the day of application: too young for PPPK.
		w.hr.MustFail("BAD_USER_INPUT", "birthDate", registerApp, applicantInput(opened.OpenRecruitmentFormation.ID, "P-1", "1871010101800001", "Budi", "2005-06-03T00:00:00Z", "MALE"))
		var reg struct{ RegisterApplicant struct{ ID string } }
		w.hr.MustDo(&reg, registerApp, applicantInput(opened.OpenRecruitmentFormation.ID, "P-1", "1871010101800001", "Budi", "1990-11-30T00:00:00Z", "MALE"))
		id := reg.RegisterApplicant.ID
		w.hr.MustDo(nil, recordSKD, map[string]any{"id": id, "twk": 70, "tiu": 90, "tkp": 170})
		w.hr.MustDo(nil, recordSKB, map[string]any{"id": id, "s": 70})
		var got struct {
			AppointApplicant struct {
				Employee struct{ Nip, EmploymentType, Rank string }
			}
		}
		w.hr.MustDo(&got, appointApp, map[string]any{"id": id, "tmt": "2025-08-01T00:00:00Z"})
		if e := got.AppointApplicant.Employee; e.Nip != "199011302025011001" || e.EmploymentType != "PPPK" || e.Rank != "IX" {
			t.Errorf("PPPK appointed = %+v, want NI PPPK 199011302025011001 at grade IX", e)
		}
	})
}
