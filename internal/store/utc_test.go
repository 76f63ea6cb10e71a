package store

import (
	"context"
	"os"
	"testing"
	"time"

	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// TestTimesCompareAcrossZones writes times in one zone and filters in
// another: the order must be the order of the instants, on both databases.
func TestTimesCompareAcrossZones(t *testing.T) {
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
		r := must(db.Client.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(ctx))(t)
		wib := time.FixedZone("WIB", 7*3600)
		// 10:00 UTC, written as 17:00 WIB.
		at := time.Date(2026, 3, 2, 17, 0, 0, 0, wib)
		u := must(db.Client.Unit.Create().SetCode("1.02").SetName("Dinas Kesehatan").SetKind(unit.KindAGENCY).SetRegionID(r.ID).Save(ctx))(t)
		check(db.Client.Unit.UpdateOne(u).SetUpdatedAt(at).Exec(ctx))(t)
		for _, tc := range []struct {
			name  string
			after time.Time
			want  int
		}{
			{"09:30 UTC is before", time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), 1},
			{"16:30 WIB (09:30 UTC) is before", time.Date(2026, 3, 2, 16, 30, 0, 0, wib), 1},
			{"10:30 UTC is after", time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC), 0},
			{"11:00 in UTC-5 (16:00 UTC) is after", time.Date(2026, 3, 2, 11, 0, 0, 0, time.FixedZone("EST", -5*3600)), 0},
		} {
			if got := must(db.Client.Unit.Query().Where(unit.UpdatedAtGT(tc.after)).Count(ctx))(t); got != tc.want {
				t.Errorf("%s: %d units updated after it, want %d", tc.name, got, tc.want)
			}
		}
		if got := must(db.Client.Unit.Get(ctx, u.ID))(t).UpdatedAt; !got.Equal(at) {
			t.Errorf("read back %v, want the instant %v", got, at)
		}
	})
}

// must returns v, failing the test (only it) when err is not nil.
func must[V any](v V, err error) func(testing.TB) V {
	return func(tb testing.TB) V {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fixture: %v", err)
		}
		return v
	}
}

// check fails the test (only it) when err is not nil.
func check(err error) func(testing.TB) {
	return func(tb testing.TB) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fixture: %v", err)
		}
	}
}
