package training

import (
	"testing"
	"time"

	"simasn/ent/enrollment"
	"simasn/internal/apperr"
)

// TestCheckDates checks the order of a training's dates at each boundary:
// registration closes after it opens (not at the same instant), the course
// starts at or after registration closes and ends at or after it starts.
func TestCheckDates(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 3, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name                        string
		opens, closes, starts, ends time.Time
		field                       string // "" when valid
	}{
		{"in order", d(1), d(10), d(15), d(20), ""},
		{"starts the instant registration closes, ends the day it starts", d(1), d(10), d(10), d(10), ""},
		{"closes the instant it opens", d(1), d(1), d(15), d(20), "registrationCloses"},
		{"closes before it opens", d(2), d(1), d(15), d(20), "registrationCloses"},
		{"starts a second before registration closes", d(1), d(10), d(10).Add(-time.Second), d(20), "startsOn"},
		{"ends a second before it starts", d(1), d(10), d(15), d(15).Add(-time.Second), "endsOn"},
	} {
		err := checkDates(tc.opens, tc.closes, tc.starts, tc.ends)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want no error", tc.name, err)
			}
			continue
		}
		if e, ok := apperr.As(err); !ok || e.Code != apperr.BadUserInput || e.Field != tc.field {
			t.Errorf("%s: %v, want BAD_USER_INPUT for %s", tc.name, err, tc.field)
		}
	}
}

// TestHoldsSeat: registered, approved, completed and failed enrollments
// occupy a seat of the quota; waitlisted, rejected and withdrawn ones do not.
func TestHoldsSeat(t *testing.T) {
	want := map[enrollment.Status]bool{
		enrollment.StatusREGISTERED: true, enrollment.StatusAPPROVED: true, enrollment.StatusCOMPLETED: true, enrollment.StatusFAILED: true,
		enrollment.StatusWAITLISTED: false, enrollment.StatusREJECTED: false, enrollment.StatusWITHDRAWN: false,
	}
	for s, w := range want {
		if got := holdsSeat(s); got != w {
			t.Errorf("holdsSeat(%s) = %v, want %v", s, got, w)
		}
	}
}

// TestCheckProfessions: profession groups are checked by name.
func TestCheckProfessions(t *testing.T) {
	if err := checkProfessions([]string{"HEALTH", "EDUCATION"}); err != nil {
		t.Errorf("valid groups: %v", err)
	}
	if e, ok := apperr.As(checkProfessions([]string{"HEALTH", "ASTRONAUT"})); !ok || e.Field != "targetProfessions" {
		t.Errorf("an unknown group: %v, want BAD_USER_INPUT for targetProfessions", e)
	}
}
