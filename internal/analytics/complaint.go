package analytics

import (
	"context"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/internal/complaint"
)

// OverdueComplaint is a complaint that has missed a handling deadline.
type OverdueComplaint struct {
	// Complaint is the complaint; the reporter stays hidden from viewers
	// who may not see them.
	Complaint *ent.Complaint
	// Missed names the deadlines missed, in the order of
	// complaint.Overdues: VERIFICATION, ANSWER, SETTLEMENT.
	Missed []complaint.Overdue
	// Since is the earliest missed deadline.
	Since time.Time
	// DaysOverdue is the days from Since to now.
	DaysOverdue float64
}

// overdueQuery is the complaints matching where that the viewer's
// aggregates cover and that are overdue at now.
func overdueQuery(ctx context.Context, c *ent.Client, where *ent.ComplaintWhereInput, now time.Time) (*ent.ComplaintQuery, error) {
	q, err := complaintQuery(ctx, c, where)
	if err != nil {
		return nil, err
	}
	return q.Where(func(s *sql.Selector) {
		cond := overdueSQL(dia(s.Dialect()), s.C, now)
		s.Where(sql.P(func(b *sql.Builder) { b.Join(cond) }))
	}), nil
}

// overdueOf says which deadlines cm has missed at now, from its stored
// deadlines, as complaint.OverdueAt does.
func overdueOf(cm *ent.Complaint, now time.Time) *OverdueComplaint {
	o := &OverdueComplaint{Complaint: cm}
	st := complaint.Status(cm.Status)
	miss := func(kind complaint.Overdue, due time.Time) {
		o.Missed = append(o.Missed, kind)
		if o.Since.IsZero() || due.Before(o.Since) {
			o.Since = due
		}
	}
	if st == complaint.Received && now.After(cm.VerifyDue) {
		miss(complaint.OverdueVerification, cm.VerifyDue)
	}
	switch st {
	case complaint.Verified, complaint.InProgress, complaint.Postponed:
		if cm.AnsweredAt == nil && now.After(cm.AnswerDue) {
			miss(complaint.OverdueAnswer, cm.AnswerDue)
		}
	}
	if cm.SettledAt == nil && st.Open() && now.After(cm.SettleDue) {
		miss(complaint.OverdueSettlement, cm.SettleDue)
	}
	o.DaysOverdue = now.Sub(o.Since).Hours() / 24
	return o
}

// EachOverdueComplaint calls fn for every complaint matching where that has
// missed a deadline at now — for HR officers and leaders, those of their
// subtree — in id order, reading them in batches (for downloads; the
// GraphQL API lists them with overdueComplaints).
func EachOverdueComplaint(ctx context.Context, c *ent.Client, where *ent.ComplaintWhereInput, now time.Time, fn func(*OverdueComplaint) error) error {
	q, err := overdueQuery(ctx, c, where, now)
	if err != nil {
		return err
	}
	return eachBatch(ctx, func(after, n int) ([]*ent.Complaint, error) {
		return q.Clone().Where(entcomplaint.IDGT(after)).Order(ent.Asc(entcomplaint.FieldID)).Limit(n).All(ctx)
	}, func(cm *ent.Complaint) int { return cm.ID }, func(cm *ent.Complaint) error { return fn(overdueOf(cm, now)) })
}
