package textcheck_test

import (
	"testing"

	"simasn/internal/apperr"
	"simasn/internal/textcheck"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name      string
		s         string
		multiline bool
		ok        bool
	}{
		{"plain", "Dinas Kesehatan", false, true},
		{"Indonesian and accents", "Siti Rahmawati, S.Kep., Ners — Ré", false, true},
		{"emoji", "terima kasih 🙏", false, true},
		{"empty", "", false, true},
		{"NUL", "a\x00b", false, false},
		{"bell", "a\x07b", true, false},
		{"DEL", "a\x7fb", false, false},
		{"C1 control", "a\u0085b", true, false},
		{"right-to-left override", "gpj\u202Eexe", false, false},
		{"left-to-right embedding", "\u202Aabc", false, false},
		{"pop directional formatting", "abc\u202C", false, false},
		{"first strong isolate", "a\u2068b", true, false},
		{"pop directional isolate", "a\u2069b", true, false},
		{"left-to-right mark", "a\u200Eb", false, false},
		{"zero-width space", "Siti\u200BRahma", false, false},
		{"zero-width joiner", "a\u200Db", false, false},
		{"byte-order mark", "\uFEFFJudul", false, false},
		{"word joiner", "a\u2060b", false, false},
		{"line separator", "a\u2028b", true, false},
		{"invalid UTF-8", "a\xffb", true, false},
		{"tab in a name", "a\tb", false, false},
		{"newline in a name", "a\nb", false, false},
		{"tab and newlines in a long text", "baris 1\n\tbaris 2\r\nbaris 3", true, true},
		{"lone carriage return in a long text", "a\rb", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := textcheck.Check(tc.s, tc.multiline)
			if got := err == nil; got != tc.ok {
				t.Errorf("Check(%q, %v) = %v, want ok %v", tc.s, tc.multiline, err, tc.ok)
			}
		})
	}
}

func TestMultiline(t *testing.T) {
	for field, want := range map[string]bool{
		"body": true, "description": true, "results_notes": true, "verifier_note": true,
		"return_reason": true, "status_reason": true, "rating_comment": true, "address": true,
		"name": false, "title": false, "activity": false, "decree_number": false, "front_title": false,
	} {
		if got := textcheck.Multiline(field); got != want {
			t.Errorf("Multiline(%q) = %v, want %v", field, got, want)
		}
	}
}

func TestFieldNamesTheField(t *testing.T) {
	err := textcheck.Field("front_title", "dr.\u202E")
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.BadUserInput || e.Field != "frontTitle" {
		t.Fatalf("Field = %#v, want BAD_USER_INPUT on frontTitle", err)
	}
	if e.Message != "contains a bidirectional control character (U+202E) at character 4; remove it" {
		t.Errorf("message = %q", e.Message)
	}
}
