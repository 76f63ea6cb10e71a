package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"simasn/ent/currentcompetency"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/ent/webhookdelivery"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// previousData is what a database of the previous migration set holds
// before the upgrade, written in plain SQL (the current ent client may not
// fit the older schema). The columns are those of the initial migration.
var previousData = []string{
	`INSERT INTO regions (id, created_at, updated_at, code, name, kind, remote) VALUES
		(17179869185, '2026-03-02 10:00:00+00:00', '2026-03-02 10:00:00+00:00', '18.71', 'Kota Bandar Lampung', 'CITY', false)`,
	`INSERT INTO units (id, created_at, updated_at, code, name, kind, path, depth, region_id) VALUES
		(25769803777, '2026-03-02 10:00:00+00:00', '2026-03-02 10:00:00+00:00', '1.02', 'Dinas Kesehatan', 'AGENCY', '/1.02/', 0, 17179869185),
		(25769803778, '2026-03-02 10:00:00+00:00', '2026-03-02 10:00:00+00:00', '1.02.01', 'Bidang Pelayanan Kesehatan', 'DIVISION', '/1.02/1.02.01/', 1, 17179869185)`,
	`UPDATE units SET parent_id = 25769803777 WHERE id = 25769803778`,
	// A webhook endpoint of the complaint log with one delivery: the
	// career_event_log migration adds the endpoint's career cursor and
	// rebuilds the delivery table on SQLite.
	`INSERT INTO webhook_endpoints (id, url, secret, event_kinds, active, cursor, failures) VALUES
		(98784247809, 'https://sms.example/hook', 'a-webhook-secret-of-32-characters!!', '["RESPONDED"]', true, 7, 0)`,
	`INSERT INTO webhook_deliveries (id, event_seq, event_kind, attempt, attempted_at, delivered, status_code, error, duration_ms, endpoint_id) VALUES
		(94489280513, 7, 'RESPONDED', 1, '2026-03-02 10:00:00+00:00', true, 204, '', 12, 98784247809)`,
	// Competency assessments of one employee: the current_competencies
	// migration keeps the latest of each competency — K-1 the one of June
	// (level 2), though March's (level 4) was recorded after it; K-2 the
	// last recorded of two at the same time (level 1).
	`INSERT INTO employees (id, created_at, updated_at, nip, name, employment_type, rank, position_name, position_type, profession_group, education_level, gender, unit_id) VALUES
		(8589934593, '2026-03-02 10:00:00+00:00', '2026-03-02 10:00:00+00:00', '198503302010011001', 'Budi Santoso', 'PNS', 'III_A', 'Perawat Ahli Pertama', 'FUNCTIONAL', 'HEALTH', 'S1', 'MALE', 25769803778)`,
	`INSERT INTO competencies (id, code, name, kind) VALUES (42949672961, 'K-1', 'Kompetensi 1', 'TECHNICAL'), (42949672962, 'K-2', 'Kompetensi 2', 'TECHNICAL')`,
	`INSERT INTO competency_assessments (id, level, assessed_at, competency_id, employee_id) VALUES
		(47244640257, 2, '2025-06-01 00:00:00+00:00', 42949672961, 8589934593),
		(47244640258, 4, '2025-03-01 00:00:00+00:00', 42949672961, 8589934593),
		(47244640259, 3, '2025-06-01 00:00:00+00:00', 42949672962, 8589934593),
		(47244640260, 1, '2025-06-01 00:00:00+00:00', 42949672962, 8589934593)`,
}

