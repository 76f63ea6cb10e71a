package complaint_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"simasn/internal/complaint"
)

// trackingIDPattern is the canonical form: Crockford base32 has no I, L, O
// or U.
var trackingIDPattern = regexp.MustCompile(`^LPG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

func TestNewTrackingID(t *testing.T) {
	const n = 1000
	seen := make(map[string]bool, n)
	for range n {
		id, err := complaint.NewTrackingID()
		if err != nil {
			t.Fatalf("NewTrackingID() error: %v", err)
		}
		if !trackingIDPattern.MatchString(id) {
			t.Fatalf("NewTrackingID() = %q, want the form LPG-XXXX-XXXX-XXXX in Crockford base32", id)
		}
		if seen[id] {
			t.Fatalf("NewTrackingID() gave %q twice in %d", id, n)
		}
		seen[id] = true
		if got, ok := complaint.NormalizeTrackingID(id); !ok || got != id {
			t.Errorf("NormalizeTrackingID(%q) = %q, %v; want %q, true", id, got, ok, id)
		}
	}
}

func TestNewTrackingIDUsesTheWholeAlphabet(t *testing.T) {
	// 1000 IDs carry 12000 characters: each of the 32 symbols should turn
	// up, or the bits are not spread over the alphabet.
	used := make(map[rune]bool)
	for range 1000 {
		id, err := complaint.NewTrackingID()
		if err != nil {
			t.Fatalf("NewTrackingID() error: %v", err)
		}
		for _, r := range strings.ReplaceAll(strings.TrimPrefix(id, "LPG-"), "-", "") {
			used[r] = true
		}
	}
	for _, r := range "0123456789ABCDEFGHJKMNPQRSTVWXYZ" {
		if !used[r] {
			t.Errorf("no tracking ID in 1000 used %q", r)
		}
	}
}

func TestNormalizeTrackingID(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string
		wantOK bool
	}{
		{"canonical", "LPG-7KQ9-M2XD-4HT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"lower case", "lpg-7kq9-m2xd-4ht8", "LPG-7KQ9-M2XD-4HT8", true},
		{"mixed case", "Lpg-7kQ9-m2Xd-4hT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"no dashes", "LPG7KQ9M2XD4HT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"some dashes", "LPG-7KQ9M2XD-4HT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"spaces", "  LPG 7KQ9 M2XD 4HT8 ", "LPG-7KQ9-M2XD-4HT8", true},
		{"spaces and dashes", "LPG - 7KQ9 - M2XD - 4HT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"without the prefix", "7KQ9-M2XD-4HT8", "LPG-7KQ9-M2XD-4HT8", true},
		{"without the prefix or dashes", "7kq9m2xd4ht8", "LPG-7KQ9-M2XD-4HT8", true},
		{"O read as zero", "LPG-O0O0-M2XD-4HT8", "LPG-0000-M2XD-4HT8", true},
		{"I and L read as one", "LPG-I1L1-M2XD-4HT8", "LPG-1111-M2XD-4HT8", true},
		{"lower-case o, i and l", "lpg-oil0-m2xd-4ht8", "LPG-0110-M2XD-4HT8", true},
		{"bare body that starts like the prefix", "LPGA-BCDE-FGHJ", "LPG-1PGA-BCDE-FGHJ", true},
		{"one character short", "LPG-7KQ9-M2XD-4HT", "", false},
		{"one character long", "LPG-7KQ9-M2XD-4HT8X", "", false},
		{"a group missing", "LPG-7KQ9-M2XD", "", false},
		{"empty", "", "", false},
		{"only the prefix", "LPG-", "", false},
		{"U is not a symbol", "LPG-7KQ9-M2XD-4HTU", "", false},
		{"punctuation", "LPG-7KQ9-M2XD-4HT!", "", false},
		{"another prefix", "JKT-7KQ9-M2XD-4HT8", "", false},
		{"non-ASCII", "LPG-7KQ9-M2XD-4HTÉ", "", false},
		{"underscores", "LPG_7KQ9_M2XD_4HT8", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := complaint.NormalizeTrackingID(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("NormalizeTrackingID(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestAccessKey(t *testing.T) {
	key, hash, err := complaint.NewAccessKey()
	if err != nil {
		t.Fatalf("NewAccessKey() error: %v", err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		t.Fatalf("NewAccessKey() key %q is not unpadded base64url: %v", key, err)
	}
	if len(raw) != 24 {
		t.Errorf("NewAccessKey() key decodes to %d bytes, want 24", len(raw))
	}
	sum := sha256.Sum256([]byte(key))
	if want := hex.EncodeToString(sum[:]); hash != want {
		t.Errorf("NewAccessKey() hash = %q, want the hex SHA-256 of the key %q", hash, want)
	}
	otherKey, otherHash, err := complaint.NewAccessKey()
	if err != nil {
		t.Fatalf("NewAccessKey() error: %v", err)
	}
	if otherKey == key || otherHash == hash {
		t.Fatalf("NewAccessKey() gave the same key or hash twice")
	}

	tests := []struct {
		name string
		key  string
		hash string
		want bool
	}{
		{"round trip", key, hash, true},
		{"upper-case hash", key, strings.ToUpper(hash), true},
		{"another reporter's key", otherKey, hash, false},
		{"key with a character changed", key[:len(key)-1] + flip(key[len(key)-1]), hash, false},
		{"key with a trailing space", key + " ", hash, false},
		{"empty key", "", hash, false},
		{"empty key against the hash of nothing", "", hex.EncodeToString(sha256New("")), false},
		{"empty hash", key, "", false},
		{"hash that is not hex", key, strings.Repeat("z", 64), false},
		{"truncated hash", key, hash[:62], false},
		{"the hash used as the key", hash, hash, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := complaint.CheckAccessKey(tc.key, tc.hash); got != tc.want {
				t.Errorf("CheckAccessKey(%q, %q) = %v, want %v", tc.key, tc.hash, got, tc.want)
			}
		})
	}
}

// flip returns a different base64url character than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func sha256New(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}
