package training_test

import (
	"context"
	"os"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/region"
	enttraining "simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/nip"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/training"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

func wantErr(t *testing.T, what string, err error, code apperr.Code, field string) {
	t.Helper()
	if e, ok := apperr.As(err); !ok || e.Code != code || e.Field != field {
		t.Errorf("%s: %v, want %s for %q", what, err, code, field)
	}
}

// TestSeatsAndWindow walks one training with one seat through the
// registration window's edges, the waiting list, a refused approval into a
// full training, a withdrawal that frees the seat and completion from the
// first day of the course.
func TestSeatsAndWindow(t *testing.T) {
	ctx := viewer.System(context.Background())
	db, err := store.Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := db.Client
	r := apitest.Must(c.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(ctx))(t)
	u := apitest.Must(c.Unit.Create().SetCode("1.02").SetName("Dinas Kesehatan").SetKind(unit.KindAGENCY).SetRegionID(r.ID).Save(ctx))(t)
	emp := func(serial int) *ent.Employee {
		born := time.Date(1990, 3, 14, 0, 0, 0, 0, time.UTC)
		n, err := nip.Build(nip.PNS, born, 2015, 3, nip.Male, serial)
		if err != nil {
			t.Fatal(err)
		}
		return apitest.Must(c.Employee.Create().SetNip(n).SetName("Pegawai").SetEmploymentType(employee.EmploymentTypePNS).SetRank("III/a").
			SetPositionName("Perawat Ahli Pertama").SetPositionType(employee.PositionTypeFUNGSIONAL_KEAHLIAN).
			SetProfessionGroup(employee.ProfessionGroupHEALTH).SetEducationLevel(employee.EducationLevelS1).
			SetUnitID(u.ID).SetBirthDate(born).SetGender(employee.GenderMALE).Save(ctx))(t)
	}
	e1, e2, e3 := emp(1), emp(2), emp(3)
	opens := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	closes := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	starts := time.Date(2026, 4, 1, 1, 0, 0, 0, time.UTC) // 08:00 WIB on 1 April
	tr := apitest.Must(c.Training.Create().SetCode("T-1").SetTitle("Pelatihan").SetCategory(enttraining.CategoryTECHNICAL).SetMethod(enttraining.MethodCLASSICAL).
		SetOrganizerID(u.ID).SetHoursJp(24).SetQuota(1).
		SetRegistrationOpens(opens).SetRegistrationCloses(closes).SetStartsOn(starts).SetEndsOn(starts.AddDate(0, 0, 3)).Save(ctx))(t)
	seats := func() int { return apitest.Must(c.Training.Get(ctx, tr.ID))(t).SeatsTaken }
	// Each operation runs in its own transaction, as the API runs it: a
	// refusal rolls back what the operation wrote before it.
	inTx := func(fn func(c *ent.Client) (*ent.Enrollment, error)) (*ent.Enrollment, error) {
		tx, err := c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		en, err := fn(tx.Client())
		if err != nil {
			_ = tx.Rollback()
			return nil, err
		}
		return en, tx.Commit()
	}

	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Register(ctx, c, tr.ID, e1.ID, opens.Add(-time.Second))
	})
	wantErr(t, "a second before registration opens", err, apperr.BadUserInput, "trainingID")
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Register(ctx, c, tr.ID, e1.ID, closes.Add(time.Second))
	})
	wantErr(t, "a second after registration closes", err, apperr.BadUserInput, "trainingID")
	en1, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Register(ctx, c, tr.ID, e1.ID, opens) })
	if err != nil || en1.Status != enrollment.StatusREGISTERED || seats() != 1 {
		t.Fatalf("registering the instant it opens: %v, %v, %d seats; want REGISTERED, 1 seat", en1, err, seats())
	}
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Register(ctx, c, tr.ID, e1.ID, opens) })
	wantErr(t, "registering twice", err, apperr.Conflict, "employeeID")
	en2, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Register(ctx, c, tr.ID, e2.ID, closes) })
	if err != nil || en2.Status != enrollment.StatusWAITLISTED || seats() != 1 {
		t.Fatalf("registering the instant it closes, no seat left: %v, %v, %d seats; want WAITLISTED, 1 seat", en2, err, seats())
	}
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Register(ctx, c, tr.ID, 999999, opens) })
	wantErr(t, "an employee who does not exist", err, apperr.BadUserInput, "employeeID")

	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Decide(ctx, c, en2.ID, training.Approve, nil, closes)
	})
	wantErr(t, "approving into a full training", err, apperr.BadUserInput, "decision")
	if got := apitest.Must(c.Enrollment.Get(ctx, en2.ID))(t).Status; got != enrollment.StatusWAITLISTED || seats() != 1 {
		t.Errorf("after the refused approval: %s, %d seats; want WAITLISTED, 1", got, seats())
	}
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Decide(ctx, c, en2.ID, training.Waitlist, nil, closes)
	})
	wantErr(t, "waitlisting a waitlisted registration", err, apperr.BadUserInput, "decision")

	if w, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Withdraw(ctx, c, en1.ID, nil, closes) }); err != nil || w.Status != enrollment.StatusWITHDRAWN || seats() != 0 {
		t.Fatalf("withdrawing: %v, %v, %d seats; want WITHDRAWN, 0 seats", w, err, seats())
	}
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Withdraw(ctx, c, en1.ID, nil, closes) })
	wantErr(t, "withdrawing twice", err, apperr.BadUserInput, "id")
	if a, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Decide(ctx, c, en2.ID, training.Approve, nil, closes)
	}); err != nil || a.Status != enrollment.StatusAPPROVED || seats() != 1 {
		t.Fatalf("approving into the freed seat: %v, %v, %d seats; want APPROVED, 1 seat", a, err, seats())
	}
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Decide(ctx, c, en2.ID, training.Reject, nil, closes)
	})
	wantErr(t, "deciding an approved enrollment again", err, apperr.BadUserInput, "id")
	if rej, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) { return training.Register(ctx, c, tr.ID, e3.ID, closes) }); err != nil || rej.Status != enrollment.StatusWAITLISTED {
		t.Fatalf("a third registration: %v, %v; want WAITLISTED", rej, err)
	}

	cert := "STTPP/2026/04/001"
	lastEve := time.Date(2026, 3, 31, 16, 59, 0, 0, time.UTC) // 23:59 WIB on 31 March
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Complete(ctx, c, en2.ID, true, nil, &cert, lastEve)
	})
	wantErr(t, "completing the evening before the course starts", err, apperr.BadUserInput, "id")
	firstDay := time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC) // 00:00 WIB on 1 April
	score := 101.0
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Complete(ctx, c, en2.ID, true, &score, &cert, firstDay)
	})
	wantErr(t, "a score above 100", err, apperr.BadUserInput, "score")
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Complete(ctx, c, en2.ID, true, nil, nil, firstDay)
	})
	wantErr(t, "passing without a certificate", err, apperr.BadUserInput, "certificateNumber")
	_, err = inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		zero := 0.0 // a valid score: the refusal is for the certificate
		return training.Complete(ctx, c, en2.ID, false, &zero, &cert, firstDay)
	})
	wantErr(t, "failing with a certificate", err, apperr.BadUserInput, "certificateNumber")
	score = 100
	done, err := inTx(func(c *ent.Client) (*ent.Enrollment, error) {
		return training.Complete(ctx, c, en2.ID, true, &score, &cert, firstDay)
	})
	if err != nil || done.Status != enrollment.StatusCOMPLETED || done.CertificateNumber != cert || seats() != 1 {
		t.Fatalf("completing on the first day (WIB) with score 100: %v, %v, %d seats; want COMPLETED with the certificate, 1 seat", done, err, seats())
	}
}