// checkUpgraded checks that the data written before the upgrade reads back
// through the current ent client, and that the database takes new data.
func checkUpgraded(t *testing.T, ctx context.Context, db *DB) {
	t.Helper()
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := Migrations(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if !st.UpToDate() || st.Version != all[len(all)-1].Version {
		t.Fatalf("after the upgrade: %s (version %d), want up to date at %d", st.Describe(), st.Version, all[len(all)-1].Version)
	}
	sub, err := db.Client.Unit.Query().Where(unit.PathHasPrefix("/1.02/")).WithRegion().Order(unit.ByPath()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) != 2 || sub[0].Name != "Dinas Kesehatan" || sub[1].Code != "1.02.01" || sub[1].Edges.Region.Name != "Kota Bandar Lampung" {
		t.Fatalf("units of /1.02/ after the upgrade = %v, want Dinas Kesehatan and 1.02.01 in Kota Bandar Lampung", sub)
	}
	ep, err := db.Client.WebhookEndpoint.Query().WithDeliveries().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ep.URL != "https://sms.example/hook" || ep.Cursor != 7 || len(ep.EventKinds) != 1 || ep.EventKinds[0] != "RESPONDED" || ep.CareerCursor != nil {
		t.Errorf("webhook endpoint after the upgrade = %+v, want sms.example at complaint event 7, for RESPONDED, no place yet in the career log", ep)
	}
	if ds := ep.Edges.Deliveries; len(ds) != 1 || ds[0].EventLog != webhookdelivery.EventLogCOMPLAINT || ds[0].EventSeq != 7 || !ds[0].Delivered || *ds[0].StatusCode != 204 {
		t.Errorf("delivery log after the upgrade = %+v, want the delivery of complaint event 7", ds)
	}
	r := must(db.Client.Region.Create().SetCode("18.01").SetName("Kabupaten Lampung Barat").SetKind(region.KindREGENCY).Save(ctx))(t)
	must(db.Client.Unit.Create().SetCode("1.02.02").SetName("Bidang Kesehatan Masyarakat").SetKind(unit.KindDIVISION).SetRegionID(r.ID).SetParentID(sub[0].ID).Save(ctx))(t)
	if got := must(db.Client.Unit.Query().Where(unit.PathHasPrefix("/1.02/")).Count(ctx))(t); got != 3 {
		t.Errorf("units under /1.02/ after a new one = %d, want 3", got)
	}
}

// checkCurrentCompetencies checks that the assessments of previousData
// left their latest per competency in current_competencies, as the
// migration that added the table fills it (and adoption does).
func checkCurrentCompetencies(t *testing.T, ctx context.Context, db *DB) {
	t.Helper()
	// 2025-06-01 00:00 UTC is 1,748,736,000 s after the epoch.
	cur, err := db.Client.CurrentCompetency.Query().Order(currentcompetency.ByCompetencyID()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type pair struct {
		competency, level, assessment int
		key                           int64
	}
	want := []pair{{42949672961, 2, 47244640257, 1748736000000000}, {42949672962, 1, 47244640260, 1748736000000000}}
	var got []pair
	for _, c := range cur {
		if c.EmployeeID != 8589934593 {
			t.Errorf("current competency of employee %d, want only 8589934593", c.EmployeeID)
		}
		got = append(got, pair{c.CompetencyID, c.Level, c.AssessmentID, c.AssessedKey})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("current competencies after the upgrade = %v, want %v", got, want)
	}
}

// TestUpgradeFromPreviousMigrations builds a database with every migration
// but the newest (the previous release's set), fills it, and upgrades it.
func TestUpgradeFromPreviousMigrations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dia, dsn string) {
		all, err := Migrations(dia)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 2 {
			t.Skipf("%s has one migration: no previous set to upgrade from yet (TestAdoptAutoMigrated covers the release before)", dia)
		}
		ctx := viewer.System(context.Background())
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		prev := all[len(all)-2]
		applied, err := db.MigrateTo(ctx, prev.Version)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != len(all)-1 {
			t.Fatalf("previous set: applied %d migrations, want %d", len(applied), len(all)-1)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != prev.Version || len(st.Pending) != 1 || st.Pending[0].Version != all[len(all)-1].Version {
			t.Fatalf("before the upgrade: %s, want at %s with the newest pending", st.Describe(), prev.File)
		}
		for _, q := range previousData {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		applied, err = db.MigrateTo(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 1 || applied[0].Version != all[len(all)-1].Version {
			t.Errorf("upgrade applied %v, want only the newest migration", applied)
		}
		checkUpgraded(t, ctx, db)
		// Running it again changes nothing.
		if applied, err := db.MigrateTo(ctx, 0); err != nil || len(applied) != 0 {
			t.Errorf("second upgrade = %v, %v; want nothing applied", applied, err)
		}
	})
}

// TestCurrentCompetenciesMigrationFills builds a database with the
// migrations before current_competencies, fills it as that release would
// have, and upgrades it to the newest: the migration fills the table with
// the latest assessment of each pair.
func TestCurrentCompetenciesMigrationFills(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dia, dsn string) {
		all, err := Migrations(dia)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(m Migration) bool { return strings.HasSuffix(m.File, "_current_competencies.up.sql") })
		if i < 1 {
			t.Fatalf("%s: no current_competencies migration after a first one", dia)
		}
		ctx := viewer.System(context.Background())
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.MigrateTo(ctx, all[i-1].Version); err != nil {
			t.Fatal(err)
		}
		for _, q := range previousData {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if _, err := db.MigrateTo(ctx, 0); err != nil {
			t.Fatal(err)
		}
		checkUpgraded(t, ctx, db)
		checkCurrentCompetencies(t, ctx, db)
	})
}

