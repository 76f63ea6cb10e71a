package server_test

import (
	"fmt"
	"strings"
	"testing"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
)

// employeeFigureTriggers are the triggers that keep figures_employees.
var employeeFigureTriggers = map[string][]string{"employees": {"figures_employees_insert", "figures_employees_update", "figures_employees_delete", "figures_employees_truncate"}}

// BenchmarkEmployeeUpdate measures a typical write through the HTTP handler
// (updateEmployee as an HR administrator, on the scale dataset of
// BenchmarkAnalytics) with the change-fingerprint triggers of the
// analytics cache ("fingerprint") and with them disabled ("none"): the
// writer's cost of the cache; and with the triggers of figures_employees
// disabled ("no-employee-figures", fingerprints on): the writer's cost of
// those figures, for a change no figure reads (birth place) and for one
// that moves the employee to another cell ("profession", alternating
// LEGAL and FINANCE; the professions are restored afterwards with the
// triggers as they were, so that the figures stay exact).
func BenchmarkEmployeeUpdate(b *testing.B) {
	s := scaleServer(b, false)
	pg := newPGBackends(b, s.DB.SQL)
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(apitest.Sys()))(b)
	emps := apitest.Must(s.DB.Client.Employee.Query().Where(employee.UnitID(agency.ID)).Order(ent.Asc(employee.FieldID)).Limit(64).All(apitest.Sys()))(b)
	tables := apitest.Must(trackedTables(s))(b)
	fingerprints := map[string][]string{}
	for _, t := range tables {
		fingerprints[t] = []string{"change_fingerprint"}
	}
	const update = `mutation($id: ID!, $name: String!) { updateEmployee(id: $id, input: {birthPlace: $name}) { id } }`
	const profession = `mutation($id: ID!, $p: EmployeeProfessionGroup!) { updateEmployee(id: $id, input: {professionGroup: $p}) { id } }`
	for _, mode := range []string{"fingerprint", "none", "no-employee-figures", "profession", "profession/no-employee-figures"} {
		b.Run(mode, func(b *testing.B) {
			setTriggers(b, s, mode != "none", fingerprints)
			figures := !strings.HasSuffix(mode, "no-employee-figures")
			setTriggers(b, s, figures, employeeFigureTriggers)
			defer setTriggers(b, s, true, fingerprints)
			defer setTriggers(b, s, true, employeeFigureTriggers)
			i := 0
			measure(b, s, pg, func() {
				e := emps[i%len(emps)]
				if strings.HasPrefix(mode, "profession") {
					s.MustDo(nil, profession, map[string]any{"id": apitest.GID(e.ID), "p": []string{"LEGAL", "FINANCE"}[(i/len(emps))%2]})
				} else {
					s.MustDo(nil, update, map[string]any{"id": apitest.GID(e.ID), "name": fmt.Sprintf("Kota %d", i)})
				}
				i++
			})
			if strings.HasPrefix(mode, "profession") { // with the triggers as they were for the writes
				for _, e := range emps {
					if _, err := s.DB.SQL.Exec(`UPDATE employees SET profession_group = $1 WHERE id = $2`, string(e.ProfessionGroup), e.ID); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
