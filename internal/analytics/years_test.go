package analytics

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"simasn/internal/testdb"

	_ "github.com/lib/pq"
)

// TestYearsSinceOnPostgres: the whole years PostgreSQL finds by comparing
// timestamps agree with the calendar, around birthdays, for 29 February
// birthdays and outside the searched span. Expected ages worked out by
// hand.
func TestYearsSinceOnPostgres(t *testing.T) {
	db, err := sql.Open("postgres", testdb.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name       string
		now, birth time.Time
		want       int
	}{
		{"the day before the 30th birthday", utc(2026, 11, 30, 5), utc(1996, 12, 1, 0), 29},
		{"the 30th birthday", utc(2026, 11, 30, 5), utc(1996, 11, 30, 23), 30},
		{"the day after the 30th birthday", utc(2026, 11, 30, 5), utc(1996, 11, 29, 0), 30},
		{"born 29 February, on 28 February of a common year", utc(2027, 2, 28, 12), utc(2000, 2, 29, 0), 26},
		{"born 29 February, on 1 March of a common year", utc(2027, 3, 1, 12), utc(2000, 2, 29, 0), 27},
		{"born 29 February, on 29 February", utc(2028, 2, 29, 12), utc(2000, 2, 29, 0), 28},
		{"today on 29 February, born 28 February", utc(2028, 2, 29, 0), utc(1990, 2, 28, 0), 38},
		{"today on 29 February, born 1 March", utc(2028, 2, 29, 0), utc(1990, 3, 1, 0), 37},
		{"born today", utc(2026, 11, 30, 5), utc(2026, 11, 30, 0), 0},
		{"a hundred years", utc(2026, 11, 30, 5), utc(1926, 11, 30, 0), 100},
		{"past the searched span", utc(2026, 11, 30, 5), utc(1920, 1, 1, 0), 106},
		{"in the future", utc(2026, 11, 30, 5), utc(2028, 12, 1, 0), -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expr := dia("postgres").yearsSince(`"v"."c"`, tc.now)
			var got sql.NullInt64
			q := `SELECT ` + expr + ` FROM (VALUES (CAST($1 AS TIMESTAMPTZ))) AS "v"("c")`
			if err := db.QueryRowContext(context.Background(), q, tc.birth).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if !got.Valid || int(got.Int64) != tc.want {
				t.Errorf("years from %s to %s = %v, want %d", tc.birth.Format(time.DateOnly), tc.now.Format(time.DateOnly), got, tc.want)
			}
		})
	}
	var got sql.NullInt64
	expr := dia("postgres").yearsSince(`"v"."c"`, utc(2026, 11, 30, 5))
	if err := db.QueryRow(`SELECT ` + expr + ` FROM (VALUES (CAST(NULL AS TIMESTAMPTZ))) AS "v"("c")`).Scan(&got); err != nil || got.Valid {
		t.Errorf("years since NULL = %v (%v), want NULL", got, err)
	}
}
