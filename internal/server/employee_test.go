package server_test

import (
	"testing"

	"simasn/ent/careerevent"
	"simasn/internal/apitest"
)

const createEmployee = `mutation($input: CreateEmployeeInput!, $appointment: DecreeInput) {
  createEmployee(input: $input, appointment: $appointment) {
    id nip name birthDate gender rank unit { code } careerEvents { kind decreeNumber toValue }
  }
}`

func employeeInput(number string, unitID int) map[string]any {
	return map[string]any{
		"nip": number, "name": "Siti Rahmawati", "backTitle": "S.Kep., Ners",
		"employmentType": "PNS", "rank": "III/b",
		"positionName": "Perawat Ahli Pertama", "positionType": "FUNGSIONAL_KEAHLIAN", "positionLevel": "AHLI_PERTAMA",
		"professionGroup": "HEALTH", "educationLevel": "S1", "unitID": apitest.GID(unitID),
	}
}

func countEmployees(t *testing.T, s *apitest.Server) int {
	t.Helper()
	n, err := s.DB.Client.Employee.Query().Count(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateEmployee(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.13", true)
		u := s.MustUnit("1.02", nil, r)

		var got struct {
			CreateEmployee struct {
				ID, Nip, BirthDate, Gender, Rank string
				Unit                             struct{ Code string }
				CareerEvents                     []struct{ Kind, DecreeNumber, ToValue string }
			}
		}
		// A woman born 1990-07-21, CPNS since 2015-02, serial 003.
		s.MustDo(&got, createEmployee, map[string]any{
			"input":       employeeInput("199007212015022003", u.ID),
			"appointment": map[string]any{"number": "800/12/BKD/2015", "date": "2015-01-20T00:00:00Z", "effectiveDate": "2015-02-01T00:00:00Z"},
		})
		e := got.CreateEmployee
		if e.BirthDate != "1990-07-21T00:00:00Z" || e.Gender != "FEMALE" {
			t.Errorf("derived birthDate, gender = %s, %s; want 1990-07-21T00:00:00Z, FEMALE", e.BirthDate, e.Gender)
		}
		if e.Unit.Code != "1.02" {
			t.Errorf("unit = %s, want 1.02", e.Unit.Code)
		}
		if len(e.CareerEvents) != 1 || e.CareerEvents[0].Kind != "APPOINTMENT" || e.CareerEvents[0].DecreeNumber != "800/12/BKD/2015" {
			t.Errorf("career events = %+v, want one APPOINTMENT with the decree", e.CareerEvents)
		}

		for _, tc := range []struct {
			name, code, field string
			change            func(map[string]any)
		}{
			{"duplicate NIP", "CONFLICT", "nip", func(in map[string]any) {}},
			{"bad date in NIP", "BAD_USER_INPUT", "nip", func(in map[string]any) { in["nip"] = "199002302015022003" }},
			{"bad gender digit", "BAD_USER_INPUT", "nip", func(in map[string]any) { in["nip"] = "199007212015023003" }},
			{"short NIP", "BAD_USER_INPUT", "nip", func(in map[string]any) { in["nip"] = "19900721201502200" }},
			{"letters in NIP", "BAD_USER_INPUT", "nip", func(in map[string]any) { in["nip"] = "19900721201502200X" }},
			{"PNS rank for PPPK", "BAD_USER_INPUT", "rank", func(in map[string]any) {
				in["nip"], in["employmentType"] = "199007212021012004", "PPPK"
			}},
			{"rank that does not exist", "BAD_USER_INPUT", "rank", func(in map[string]any) { in["nip"], in["rank"] = "199007212015022005", "III/e" }},
			{"functional position without level", "BAD_USER_INPUT", "positionLevel", func(in map[string]any) {
				in["nip"] = "199007212015022006"
				delete(in, "positionLevel")
			}},
			{"unknown unit", "BAD_USER_INPUT", "unitID", func(in map[string]any) { in["nip"], in["unitID"] = "199007212015022007", "999999" }},
			{"empty name", "BAD_USER_INPUT", "name", func(in map[string]any) { in["nip"], in["name"] = "199007212015022008", "" }},
			{"decree without number", "BAD_USER_INPUT", "appointment.number", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := s.With(t)
				before := countEmployees(t, s)
				in := employeeInput("199007212015022003", u.ID)
				vars := map[string]any{"input": in}
				if tc.change != nil {
					tc.change(in)
				} else {
					in["nip"] = "199007212015022009"
					vars["appointment"] = map[string]any{"number": " ", "date": "2015-01-20T00:00:00Z", "effectiveDate": "2015-02-01T00:00:00Z"}
				}
				e := s.MustFail(tc.code, tc.field, createEmployee, vars)
				if e.Message == "" {
					t.Error("the error has no message")
				}
				if got := countEmployees(t, s); got != before {
					t.Errorf("employees = %d after a failed create, want %d", got, before)
				}
			})
		}
	})
}

