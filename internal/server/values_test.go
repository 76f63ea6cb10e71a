package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/apitest"
)

// clockAt moves the server's clock to t and returns an admin view whose
// token is valid at t.
func clockAt(s *apitest.Server, t time.Time) *apitest.Server {
	s.Now.Store(&t)
	return s.AsAccount(s.Admin)
}

// midnightWIB is 2026-03-05 00:00 in WIB: "today" is 5 March there, while
// it is still 4 March in UTC.
var midnightWIB = time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC)

const updateEmployee = `mutation($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { id } }`

// TestNIPAppointmentRules: the NIP's birth date and appointment month
// against the CPNS date, at the boundaries of the rules.
func TestNIPAppointmentRules(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		admin := clockAt(s, midnightWIB)
		create := func(number, employmentType, rank, cpnsDate string) map[string]any {
			in := employeeInput(number, u.ID)
			in["employmentType"], in["rank"] = employmentType, rank
			if cpnsDate != "" {
				in["cpnsDate"] = cpnsDate + "T00:00:00Z"
			}
			return map[string]any{"input": in}
		}
		for _, tc := range []struct {
			name, nip, typ, rank, cpns string
			field, want                string // field "" means accepted
		}{
			{"18 years minus a day", "199003152008032001", "PNS", "II/a", "2008-03-14", "cpnsDate", "before the holder's 18th birthday, 2008-03-15"},
			{"on the 18th birthday", "199003152008032001", "PNS", "II/a", "2008-03-15", "", ""},
			{"first day of the TMT month", "198507212010031001", "PNS", "III/a", "2010-03-01", "", ""},
			{"last day of the TMT month", "198507212010031002", "PNS", "III/a", "2010-03-31", "", ""},
			{"the day before the TMT month", "198507212010031003", "PNS", "III/a", "2010-02-28", "cpnsDate", "is not in 2010-03, the appointment month the NIP"},
			{"the day after the TMT month", "198507212010031003", "PNS", "III/a", "2010-04-01", "cpnsDate", "is not in 2010-03"},
			{"a CPNS keeps the PNS rule", "198507212010031004", "CPNS", "III/a", "2010-05-01", "cpnsDate", "is not in 2010-03"},
			{"a TMT month before turning 18", "199003152008022002", "PNS", "II/a", "", "nip", "entirely before the holder's 18th birthday, 2008-03-15"},
			{"born tomorrow in WIB", "202603062044031001", "PNS", "II/a", "", "nip", "the birth date 2026-03-06 the NIP encodes is in the future (today is 2026-03-05)"},
			{"born before 1940", "193912311960011001", "PNS", "II/a", "", "nip", "the birth year 1939 is out of range (1940–2100)"},
			{"an appointment years ahead", "200001012028011001", "PNS", "II/a", "", "nip", "more than a year from today"},
			{"PPPK: any month of the year", "199003152008011005", "PPPK", "V", "2008-11-01", "", ""},
			{"PPPK: still 18 years", "199003152008011006", "PPPK", "V", "2008-03-14", "cpnsDate", "before the holder's 18th birthday"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				admin := admin.With(t)
				before := countEmployees(t, s)
				vars := create(tc.nip, tc.typ, tc.rank, tc.cpns)
				if tc.field == "" {
					admin.MustDo(nil, createEmployee, vars)
					return
				}
				e := admin.MustFail("BAD_USER_INPUT", tc.field, createEmployee, vars)
				if !strings.Contains(e.Message, tc.want) {
					t.Errorf("message %q does not say %q", e.Message, tc.want)
				}
				if n := countEmployees(t, s); n != before {
					t.Errorf("employees = %d after a refused create, want %d", n, before)
				}
			})
		}
		// Changing the CPNS date later obeys the same rule.
		e := apitest.Must(s.DB.Client.Employee.Query().Where(employee.Nip("198507212010031001")).Only(apitest.Sys()))(t)
		admin.MustFail("BAD_USER_INPUT", "cpnsDate", updateEmployee, map[string]any{"id": apitest.GID(e.ID), "input": map[string]any{"cpnsDate": "2010-04-01T00:00:00Z"}})
		if got := apitest.Must(s.DB.Client.Employee.Get(apitest.Sys(), e.ID))(t).CpnsDate; got == nil || got.UTC().Format(time.DateOnly) != "2010-03-01" {
			t.Errorf("cpnsDate = %v after a refused change, want 2010-03-01", got)
		}
		admin.MustDo(nil, updateEmployee, map[string]any{"id": apitest.GID(e.ID), "input": map[string]any{"cpnsDate": "2010-03-31T00:00:00Z"}})
	})
}

