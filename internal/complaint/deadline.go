package complaint

import "time"

// Time limits of complaint handling under SP4N-LAPOR!.
const (
	// VerifyWithin is the number of working days from receipt to
	// verification and forwarding to the responsible unit.
	VerifyWithin = 3
	// AnswerWithin is the number of working days from forwarding to the
	// unit's answer (tindak lanjut).
	AnswerWithin = 5
	// SettleWithinDays is the number of calendar days from receipt within
	// which a complaint must be settled.
	SettleWithinDays = 60
	// ObjectionWindow is the number of working days after an answer during
	// which the reporter may object; without objection the complaint closes.
	ObjectionWindow = 10
)

// Deadlines are the instants by which a complaint must reach each step.
type Deadlines struct {
	// Verify is when the complaint must be verified and forwarded.
	Verify time.Time
	// Answer is when the responsible unit must answer.
	Answer time.Time
	// Settle is when the complaint must be settled.
	Settle time.Time
	// AutoClose is when an answered complaint closes if the reporter has not
	// objected; nil until it is answered.
	AutoClose *time.Time
}

// DeadlinesFor returns the deadlines of a complaint received at receivedAt,
// forwarded at forwardedAt and answered at answeredAt (nil when not yet):
//
//   - Verify is VerifyWithin working days after receipt;
//   - Answer is AnswerWithin working days after forwarding, or, before
//     forwarding, after the Verify deadline, the latest the unit can expect
//     to receive it;
//   - Settle is SettleWithinDays calendar days after receipt, at the same
//     WIB clock time;
//   - AutoClose is ObjectionWindow working days after the answer.
//
// After an objection reopens a complaint, pass the time of the latest
// answer, if any.
func DeadlinesFor(c *Calendar, receivedAt time.Time, forwardedAt, answeredAt *time.Time) Deadlines {
	d := Deadlines{
		Verify: c.AddWorkingDays(receivedAt, VerifyWithin),
		Settle: receivedAt.In(WIB).AddDate(0, 0, SettleWithinDays).In(receivedAt.Location()),
	}
	from := d.Verify
	if forwardedAt != nil {
		from = *forwardedAt
	}
	d.Answer = c.AddWorkingDays(from, AnswerWithin)
	if answeredAt != nil {
		t := c.AddWorkingDays(*answeredAt, ObjectionWindow)
		d.AutoClose = &t
	}
	return d
}

// Overdue names a deadline that has been missed.
type Overdue string

const (
	// OverdueVerification: still not verified after the Verify deadline.
	OverdueVerification Overdue = "VERIFICATION"
	// OverdueAnswer: forwarded but not answered after the Answer deadline.
	OverdueAnswer Overdue = "ANSWER"
	// OverdueSettlement: still open after the Settle deadline.
	OverdueSettlement Overdue = "SETTLEMENT"
)

// Overdues returns every kind of missed deadline, in a stable order.
func Overdues() []Overdue {
	return []Overdue{OverdueVerification, OverdueAnswer, OverdueSettlement}
}

// Valid reports whether o is one of Overdues.
func (o Overdue) Valid() bool {
	switch o {
	case OverdueVerification, OverdueAnswer, OverdueSettlement:
		return true
	}
	return false
}

// OverdueAt returns the deadlines (DeadlinesFor) a complaint in status st has
// missed at now, in the order of Overdues, or nil if none:
//
//   - OverdueVerification when it is still Received after Verify;
//   - OverdueAnswer when it is Verified, InProgress or Postponed, has no
//     answer (answeredAt nil) and now is after Answer;
//   - OverdueSettlement when it is not settled (settledAt nil) and still
//     open (Status.Open) after Settle.
//
// A deadline is missed only once now is strictly after it. A reopened
// complaint that keeps its answeredAt is judged against the settlement
// deadline only.
func OverdueAt(c *Calendar, st Status, receivedAt time.Time, forwardedAt, answeredAt, settledAt *time.Time, now time.Time) []Overdue {
	d := DeadlinesFor(c, receivedAt, forwardedAt, answeredAt)
	var missed []Overdue
	if st == Received && now.After(d.Verify) {
		missed = append(missed, OverdueVerification)
	}
	switch st {
	case Verified, InProgress, Postponed:
		if answeredAt == nil && now.After(d.Answer) {
			missed = append(missed, OverdueAnswer)
		}
	}
	if settledAt == nil && st.Open() && now.After(d.Settle) {
		missed = append(missed, OverdueSettlement)
	}
	return missed
}
