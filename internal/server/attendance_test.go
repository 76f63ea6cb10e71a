package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/attendanceday"
	"simasn/ent/auditlog"
	"simasn/ent/employee"
	"simasn/ent/leaverequest"
	"simasn/internal/apitest"
	"simasn/internal/attendance"
	"simasn/internal/complaintdesk"
	"simasn/internal/nip"
)

// wib is a fixed WIB instant for the server's clock.
func wibAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.FixedZone("WIB", 7*3600))
}

var appointedSerial atomic.Int64

// withCPNS gives a fixture employee a NIP that encodes a CPNS appointment
// in the month of t (born 25 years before), and that appointment date.
func withCPNS(t time.Time) apitest.EmployeeOption {
	return func(c *ent.EmployeeCreate) {
		birth := time.Date(t.Year()-25, 5, 17, 0, 0, 0, 0, time.UTC)
		n, err := nip.Build(nip.PNS, birth, t.Year(), int(t.Month()), nip.Male, int(appointedSerial.Add(1)))
		if err != nil {
			panic(err) // constant inputs
		}
		c.SetNip(n).SetBirthDate(birth).SetCpnsDate(t)
	}
}

// attendanceWorld: a remote regency's health office with a head (the
// superior), a nurse appointed in 2015, a CPNS appointed in 2025 and an
// outsider in another agency; an HR officer of the office, an analyst.
type attendanceWorld struct {
	s                      *apitest.Server
	unit, other            *ent.Unit
	boss, nurse, cpns, out *ent.Employee
	asBoss, asNurse        *apitest.Server
	asCPNS, asOut, hr      *apitest.Server
	hrOther, analyst       *apitest.Server
	accounts               map[**apitest.Server]*ent.Account
}

func newAttendanceWorld(t *testing.T, dsn string) *attendanceWorld {
	s := apitest.Start(t, dsn)
	w := &attendanceWorld{s: s}
	r := s.MustRegion("18.13", true)
	w.unit = s.MustUnit("1.02", nil, r)
	w.other = s.MustUnit("1.03", nil, r)
	w.boss = s.MustEmployee(w.unit, withCPNS(time.Date(2005, 3, 1, 0, 0, 0, 0, time.UTC)))
	w.nurse = s.MustEmployee(w.unit, apitest.WithSuperior(w.boss), withCPNS(time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)))
	w.cpns = s.MustEmployee(w.unit, apitest.WithSuperior(w.boss), withCPNS(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)),
		func(c *ent.EmployeeCreate) { c.SetEmploymentType(employee.EmploymentTypeCPNS) })
	w.out = s.MustEmployee(w.other, withCPNS(time.Date(2010, 3, 1, 0, 0, 0, 0, time.UTC)))
	w.accounts = map[**apitest.Server]*ent.Account{
		&w.asBoss: s.MustAccount("kepala", "EMPLOYEE", nil, w.boss), &w.asNurse: s.MustAccount("perawat", "EMPLOYEE", nil, w.nurse),
		&w.asCPNS: s.MustAccount("cpns", "EMPLOYEE", nil, w.cpns), &w.asOut: s.MustAccount("luar", "EMPLOYEE", nil, w.out),
		&w.hr: s.MustAccount("hr.dinkes", "HR_OFFICER", w.unit, nil), &w.hrOther: s.MustAccount("hr.lain", "HR_OFFICER", w.other, nil),
		&w.analyst: s.MustAccount("analis", "ANALYST", nil, nil),
	}
	w.at(time.Now())
	return w
}

// at sets the server's clock and signs everyone in again, so that their
// tokens are fresh by that clock.
func (w *attendanceWorld) at(t time.Time) {
	w.s.Now.Store(&t)
	w.s = w.s.As(w.s.TokenFor(w.s.Admin))
	for view, acc := range w.accounts {
		*view = w.s.AsAccount(acc)
	}
}

