package complaint_test

import (
	"slices"
	"testing"
	"time"

	"simasn/internal/complaint"
)

func ptr(t time.Time) *time.Time { return &t }

func TestDeadlinesFor(t *testing.T) {
	empty := complaint.NewCalendar()
	monday := wib(2026, 3, 2, 9, 0)
	tests := []struct {
		name      string
		cal       *complaint.Calendar
		received  time.Time
		forwarded *time.Time
		answered  *time.Time
		want      complaint.Deadlines
	}{
		{
			name:     "just received: answer counted from the verify deadline",
			cal:      empty,
			received: monday,
			want: complaint.Deadlines{
				Verify: wib(2026, 3, 5, 9, 0),
				Answer: wib(2026, 3, 12, 9, 0),
				Settle: wib(2026, 5, 1, 9, 0),
			},
		},
		{
			name:      "forwarded early: answer counted from forwarding",
			cal:       empty,
			received:  monday,
			forwarded: ptr(wib(2026, 3, 3, 14, 0)),
			want: complaint.Deadlines{
				Verify: wib(2026, 3, 5, 9, 0),
				Answer: wib(2026, 3, 10, 14, 0),
				Settle: wib(2026, 5, 1, 9, 0),
			},
		},
		{
			name:      "answered: the objection window runs",
			cal:       empty,
			received:  monday,
			forwarded: ptr(wib(2026, 3, 3, 14, 0)),
			answered:  ptr(wib(2026, 3, 6, 11, 0)),
			want: complaint.Deadlines{
				Verify:    wib(2026, 3, 5, 9, 0),
				Answer:    wib(2026, 3, 10, 14, 0),
				Settle:    wib(2026, 5, 1, 9, 0),
				AutoClose: ptr(wib(2026, 3, 20, 11, 0)),
			},
		},
		{
			name:     "received on a Friday evening",
			cal:      empty,
			received: wib(2026, 3, 6, 20, 0),
			want: complaint.Deadlines{
				Verify: wib(2026, 3, 11, 20, 0),
				Answer: wib(2026, 3, 18, 20, 0),
				Settle: wib(2026, 5, 5, 20, 0),
			},
		},
		{
			// Settlement counts calendar days: it may even fall on a holiday
			// (15 May 2026 is collective leave).
			name:     "received just before Lebaran 2026",
			cal:      defaultCalendar(),
			received: wib(2026, 3, 16, 9, 0),
			want: complaint.Deadlines{
				Verify: wib(2026, 3, 26, 9, 0),
				Answer: wib(2026, 4, 2, 9, 0),
				Settle: wib(2026, 5, 15, 9, 0),
			},
		},
		{
			name:      "answered before the Christmas and New Year holidays",
			cal:       defaultCalendar(),
			received:  wib(2026, 12, 1, 10, 0),
			forwarded: ptr(wib(2026, 12, 3, 10, 0)),
			answered:  ptr(wib(2026, 12, 21, 15, 0)),
			want: complaint.Deadlines{
				Verify:    wib(2026, 12, 4, 10, 0),
				Answer:    wib(2026, 12, 10, 10, 0),
				Settle:    wib(2027, 1, 30, 10, 0),
				AutoClose: ptr(wib(2027, 1, 8, 15, 0)), // over Christmas, New Year and Isra Mikraj
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := complaint.DeadlinesFor(tc.cal, tc.received, tc.forwarded, tc.answered)
			check := func(field string, got, want time.Time) {
				t.Helper()
				if !got.Equal(want) {
					t.Errorf("%s = %s, want %s", field, got.In(complaint.WIB), want.In(complaint.WIB))
				}
			}
			check("Verify", got.Verify, tc.want.Verify)
			check("Answer", got.Answer, tc.want.Answer)
			check("Settle", got.Settle, tc.want.Settle)
			switch {
			case tc.want.AutoClose == nil && got.AutoClose != nil:
				t.Errorf("AutoClose = %s, want nil before an answer", got.AutoClose.In(complaint.WIB))
			case tc.want.AutoClose != nil && got.AutoClose == nil:
				t.Errorf("AutoClose = nil, want %s", tc.want.AutoClose.In(complaint.WIB))
			case tc.want.AutoClose != nil:
				check("AutoClose", *got.AutoClose, *tc.want.AutoClose)
			}
		})
	}
}

