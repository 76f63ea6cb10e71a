package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("the right password was refused")
	}
	if CheckPassword(h, "correct horse battery!") {
		t.Error("a wrong password was accepted")
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a short password was accepted")
	}
}

func TestTokens(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	secret := []byte(strings.Repeat("k", 32))
	tok, _ := NewTokens(secret, time.Hour, clock)
	s, exp, err := tok.Issue(42, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(time.Hour)) {
		t.Errorf("expiry = %v, want %v", exp, now.Add(time.Hour))
	}
	if id, ver, err := tok.Verify(s); err != nil || id != 42 || ver != 3 {
		t.Errorf("Verify = %d, %v; want 42", id, err)
	}

	other, _ := NewTokens([]byte(strings.Repeat("x", 32)), time.Hour, clock)
	later, _ := NewTokens(secret, time.Hour, func() time.Time { return now.Add(2 * time.Hour) })
	none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.RegisteredClaims{Issuer: Issuer, Subject: "42", ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))})
	unsigned, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Issuer: Issuer, Subject: "42"}).SignedString(secret)
	tampered := s[:len(s)-4] + "AAAA"
	parts := strings.Split(s, ".")
	for name, check := range map[string]func() error{
		"wrong secret":       func() error { _, _, err := other.Verify(s); return err },
		"expired":            func() error { _, _, err := later.Verify(s); return err },
		"alg none":           func() error { _, _, err := tok.Verify(unsigned); return err },
		"no expiry":          func() error { _, _, err := tok.Verify(noExp); return err },
		"tampered signature": func() error { _, _, err := tok.Verify(tampered); return err },
		"tampered payload":   func() error { _, _, err := tok.Verify(parts[0] + ".eyJzdWIiOiIxIn0." + parts[2]); return err },
		"garbage":            func() error { _, _, err := tok.Verify("not-a-token"); return err },
	} {
		if err := check(); err == nil {
			t.Errorf("%s: token accepted", name)
		}
	}
	if _, err := NewTokens([]byte("short"), time.Hour, nil); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestLimiterBacksOff(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(1000, func() time.Time { return now })
	// Two free failures, then 1 s, 2 s, 4 s …
	for failures, want := range []time.Duration{0, 0, time.Second, 2 * time.Second, 4 * time.Second} {
		if ok, _ := l.Allow("10.0.0.1", "budi"); !ok {
			t.Fatalf("attempt %d refused before its lock-out", failures+1)
		}
		l.Failure("budi")
		ok, wait := l.Allow("10.0.0.1", "budi")
		if ok != (want == 0) || wait != want {
			t.Errorf("after %d failures: allowed %v, wait %v; want wait %v", failures+1, ok, wait, want)
		}
		now = now.Add(wait)
	}
	l.Failure("budi")
	if ok, _ := l.Allow("10.0.0.1", "siti"); !ok {
		t.Error("another username is locked out too")
	}
	l.Success("budi")
	if ok, _ := l.Allow("10.0.0.1", "budi"); !ok {
		t.Error("a successful login did not clear the back-off")
	}
}

func TestLimiterPerClient(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(5, func() time.Time { return now })
	for i := 0; i < 5; i++ {
		if ok, _ := l.Allow("10.0.0.2", "user"+string(rune('a'+i))); !ok {
			t.Fatalf("attempt %d refused, want the first 5 allowed", i+1)
		}
	}
	ok, wait := l.Allow("10.0.0.2", "userz")
	if ok || wait <= 0 {
		t.Errorf("6th attempt in a minute: allowed %v, wait %v; want refused with a wait", ok, wait)
	}
	if ok, _ := l.Allow("10.0.0.3", "userz"); !ok {
		t.Error("another client is limited too")
	}
}