const (
	checkIn   = `mutation($k: String) { checkIn(requestKey: $k) { id status lateMinutes earlyMinutes checkInAt checkOutAt } }`
	checkOut  = `mutation($k: String) { checkOut(requestKey: $k) { id status lateMinutes earlyMinutes checkOutAt } }`
	correct   = `mutation($in: CorrectAttendanceInput!) { correctAttendance(input: $in) { id status lateMinutes correctionReason correctedBy } }`
	reqLeave  = `mutation($in: RequestLeaveInput!) { requestLeave(input: $in) { id status workingDays kind } }`
	decide    = `mutation($id: ID!, $d: LeaveDecision!, $note: String) { decideLeave(id: $id, decision: $d, note: $note) { id status decider { id } } }`
	balanceQ  = `query($e: ID!, $y: Int!) { leaveBalance(employeeID: $e, year: $y) { entitlement carriedOver total used pending remaining } }`
	monthQ    = `query($e: ID!) { attendanceMonth(employeeID: $e, year: 2026, month: 4) { date working reason status record { lateMinutes } } }`
	daysCount = `{ attendanceDays { totalCount } }`
)

type dayResult struct {
	ID                        string
	Status                    string
	LateMinutes, EarlyMinutes int
	CheckInAt, CheckOutAt     *string
}

func TestCheckInAndOut(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		// Monday 6 April 2026, 07:41:30 WIB: 11 whole minutes after 07:30.
		w.at(wibAt(2026, 4, 6, 7, 41).Add(30 * time.Second))
		var in struct{ CheckIn dayResult }
		w.asNurse.MustDo(&in, checkIn, map[string]any{"k": "hp-1"})
		if in.CheckIn.Status != "PRESENT" || in.CheckIn.LateMinutes != 11 || in.CheckIn.CheckInAt == nil {
			t.Errorf("check-in = %+v, want PRESENT, 11 minutes late", in.CheckIn)
		}
		// A retry with the same key is the same check-in.
		var again struct{ CheckIn dayResult }
		w.asNurse.MustDo(&again, checkIn, map[string]any{"k": "hp-1"})
		if again.CheckIn.ID != in.CheckIn.ID || !sameInstant(t, *again.CheckIn.CheckInAt, *in.CheckIn.CheckInAt) {
			t.Errorf("retried check-in = %+v, want %+v", again.CheckIn, in.CheckIn)
		}
		// Any other second check-in is a conflict.
		w.asNurse.MustFail("CONFLICT", "date", checkIn, map[string]any{"k": "hp-2"})
		w.asNurse.MustFail("CONFLICT", "date", checkIn, nil)

		// 15:20 WIB: 40 minutes before 16:00.
		w.at(wibAt(2026, 4, 6, 15, 20))
		var out struct{ CheckOut dayResult }
		w.asNurse.MustDo(&out, checkOut, map[string]any{"k": "pulang"})
		if out.CheckOut.EarlyMinutes != 40 || out.CheckOut.LateMinutes != 11 {
			t.Errorf("check-out = %+v, want 40 minutes early", out.CheckOut)
		}
		w.asNurse.MustDo(nil, checkOut, map[string]any{"k": "pulang"})
		w.asNurse.MustFail("CONFLICT", "date", checkOut, nil)
		// Checking out without having checked in.
		w.asCPNS.MustFail("BAD_USER_INPUT", "date", checkOut, nil)

		// Saturday, and Good Friday (a national holiday): no working day.
		w.at(wibAt(2026, 4, 11, 8, 0))
		w.asNurse.MustFail("BAD_USER_INPUT", "date", checkIn, nil)
		w.at(wibAt(2026, 4, 3, 8, 0))
		w.asNurse.MustFail("BAD_USER_INPUT", "date", checkIn, nil)
		// Ramadan 1447 H: the day starts at 08:00.
		w.at(wibAt(2026, 3, 2, 8, 5))
		w.asNurse.MustDo(&in, checkIn, nil)
		if in.CheckIn.LateMinutes != 5 {
			t.Errorf("Ramadan check-in at 08:05: %d minutes late, want 5", in.CheckIn.LateMinutes)
		}
		// A six-day unit works on Saturday, from 07:00.
		w.s.MustDo(nil, `mutation($u: ID!) { setWorkSchedule(unitID: $u, kind: SIX_DAY) { kind } }`, map[string]any{"u": apitest.GID(w.other.ID)})
		w.at(wibAt(2026, 4, 11, 7, 0))
		w.asOut.MustDo(&in, checkIn, nil)
		if in.CheckIn.LateMinutes != 0 {
			t.Errorf("six-day Saturday check-in at 07:00: %d minutes late, want 0", in.CheckIn.LateMinutes)
		}
		// An account without an employee has no attendance.
		w.analyst.MustFail("FORBIDDEN", "", checkIn, nil)
		w.s.Public().MustFail("UNAUTHENTICATED", "", checkIn, nil)

		n := apitest.Must(w.s.DB.Client.AttendanceDay.Query().Count(apitest.Sys()))(t)
		if n != 3 {
			t.Errorf("%d attendance records, want 3 (two of the nurse, one of the outsider)", n)
		}
	})
}