func TestUpdateEmployee(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		boss := s.MustEmployee(u)
		staff := s.MustEmployee(u, apitest.WithSuperior(boss))
		const update = `mutation($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { name phone superior { id } } }`

		var got struct {
			UpdateEmployee struct {
				Name, Phone string
				Superior    struct{ ID string }
			}
		}
		s.MustDo(&got, update, map[string]any{"id": apitest.GID(staff.ID), "input": map[string]any{"name": "Budi Santoso", "phone": "+62 812 7000 1234"}})
		if got.UpdateEmployee.Name != "Budi Santoso" || got.UpdateEmployee.Superior.ID != apitest.GID(boss.ID) {
			t.Errorf("updateEmployee = %+v", got.UpdateEmployee)
		}
		s.MustFail("BAD_USER_INPUT", "superiorID", update, map[string]any{"id": apitest.GID(boss.ID), "input": map[string]any{"superiorID": apitest.GID(staff.ID)}})
		s.MustFail("BAD_USER_INPUT", "superiorID", update, map[string]any{"id": apitest.GID(boss.ID), "input": map[string]any{"superiorID": apitest.GID(boss.ID)}})
		s.MustFail("BAD_USER_INPUT", "phone", update, map[string]any{"id": apitest.GID(staff.ID), "input": map[string]any{"phone": "call me"}})
		s.MustFail("NOT_FOUND", "", update, map[string]any{"id": "123456", "input": map[string]any{"name": "X"}})
		// The failed updates changed nothing.
		fresh := apitest.Must(s.DB.Client.Employee.Get(apitest.Sys(), boss.ID))(t)
		if fresh.SuperiorID != nil {
			t.Errorf("boss's superior = %v after refused updates, want none", *fresh.SuperiorID)
		}
	})
}

const transfer = `mutation($input: TransferEmployeeInput!) {
  transferEmployee(input: $input) { kind fromUnit { code } toUnit { code } employee { unit { code region { code } } superior { id } } }
}`

func decree() map[string]any {
	return map[string]any{"number": "821.2/45/III.04/2026", "date": "2026-01-05T00:00:00Z", "effectiveDate": "2026-02-01T00:00:00Z"}
}

func TestTransferEmployee(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		city, remote := s.MustRegion("18.71", false), s.MustRegion("18.13", true)
		from := s.MustUnit("1.02", nil, city)
		to := s.MustUnit("1.02.PKM.01", from, remote)
		head := s.MustEmployee(to)
		e := s.MustEmployee(from)

		var got struct {
			TransferEmployee struct {
				Kind             string
				FromUnit, ToUnit struct{ Code string }
				Employee         struct {
					Unit struct {
						Code   string
						Region struct{ Code string }
					}
					Superior *struct{ ID string }
				}
			}
		}
		s.MustDo(&got, transfer, map[string]any{"input": map[string]any{
			"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(to.ID), "superiorID": apitest.GID(head.ID), "decree": decree(), "notes": "pemerataan tenaga kesehatan",
		}})
		tr := got.TransferEmployee
		if tr.Kind != "TRANSFER" || tr.FromUnit.Code != "1.02" || tr.ToUnit.Code != "1.02.PKM.01" {
			t.Errorf("event = %+v, want a TRANSFER from 1.02 to 1.02.PKM.01", tr)
		}
		if tr.Employee.Unit.Code != "1.02.PKM.01" || tr.Employee.Unit.Region.Code != "18.13" {
			t.Errorf("employee unit after transfer = %+v, want 1.02.PKM.01 in 18.13", tr.Employee.Unit)
		}
		if tr.Employee.Superior == nil || tr.Employee.Superior.ID != apitest.GID(head.ID) {
			t.Errorf("superior after transfer = %+v, want %d", tr.Employee.Superior, head.ID)
		}

		events := func() int {
			return apitest.Must(s.DB.Client.CareerEvent.Query().Count(apitest.Sys()))(t)
		}
		before := events()
		for _, tc := range []struct {
			name, code, field string
			input             map[string]any
		}{
			{"to the same unit", "BAD_USER_INPUT", "toUnitID", map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(to.ID), "decree": decree()}},
			{"to a unit that does not exist", "BAD_USER_INPUT", "toUnitID", map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": "424242", "decree": decree()}},
			{"unknown employee", "NOT_FOUND", "", map[string]any{"employeeID": "424242", "toUnitID": apitest.GID(from.ID), "decree": decree()}},
			{"without decree number", "BAD_USER_INPUT", "decree.number", map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(from.ID),
				"decree": map[string]any{"number": "", "date": "2026-01-05T00:00:00Z", "effectiveDate": "2026-02-01T00:00:00Z"}}},
			{"to oneself as superior", "BAD_USER_INPUT", "superiorID", map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(from.ID), "superiorID": apitest.GID(e.ID), "decree": decree()}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := s.With(t)
				s.MustFail(tc.code, tc.field, transfer, map[string]any{"input": tc.input})
				if got := events(); got != before {
					t.Errorf("career events = %d after a refused transfer, want %d", got, before)
				}
				if u := apitest.Must(s.DB.Client.Employee.Get(apitest.Sys(), e.ID))(t).UnitID; u != to.ID {
					t.Errorf("unit = %d after a refused transfer, want %d", u, to.ID)
				}
			})
		}

		// The history is append-only, whoever writes.
		ev := apitest.Must(s.DB.Client.CareerEvent.Query().Where(careerevent.EmployeeID(e.ID)).First(apitest.Sys()))(t)
		if err := s.DB.Client.CareerEvent.UpdateOne(ev).Exec(apitest.Sys()); err == nil {
			t.Error("updating a career event succeeded, want it refused")
		}
		if err := s.DB.Client.CareerEvent.DeleteOne(ev).Exec(apitest.Sys()); err == nil {
			t.Error("deleting a career event succeeded, want it refused")
		}
	})
}

