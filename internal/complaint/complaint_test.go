package complaint_test

import (
	"slices"
	"testing"

	"simasn/internal/complaint"
)

func TestEnumValues(t *testing.T) {
	// These strings become GraphQL enum values and database values: they
	// must not change by accident.
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"classes", names(complaint.Classes()), []string{"COMPLAINT", "ASPIRATION", "INFORMATION_REQUEST", "WHISTLEBLOWING"}},
		{"channels", names(complaint.Channels()), []string{"WEB", "MOBILE", "SOCIAL_MEDIA", "SMS", "WALK_IN", "LAPOR"}},
		{"privacies", names(complaint.Privacies()), []string{"PUBLIC", "ANONYMOUS", "CONFIDENTIAL"}},
		{"overdues", names(complaint.Overdues()), []string{"VERIFICATION", "ANSWER", "SETTLEMENT"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func names[S ~string](values []S) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func TestValid(t *testing.T) {
	tests := []struct {
		name  string
		valid func() bool
		want  bool
	}{
		{"every class", func() bool { return all(complaint.Classes(), complaint.Class.Valid) }, true},
		{"empty class", complaint.Class("").Valid, false},
		{"lower-case class", complaint.Class("complaint").Valid, false},
		{"unknown class", complaint.Class("PRAISE").Valid, false},
		{"every channel", func() bool { return all(complaint.Channels(), complaint.Channel.Valid) }, true},
		{"empty channel", complaint.Channel("").Valid, false},
		{"unknown channel", complaint.Channel("EMAIL").Valid, false},
		{"every privacy", func() bool { return all(complaint.Privacies(), complaint.Privacy.Valid) }, true},
		{"empty privacy", complaint.Privacy("").Valid, false},
		{"unknown privacy", complaint.Privacy("SECRET").Valid, false},
		{"every overdue", func() bool { return all(complaint.Overdues(), complaint.Overdue.Valid) }, true},
		{"unknown overdue", complaint.Overdue("CLOSING").Valid, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.valid(); got != tc.want {
				t.Errorf("Valid() = %v, want %v", got, tc.want)
			}
		})
	}
}

func all[T any](values []T, ok func(T) bool) bool {
	for _, v := range values {
		if !ok(v) {
			return false
		}
	}
	return len(values) > 0
}

func TestPubliclyVisible(t *testing.T) {
	tests := []struct {
		privacy complaint.Privacy
		want    bool
	}{
		{complaint.Public, true},
		{complaint.Anonymous, true},
		{complaint.Confidential, false},
		// A value that is not a privacy hides rather than leaks.
		{"", false},
		{"public", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.privacy), func(t *testing.T) {
			if got := tc.privacy.PubliclyVisible(); got != tc.want {
				t.Errorf("Privacy(%q).PubliclyVisible() = %v, want %v", tc.privacy, got, tc.want)
			}
		})
	}
}

func TestValidateRating(t *testing.T) {
	tests := []struct {
		name    string
		rating  int
		wantErr string
	}{
		{"lowest", 1, ""},
		{"middle", 3, ""},
		{"highest", 5, ""},
		{"zero", 0, "rating 0 is out of range (want 1–5)"},
		{"negative", -1, "rating -1 is out of range (want 1–5)"},
		{"above five", 6, "rating 6 is out of range (want 1–5)"},
		{"a score out of ten", 10, "rating 10 is out of range (want 1–5)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := complaint.ValidateRating(tc.rating)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("ValidateRating(%d) = %v, want nil", tc.rating, err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("ValidateRating(%d) = nil, want error %q", tc.rating, tc.wantErr)
			case tc.wantErr != "" && err.Error() != tc.wantErr:
				t.Errorf("ValidateRating(%d) error = %q, want %q", tc.rating, err, tc.wantErr)
			}
		})
	}
}