func sameInstant(t *testing.T, a, b string) bool {
	t.Helper()
	x, err1 := time.Parse(time.RFC3339Nano, a)
	y, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil {
		t.Fatalf("times %q, %q: %v %v", a, b, err1, err2)
	}
	return x.Equal(y)
}

func TestConcurrentCheckIns(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		w.at(wibAt(2026, 4, 7, 7, 30))
		const n = 8
		results := make([]apitest.Response, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = w.asNurse.Post(checkIn, map[string]any{"k": fmt.Sprintf("tap-%d", i)})
			}()
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for i, r := range results {
			switch {
			case errs[i] != nil:
				t.Errorf("request %d: %v", i, errs[i])
			case len(r.Errors) == 0:
				ok++
			case r.Errors[0].Code() == "CONFLICT":
				conflicts++
			default:
				t.Errorf("request %d: %s %q, want success or CONFLICT", i, r.Errors[0].Code(), r.Errors[0].Message)
			}
		}
		if ok != 1 || conflicts != n-1 {
			t.Errorf("%d check-ins succeeded and %d conflicted, want 1 and %d", ok, conflicts, n-1)
		}
		if got := apitest.Must(w.s.DB.Client.AttendanceDay.Query().Where(attendanceday.EmployeeID(w.nurse.ID)).Count(apitest.Sys()))(t); got != 1 {
			t.Errorf("%d records of the day, want 1", got)
		}
	})
}

func TestCorrectionAudited(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		w.at(wibAt(2026, 4, 6, 7, 52))
		var in struct{ CheckIn dayResult }
		w.asNurse.MustDo(&in, checkIn, nil)
		w.at(wibAt(2026, 4, 8, 9, 0))
		vars := func(reason string) map[string]any {
			return map[string]any{"in": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "date": "2026-04-06T00:00:00Z",
				"status": "PRESENT", "lateMinutes": 0, "reason": reason}}
		}
		w.hr.MustFail("BAD_USER_INPUT", "reason", correct, vars("  "))
		w.asNurse.MustFail("FORBIDDEN", "", correct, vars("Saya tidak terlambat"))
		w.hrOther.MustFail("NOT_FOUND", "", correct, vars("Di luar lingkup"))
		var got struct {
			CorrectAttendance struct {
				ID                            string
				Status                        string
				LateMinutes                   int
				CorrectionReason, CorrectedBy string
			}
		}
		w.hr.MustDo(&got, correct, vars("Mesin presensi rusak pagi itu"))
		c := got.CorrectAttendance
		if c.ID != in.CheckIn.ID || c.LateMinutes != 0 || c.CorrectionReason != "Mesin presensi rusak pagi itu" || c.CorrectedBy != "hr.dinkes" {
			t.Errorf("corrected = %+v, want the check-in's record with 0 minutes, the reason and hr.dinkes", c)
		}
		entries := apitest.Must(w.s.DB.Client.AuditLog.Query().Where(auditlog.Action("correctAttendance")).All(apitest.Sys()))(t)
		if len(entries) != 1 {
			t.Fatalf("%d audit entries of correctAttendance, want 1 (refused corrections leave none)", len(entries))
		}
		e := entries[0]
		ch := e.Changes[0]
		if e.Actor != "hr.dinkes" || e.Entity != "AttendanceDay" || ch.Before["late_minutes"] != float64(22) || ch.After["late_minutes"] != float64(0) ||
			ch.After["correction_reason"] != "Mesin presensi rusak pagi itu" {
			raw, _ := json.Marshal(e.Changes)
			t.Errorf("audit entry by %s on %s: %s; want late_minutes 22 → 0 with the reason", e.Actor, e.Entity, raw)
		}
		// A DUTY day needs its decree; leave comes from leave requests.
		duty := map[string]any{"in": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "date": "2026-04-07T00:00:00Z", "status": "DUTY", "reason": "Dinas luar"}}
		w.hr.MustFail("BAD_USER_INPUT", "decreeNumber", correct, duty)
		leaveDay := map[string]any{"in": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "date": "2026-04-07T00:00:00Z", "status": "LEAVE", "reason": "Cuti"}}
		w.hr.MustFail("BAD_USER_INPUT", "status", correct, leaveDay)
		future := map[string]any{"in": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "date": "2026-04-20T00:00:00Z", "status": "ABSENT", "reason": "Belum"}}
		w.hr.MustFail("BAD_USER_INPUT", "date", correct, future)
	})
}

