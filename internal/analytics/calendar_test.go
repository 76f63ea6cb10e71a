package analytics

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"simasn/internal/testdb"

	_ "github.com/lib/pq"
)

// TestCalendarSearchOnPostgres: the year and month PostgreSQL finds by
// comparing an instant with the months' first instants agree with the
// calendar on both sides of month and year boundaries, in UTC and in WIB,
// at the ends of the searched span and outside it. Expected values worked
// out by hand.
func TestCalendarSearchOnPostgres(t *testing.T) {
	db, err := sql.Open("postgres", testdb.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	at := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	for _, tc := range []struct {
		name        string
		zone        int
		at          time.Time
		year, month int
	}{
		{"the last second of October", 0, at(2026, 10, 31, 23, 59, 59), 2026, 10},
		{"the first instant of November", 0, at(2026, 11, 1, 0, 0, 0), 2026, 11},
		{"the last second of a year", 0, at(2025, 12, 31, 23, 59, 59), 2025, 12},
		{"the first instant of a year", 0, at(2026, 1, 1, 0, 0, 0), 2026, 1},
		{"29 February", 0, at(2024, 2, 29, 12, 0, 0), 2024, 2},
		{"in WIB, 23:59:59 on 31 October", 7, at(2026, 10, 31, 16, 59, 59), 2026, 10},
		{"in WIB, midnight of 1 November (17:00 UTC the day before)", 7, at(2026, 10, 31, 17, 0, 0), 2026, 11},
		{"in WIB, New Year (31 December 17:00 UTC)", 7, at(2025, 12, 31, 17, 0, 0), 2026, 1},
		{"the first month searched (ten years back)", 0, at(2016, 11, 1, 0, 0, 0), 2016, 11},
		{"just before it", 0, at(2016, 10, 31, 23, 59, 59), 2016, 10},
		{"the last month searched (two years ahead)", 0, at(2028, 10, 31, 23, 59, 59), 2028, 10},
		{"just after it", 0, at(2028, 11, 1, 0, 0, 0), 2028, 11},
		{"long ago", 0, at(1999, 3, 15, 0, 0, 0), 1999, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y, m := dia("postgres").calendarSearch(`"v"."c"`, tc.zone, now)
			var gy, gm sql.NullInt64
			q := `SELECT ` + y + `, ` + m + ` FROM (VALUES (CAST($1 AS TIMESTAMPTZ))) AS "v"("c")`
			if err := db.QueryRow(q, tc.at).Scan(&gy, &gm); err != nil {
				t.Fatal(err)
			}
			if got, want := fmt.Sprint(gy.Int64, "-", gm.Int64), fmt.Sprint(tc.year, "-", tc.month); !gy.Valid || !gm.Valid || got != want {
				t.Errorf("%s (zone %+d) = %s, want %s", tc.at.Format(time.RFC3339), tc.zone, got, want)
			}
		})
	}
	y, m := dia("postgres").calendarSearch(`"v"."c"`, 0, now)
	var gy, gm sql.NullInt64
	if err := db.QueryRow(`SELECT `+y+`, `+m+` FROM (VALUES (CAST(NULL AS TIMESTAMPTZ))) AS "v"("c")`).Scan(&gy, &gm); err != nil || gy.Valid || gm.Valid {
		t.Errorf("year and month of NULL = %v, %v (%v), want NULL", gy, gm, err)
	}
}