func TestOverdueAt(t *testing.T) {
	cal := complaint.NewCalendar()
	received := wib(2026, 3, 2, 9, 0)        // Monday; verify by Thu 5 March 09:00
	forwarded := ptr(wib(2026, 3, 4, 10, 0)) // answer by Wed 11 March 10:00
	answered := ptr(wib(2026, 3, 10, 16, 0)) // in time
	settled := ptr(wib(2026, 3, 24, 16, 0))  // closed after the objection window
	settleBy := wib(2026, 5, 1, 9, 0)        // 60 days after receipt
	tests := []struct {
		name      string
		status    complaint.Status
		forwarded *time.Time
		answered  *time.Time
		settled   *time.Time
		now       time.Time
		want      []complaint.Overdue
	}{
		{"received, not yet overdue", complaint.Received, nil, nil, nil, wib(2026, 3, 4, 9, 0), nil},
		{"received, exactly at the verify deadline", complaint.Received, nil, nil, nil, wib(2026, 3, 5, 9, 0), nil},
		{"verification overdue", complaint.Received, nil, nil, nil, wib(2026, 3, 5, 9, 1),
			[]complaint.Overdue{complaint.OverdueVerification}},
		{"still received after the answer deadline", complaint.Received, nil, nil, nil, wib(2026, 3, 20, 9, 0),
			[]complaint.Overdue{complaint.OverdueVerification}},
		{"verified, answer not yet due", complaint.Verified, forwarded, nil, nil, wib(2026, 3, 11, 9, 0), nil},
		{"verified, answer overdue", complaint.Verified, forwarded, nil, nil, wib(2026, 3, 11, 10, 1),
			[]complaint.Overdue{complaint.OverdueAnswer}},
		{"in progress, answer overdue", complaint.InProgress, forwarded, nil, nil, wib(2026, 3, 12, 8, 0),
			[]complaint.Overdue{complaint.OverdueAnswer}},
		{"postponed still owes the answer", complaint.Postponed, forwarded, nil, nil, wib(2026, 3, 20, 8, 0),
			[]complaint.Overdue{complaint.OverdueAnswer}},
		{"answered, not overdue", complaint.Answered, forwarded, answered, nil, wib(2026, 3, 20, 8, 0), nil},
		{"answered, waiting past 60 days is the reporter's time", complaint.Answered, forwarded, answered, nil, settleBy.Add(time.Hour), nil},
		{"reopened after an objection, before settlement", complaint.InProgress, forwarded, answered, nil, wib(2026, 4, 1, 8, 0), nil},
		{"reopened after an objection, past settlement", complaint.InProgress, forwarded, answered, nil, settleBy.Add(time.Minute),
			[]complaint.Overdue{complaint.OverdueSettlement}},
		{"in progress exactly at the settle deadline", complaint.InProgress, forwarded, nil, nil, settleBy,
			[]complaint.Overdue{complaint.OverdueAnswer}},
		{"settlement overdue", complaint.InProgress, forwarded, nil, nil, settleBy.Add(time.Minute),
			[]complaint.Overdue{complaint.OverdueAnswer, complaint.OverdueSettlement}},
		{"received and forgotten", complaint.Received, nil, nil, nil, settleBy.Add(24 * time.Hour),
			[]complaint.Overdue{complaint.OverdueVerification, complaint.OverdueSettlement}},
		{"postponed past settlement", complaint.Postponed, forwarded, answered, nil, settleBy.Add(time.Minute),
			[]complaint.Overdue{complaint.OverdueSettlement}},
		{"closed", complaint.Closed, forwarded, answered, settled, settleBy.Add(24 * time.Hour), nil},
		{"archived", complaint.Archived, forwarded, answered, settled, settleBy.Add(24 * time.Hour), nil},
		{"rejected", complaint.Rejected, nil, nil, nil, settleBy.Add(24 * time.Hour), nil},
		{"not our authority", complaint.NotOurAuthority, nil, nil, nil, settleBy.Add(24 * time.Hour), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := complaint.OverdueAt(cal, tc.status, received, tc.forwarded, tc.answered, tc.settled, tc.now)
			if !slices.Equal(got, tc.want) {
				t.Errorf("OverdueAt(%s at %s) = %v, want %v", tc.status, tc.now.In(complaint.WIB), got, tc.want)
			}
		})
	}
}

func TestOverdueAtUsesTheCalendar(t *testing.T) {
	// Received on the Monday before Lebaran 2026: with the holidays the
	// verify deadline is Thursday 26 March, without them Thursday 19 March.
	received := wib(2026, 3, 16, 9, 0)
	now := wib(2026, 3, 25, 9, 0)
	if got := complaint.OverdueAt(defaultCalendar(), complaint.Received, received, nil, nil, nil, now); got != nil {
		t.Errorf("with the holidays, OverdueAt = %v, want nil", got)
	}
	want := []complaint.Overdue{complaint.OverdueVerification}
	if got := complaint.OverdueAt(complaint.NewCalendar(), complaint.Received, received, nil, nil, nil, now); !slices.Equal(got, want) {
		t.Errorf("without holidays, OverdueAt = %v, want %v", got, want)
	}
}
