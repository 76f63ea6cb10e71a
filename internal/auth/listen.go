package auth

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/lib/pq"
)

// ViewerChannel is the PostgreSQL NOTIFY channel on which an instance tells
// the others that accounts changed (role, scope, password, deactivation,
// deletion, a unit moved): the payload is the accounts' ids separated by
// commas, or "*" for all of them.
const ViewerChannel = "simasn_viewers"

// ListenForAccountChanges makes the instance's remembered viewers follow
// the changes made on other instances sharing the PostgreSQL database at
// dsn: it listens on ViewerChannel with one connection of its own, drops
// the viewers each notification names, and makes this instance's account
// changes notify the others. It returns once listening (or with the error
// of the first connection); the listener runs until ctx ends.
//
// While the listener is connected a viewer is remembered for five minutes
// (listeningTTL); when its connection is lost every viewer is dropped and
// they are remembered for a second only (the TTL without a listener) until
// it is back, since notifications may be missed meanwhile.
//
// applied, when not nil, is called with each notification's payload after
// it has been applied, and with "" after a reconnect has dropped every
// viewer (tests wait on it).
func (s *Service) ListenForAccountChanges(ctx context.Context, dsn string, logger *slog.Logger, applied func(payload string)) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := s.viewers
	l := pq.NewListener(dsn, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
			c.listening.Store(false)
			c.drop()
			if err != nil {
				logger.Warn("account change listener disconnected: viewers are remembered for a second until it is back", "err", err)
			}
		}
	})
	c.notify.Store(true)
	if err := l.Listen(ViewerChannel); err != nil {
		l.Close()
		return fmt.Errorf("listen on %s: %w", ViewerChannel, err)
	}
	c.drop() // anything remembered before listening may be stale
	c.listening.Store(true)
	go func() {
		defer l.Close()
		defer c.listening.Store(false)
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-l.Notify:
				payload := ""
				if n == nil { // reconnected: anything may have been missed
					c.drop()
					c.listening.Store(true)
				} else {
					c.dropPayload(n.Extra)
					payload = n.Extra
				}
				if applied != nil {
					applied(payload)
				}
			}
		}
	}()
	return nil
}