func TestAttendanceAccess(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		w.at(wibAt(2026, 4, 6, 7, 35))
		w.asNurse.MustDo(nil, checkIn, nil)
		w.asCPNS.MustDo(nil, checkIn, nil)
		w.asOut.MustDo(nil, checkIn, nil)
		w.at(wibAt(2026, 4, 8, 10, 0))
		count := func(s *apitest.Server) int {
			var got struct{ AttendanceDays struct{ TotalCount int } }
			s.MustDo(&got, daysCount, nil)
			return got.AttendanceDays.TotalCount
		}
		for _, tt := range []struct {
			who  string
			as   *apitest.Server
			want int
		}{{"admin", w.s, 3}, {"HR officer in scope", w.hr, 2}, {"superior", w.asBoss, 2}, {"employee", w.asNurse, 1},
			{"analyst (aggregates only)", w.analyst, 0}, {"HR officer elsewhere", w.hrOther, 1}, {"outsider", w.asOut, 1}} {
			if got := count(tt.as); got != tt.want {
				t.Errorf("%s sees %d attendance records, want %d", tt.who, got, tt.want)
			}
		}
		// The analyst may not even ask about the status.
		w.analyst.MustFail("FORBIDDEN", "", `{ attendanceDays(where: {status: ABSENT}) { totalCount } }`, nil)

		var month struct {
			AttendanceMonth []struct {
				Date    string
				Working bool
				Reason  *string
				Status  *string
				Record  *struct{ LateMinutes int }
			}
		}
		w.asBoss.MustDo(&month, monthQ, map[string]any{"e": apitest.GID(w.nurse.ID)})
		days := month.AttendanceMonth
		if len(days) != 30 {
			t.Fatalf("April has %d days, want 30", len(days))
		}
		status := func(i int) string {
			if days[i].Status == nil {
				return "<nil>"
			}
			return *days[i].Status
		}
		// 3 April Good Friday, 5 April Sunday, 6 April present (5 minutes
		// late), 7 April absent (past, no record), 8 April today (not over:
		// no status yet), 9 April to come.
		for _, c := range []struct {
			i    int
			want string
		}{{2, "NON_WORKING"}, {4, "NON_WORKING"}, {5, "PRESENT"}, {6, "ABSENT"}, {7, "<nil>"}, {8, "<nil>"}} {
			if got := status(c.i); got != c.want {
				t.Errorf("%s: status %s, want %s", days[c.i].Date, got, c.want)
			}
		}
		if days[5].Record == nil || days[5].Record.LateMinutes != 5 {
			t.Errorf("6 April record = %+v, want 5 minutes late", days[5].Record)
		}
		w.analyst.MustFail("FORBIDDEN", "", monthQ, map[string]any{"e": apitest.GID(w.nurse.ID)})
		w.asOut.MustFail("NOT_FOUND", "", monthQ, map[string]any{"e": apitest.GID(w.nurse.ID)})
		w.asNurse.MustFail("NOT_FOUND", "", monthQ, map[string]any{"e": apitest.GID(w.boss.ID)})
	})
}

