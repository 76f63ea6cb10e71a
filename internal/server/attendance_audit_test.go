package server_test

import (
	"testing"
	"time"

	"simasn/ent/attendanceday"
	"simasn/internal/apitest"
	"simasn/internal/dates"
)

// fixClock sets the audit world's clock to a fixed working day (Monday
// 6 April 2026, 08:00 WIB) until the recipe's subtest ends; accounts made
// after it sign in by that clock.
func fixClock(t *testing.T, w *auditWorld) time.Time {
	prev := w.s.Now.Load()
	at := wibAt(2026, 4, 6, 8, 0)
	w.s.Now.Store(&at)
	t.Cleanup(func() { w.s.Now.Store(prev) })
	return at
}

// The audit recipes of the attendance and leave mutations.
func init() {
	auditRecipes["setWorkSchedule"] = func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "WorkSchedule",
			query: `mutation($u: ID!) { setWorkSchedule(unitID: $u, kind: SIX_DAY) { id } }`, vars: map[string]any{"u": apitest.GID(w.unit().ID)}}
	}
	auditRecipes["createCalendarException"] = func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "CalendarException",
			query: `mutation($u: ID!) { createCalendarException(input: {kind: NON_WORKING, startsOn: "2026-08-18T00:00:00Z", endsOn: "2026-08-18T00:00:00Z", name: "HUT Kabupaten", unitID: $u}) { id } }`,
			vars:  map[string]any{"u": apitest.GID(w.unit().ID)}}
	}
	auditRecipes["checkIn"] = func(t *testing.T, w *auditWorld) auditCall {
		fixClock(t, w)
		as, name := w.account("EMPLOYEE", nil, w.s.MustEmployee(w.unit()))
		return auditCall{as: as, actor: name, entity: "AttendanceDay", query: `mutation { checkIn(requestKey: "a") { id } }`}
	}
	auditRecipes["checkOut"] = func(t *testing.T, w *auditWorld) auditCall {
		at := fixClock(t, w)
		e := w.s.MustEmployee(w.unit())
		apitest.Check(w.s.DB.Client.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(dates.Today(at)).SetStatus(attendanceday.StatusPRESENT).
			SetCheckInAt(at.Add(-time.Hour)).Exec(apitest.Sys()))(t)
		as, name := w.account("EMPLOYEE", nil, e)
		return auditCall{as: as, actor: name, entity: "AttendanceDay", query: `mutation { checkOut { id } }`}
	}
	auditRecipes["correctAttendance"] = func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "AttendanceDay",
			query: `mutation($e: ID!) { correctAttendance(input: {employeeID: $e, date: "2026-04-06T00:00:00Z", status: ABSENT, reason: "Tanpa keterangan"}) { id } }`,
			vars:  map[string]any{"e": apitest.GID(e.ID)}}
	}
	auditRecipes["recordOfficialDuty"] = func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "AttendanceDay",
			query: `mutation($e: ID!) { recordOfficialDuty(employeeID: $e, from: "2026-04-06T00:00:00Z", to: "2026-04-07T00:00:00Z", decreeNumber: "094/17/DINKES/2026") { id } }`,
			vars:  map[string]any{"e": apitest.GID(e.ID)}}
	}
	auditRecipes["requestLeave"] = func(t *testing.T, w *auditWorld) auditCall {
		fixClock(t, w)
		e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
		as, name := w.account("EMPLOYEE", nil, e)
		return auditCall{as: as, actor: name, entity: "LeaveRequest",
			query: `mutation($e: ID!) { requestLeave(input: {employeeID: $e, kind: SICK, startsOn: "2026-04-07T00:00:00Z", endsOn: "2026-04-08T00:00:00Z", document: "SKD 12/2026"}) { id } }`,
			vars:  map[string]any{"e": apitest.GID(e.ID)}}
	}
	auditRecipes["decideLeave"] = func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
		r := apitest.Must(w.s.DB.Client.LeaveRequest.Create().SetEmployeeID(e.ID).SetKind("ANNUAL").SetStartsOn(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)).
			SetEndsOn(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)).SetWorkingDays(2).Save(apitest.Sys()))(t)
		return auditCall{as: w.leader, actor: "leader.audit", entity: "LeaveRequest",
			query: `mutation($id: ID!) { decideLeave(id: $id, decision: REFUSE, note: "Akreditasi") { id } }`, vars: idVar(r.ID)}
	}
}
