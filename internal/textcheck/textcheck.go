package textcheck

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"entgo.io/ent"

	"simasn/internal/apperr"
)

// Check returns an error, fit for a person, when s holds a character that
// no stored text may hold; multiline allows tabs and line breaks.
func Check(s string, multiline bool) error {
	for i, r := range s {
		pos := utf8.RuneCountInString(s[:i]) + 1
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return fmt.Errorf("is not valid UTF-8 at character %d", pos)
			}
		}
		if multiline {
			switch {
			case r == '\t', r == '\n':
				continue
			case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
				continue
			}
		}
		if why := forbidden(r); why != "" {
			return fmt.Errorf("contains %s (U+%04X) at character %d; remove it", why, r, pos)
		}
	}
	return nil
}

// forbidden says what kind of refused character r is, or "" when r is
// allowed.
func forbidden(r rune) string {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return "a tab or line break, allowed only in long texts,"
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return "a control character"
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return "a bidirectional control character"
	case r >= 0x200B && r <= 0x200D, r >= 0x2060 && r <= 0x2064, r == 0xFEFF:
		return "an invisible zero-width character"
	case r == 0x2028, r == 0x2029:
		return "a line or paragraph separator"
	}
	return ""
}

// Multiline reports whether the field named (ent's snake_case name) is a
// long text, which may hold tabs and line breaks: a body, a description,
// an address, a comment, or a note, notes or reason of any kind. Every
// other string is a single line, so a new field is as strict as a name
// until it is named as a long text.
func Multiline(field string) bool {
	switch field {
	case "body", "description", "address", "comment", "notes", "note", "reason":
		return true
	}
	for _, suffix := range []string{"_body", "_description", "_address", "_comment", "_notes", "_note", "_reason"} {
		if strings.HasSuffix(field, suffix) {
			return true
		}
	}
	return false
}

// Field checks the value of a string field for a mutation and returns
// BAD_USER_INPUT naming the field (GraphQL spelling) when it is refused.
func Field(field, value string) error {
	if err := Check(value, Multiline(field)); err != nil {
		return apperr.Invalid(apperr.FieldName(field), "%s", err)
	}
	return nil
}

// Hook refuses a mutation that sets any string field (or an element of a
// list of strings) to a text Check refuses. Enumerations, numbers and
// times pass untouched.
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		for _, name := range m.Fields() {
			v, _ := m.Field(name)
			switch v := v.(type) {
			case string:
				if err := Field(name, v); err != nil {
					return nil, err
				}
			case []string:
				for _, s := range v {
					if err := Field(name, s); err != nil {
						return nil, err
					}
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}