func TestLeave(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		w.at(wibAt(2026, 4, 8, 9, 0))
		leaveIn := func(emp *ent.Employee, kind, from, to string, extra map[string]any) map[string]any {
			in := map[string]any{"employeeID": apitest.GID(emp.ID), "kind": kind, "startsOn": from + "T00:00:00Z", "endsOn": to + "T00:00:00Z"}
			for k, v := range extra {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		balance := func(as *apitest.Server, e *ent.Employee) map[string]int {
			var got struct{ LeaveBalance map[string]int }
			as.MustDo(&got, balanceQ, map[string]any{"e": apitest.GID(e.ID), "y": 2026})
			return got.LeaveBalance
		}
		// No leave recorded in 2024 and 2025: 12 + 12 carried = 24.
		if b := balance(w.asNurse, w.nurse); b["total"] != 24 || b["carriedOver"] != 12 || b["remaining"] != 24 {
			t.Errorf("balance before = %v, want total 24 (12 carried), remaining 24", b)
		}
		// 13–17 April 2026: five working days.
		var req struct {
			RequestLeave struct {
				ID, Status, Kind string
				WorkingDays      int
			}
		}
		w.asNurse.MustDo(&req, reqLeave, leaveIn(w.nurse, "ANNUAL", "2026-04-13", "2026-04-17", map[string]any{"address": "Krui"}))
		if req.RequestLeave.Status != "REQUESTED" || req.RequestLeave.WorkingDays != 5 {
			t.Errorf("request = %+v, want REQUESTED, 5 working days", req.RequestLeave)
		}
		if b := balance(w.asBoss, w.nurse); b["pending"] != 5 || b["remaining"] != 19 {
			t.Errorf("balance while pending = %v, want 5 pending, 19 remaining", b)
		}
		// Overlap, over the balance, the conditions of each kind.
		w.asNurse.MustFail("CONFLICT", "startsOn", reqLeave, leaveIn(w.nurse, "ANNUAL", "2026-04-16", "2026-04-20", nil))
		w.asNurse.MustFail("BAD_USER_INPUT", "endsOn", reqLeave, leaveIn(w.nurse, "ANNUAL", "2026-05-04", "2026-06-30", nil))
		w.asNurse.MustFail("BAD_USER_INPUT", "document", reqLeave, leaveIn(w.nurse, "SICK", "2026-05-04", "2026-05-05", nil))
		w.asNurse.MustFail("BAD_USER_INPUT", "kind", reqLeave, leaveIn(w.nurse, "MATERNITY", "2026-05-04", "2026-06-30", nil))
		w.asNurse.MustFail("BAD_USER_INPUT", "endsOn", reqLeave, leaveIn(w.nurse, "BIG", "2026-05-04", "2026-08-04", nil))
		w.asNurse.MustFail("BAD_USER_INPUT", "reason", reqLeave, leaveIn(w.nurse, "IMPORTANT_REASON", "2026-05-04", "2026-05-05", nil))
		w.asCPNS.MustFail("BAD_USER_INPUT", "startsOn", reqLeave, leaveIn(w.cpns, "ANNUAL", "2026-04-13", "2026-04-14", nil)) // a year of service only on 1 June
		w.asCPNS.MustFail("BAD_USER_INPUT", "kind", reqLeave, leaveIn(w.cpns, "BIG", "2026-05-04", "2026-05-05", nil))
		w.asNurse.MustFail("NOT_FOUND", "", reqLeave, leaveIn(w.cpns, "ANNUAL", "2026-05-04", "2026-05-05", nil)) // a colleague is not hers to see
		if n := apitest.Must(w.s.DB.Client.LeaveRequest.Query().Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("%d leave requests after the refused ones, want 1", n)
		}

		// Only the direct superior decides; a refusal needs a note.
		id := map[string]any{"id": req.RequestLeave.ID, "d": "APPROVE"}
		w.asNurse.MustFail("FORBIDDEN", "", decide, id)
		w.hr.MustFail("FORBIDDEN", "", decide, id)
		w.asBoss.MustFail("BAD_USER_INPUT", "note", decide, map[string]any{"id": req.RequestLeave.ID, "d": "REFUSE"})
		var dec struct {
			DecideLeave struct {
				Status  string
				Decider struct{ ID string }
			}
		}
		w.asBoss.MustDo(&dec, decide, id)
		if dec.DecideLeave.Status != "APPROVED" || dec.DecideLeave.Decider.ID != apitest.GID(w.boss.ID) {
			t.Errorf("decision = %+v, want APPROVED by the superior", dec.DecideLeave)
		}
		w.asBoss.MustFail("BAD_USER_INPUT", "id", decide, id)
		if b := balance(w.hr, w.nurse); b["used"] != 5 || b["pending"] != 0 || b["remaining"] != 19 {
			t.Errorf("balance after approval = %v, want 5 used, 19 remaining", b)
		}
		marked := apitest.Must(w.s.DB.Client.AttendanceDay.Query().Where(attendanceday.EmployeeID(w.nurse.ID), attendanceday.StatusEQ(attendanceday.StatusLEAVE),
			attendanceday.LeaveKindEQ(attendanceday.LeaveKindANNUAL)).Count(apitest.Sys()))(t)
		if marked != 5 {
			t.Errorf("%d days marked as annual leave, want 5", marked)
		}
		// Checking in on a day of leave is a conflict.
		w.at(wibAt(2026, 4, 14, 7, 30))
		w.asNurse.MustFail("CONFLICT", "date", checkIn, nil)

		// Sick leave with a certificate marks SICK days; postponing it is
		// not allowed.
		w.at(wibAt(2026, 4, 20, 9, 0))
		w.asNurse.MustDo(&req, reqLeave, leaveIn(w.nurse, "SICK", "2026-04-20", "2026-04-21", map[string]any{"document": "SKD 445/12/PKM/2026"}))
		w.asBoss.MustFail("BAD_USER_INPUT", "decision", decide, map[string]any{"id": req.RequestLeave.ID, "d": "POSTPONE", "note": "Banyak pasien"})
		w.asBoss.MustDo(nil, decide, map[string]any{"id": req.RequestLeave.ID, "d": "APPROVE"})
		sick := apitest.Must(w.s.DB.Client.AttendanceDay.Query().Where(attendanceday.EmployeeID(w.nurse.ID), attendanceday.StatusEQ(attendanceday.StatusSICK)).Count(apitest.Sys()))(t)
		if sick != 2 {
			t.Errorf("%d sick days, want 2", sick)
		}
		// Annual leave may be postponed, with a note.
		w.asNurse.MustDo(&req, reqLeave, leaveIn(w.nurse, "ANNUAL", "2026-05-04", "2026-05-05", nil))
		w.asBoss.MustDo(nil, decide, map[string]any{"id": req.RequestLeave.ID, "d": "POSTPONE", "note": "Akreditasi puskesmas"})
		if st := apitest.Must(w.s.DB.Client.LeaveRequest.Get(apitest.Sys(), mustAtoi(t, req.RequestLeave.ID)))(t).Status; st != leaverequest.StatusPOSTPONED {
			t.Errorf("status = %s, want POSTPONED", st)
		}
		// Personal data: the analyst and outsiders get no balance.
		w.analyst.MustFail("FORBIDDEN", "", balanceQ, map[string]any{"e": apitest.GID(w.nurse.ID), "y": 2026})
		w.asOut.MustFail("NOT_FOUND", "", balanceQ, map[string]any{"e": apitest.GID(w.nurse.ID), "y": 2026})
	})
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAttendanceAggregate(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		// Three days each of the nurse and the CPNS: present on time, late,
		// absent (closed by HR).
		for i, at := range []time.Time{wibAt(2026, 4, 6, 7, 30), wibAt(2026, 4, 7, 7, 45)} {
			w.at(at)
			w.asNurse.MustDo(nil, checkIn, nil)
			w.asCPNS.MustDo(nil, checkIn, map[string]any{"k": fmt.Sprint(i)})
		}
		w.at(wibAt(2026, 4, 9, 9, 0))
		for _, e := range []*ent.Employee{w.nurse, w.cpns} {
			w.hr.MustDo(nil, correct, map[string]any{"in": map[string]any{"employeeID": apitest.GID(e.ID), "date": "2026-04-08T00:00:00Z", "status": "ABSENT", "reason": "Tanpa keterangan"}})
		}
		const q = `{ attendanceAggregate(groupBy: [MONTH], measures: [DAYS_PRESENT, DAYS_LATE, LATE_MINUTES, ABSENT_WITHOUT_REASON, EMPLOYEES]) {
			key { value } count suppressed values { measure value } } }`
		type group struct {
			Key        []struct{ Value string }
			Count      *int
			Suppressed bool
			Values     []struct {
				Measure string
				Value   *float64
			}
		}
		var got struct{ AttendanceAggregate []group }
		w.hr.MustDo(&got, q, nil)
		if len(got.AttendanceAggregate) != 1 {
			t.Fatalf("groups = %+v, want one (2026-04)", got.AttendanceAggregate)
		}
		g := got.AttendanceAggregate[0]
		want := map[string]float64{"DAYS_PRESENT": 4, "DAYS_LATE": 2, "LATE_MINUTES": 30, "ABSENT_WITHOUT_REASON": 2, "EMPLOYEES": 2}
		if g.Key[0].Value != "2026-04" || g.Count == nil || *g.Count != 6 {
			t.Errorf("group %s count %v, want 2026-04 with 6 days", g.Key[0].Value, g.Count)
		}
		for _, v := range g.Values {
			if v.Value == nil || *v.Value != want[v.Measure] {
				t.Errorf("%s = %v, want %v", v.Measure, v.Value, want[v.Measure])
			}
		}
		// The analyst sees the province, under disclosure control by
		// employees: two employees are fewer than five, so the group is
		// hidden although it holds six days.
		w.analyst.MustDo(&got, q, nil)
		if len(got.AttendanceAggregate) != 1 || !got.AttendanceAggregate[0].Suppressed || got.AttendanceAggregate[0].Count != nil {
			t.Errorf("analyst's groups = %+v, want one suppressed group", got.AttendanceAggregate)
		}
		// Employees get no aggregates; nor may the analyst filter on status.
		w.asNurse.MustFail("FORBIDDEN", "", q, nil)
		w.analyst.MustFail("FORBIDDEN", "", `{ attendanceAggregate(where: {status: ABSENT}) { count } }`, nil)
		// The CSV download of the same.
		status, body := w.hr.Download("/export/attendance-aggregate.csv?groupBy=MONTH&measures=DAYS_PRESENT,LATE_MINUTES&bom=false")
		if status != 200 {
			t.Fatalf("download: status %d %s", status, body)
		}
		if want := "2026-04"; !strings.Contains(body, want) || !strings.Contains(body, ",4,30") {
			t.Errorf("CSV = %q, want the month with 4 days present and 30 late minutes", body)
		}
	})
}

