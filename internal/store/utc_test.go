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
		r := db.Client.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).SaveX(ctx)
		wib := time.FixedZone("WIB", 7*3600)
		// 10:00 UTC, written as 17:00 WIB.
		at := time.Date(2026, 3, 2, 17, 0, 0, 0, wib)
		u := db.Client.Unit.Create().SetCode("1.02").SetName("Dinas Kesehatan").SetKind(unit.KindAGENCY).SetRegionID(r.ID).SaveX(ctx)
		db.Client.Unit.UpdateOne(u).SetUpdatedAt(at).ExecX(ctx)
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
			if got := db.Client.Unit.Query().Where(unit.UpdatedAtGT(tc.after)).CountX(ctx); got != tc.want {
				t.Errorf("%s: %d units updated after it, want %d", tc.name, got, tc.want)
			}
		}
		if got := db.Client.Unit.GetX(ctx, u.ID).UpdatedAt; !got.Equal(at) {
			t.Errorf("read back %v, want the instant %v", got, at)
		}
	})
}
