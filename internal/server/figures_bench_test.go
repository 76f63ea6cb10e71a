package server_test

import (
	"fmt"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/apitest"
)

// BenchmarkFiguresWriters measures the writers' cost of the analytics
// figures kept by triggers (figures_work_logs, figures_work_log_people,
// figures_appraisals; PostgreSQL) through the HTTP handler on the scale
// dataset: a work log filed, an appraisal started, an employee's contact
// data changed (no figure moves) and an employee's profession group
// changed (their logs' histogram moves), each with the figures' triggers
// ("figures") and with them disabled ("none"). The rows written are
// removed afterwards (with the triggers as they were, so that the figures
// stay exact).
func BenchmarkFiguresWriters(b *testing.B) {
	s := scaleServer(b, false)
	pg := newPGBackends(b, s.DB.SQL)
	emps := apitest.Must(s.DB.Client.Employee.Query().Where(employee.HasWorkLogs(), employee.SuperiorIDNotNil()).Order(ent.Asc(employee.FieldID)).Limit(64).All(apitest.Sys()))(b)
	if len(emps) == 0 {
		b.Skip("no employee with work logs and a superior")
	}
	triggers := map[string][]string{
		"work_logs":  {"figures_work_logs_insert", "figures_work_logs_update", "figures_work_logs_delete"},
		"appraisals": {"figures_appraisals_insert", "figures_appraisals_update", "figures_appraisals_delete"},
		"employees":  {"figures_work_logs_employee", "figures_appraisals_employee"},
	}
	exec := func(q string, args ...any) {
		if _, err := s.DB.SQL.Exec(q, args...); err != nil {
			b.Fatal(err)
		}
	}
	set := func(on bool) { setTriggers(b, s, on, triggers) }
	today := time.Now().UTC().Truncate(24 * time.Hour).Format(time.RFC3339)
	writes := []struct {
		name  string
		do    func(i int)
		after func() // removes what the writes added
	}{
		{"work-log-create", func(i int) {
			s.MustDo(nil, `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`, map[string]any{"input": map[string]any{
				"employeeID": apitest.GID(emps[i%len(emps)].ID), "date": today, "activity": "Rapat koordinasi", "output": "notulen", "quantity": 1, "minutes": 1,
			}})
		}, func() { exec(`DELETE FROM work_logs WHERE activity = 'Rapat koordinasi' AND minutes = 1`) }},
		{"appraisal-create", func(i int) {
			e := emps[i%len(emps)]
			s.MustDo(nil, `mutation($input: CreateAppraisalInput!) { createAppraisal(input: $input) { id } }`, map[string]any{"input": map[string]any{
				"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(*e.SuperiorID), "periodKind": "MONTHLY", "year": 2020 + i/len(emps)/12, "period": 1 + (i/len(emps))%12,
			}})
		}, func() { exec(`DELETE FROM appraisals WHERE period_kind = 'MONTHLY' AND year BETWEEN 2020 AND 2025`) }},
		{"employee-update-contact", func(i int) {
			s.MustDo(nil, `mutation($id: ID!, $name: String!) { updateEmployee(id: $id, input: {birthPlace: $name}) { id } }`,
				map[string]any{"id": apitest.GID(emps[i%len(emps)].ID), "name": fmt.Sprintf("Kota %d", i)})
		}, func() {}},
		{"employee-change-profession", func(i int) {
			p := []string{"LEGAL", "FINANCE"}[(i/len(emps))%2]
			s.MustDo(nil, `mutation($id: ID!, $p: EmployeeProfessionGroup!) { updateEmployee(id: $id, input: {professionGroup: $p}) { id } }`,
				map[string]any{"id": apitest.GID(emps[i%len(emps)].ID), "p": p})
		}, func() {
			for _, e := range emps {
				exec(`UPDATE employees SET profession_group = $1 WHERE id = $2`, string(e.ProfessionGroup), e.ID)
			}
		}},
	}
	for _, w := range writes {
		for _, mode := range []string{"figures", "none"} {
			b.Run(w.name+"/"+mode, func(b *testing.B) {
				set(mode == "figures")
				defer set(true)
				i := 0
				measure(b, s, pg, func() {
					w.do(i)
					i++
				})
				w.after() // with the triggers as they were for the writes
			})
		}
	}
}
