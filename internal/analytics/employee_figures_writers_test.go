package analytics_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/internal/apitest"
	"simasn/internal/testdb"
)

// employeeDrift returns the cells in which figures_employees differs from
// its recomputation from the employees (none when exact): per cell the
// sorted elements figures_person(birth_date, cpns_date), one per employee.
// Cells whose array emptied are skipped (they may stay).
func employeeDrift(t *testing.T, db *sql.DB) []string {
	t.Helper()
	return drift(t, db, testdb.Recomputed{Name: "figures_employees",
		Want: `SELECT unit_id, status, profession_group, position_type, employment_type, gender,
		         array_agg(figures_person(birth_date, cpns_date) ORDER BY figures_person(birth_date, cpns_date)) AS people
		       FROM employees GROUP BY 1, 2, 3, 4, 5, 6`,
		Got: `SELECT unit_id, status, profession_group, position_type, employment_type, gender, people
		      FROM figures_employees WHERE cardinality(people) > 0`})
}

// copyEmployees is an INSERT … SELECT of a copy of the employees chosen by
// where, with the NIP suffixed (it is unique) and the rest unchanged.
func copyEmployees(suffix, where string) string {
	return `INSERT INTO employees (created_at, updated_at, nip, name, employment_type, rank, position_name, position_type, position_level,
	          profession_group, education_level, status, birth_date, gender, cpns_date, unit_id)
	        SELECT now(), now(), nip || '` + suffix + `', name, employment_type, rank, position_name, position_type, position_level,
	          profession_group, education_level, status, birth_date, gender, cpns_date, unit_id
	        FROM employees WHERE ` + where
}