// TestAdoptAutoMigrated upgrades a database that the release before
// versioned migrations made with ent's auto-migration (plus, on
// PostgreSQL, the text_pattern_ops index it added beside ent's): it is
// adopted at the newest version with its data.
func TestAdoptAutoMigrated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dia, dsn string) {
		ctx := viewer.System(context.Background())
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// What the previous release's Migrate did.
		if err := db.Client.Schema.Create(ctx); err != nil {
			t.Fatal(err)
		}
		if dia == dialect.Postgres {
			for _, q := range []string{
				`DROP INDEX unit_path`,
				`CREATE INDEX unit_path ON units (path)`,
				`CREATE INDEX IF NOT EXISTS unit_path_pattern ON units (path text_pattern_ops)`,
			} {
				if _, err := db.SQL.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		}
		for _, q := range previousData {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Legacy || st.UpToDate() {
			t.Fatalf("an auto-migrated database: %s, want it seen as created before versioned migrations", st.Describe())
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		checkUpgraded(t, ctx, db)
		checkCurrentCompetencies(t, ctx, db)
		if dia == dialect.Postgres {
			var defs []string
			rows, err := db.SQL.QueryContext(ctx, `SELECT indexdef FROM pg_indexes WHERE tablename = 'units' AND indexdef LIKE '%(path%' ORDER BY indexname`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var d string
				rows.Scan(&d)
				defs = append(defs, d)
			}
			rows.Close()
			if len(defs) != 1 || !strings.Contains(defs[0], "unit_path ") || !strings.Contains(defs[0], "text_pattern_ops") {
				t.Errorf("indexes on units.path after adoption = %q, want unit_path with text_pattern_ops alone", defs)
			}
		}
	})
}

// TestMigrateFresh applies every migration to an empty database, and a
// second run applies nothing.
func TestMigrateFresh(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dia, dsn string) {
		ctx := viewer.System(context.Background())
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		all, err := Migrations(dia)
		if err != nil {
			t.Fatal(err)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != 0 || len(st.Pending) != len(all) || st.UpToDate() {
			t.Fatalf("an empty database: %s, want every one of %d migrations pending", st.Describe(), len(all))
		}
		applied, err := db.MigrateTo(ctx, 0)
		if err != nil || len(applied) != len(all) {
			t.Fatalf("applied %d of %d: %v", len(applied), len(all), err)
		}
		for _, q := range previousData {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		checkUpgraded(t, ctx, db)
		// golang-migrate's bookkeeping: one clean row at the newest version.
		var version int64
		var dirty bool
		if err := db.SQL.QueryRowContext(ctx, `SELECT version, dirty FROM schema_migrations`).Scan(&version, &dirty); err != nil || version != all[len(all)-1].Version || dirty {
			t.Errorf("schema_migrations = (%d, %v) %v, want (%d, false)", version, dirty, err, all[len(all)-1].Version)
		}
	})
}

// TestRefuseDirtyAndNewer: a database a failed golang-migrate left dirty,
// or one a newer simasn migrated, is not touched.
func TestRefuseDirtyAndNewer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		ctx := viewer.System(context.Background())
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for name, q := range map[string]string{
			"dirty": `UPDATE schema_migrations SET dirty = true`,
			"newer": `UPDATE schema_migrations SET version = 99990101000000, dirty = false`,
		} {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
			st, err := db.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.UpToDate() || !strings.Contains(st.Describe(), name) {
				t.Errorf("%s: status %q, want it refused and named", name, st.Describe())
			}
			if err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s: Migrate = %v, want a refusal naming it", name, err)
			}
		}
	})
}
