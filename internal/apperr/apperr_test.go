package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodeOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"invalid", Invalid("nip", "must be 18 digits"), BadUserInput},
		{"wrapped not found", fmt.Errorf("transfer employee 7: %w", NotFoundf("no employee 7")), NotFound},
		{"conflict", Conflictf("nip", "taken"), Conflict},
		{"forbidden", Forbiddenf("no"), Forbidden},
		{"plain error is internal", errors.New("disk full"), Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CodeOf(tt.err); got != tt.want {
				t.Errorf("CodeOf(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorMessageNamesField(t *testing.T) {
	got := Invalid("toUnitID", "unit %d does not exist", 9).Error()
	want := "toUnitID: unit 9 does not exist"
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
