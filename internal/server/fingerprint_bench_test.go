package server_test

import (
	"fmt"
	"testing"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
)

// BenchmarkEmployeeUpdate measures a typical write through the HTTP handler
// (updateEmployee as an HR administrator, on the scale dataset of
// BenchmarkAnalytics) with the change-fingerprint triggers of the
// analytics cache ("fingerprint") and with them disabled ("none"): the
// writer's cost of the cache.
func BenchmarkEmployeeUpdate(b *testing.B) {
	s := scaleServer(b, false)
	agency := apitest.Must(s.DB.Client.Unit.Query().Where(unit.CodeHasPrefix(seed.ScalePrefix), unit.Depth(0)).Order(ent.Asc(unit.FieldCode)).First(apitest.Sys()))(b)
	emps := apitest.Must(s.DB.Client.Employee.Query().Where(employee.UnitID(agency.ID)).Order(ent.Asc(employee.FieldID)).Limit(64).All(apitest.Sys()))(b)
	tables := apitest.Must(trackedTables(s))(b)
	trigger := func(on bool) {
		verb := "ENABLE"
		if !on {
			verb = "DISABLE"
		}
		for _, t := range tables {
			if _, err := s.DB.SQL.Exec(fmt.Sprintf(`ALTER TABLE %q %s TRIGGER change_fingerprint`, t, verb)); err != nil {
				b.Fatal(err)
			}
		}
	}
	const update = `mutation($id: ID!, $name: String!) { updateEmployee(id: $id, input: {birthPlace: $name}) { id } }`
	for _, mode := range []string{"fingerprint", "none"} {
		b.Run(mode, func(b *testing.B) {
			trigger(mode == "fingerprint")
			b.Cleanup(func() { trigger(true) })
			i := 0
			stmts := s.Statements.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				e := emps[i%len(emps)]
				i++
				s.MustDo(nil, update, map[string]any{"id": apitest.GID(e.ID), "name": fmt.Sprintf("Kota %d", i)})
			}
			b.StopTimer()
			b.ReportMetric(float64(s.Statements.Load()-stmts)/float64(b.N), "stmts/op")
		})
	}
}
