package discipline_test

import (
	"testing"
	"time"

	"simasn/internal/apperr"
	"simasn/internal/discipline"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
func dp(y int, m time.Month, day int) *time.Time {
	t := d(y, m, day)
	return &t
}

func TestLevels(t *testing.T) {
	want := map[discipline.Kind]discipline.Level{
		discipline.VerbalReprimand: discipline.Light, discipline.WrittenReprimand: discipline.Light, discipline.WrittenDissatisfaction: discipline.Light,
		discipline.AllowanceCut6Months: discipline.Medium, discipline.AllowanceCut9Months: discipline.Medium, discipline.AllowanceCut12Months: discipline.Medium,
		discipline.Demotion12Months: discipline.Heavy, discipline.ReleaseToExecutor12Months: discipline.Heavy, discipline.Dismissal: discipline.Heavy,
	}
	if got := len(discipline.Kinds()); got != 9 {
		t.Errorf("%d kinds, want the 9 of PP 94/2021 art. 8", got)
	}
	for _, k := range discipline.Kinds() {
		got, ok := discipline.LevelOf(discipline.Kind(k))
		if !ok || got != want[discipline.Kind(k)] {
			t.Errorf("LevelOf(%s) = %s, %v; want %s", k, got, ok, want[discipline.Kind(k)])
		}
	}
	if _, ok := discipline.LevelOf("CAUTION"); ok {
		t.Error("LevelOf(CAUTION) = true, want false")
	}
}

func TestUntil(t *testing.T) {
	tests := []struct {
		name   string
		kind   discipline.Kind
		from   time.Time
		stated *time.Time
		want   *time.Time
		field  string // of the error, "" when none
	}{
		{"6 months from 1 April", discipline.AllowanceCut6Months, d(2026, 4, 1), nil, dp(2026, 9, 30), ""},
		{"9 months from 15 May", discipline.AllowanceCut9Months, d(2026, 5, 15), nil, dp(2027, 2, 14), ""},
		{"12 months from 1 January", discipline.AllowanceCut12Months, d(2026, 1, 1), nil, dp(2026, 12, 31), ""},
		{"12 months from 29 February", discipline.Demotion12Months, d(2028, 2, 29), nil, dp(2029, 2, 28), ""},
		{"a stated end that agrees", discipline.ReleaseToExecutor12Months, d(2026, 4, 1), dp(2027, 3, 31), dp(2027, 3, 31), ""},
		{"a stated end a day long", discipline.ReleaseToExecutor12Months, d(2026, 4, 1), dp(2027, 4, 1), nil, "effectiveUntil"},
		{"a dismissal never ends", discipline.Dismissal, d(2026, 4, 1), nil, nil, ""},
		{"a dismissal with an end", discipline.Dismissal, d(2026, 4, 1), dp(2027, 4, 1), nil, "effectiveUntil"},
		{"a reprimand on its day", discipline.WrittenReprimand, d(2026, 4, 1), nil, dp(2026, 4, 1), ""},
		{"a reprimand with a stated end", discipline.VerbalReprimand, d(2026, 4, 1), dp(2026, 9, 30), dp(2026, 9, 30), ""},
		{"a reprimand ending before it starts", discipline.WrittenDissatisfaction, d(2026, 4, 1), dp(2026, 3, 31), nil, "effectiveUntil"},
		{"an unknown kind", "CAUTION", d(2026, 4, 1), nil, nil, "kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := discipline.Until(tc.kind, tc.from, tc.stated)
			if tc.field != "" {
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.BadUserInput || e.Field != tc.field {
					t.Fatalf("err = %v, want BAD_USER_INPUT on %s", err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || (got != nil && !got.Equal(*tc.want)) {
				t.Errorf("Until = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestInEffect(t *testing.T) {
	p := discipline.Penalty{From: d(2026, 4, 1), Until: dp(2027, 3, 31)}
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{{d(2026, 3, 31), false}, {d(2026, 4, 1), true}, {d(2027, 3, 31), true}, {d(2027, 4, 1), false}} {
		if got := p.InEffect(tc.day); got != tc.want {
			t.Errorf("InEffect(%s) = %v, want %v", tc.day.Format(time.DateOnly), got, tc.want)
		}
	}
	forever := discipline.Penalty{From: d(2026, 4, 1)}
	if !forever.InEffect(d(2090, 1, 1)) || forever.InEffect(d(2026, 3, 31)) {
		t.Error("a penalty without end: wrong effect")
	}
}