func TestCloseDayAndDuty(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		w.at(wibAt(2026, 4, 6, 7, 41))
		w.asNurse.MustDo(nil, checkIn, nil) // never checks out
		w.at(wibAt(2026, 4, 6, 7, 20))
		w.asCPNS.MustDo(nil, checkIn, nil)
		w.at(wibAt(2026, 4, 6, 16, 5))
		w.asCPNS.MustDo(nil, checkOut, nil)

		cal := complaintdesk.Calendar()
		// The day is not over: nothing to close yet.
		if n, err := attendance.CloseDay(apitest.Sys(), w.s.DB.Client, cal, time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC), wibAt(2026, 4, 6, 23, 0)); err != nil || n != 0 {
			t.Fatalf("closing today: %d records, %v; want 0", n, err)
		}
		n, err := attendance.CloseDay(apitest.Sys(), w.s.DB.Client, cal, time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC), wibAt(2026, 4, 7, 1, 0))
		if err != nil || n != 3 {
			t.Fatalf("closing 6 April: %d records, %v; want 3 (the boss and the outsider absent, the nurse's missing check-out)", n, err)
		}
		get := func(e *ent.Employee) *ent.AttendanceDay {
			return apitest.Must(w.s.DB.Client.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.Date(time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC))).Only(apitest.Sys()))(t)
		}
		if d := get(w.boss); d.Status != attendanceday.StatusABSENT {
			t.Errorf("boss: %s, want ABSENT", d.Status)
		}
		// 07:41 to 16:00 is 499 minutes never worked after the check-in.
		if d := get(w.nurse); d.Status != attendanceday.StatusPRESENT || d.EarlyMinutes != 499 || d.LateMinutes != 11 {
			t.Errorf("nurse: %s, %d late, %d early; want PRESENT, 11 late, 499 early", d.Status, d.LateMinutes, d.EarlyMinutes)
		}
		if d := get(w.cpns); d.EarlyMinutes != 0 || d.LateMinutes != 0 {
			t.Errorf("cpns: %d late, %d early; want 0 and 0", d.LateMinutes, d.EarlyMinutes)
		}
		// Closing again changes nothing; a Saturday of five-day units has
		// nothing to close.
		if n, err := attendance.CloseDay(apitest.Sys(), w.s.DB.Client, cal, time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC), wibAt(2026, 4, 8, 1, 0)); err != nil || n != 1 {
			t.Errorf("closing 6 April again: %d records, %v; want 1 (the nurse's early minutes, rewritten to the same value)", n, err)
		}
		if n, err := attendance.CloseDay(apitest.Sys(), w.s.DB.Client, cal, time.Date(2026, 4, 11, 0, 0, 0, 0, time.UTC), wibAt(2026, 4, 13, 1, 0)); err != nil || n != 0 {
			t.Errorf("closing a Saturday: %d records, %v; want 0", n, err)
		}

		// Official duty: the direct superior records it; the employee may
		// not; a day already recorded as present blocks it.
		w.at(wibAt(2026, 4, 8, 9, 0))
		const duty = `mutation($e: ID!, $from: Time!, $to: Time!) { recordOfficialDuty(employeeID: $e, from: $from, to: $to, decreeNumber: "094/17/DINKES/2026") { date status decreeNumber } }`
		vars := func(from, to string) map[string]any {
			return map[string]any{"e": apitest.GID(w.nurse.ID), "from": from + "T00:00:00Z", "to": to + "T00:00:00Z"}
		}
		w.asNurse.MustFail("FORBIDDEN", "", duty, vars("2026-04-13", "2026-04-15"))
		w.asBoss.MustFail("CONFLICT", "from", duty, vars("2026-04-06", "2026-04-07"))
		var got struct {
			RecordOfficialDuty []struct{ Date, Status, DecreeNumber string }
		}
		// Friday 10 to Monday 13 April: two working days.
		w.asBoss.MustDo(&got, duty, vars("2026-04-10", "2026-04-13"))
		if len(got.RecordOfficialDuty) != 2 || got.RecordOfficialDuty[0].Status != "DUTY" || got.RecordOfficialDuty[1].DecreeNumber != "094/17/DINKES/2026" {
			t.Errorf("duty days = %+v, want 10 and 13 April, DUTY with the decree", got.RecordOfficialDuty)
		}
	})
}