// TestEmployeeFiguresConsistency: after employees created through the API,
// changed through it (profession, CPNS date set and cleared, transfer to
// another unit, position, status) and bulk statements (moving many between
// units, shifting birth dates, clearing and restoring CPNS dates, changing
// status and employment type, deleting one of two employees of a cell with
// the same dates, a change of nothing counted, deleting a superior, copies,
// TRUNCATE), figures_employees equals its recomputation from the
// employees. PostgreSQL only (the figures are PostgreSQL's).
func TestEmployeeFiguresConsistency(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	r := s.MustRegion("18.71", false)
	u, v := s.MustUnit("1.02", nil, r), s.MustUnit("1.03", nil, r)
	boss := s.MustEmployee(u)
	for range 5 {
		s.MustEmployee(u, apitest.WithSuperior(boss))
	}
	check := func(step string) {
		t.Helper()
		if d := employeeDrift(t, s.DB.SQL); len(d) != 0 {
			t.Fatalf("after %s: the figures differ from the employees: %v", step, d)
		}
		sameEmployeeAnswers(t, s.DB.Client, time.Now())
	}
	check("fixture employees")

	const create = `mutation($input: CreateEmployeeInput!, $appointment: DecreeInput) { createEmployee(input: $input, appointment: $appointment) { id } }`
	decree := map[string]any{"number": "821.2/45/III.04/2026", "date": "2026-01-05T00:00:00Z", "effectiveDate": "2026-02-01T00:00:00Z"}
	var ids []string
	// Two women born 1990-07-21, CPNS since 2015-02 (serials 003 and 004):
	// one cell, the same element twice; a man born 1985-11-02.
	for _, number := range []string{"199007212015022003", "199007212015022004", "198511022010011001"} {
		cpns := number[8:12] + "-" + number[12:14] + "-01T00:00:00Z"
		var got struct{ CreateEmployee struct{ ID string } }
		s.MustDo(&got, create, map[string]any{"input": map[string]any{
			"nip": number, "name": "Siti Rahmawati", "employmentType": "PNS", "rank": "III/b",
			"positionName": "Perawat Ahli Pertama", "positionType": "FUNGSIONAL_KEAHLIAN", "positionLevel": "AHLI_PERTAMA",
			"professionGroup": "HEALTH", "educationLevel": "S1", "unitID": apitest.GID(u.ID), "cpnsDate": cpns,
		}, "appointment": decree})
		ids = append(ids, got.CreateEmployee.ID)
	}
	check("creating employees through the API")
	var twins int
	apitest.Check(s.DB.SQL.QueryRow(`SELECT max(cardinality(people)) FROM figures_employees WHERE unit_id = $1 AND profession_group = 'HEALTH' AND gender = 'FEMALE'`, u.ID).Scan(&twins))(t)
	if twins != 2 {
		t.Fatalf("the cell of the two women holds %d elements, want 2", twins)
	}

	const update = `mutation($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { id } }`
	s.MustDo(nil, update, map[string]any{"id": ids[2], "input": map[string]any{"professionGroup": "LEGAL"}})
	check("an employee changing profession group")
	s.MustDo(nil, update, map[string]any{"id": ids[2], "input": map[string]any{"cpnsDate": "2010-01-15T00:00:00Z"}})
	check("an employee's CPNS date changing")
	s.MustDo(nil, update, map[string]any{"id": ids[2], "input": map[string]any{"clearCpnsDate": true}})
	check("an employee's CPNS date cleared")
	// A change no figure reads writes no figure (the old and new elements
	// net out): the cells keep their row versions.
	versions := func() string {
		var v string
		apitest.Check(s.DB.SQL.QueryRow(`SELECT string_agg(xmin::text, ',' ORDER BY unit_id, status, profession_group, position_type, employment_type, gender) FROM figures_employees`).Scan(&v))(t)
		return v
	}
	unmoved := func(step string, write func()) {
		t.Helper()
		before := versions()
		write()
		if after := versions(); after != before {
			t.Errorf("%s wrote the figures (row versions %s, then %s), want untouched", step, before, after)
		}
		check(step)
	}
	unmoved("an employee changing name only", func() {
		s.MustDo(nil, update, map[string]any{"id": ids[2], "input": map[string]any{"name": "Budi Santoso"}})
	})
	s.MustDo(nil, `mutation($input: TransferEmployeeInput!) { transferEmployee(input: $input) { id } }`,
		map[string]any{"input": map[string]any{"employeeID": ids[1], "toUnitID": apitest.GID(v.ID), "decree": decree}})
	check("an employee transferred to another unit")
	s.MustDo(nil, `mutation($input: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $input) { id } }`,
		map[string]any{"input": map[string]any{"employeeID": ids[0], "positionName": "Kepala Seksi Mutasi", "positionType": "PENGAWAS", "decree": decree}})
	check("an employee changing position")
	s.MustDo(nil, `mutation($input: ChangeEmployeeStatusInput!) { changeEmployeeStatus(input: $input) { id } }`,
		map[string]any{"input": map[string]any{"employeeID": ids[0], "status": "ON_LEAVE", "decree": decree}})
	check("an employee changing status")

	exec := func(stmt string) {
		t.Helper()
		res, err := s.DB.SQL.Exec(stmt)
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		// (lib/pq reports no count for MERGE.)
		if n, _ := res.RowsAffected(); n == 0 && !strings.HasPrefix(stmt, "TRUNCATE") && !strings.HasPrefix(stmt, "MERGE") {
			t.Fatalf("%s changed no row", stmt)
		}
		check(stmt)
	}
	// The two women together again, then one of them deleted: the cell
	// keeps the other (one occurrence removed, not both).
	exec(fmt.Sprintf(`UPDATE employees SET unit_id = %d, position_type = 'FUNGSIONAL_KEAHLIAN', status = 'ACTIVE' WHERE nip LIKE '19900721%%'`, u.ID))
	exec(`DELETE FROM career_events WHERE employee_id IN (SELECT id FROM employees WHERE nip = '199007212015022004')`)
	exec(`DELETE FROM employees WHERE nip = '199007212015022004'`)
	apitest.Check(s.DB.SQL.QueryRow(`SELECT cardinality(people) FROM figures_employees WHERE unit_id = $1 AND status = 'ACTIVE' AND profession_group = 'HEALTH' AND position_type = 'FUNGSIONAL_KEAHLIAN' AND employment_type = 'PNS' AND gender = 'FEMALE'`, u.ID).Scan(&twins))(t)
	if twins != 1 {
		t.Fatalf("the cell of the remaining woman holds %d elements, want 1", twins)
	}
	for _, stmt := range []string{
		fmt.Sprintf(`UPDATE employees SET unit_id = CASE unit_id WHEN %d THEN %d ELSE %d END`, u.ID, v.ID, u.ID),
		`UPDATE employees SET birth_date = birth_date + INTERVAL '1 day' WHERE id % 2 = 0`,
		`UPDATE employees SET birth_date = birth_date - INTERVAL '1 day'`,
		`UPDATE employees SET cpns_date = NULL`,
		`UPDATE employees SET cpns_date = birth_date + INTERVAL '25 years' WHERE id % 3 <> 0`,
		`UPDATE employees SET birth_date = NULL WHERE id % 4 = 0`,
		`UPDATE employees SET status = 'ON_LEAVE' WHERE id % 2 = 1`,
		`UPDATE employees SET employment_type = 'PPPK', status = 'ACTIVE' WHERE id % 3 = 1`,
		`UPDATE employees SET gender = CASE gender WHEN 'MALE' THEN 'FEMALE' ELSE 'MALE' END WHERE id % 5 = 0`,
		copyEmployees("a", "true"),
		copyEmployees("b", "true"),
		`DELETE FROM employees WHERE nip LIKE '%a' AND id % 2 = 0`,
		// The boss's subordinates lose their superior (ON DELETE SET NULL: an
		// UPDATE inside the DELETE).
		fmt.Sprintf(`DELETE FROM employees WHERE id = %d`, boss.ID),
		`UPDATE employees SET birth_date = birth_date + INTERVAL '3 days', unit_id = CASE WHEN id % 2 = 0 THEN unit_id ELSE ` + fmt.Sprint(v.ID) + ` END`,
	} {
		exec(stmt)
	}
	for _, stmt := range []string{`UPDATE employees SET name = name || ' '`, `UPDATE employees SET unit_id = unit_id, birth_date = birth_date`} {
		unmoved(stmt, func() {
			if _, err := s.DB.SQL.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		})
	}
	// An upsert (its INSERT and UPDATE triggers each see their own rows)
	// and a MERGE that updates, deletes and inserts in one statement.
	exec(`INSERT INTO employees (created_at, updated_at, nip, name, employment_type, rank, position_name, position_type, position_level,
	        profession_group, education_level, status, birth_date, gender, cpns_date, unit_id)
	      SELECT now(), now(), nip || k, name, employment_type, rank, position_name, position_type, position_level,
	        profession_group, education_level, status, birth_date, gender, cpns_date, unit_id
	      FROM employees CROSS JOIN (VALUES (''), ('u')) AS x(k) WHERE id % 3 = 0
	      ON CONFLICT (nip) DO UPDATE SET profession_group = 'LEGAL', birth_date = EXCLUDED.birth_date + INTERVAL '2 days'`)
	exec(`MERGE INTO employees e
	      USING (SELECT x.nip || k AS key, x.* FROM employees x CROSS JOIN (VALUES (''), ('m')) AS y(k) WHERE x.id % 2 = 0) s ON e.nip = s.key
	      WHEN MATCHED AND e.id % 4 = 0 AND NOT EXISTS (SELECT 1 FROM career_events c WHERE c.employee_id = e.id) THEN DELETE
	      WHEN MATCHED THEN UPDATE SET status = 'ON_LEAVE', cpns_date = NULL
	      WHEN NOT MATCHED THEN INSERT (created_at, updated_at, nip, name, employment_type, rank, position_name, position_type, position_level,
	        profession_group, education_level, status, birth_date, gender, cpns_date, unit_id)
	        VALUES (now(), now(), s.key, s.name, s.employment_type, s.rank, s.position_name, s.position_type, s.position_level,
	        'FINANCE', s.education_level, s.status, s.birth_date, s.gender, s.cpns_date, s.unit_id)`)
	var n int
	apitest.Check(s.DB.SQL.QueryRow(`SELECT COUNT(*) FILTER (WHERE nip LIKE '%m') * COUNT(*) FILTER (WHERE status = 'ON_LEAVE' AND cpns_date IS NULL) FROM employees`).Scan(&n))(t)
	if n == 0 {
		t.Fatal("the MERGE inserted or updated no employee")
	}
	apitest.Check(s.DB.SQL.QueryRow(`SELECT SUM(cardinality(people)) FROM figures_employees`).Scan(&n))(t)
	if n < 10 {
		t.Fatalf("the figures hold %d employees before TRUNCATE, want the test's", n)
	}
	exec(`TRUNCATE employees CASCADE`)
	apitest.Check(s.DB.SQL.QueryRow(`SELECT COUNT(*) FROM figures_employees`).Scan(&n))(t)
	if n != 0 {
		t.Errorf("%d cells left after TRUNCATE, want none", n)
	}
	s.MustEmployee(u)
	s.MustEmployee(u)
	check("employees created after TRUNCATE")
	// The units truncated: the employees with them (their TRUNCATE trigger
	// fires too).
	exec(`TRUNCATE units CASCADE`)
	apitest.Check(s.DB.SQL.QueryRow(`SELECT COUNT(*) FROM figures_employees`).Scan(&n))(t)
	if n != 0 {
		t.Errorf("%d cells left after TRUNCATE units CASCADE, want none", n)
	}
}