// TestServiceDateBounds: service, decree and training dates from 1950 to
// a year (trainings: five years) after today in WIB; years 0 and 9999 are
// refused and change nothing.
func TestServiceDateBounds(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		u, to := s.MustUnit("1.02", nil, r), s.MustUnit("1.03", nil, r)
		emp := s.MustEmployee(u)
		admin := clockAt(s, midnightWIB)
		ctx := apitest.Sys()

		pns := func(date string) map[string]any {
			return map[string]any{"id": apitest.GID(emp.ID), "input": map[string]any{"pnsDate": date + "T00:00:00Z"}}
		}
		admin.MustDo(nil, updateEmployee, pns("1950-01-01"))
		admin.MustDo(nil, updateEmployee, pns("2027-03-05")) // today + 1 year in WIB
		for _, d := range []string{"0000-01-01", "1949-12-31", "2027-03-06", "9999-12-31"} {
			admin.MustFail("BAD_USER_INPUT", "pnsDate", updateEmployee, pns(d))
		}
		if got := apitest.Must(s.DB.Client.Employee.Get(ctx, emp.ID))(t).PnsDate; got == nil || got.UTC().Format(time.DateOnly) != "2027-03-05" {
			t.Errorf("pnsDate = %v after refused changes, want 2027-03-05", got)
		}

		decreeIn := func(date, effective string) map[string]any {
			return map[string]any{"input": map[string]any{"employeeID": apitest.GID(emp.ID), "toUnitID": apitest.GID(to.ID),
				"decree": map[string]any{"number": "821.2/45/III.04/2026", "date": date + "T00:00:00Z", "effectiveDate": effective + "T00:00:00Z"}}}
		}
		admin.MustFail("BAD_USER_INPUT", "decree.date", transfer, decreeIn("0000-01-01", "2026-04-01"))
		admin.MustFail("BAD_USER_INPUT", "decree.effectiveDate", transfer, decreeIn("2026-03-01", "9999-12-31"))
		admin.MustFail("BAD_USER_INPUT", "decree.effectiveDate", transfer, decreeIn("2026-03-01", "2027-03-06"))
		if e := apitest.Must(s.DB.Client.Employee.Get(ctx, emp.ID))(t); e.UnitID != u.ID {
			t.Errorf("employee moved to unit %d by a refused transfer", e.UnitID)
		}
		if n := apitest.Must(s.DB.Client.CareerEvent.Query().Count(ctx))(t); n != 0 {
			t.Errorf("career events = %d after refused transfers, want 0", n)
		}
		admin.MustDo(nil, transfer, decreeIn("2026-03-05", "2027-03-05"))

		const create = `mutation($input: CreateTrainingInput!) { createTraining(input: $input) { id } }`
		training := func(code, opens, closes, starts string) map[string]any {
			return map[string]any{"input": map[string]any{
				"code": code, "title": "Pelatihan Teknis", "category": "TECHNICAL", "method": "CLASSICAL", "hoursJp": 24, "quota": 30,
				"organizerID": apitest.GID(u.ID), "registrationOpens": opens + "T00:00:00Z", "registrationCloses": closes + "T00:00:00Z",
				"startsOn": starts + "T00:00:00Z", "endsOn": starts + "T00:00:00Z",
			}}
		}
		admin.MustFail("BAD_USER_INPUT", "registrationOpens", create, training("T-0", "0000-01-01", "0000-02-01", "0000-03-01"))
		admin.MustFail("BAD_USER_INPUT", "startsOn", create, training("T-9999", "2026-03-01", "2026-03-10", "9999-01-01"))
		admin.MustFail("BAD_USER_INPUT", "startsOn", create, training("T-5Y1D", "2026-03-01", "2026-03-10", "2031-03-06"))
		if n := apitest.Must(s.DB.Client.Training.Query().Count(ctx))(t); n != 0 {
			t.Errorf("trainings = %d after refused creates, want 0", n)
		}
		admin.MustDo(nil, create, training("T-5Y", "2026-03-01", "2026-03-10", "2031-03-05"))
	})
}

