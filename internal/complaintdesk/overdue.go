package complaintdesk

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/predicate"
	"simasn/internal/complaint"
	"simasn/internal/viewer"
)

// awaitingAnswer are the statuses in which a forwarded complaint still
// owes its answer.
var awaitingAnswer = []entcomplaint.Status{entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS, entcomplaint.StatusPOSTPONED}

// openStatuses are the statuses in which the administration still owes work
// (complaint.Status.Open).
var openStatuses = []entcomplaint.Status{entcomplaint.StatusRECEIVED, entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS, entcomplaint.StatusPOSTPONED}

// OverdueWhere matches the complaints that have missed the deadline of the
// given kind at now, or any deadline when kind is nil. It reads the stored
// due columns, so it is a plain indexed query:
//
//   - VERIFICATION: still RECEIVED after verify_due;
//   - ANSWER: VERIFIED, IN_PROGRESS or POSTPONED, never answered, after
//     answer_due;
//   - SETTLEMENT: open (RECEIVED, VERIFIED, IN_PROGRESS, POSTPONED) and not
//     settled after settle_due.
//
// It agrees with OverdueOf and with complaint.OverdueAt. An unknown kind
// matches nothing.
func OverdueWhere(kind *complaint.Overdue, now time.Time) predicate.Complaint {
	verify := entcomplaint.And(entcomplaint.StatusEQ(entcomplaint.StatusRECEIVED), entcomplaint.VerifyDueLT(now))
	answer := entcomplaint.And(entcomplaint.StatusIn(awaitingAnswer...), entcomplaint.AnsweredAtIsNil(), entcomplaint.AnswerDueLT(now))
	settle := entcomplaint.And(entcomplaint.StatusIn(openStatuses...), entcomplaint.SettledAtIsNil(), entcomplaint.SettleDueLT(now))
	if kind == nil {
		return entcomplaint.Or(verify, answer, settle)
	}
	switch *kind {
	case complaint.OverdueVerification:
		return verify
	case complaint.OverdueAnswer:
		return answer
	case complaint.OverdueSettlement:
		return settle
	}
	return entcomplaint.IDLT(0)
}

// OverdueOf returns the deadlines cm has missed at now, in the order of
// complaint.Overdues, by the same rule as OverdueWhere; nil if none.
func OverdueOf(cm *ent.Complaint, now time.Time) []complaint.Overdue {
	var missed []complaint.Overdue
	if cm.Status == entcomplaint.StatusRECEIVED && now.After(cm.VerifyDue) {
		missed = append(missed, complaint.OverdueVerification)
	}
	switch cm.Status {
	case entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS, entcomplaint.StatusPOSTPONED:
		if cm.AnsweredAt == nil && now.After(cm.AnswerDue) {
			missed = append(missed, complaint.OverdueAnswer)
		}
	}
	if cm.SettledAt == nil && status(cm.Status).Open() && now.After(cm.SettleDue) {
		missed = append(missed, complaint.OverdueSettlement)
	}
	return missed
}

// ListOverdue returns a page of the complaints the caller may see that
// have missed the deadline of the given kind (any deadline when nil) at
// now, further filtered by where. Without orderBy the most overdue come
// first: by the missed deadline (verify_due, answer_due or settle_due), or
// by receipt for any kind.
func ListOverdue(ctx context.Context, c *ent.Client, now time.Time, kind *complaint.Overdue,
	after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int,
	orderBy []*ent.ComplaintOrder, where *ent.ComplaintWhereInput,
) (*ent.ComplaintConnection, error) {
	if len(orderBy) == 0 {
		field := ent.ComplaintOrderFieldReceivedAt
		if kind != nil {
			switch *kind {
			case complaint.OverdueVerification:
				field = ent.ComplaintOrderFieldVerifyDue
			case complaint.OverdueAnswer:
				field = ent.ComplaintOrderFieldAnswerDue
			case complaint.OverdueSettlement:
				field = ent.ComplaintOrderFieldSettleDue
			}
		}
		orderBy = []*ent.ComplaintOrder{{Field: field, Direction: entgql.OrderDirectionAsc}}
	}
	conn, err := c.Complaint.Query().
		Where(OverdueWhere(kind, now)).
		Paginate(ctx, after, first, before, last, ent.WithComplaintOrder(orderBy), ent.WithComplaintFilter(where.Filter))
	if err != nil {
		return nil, fmt.Errorf("overdue complaints: %w", err)
	}
	return conn, nil
}

// autoCloseBatch is how many answered complaints AutoClose examines at once.
const autoCloseBatch = 500

// minObjectionDays is the fewest calendar days ObjectionWindow working days
// can span (from a Sunday); answers younger than that cannot have expired.
const minObjectionDays = 12

// autoCloseReason is the status reason of a complaint closed by AutoClose.
var autoCloseReason = fmt.Sprintf("closed automatically: no objection within %d working days of the answer", complaint.ObjectionWindow)

// AutoClose closes, at now, every ANSWERED complaint whose reporter has not
// objected within ObjectionWindow working days (by cal) of its latest
// public response, and returns how many it closed. Each becomes CLOSED,
// settled at now (unless settled before), with a status reason saying
// why, and gets a STATUS_CHANGED event. It runs as the system, in one
// transaction of c (or in c's own when c is transactional); run it
// periodically, e.g. hourly.
func AutoClose(ctx context.Context, c *ent.Client, cal *complaint.Calendar, now time.Time) (int, error) {
	ctx = viewer.System(ctx)
	closed := 0
	err := inTx(ctx, c, func(ctx context.Context, c *ent.Client) error {
		lastID := 0
		for {
			batch, err := c.Complaint.Query().
				Where(
					entcomplaint.StatusEQ(entcomplaint.StatusANSWERED),
					entcomplaint.AnsweredAtLT(now.AddDate(0, 0, -minObjectionDays)),
					entcomplaint.IDGT(lastID),
				).
				Order(ent.Asc(entcomplaint.FieldID)).
				Limit(autoCloseBatch).
				All(ctx)
			if err != nil {
				return fmt.Errorf("auto-close complaints: %w", err)
			}
			if len(batch) == 0 {
				return nil
			}
			lastID = batch[len(batch)-1].ID
			answered, err := lastAnswers(ctx, c, batch)
			if err != nil {
				return fmt.Errorf("auto-close complaints: %w", err)
			}
			for _, cm := range batch {
				if !now.After(cal.AddWorkingDays(answered[cm.ID], complaint.ObjectionWindow)) {
					continue
				}
				cm, err := update(ctx, c, cm, "auto-close", func(u *ent.ComplaintUpdateOne) {
					u.SetStatus(entcomplaint.StatusCLOSED).SetStatusReason(autoCloseReason)
					if cm.SettledAt == nil {
						u.SetSettledAt(now)
					}
				})
				if err != nil {
					return err
				}
				if err := record(ctx, c, cm, complaintevent.KindSTATUS_CHANGED); err != nil {
					return err
				}
				closed++
			}
		}
	})
	if err != nil {
		return 0, err
	}
	return closed, nil
}
