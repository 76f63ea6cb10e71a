// Package feed is the real-time complaint feed (DESIGN §5).
//
// The complaint event log is an outbox: every change to a complaint
// appends a ComplaintEvent in the same transaction (Record). The log is the
// truth; notifications only wake readers. On PostgreSQL the appending
// transaction takes a transaction-level advisory lock before it inserts
// the event, so event ids (the feed's sequence) become visible in commit
// order, and calls pg_notify with the id alone. Each instance runs one Hub
// with one pq.Listener: on a notification, on a reconnect, on a local
// commit and on a slow tick it reads the events after the last one it saw,
// in order, and fans them out to its subscribers. On SQLite (one instance,
// one writer at a time) the local after-commit signal does the same.
//
// Subscribers may resume from the cursor of the last event they processed:
// the hub replays from the log and then goes live, without gap or
// duplicate. Each subscriber has a bounded buffer; one that falls behind is
// ended with a clear error and resumes from its cursor. Publishing never
// blocks on a subscriber. What a subscriber receives is filtered by what
// its viewer may see (Visible). A subscriber resuming with a cursor from
// another instance whose hub had read further receives nothing up to it.
//
// A transport may serve many subscribers from one subscription (the
// websocket transport shares one among subscribers of the same operation
// and viewer, and encodes each event once for all of them); it says so with
// a Reader in the subscription's context, so that Subscribers, Revoke and
// Stats count subscribers, not subscriptions. Stats is a plain snapshot for
// the server's metrics.
package feed
