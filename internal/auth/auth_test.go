package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

// TestHashCost: stored hashes and the unknown-user equaliser use bcrypt's
// default cost (10); test binaries that call UseMinCostForTests get the
// minimum (4), and only they.
func TestHashCost(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for name, hash := range map[string][]byte{"a stored hash": []byte(h), "the equaliser": dummyHash()} {
		if c, err := bcrypt.Cost(hash); err != nil || c != 10 {
			t.Errorf("%s has cost %d (%v), want 10", name, c, err)
		}
	}
}

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
	// A token verified once is remembered, but not past its expiry: the
	// same Tokens refuses it once the clock passes it (issued at 08:00
	// for an hour).
	moving := now
	tok2, _ := NewTokens(secret, time.Hour, func() time.Time { return moving })
	s2, _, _ := tok2.Issue(7, 1)
	for _, at := range []time.Duration{0, 30 * time.Minute, 59 * time.Minute} {
		moving = now.Add(at)
		if id, ver, err := tok2.Verify(s2); err != nil || id != 7 || ver != 1 {
			t.Errorf("at 08:00+%s: Verify = %d, %d, %v; want 7, 1", at, id, ver, err)
		}
	}
	for _, at := range []time.Duration{time.Hour, 2 * time.Hour} {
		moving = now.Add(at)
		if _, _, err := tok2.Verify(s2); err == nil {
			t.Errorf("at 08:00+%s: an expired token was accepted after it had been verified", at)
		}
	}
	moving = now.Add(-2 * time.Minute) // before its not-before (issued with a minute's leeway)
	if _, _, err := tok2.Verify(s2); err == nil {
		t.Error("a token was accepted before its not-before time after it had been verified")
	}
	if _, err := NewTokens([]byte("short"), time.Hour, nil); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestLimiterBacksOff(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(1000, func() time.Time { return now })
	l.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	// Three free failures, then 1 s, 2 s, 4 s …
	for failures, want := range []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second} {
		if ok, _ := l.Allow("10.0.0.1", "budi"); !ok {
			t.Fatalf("attempt %d refused before its lock-out", failures+1)
		}
		l.Failure("10.0.0.1", "budi")
		ok, wait := l.Allow("10.0.0.1", "budi")
		if ok != (want == 0) || wait != want {
			t.Errorf("after %d failures: allowed %v, wait %v; want wait %v", failures+1, ok, wait, want)
		}
		now = now.Add(wait)
	}
	l.Failure("10.0.0.1", "budi")
	if ok, _ := l.Allow("10.0.0.1", "siti"); !ok {
		t.Error("another username is locked out too")
	}
	if ok, _ := l.Allow("10.0.0.9", "budi"); !ok {
		t.Error("the owner at another address is locked out by one address's failures")
	}
	l.Success("10.0.0.9", "budi")
	if ok, _ := l.Allow("10.0.0.1", "budi"); ok {
		t.Error("a success elsewhere cleared the failing address's back-off")
	}
	now = now.Add(MaxLockout)
	l.Success("10.0.0.1", "budi")
	if ok, _ := l.Allow("10.0.0.1", "budi"); !ok {
		t.Error("a successful login did not clear the back-off")
	}
}

func TestLimiterDistributedAttack(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	l := NewLimiter(1000, func() time.Time { return now })
	l.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	l.Success("203.0.113.7", "siti") // the owner's usual address
	// One guess from each of many addresses: no pair is ever locked out.
	for i := range AccountFreeFailures + 1 {
		addr := fmt.Sprintf("198.51.100.%d", i+1)
		if ok, wait := l.Allow(addr, "siti"); !ok {
			t.Fatalf("guess %d refused (wait %v) before the username's threshold", i+1, wait)
		}
		l.Failure(addr, "siti")
	}
	ok, wait := l.Allow("198.51.100.200", "siti")
	if ok || wait != time.Second {
		t.Errorf("a fresh address after %d failures: allowed %v, wait %v; want refused for 1s", AccountFreeFailures+1, ok, wait)
	}
	if ok, _ := l.Allow("203.0.113.7", "siti"); !ok {
		t.Error("the owner's known address is locked out by the distributed attack")
	}
	if ok, _ := l.Allow("198.51.100.200", "budi"); !ok {
		t.Error("another username is guarded too")
	}
	// The back-off grows with every failure past the threshold.
	now = now.Add(time.Second)
	l.Failure("198.51.100.201", "siti")
	if _, wait := l.Allow("198.51.100.202", "siti"); wait != 2*time.Second {
		t.Errorf("after %d failures: wait %v, want 2s", AccountFreeFailures+2, wait)
	}
	// The count starts again after a quiet window.
	now = now.Add(AccountWindow + time.Minute)
	if ok, _ := l.Allow("198.51.100.202", "siti"); !ok {
		t.Error("still guarded after the lock-out ended")
	}
	l.Failure("198.51.100.202", "siti")
	if ok, _ := l.Allow("198.51.100.203", "siti"); !ok {
		t.Error("one failure after a quiet hour guards the username again")
	}
	out := logs.String()
	if n := strings.Count(out, "sign-in guarded for this username"); n != 2 {
		t.Errorf("guard logged %d times, want twice (each lock-out when it began):\n%s", n, out)
	}
	if !strings.Contains(out, "username=siti") || !strings.Contains(out, "client=198.51.100.20") {
		t.Errorf("the log does not name the username and the address:\n%s", out)
	}
}

func TestLimiterLogsLockouts(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	l := NewLimiter(1000, func() time.Time { return now })
	l.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	for range PairFreeFailures + 1 {
		l.Failure("10.0.0.1", "budi")
	}
	var rec map[string]any
	if err := json.Unmarshal(logs.Bytes(), &rec); err != nil {
		t.Fatalf("want one JSON log line, got %q: %v", logs.String(), err)
	}
	if rec["msg"] != "sign-in locked out for this address" || rec["username"] != "budi" || rec["client"] != "10.0.0.1" || rec["level"] != "WARN" {
		t.Errorf("log record = %v", rec)
	}
}

func TestLimiterIPv6Prefix(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(1000, func() time.Time { return now })
	l.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	for i := range PairFreeFailures + 1 {
		l.Failure(fmt.Sprintf("2001:db8:1:2::%x", i+1), "budi") // one subscriber's /64
	}
	if ok, _ := l.Allow("2001:db8:1:2:ffff::1", "budi"); ok {
		t.Error("another address of the same /64 escapes the lock-out")
	}
	if ok, _ := l.Allow("2001:db8:1:3::1", "budi"); !ok {
		t.Error("another /64 is locked out too")
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
