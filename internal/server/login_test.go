package server_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"simasn/ent/account"
	"simasn/internal/apitest"
	"simasn/internal/auth"
)

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLoginLockoutIsNoWeapon plays an attacker guessing a password from
// one address, then from many, while the owner signs in from their own.
func TestLoginLockoutIsNoWeapon(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		var logs lockedBuffer
		s.Limiter.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		acc := s.MustAccount("siti", "ANALYST", nil, nil)
		const login = `mutation($p: String!) { login(username: "siti", password: $p) { token } }`
		right := map[string]any{"p": "password-123"}
		guess := func(i int) map[string]any { return map[string]any{"p": fmt.Sprintf("tebakan-rahasia-%d", i)} }
		lastLogin := func() *time.Time { return apitest.Must(s.DB.Client.Account.Get(apitest.Sys(), acc.ID))(t).LastLoginAt }

		owner := s.Public().From("127.0.0.10")
		owner.MustDo(nil, login, right) // the owner's usual address

		// One address guessing: free failures, then that address waits.
		attacker := s.Public().From("127.0.0.20")
		for i := range auth.PairFreeFailures + 1 {
			attacker.MustFail("UNAUTHENTICATED", "", login, guess(i))
		}
		e := attacker.MustFail("RATE_LIMITED", "", login, guess(99))
		if secs, _ := e.Extensions["retryAfterSeconds"].(float64); secs < 1 {
			t.Errorf("RATE_LIMITED without a retry hint: %+v", e.Extensions)
		}
		before := lastLogin()
		attacker.MustFail("RATE_LIMITED", "", login, right) // even the right password waits there
		if after := lastLogin(); !after.Equal(*before) {
			t.Errorf("a refused sign-in changed lastLoginAt from %v to %v", before, after)
		}
		// … but not the owner, nor a newcomer with a clean record.
		owner.MustDo(nil, login, right)
		s.Public().From("127.0.0.30").MustDo(nil, login, right)

		// Many addresses, a few guesses each: no address is locked out,
		// but past the username's threshold fresh addresses wait …
		failures := auth.PairFreeFailures + 1
		for i := 0; failures <= auth.AccountFreeFailures; i++ {
			bot := s.Public().From(fmt.Sprintf("127.0.1.%d", i+1))
			for j := 0; j < 2 && failures <= auth.AccountFreeFailures; j++ {
				bot.MustFail("UNAUTHENTICATED", "", login, guess(failures))
				failures++
			}
		}
		fresh := s.Public().From("127.0.0.60")
		fresh.MustFail("RATE_LIMITED", "", login, right)
		// … while the addresses the account signed in from do not.
		owner.MustDo(nil, login, right)
		s.Public().From("127.0.0.30").MustDo(nil, login, right)
		// The guard is a back-off, not a lock: it ends with time.
		later := *s.Now.Load()
		later = later.Add(2 * time.Second)
		s.Now.Store(&later)
		fresh.MustDo(nil, login, right)

		out := logs.String()
		for _, want := range []string{
			`msg="sign-in locked out for this address" username=siti client=127.0.0.20`,
			`msg="sign-in guarded for this username: addresses that never signed in to it must wait" username=siti`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("the log lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "tebakan") || strings.Contains(out, "password-123") {
			t.Errorf("the log holds a password:\n%s", out)
		}
		if n := apitest.Must(s.DB.Client.Account.Query().Where(account.Username("siti")).Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("accounts named siti = %d, want 1", n)
		}
	})
}
