package webhook_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"simasn/ent"
	"simasn/ent/careerevent"
	"simasn/internal/apitest"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/tracing"
	"simasn/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// record writes a career event of employee e in a new transaction of c and
// returns the transaction, open, with the event's id.
func record(ctx context.Context, c *ent.Client, e *ent.Employee, number string) (*ent.Tx, int, error) {
	tx, err := c.Tx(ctx)
	if err != nil {
		return nil, 0, err
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	ev, err := tx.CareerEvent.Create().SetEmployeeID(e.ID).SetKind(careerevent.KindPOSITION_CHANGE).
		SetDecreeNumber(number).SetDecreeDate(day).SetEffectiveDate(day).SetRecordedAt(day).Save(ctx)
	if err != nil {
		_ = tx.Rollback()
		return nil, 0, err
	}
	return tx, ev.ID, nil
}

// TestCareerLogCommitOrder forces the interleaving that would make a
// webhook skip a career event if ids and commits disagreed: writer A has
// written its event and holds its transaction open while writer B writes
// and commits. Without the ordering lock B draws the next id and commits
// first; a deliverer reading then moves its cursor past A's id and never
// sends A's event. With the lock B waits for A. The test waits on events
// (B done, or B seen waiting on the lock), never on a sleep.
func TestCareerLogCommitOrder(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	e := s.MustEmployee(s.MustUnit("1.02", nil, s.MustRegion("18.71", false)))
	ctx := apitest.Sys()
	a, aID, err := record(ctx, s.DB.Client, e, "821/A/2026")
	if err != nil {
		t.Fatalf("writer A: %v", err)
	}
	defer a.Rollback()
	bDone := make(chan error, 1)
	go func() {
		b, _, err := record(ctx, s.DB.Client, e, "821/B/2026")
		if err == nil {
			err = b.Commit()
		}
		bDone <- err
	}()
	var bCommitted bool
	deadline := time.After(20 * time.Second)
	for waiting := false; !waiting && !bCommitted; {
		select {
		case err := <-bDone:
			if err != nil {
				t.Fatalf("writer B: %v", err)
			}
			bCommitted = true
		case <-deadline:
			t.Fatal("writer B neither committed nor waited on the ordering lock within 20 s")
		case <-time.After(10 * time.Millisecond):
			if err := s.DB.SQL.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatalf("writer A commit: %v", err)
	}
	if !bCommitted {
		if err := <-bDone; err != nil {
			t.Fatalf("writer B: %v", err)
		}
	}
	ids := apitest.Must(s.DB.Client.CareerEvent.Query().Order(ent.Asc(careerevent.FieldID)).IDs(ctx))(t)
	if len(ids) != 2 || ids[0] != aID {
		t.Fatalf("career events %v, want A's %d first, then B's", ids, aID)
	}
	if bCommitted {
		t.Fatalf("writer B committed career event %d before writer A's %d: ids are not in commit order, and a webhook past %d skips %d", ids[1], aID, ids[1], aID)
	}
}

// TestKindsAreTheLogs: every kind an endpoint may ask for is a kind of its
// log, and every kind of both logs but the internal note can be asked for.
func TestKindsAreTheLogs(t *testing.T) {
	want := []string{"SUBMITTED", "VERIFIED", "FORWARDED", "ASSIGNED", "STATUS_CHANGED", "RESPONDED", "RATED",
		"CAREER_APPOINTMENT", "CAREER_RANK_PROMOTION", "CAREER_POSITION_CHANGE", "CAREER_TRANSFER", "CAREER_STATUS_CHANGE"}
	got := webhook.Kinds()
	if len(got) != len(want) {
		t.Fatalf("Kinds() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Kinds()[%d] = %s, want %s", i, got[i], want[i])
		}
	}
}

// TestCareerLogLockOncePerTransaction counts the ordering lock's statements
// (from the SQL spans of the tracing driver) when three career events are
// written in one bulk insert: once with InOneTransaction, as the seeder
// writes, once per row without.
func TestCareerLogLockOncePerTransaction(t *testing.T) {
	dsn := testdb.Postgres(t)
	s := apitest.Start(t, dsn)
	e := s.MustEmployee(s.MustUnit("1.02", nil, s.MustRegion("18.71", false)))
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	db, err := store.Open(context.Background(), dsn, store.WithDriver(tracing.Driver(tp)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	locks := func(ctx context.Context) int {
		t.Helper()
		exp.Reset()
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		var bs []*ent.CareerEventCreate
		for _, n := range []string{"1", "2", "3"} {
			bs = append(bs, tx.CareerEvent.Create().SetEmployeeID(e.ID).SetKind(careerevent.KindPOSITION_CHANGE).
				SetDecreeNumber("821/"+n+"/2026").SetDecreeDate(day).SetEffectiveDate(day).SetRecordedAt(day))
		}
		if err := tx.CareerEvent.CreateBulk(bs...).Exec(ctx); err != nil {
			_ = tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, sp := range exp.GetSpans() {
			for _, a := range sp.Attributes {
				if a.Key == "db.query.text" && strings.Contains(a.Value.AsString(), "pg_advisory_xact_lock") {
					n++
				}
			}
		}
		return n
	}
	ctx := apitest.Sys()
	if got := locks(webhook.InOneTransaction(ctx)); got != 1 {
		t.Errorf("a bulk insert of 3 in one transaction took the lock %d times, want 1", got)
	}
	if got := locks(ctx); got != 3 {
		t.Errorf("a bulk insert of 3 without InOneTransaction took the lock %d times, want 3 (one per row)", got)
	}
}