// TestWorkLogDayInWIB: a work log may be dated up to today in WIB — at the
// day boundary, "tomorrow" becomes "today" at midnight WIB, not UTC.
func TestWorkLogDayInWIB(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		e := s.MustEmployee(u)
		const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { date } }`
		entry := func(day string) map[string]any {
			return map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "date": day + "T00:00:00Z",
				"activity": "Menyusun laporan kepegawaian", "output": "laporan", "quantity": 1, "minutes": 60}}
		}
		count := func() int { return apitest.Must(s.DB.Client.WorkLog.Query().Count(apitest.Sys()))(t) }

		late := clockAt(s, midnightWIB.Add(-time.Second)) // 4 March, 23:59:59 WIB
		late.MustFail("BAD_USER_INPUT", "date", logWork, entry("2026-03-05"))
		late.MustDo(nil, logWork, entry("2026-03-04"))
		for _, d := range []string{"0000-01-01", "1999-12-31", "9999-12-31"} {
			late.MustFail("BAD_USER_INPUT", "date", logWork, entry(d))
		}
		if n := count(); n != 1 {
			t.Errorf("work logs = %d after refused entries, want 1", n)
		}
		midnight := clockAt(s, midnightWIB) // 5 March, 00:00 WIB (still 4 March in UTC)
		midnight.MustDo(nil, logWork, entry("2026-03-05"))
		midnight.MustFail("BAD_USER_INPUT", "date", logWork, entry("2026-03-06"))
		midnight.MustDo(nil, logWork, entry("2000-01-01"))
		if n := count(); n != 3 {
			t.Errorf("work logs = %d, want 3", n)
		}
	})
}

// TestInvisibleCharactersRefused: control, bidirectional and zero-width
// characters are refused in the names and texts of every entity, naming
// the field; long texts keep their tabs and line breaks.
func TestInvisibleCharactersRefused(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		liftSubmitLimit(t)
		s := apitest.Start(t, dsn)
		ctx := apitest.Sys()
		r := s.MustRegion("18.71", false)
		u, to := s.MustUnit("1.02", nil, r), s.MustUnit("1.03", nil, r)
		boss := s.MustEmployee(u)
		emp := s.MustEmployee(u, apitest.WithSuperior(boss))
		tr := s.MustTraining("T-TXT", u, 5)
		c := s.DB.Client
		// snapshot is everything the refused writes could have touched.
		snapshot := func() string {
			var b strings.Builder
			for _, x := range apitest.Must(c.Unit.Query().Order(ent.Asc("id")).All(ctx))(t) {
				b.WriteString(x.Name + "|" + x.Address + "\n")
			}
			for _, x := range apitest.Must(c.Employee.Query().Order(ent.Asc("id")).All(ctx))(t) {
				fmt.Fprintf(&b, "%s|%s|%s|unit %d\n", x.Name, x.FrontTitle, x.Address, x.UnitID)
			}
			for _, x := range apitest.Must(c.Training.Query().Order(ent.Asc("id")).All(ctx))(t) {
				b.WriteString(x.Title + "|" + x.Description + "\n")
			}
			fmt.Fprintf(&b, "complaints %d, work logs %d, career events %d", apitest.Must(c.Complaint.Query().Count(ctx))(t), apitest.Must(c.WorkLog.Query().Count(ctx))(t), apitest.Must(c.CareerEvent.Query().Count(ctx))(t))
			return b.String()
		}
		before := snapshot()
		const createUnit = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`
		const updateTraining = `mutation($id: ID!, $input: UpdateTrainingInput!) { updateTraining(id: $id, input: $input) { id } }`
		const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`
		unitIn := func(name string) map[string]any {
			return map[string]any{"input": map[string]any{"code": "1.02.9", "name": name, "kind": "DIVISION", "regionID": apitest.GID(r.ID), "parentID": apitest.GID(u.ID)}}
		}
		transferIn := func(number, notes string) map[string]any {
			return map[string]any{"input": map[string]any{"employeeID": apitest.GID(emp.ID), "toUnitID": apitest.GID(to.ID), "notes": notes,
				"decree": map[string]any{"number": number, "date": "2026-01-05T00:00:00Z", "effectiveDate": "2026-02-01T00:00:00Z"}}}
		}
		workIn := func(activity string) map[string]any {
			return map[string]any{"input": map[string]any{"employeeID": apitest.GID(emp.ID), "date": time.Now().UTC().Format(time.RFC3339),
				"activity": activity, "output": "dokumen", "quantity": 1, "minutes": 30}}
		}
		pub := s.Public()
		for _, tc := range []struct {
			name, field, query string
			as                 *apitest.Server
			vars               map[string]any
		}{
			{"right-to-left override in a unit name", "name", createUnit, s, unitIn("Bidang P2P\u202Egnp.exe")},
			{"zero-width space in a front title", "frontTitle", updateEmployee, s, map[string]any{"id": apitest.GID(emp.ID), "input": map[string]any{"frontTitle": "dr.\u200B"}}},
			{"isolate in a name", "name", updateEmployee, s, map[string]any{"id": apitest.GID(emp.ID), "input": map[string]any{"name": "Siti \u2066Rahma"}}},
			{"line break in a name", "name", updateEmployee, s, map[string]any{"id": apitest.GID(emp.ID), "input": map[string]any{"name": "Siti\nRahma"}}},
			{"bell in an address", "address", updateEmployee, s, map[string]any{"id": apitest.GID(emp.ID), "input": map[string]any{"address": "Jl. Kartini\a 12"}}},
			{"byte-order mark in a training title", "title", updateTraining, s, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"title": "\uFEFFPelatihan"}}},
			{"C1 control in a description", "description", updateTraining, s, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"description": "Materi:\u0085 etika"}}},
			{"zero-width joiner in a decree number", "decree.number", transfer, s, transferIn("821.2/45\u200D/2026", "")},
			{"bidi embedding in transfer notes", "notes", transfer, s, transferIn("821.2/45/2026", "pemerataan \u202Atenaga")},
			{"line break in a work-log activity", "activity", logWork, s, workIn("Rapat\nkoordinasi")},
			{"override in a complaint body", "body", submitComplaint, pub, map[string]any{"in": complaintInput(set("body", "Obat hipertensi tidak tersedia di puskesmas \u202Esejak lama."))}},
			{"tab in a complaint title", "title", submitComplaint, pub, map[string]any{"in": complaintInput(set("title", "Antrean\tlama sekali"))}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := tc.as.With(t).MustFail("BAD_USER_INPUT", tc.field, tc.query, tc.vars)
				if !strings.Contains(e.Message, "U+") {
					t.Errorf("message %q does not name the character", e.Message)
				}
				if after := snapshot(); after != before {
					t.Errorf("a refused write changed the data:\nbefore %q\nafter  %q", before, after)
				}
			})
		}
		// Long texts keep their tabs and line breaks.
		s.MustDo(nil, updateTraining, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"description": "Materi:\n\t1. Etika\r\n\t2. Pelayanan"}})
		if got := apitest.Must(c.Training.Get(ctx, tr.ID))(t).Description; got != "Materi:\n\t1. Etika\r\n\t2. Pelayanan" {
			t.Errorf("description = %q", got)
		}
	})
}
