package apitest

import (
	"context"
	"fmt"
	"time"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/complaintresponse"
	complaintrules "simasn/internal/complaint"
	"simasn/internal/feed"
	"simasn/internal/txn"
)

// ComplaintFixture describes a complaint made directly in the database,
// with its SUBMITTED event, in one transaction.
type ComplaintFixture struct {
	Privacy complaint.Privacy
	Unit    *ent.Unit
	Title   string
}

// MustComplaint creates a complaint and records its SUBMITTED event, as
// the complaint workflow does, and returns it with its access key.
func (s *Server) MustComplaint(f ComplaintFixture) (*ent.Complaint, string) {
	s.tb.Helper()
	cm, key, err := s.Complaint(f)
	if err != nil {
		s.tb.Fatal(err)
	}
	return cm, key
}

// Complaint is MustComplaint for goroutines other than the test's: it
// returns the error instead of failing the test.
func (s *Server) Complaint(f ComplaintFixture) (*ent.Complaint, string, error) {
	tracking, err := complaintrules.NewTrackingID()
	if err != nil {
		return nil, "", err
	}
	key, hash, err := complaintrules.NewAccessKey()
	if err != nil {
		return nil, "", err
	}
	if f.Title == "" {
		f.Title = "Antrean layanan terlalu lama"
	}
	var cm *ent.Complaint
	err = s.tx(func(ctx context.Context, c *ent.Client) error {
		now := time.Now()
		create := c.Complaint.Create().
			SetTrackingID(tracking).SetAccessKeyHash(hash).
			SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryHEALTH_SERVICE).SetChannel(complaint.ChannelWEB).
			SetPrivacy(f.Privacy).SetTitle(f.Title).SetBody("Saya menunggu lebih dari empat jam di puskesmas tanpa kepastian.").
			SetReporterName("Rahmat Hidayat").SetReporterContact("+62 812 5555 0101").
			SetReceivedAt(now).SetVerifyDue(now.Add(72 * time.Hour)).SetAnswerDue(now.Add(240 * time.Hour)).SetSettleDue(now.AddDate(0, 0, 60))
		if f.Unit != nil {
			create.SetUnitID(f.Unit.ID).SetStatus(complaint.StatusVERIFIED)
		}
		var err error
		cm, err = create.Save(ctx)
		if err != nil {
			return err
		}
		_, err = feed.Record(ctx, c, cm, complaintevent.KindSUBMITTED, false)
		return err
	})
	return cm, key, err
}

// MustNote adds an internal note to a complaint and records its event.
func (s *Server) MustNote(cm *ent.Complaint, body string) {
	s.tb.Helper()
	s.mustTx(func(ctx context.Context, c *ent.Client) error {
		if _, err := c.ComplaintResponse.Create().SetComplaintID(cm.ID).SetKind(complaintresponse.KindINTERNAL_NOTE).
			SetBody(body).SetAuthor("apitest").SetCreatedAt(time.Now()).Save(ctx); err != nil {
			return err
		}
		_, err := feed.Record(ctx, c, cm, complaintevent.KindNOTE_ADDED, true)
		return err
	})
}

// MustStatus changes a complaint's status and records the event.
func (s *Server) MustStatus(cm *ent.Complaint, st complaint.Status) *ent.Complaint {
	s.tb.Helper()
	var out *ent.Complaint
	s.mustTx(func(ctx context.Context, c *ent.Client) error {
		var err error
		out, err = c.Complaint.UpdateOneID(cm.ID).SetStatus(st).Save(ctx)
		if err != nil {
			return err
		}
		_, err = feed.Record(ctx, c, out, complaintevent.KindSTATUS_CHANGED, false)
		return err
	})
	return out
}

// mustTx runs fn in a transaction whose commit wakes the feed, as an API
// mutation's does.
func (s *Server) mustTx(fn func(context.Context, *ent.Client) error) {
	s.tb.Helper()
	if err := s.tx(fn); err != nil {
		s.tb.Fatal(err)
	}
}

// tx is mustTx returning the error.
func (s *Server) tx(fn func(context.Context, *ent.Client) error) error {
	ctx, tx, err := txn.TxOpener{Client: s.DB.Client}.OpenTx(Sys())
	if err != nil {
		return err
	}
	if err := fn(ctx, ent.FromContext(ctx)); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("fixture: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("fixture commit: %w", err)
	}
	return nil
}