func TestCalendarAdministration(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAttendanceWorld(t, dsn)
		const setWeek = `mutation($u: ID!) { setWorkSchedule(unitID: $u, kind: SIX_DAY) { kind } }`
		const except = `mutation($u: ID) { createCalendarException(input: {kind: NON_WORKING, startsOn: "2026-04-08T00:00:00Z", endsOn: "2026-04-08T00:00:00Z", name: "HUT Kabupaten", unitID: $u}) { id } }`
		u := map[string]any{"u": apitest.GID(w.unit.ID)}
		w.hrOther.MustFail("FORBIDDEN", "", setWeek, u)
		w.asNurse.MustFail("FORBIDDEN", "", setWeek, u)
		w.s.Public().MustFail("UNAUTHENTICATED", "", setWeek, u)
		w.hr.MustFail("FORBIDDEN", "", except, map[string]any{"u": nil}) // every unit: admins only
		w.hr.MustDo(nil, setWeek, u)
		w.hr.MustDo(nil, except, u)
		const calQ = `query($u: ID!) { workingCalendar(unitID: $u, from: "2026-04-06T00:00:00Z", to: "2026-04-11T00:00:00Z") { working reason scheduledMinutes week } }`
		var got struct {
			WorkingCalendar []struct {
				Working          bool
				Reason           *string
				ScheduledMinutes int
				Week             string
			}
		}
		w.asNurse.MustDo(&got, calQ, u)
		days := got.WorkingCalendar
		if len(days) != 6 || !days[0].Working || days[0].ScheduledMinutes != 420 || days[2].Working || days[2].Reason == nil || *days[2].Reason != "HUT Kabupaten" ||
			!days[5].Working || days[5].ScheduledMinutes != 330 || days[5].Week != "SIX_DAY" {
			t.Errorf("calendar = %+v; want six days of a six-day week, Wednesday the local holiday, Saturday 07:00–12:30", days)
		}
		// The other agency keeps the five-day week: Saturday is off.
		w.asNurse.MustDo(&got, calQ, map[string]any{"u": apitest.GID(w.other.ID)})
		if d := got.WorkingCalendar; d[5].Working || d[2].Working != true {
			t.Errorf("other agency = %+v; want Wednesday worked, Saturday off", d)
		}
	})
}