// TestEmployeeFiguresConcurrentWriters: two transactions adding employees
// to the same cell at once both count; one moving an employee out of a
// cell while another adds to it both count. The second writer is seen
// blocked on the first's lock (pg_stat_activity) before the first commits.
func TestEmployeeFiguresConcurrentWriters(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	r := s.MustRegion("18.71", false)
	u, v := s.MustUnit("1", nil, r), s.MustUnit("2", nil, r)
	a, b := s.MustEmployee(u), s.MustEmployee(u)
	insert := func(e *ent.Employee, suffix string) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(copyEmployees(suffix, fmt.Sprintf("id = %d", e.ID)))
			return err
		}
	}
	people := func(unitID int) int {
		var n int
		apitest.Check(s.DB.SQL.QueryRow(`SELECT COALESCE(SUM(cardinality(people)), 0) FROM figures_employees WHERE unit_id = $1`, unitID).Scan(&n))(t)
		return n
	}
	// a's cell already has a row: the second waits on it.
	writersInTurn(t, s.DB.SQL, insert(a, "x"), insert(a, "y"))
	if n := people(u.ID); n != 4 {
		t.Errorf("employees of unit 1 = %d, want 4 (a, b and a copy per writer)", n)
	}
	// v has no cell yet: the second waits on the first's new row.
	move := func(e *ent.Employee) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE employees SET unit_id = $1 WHERE id = $2`, v.ID, e.ID)
			return err
		}
	}
	writersInTurn(t, s.DB.SQL, move(a), move(b))
	if n, m := people(u.ID), people(v.ID); n != 2 || m != 2 {
		t.Errorf("employees of units 1 and 2 = %d, %d; want 2, 2 (a and b moved by the two writers)", n, m)
	}
	// One moves a out of v's cell while another adds a copy of b to it.
	writersInTurn(t, s.DB.SQL, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE employees SET unit_id = $1 WHERE id = $2`, u.ID, a.ID)
		return err
	}, insert(b, "z"))
	if n, m := people(u.ID), people(v.ID); n != 3 || m != 2 {
		t.Errorf("employees of units 1 and 2 = %d, %d; want 3, 2 (a moved back, a copy of b added)", n, m)
	}
	if d := employeeDrift(t, s.DB.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the employees: %v", d)
	}
}