func TestPromotePositionStatus(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		e := s.MustEmployee(u)
		const promote = `mutation($input: PromoteEmployeeInput!) { promoteEmployee(input: $input) { kind fromValue toValue employee { rank rankDate } } }`
		var got struct {
			PromoteEmployee struct {
				Kind, FromValue, ToValue string
				Employee                 struct{ Rank, RankDate string }
			}
		}
		s.MustDo(&got, promote, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toRank": "III/b", "decree": decree()}})
		p := got.PromoteEmployee
		if p.Kind != "RANK_PROMOTION" || p.FromValue != "III/a" || p.ToValue != "III/b" || p.Employee.Rank != "III/b" || p.Employee.RankDate != "2026-02-01T00:00:00Z" {
			t.Errorf("promotion = %+v", p)
		}
		s.MustFail("BAD_USER_INPUT", "toRank", promote, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toRank": "II/d", "decree": decree()}})
		s.MustFail("BAD_USER_INPUT", "toRank", promote, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toRank": "V/a", "decree": decree()}})

		const position = `mutation($input: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $input) { kind toValue employee { positionName positionType positionLevel } } }`
		var pos struct {
			ChangeEmployeePosition struct {
				Kind, ToValue string
				Employee      struct {
					PositionName, PositionType string
					PositionLevel              *string
				}
			}
		}
		s.MustDo(&pos, position, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "Kepala Seksi Mutasi", "positionType": "PENGAWAS", "decree": decree()}})
		if c := pos.ChangeEmployeePosition; c.Kind != "POSITION_CHANGE" || c.Employee.PositionType != "PENGAWAS" || c.Employee.PositionLevel != nil {
			t.Errorf("position change = %+v", c)
		}
		s.MustFail("BAD_USER_INPUT", "positionLevel", position, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "X", "positionType": "PENGAWAS", "positionLevel": "AHLI_MUDA", "decree": decree()}})
		// A functional position with its level (the level is cleared and set
		// in one UPDATE: PostgreSQL refuses a column assigned twice).
		s.MustDo(&pos, position, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "Analis Kepegawaian Ahli Muda", "positionType": "FUNGSIONAL_KEAHLIAN", "positionLevel": "AHLI_MUDA", "decree": decree()}})
		if c := pos.ChangeEmployeePosition; c.Employee.PositionType != "FUNGSIONAL_KEAHLIAN" || c.Employee.PositionLevel == nil || *c.Employee.PositionLevel != "AHLI_MUDA" {
			t.Errorf("change to a functional position = %+v", c)
		}
		// And back to a structural one, which has no level.
		s.MustDo(&pos, position, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "Kepala Seksi Mutasi", "positionType": "PENGAWAS", "decree": decree()}})
		if c := pos.ChangeEmployeePosition; c.Employee.PositionType != "PENGAWAS" || c.Employee.PositionLevel != nil {
			t.Errorf("change back to a structural position = %+v", c)
		}

		const status = `mutation($input: ChangeEmployeeStatusInput!) { changeEmployeeStatus(input: $input) { kind fromValue toValue employee { status } } }`
		var st struct {
			ChangeEmployeeStatus struct {
				Kind, FromValue, ToValue string
				Employee                 struct{ Status string }
			}
		}
		s.MustDo(&st, status, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "status": "ON_LEAVE", "decree": decree()}})
		if c := st.ChangeEmployeeStatus; c.FromValue != "ACTIVE" || c.Employee.Status != "ON_LEAVE" {
			t.Errorf("status change = %+v", c)
		}
		s.MustFail("BAD_USER_INPUT", "status", status, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "status": "ON_LEAVE", "decree": decree()}})
		s.MustFail("BAD_USER_INPUT", "status", status, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "status": "ON_HOLIDAY", "decree": decree()}})

		var hist struct {
			Employee struct {
				CareerEvents []struct{ Kind string }
			} `json:"employeeByNip"`
		}
		s.MustDo(&hist, `query($nip: String!) { employeeByNip(nip: $nip) { careerEvents { kind } } }`, map[string]any{"nip": e.Nip})
		if n := len(hist.Employee.CareerEvents); n != 5 {
			t.Errorf("career events = %d, want 5 (promotion, three positions, status)", n)
		}
		var none struct{ EmployeeByNip *struct{ ID string } }
		s.MustDo(&none, `{ employeeByNip(nip: "000000000000000000") { id } }`, nil)
		if none.EmployeeByNip != nil {
			t.Errorf("employeeByNip of an unknown NIP = %+v, want null", none.EmployeeByNip)
		}
	})
}
