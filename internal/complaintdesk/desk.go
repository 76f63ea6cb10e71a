package complaintdesk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/feed"
	"simasn/internal/textcheck"
	"simasn/internal/txn"
	"simasn/internal/viewer"
)

// load returns the complaint with the given id as the caller of ctx sees
// it: NOT_FOUND when there is none or the caller may not see it.
func load(ctx context.Context, c *ent.Client, id int) (*ent.Complaint, error) {
	cm, err := c.Complaint.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("complaint %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load complaint %d: %w", id, err)
	}
	return cm, nil
}

// loadHandled loads the complaint and checks that the caller handles it
// (access.MayHandle), so a refusal comes before any work.
func loadHandled(ctx context.Context, c *ent.Client, id int) (*ent.Complaint, error) {
	cm, err := load(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := access.MayHandle(ctx, c, id); err != nil {
		return nil, err
	}
	return cm, nil
}

// update saves a change to cm made by set, on condition that cm is still
// in the status it was read in: a concurrent change gives CONFLICT instead
// of a transition the table forbids.
func update(ctx context.Context, c *ent.Client, cm *ent.Complaint, op string, set func(*ent.ComplaintUpdateOne)) (*ent.Complaint, error) {
	u := c.Complaint.UpdateOneID(cm.ID).Where(entcomplaint.StatusEQ(cm.Status))
	set(u)
	out, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Conflictf("id", "complaint %s changed while you worked on it (it is no longer %s); reload it and try again", cm.TrackingID, cm.Status)
	}
	if err != nil {
		return nil, fmt.Errorf("%s complaint %s: %w", op, cm.TrackingID, err)
	}
	return out, nil
}

// record appends events about cm, as it is after the change, to the
// complaint event log, in order.
func record(ctx context.Context, c *ent.Client, cm *ent.Complaint, kinds ...complaintevent.Kind) error {
	for _, k := range kinds {
		if _, err := feed.Record(ctx, c, cm, k, k == complaintevent.KindNOTE_ADDED); err != nil {
			return fmt.Errorf("complaint %s: %w", cm.TrackingID, err)
		}
	}
	return nil
}

// text trims s and checks that it has min to max characters; it returns
// BAD_USER_INPUT on field otherwise, naming what the text is.
func text(field, what, s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		return "", apperr.Invalid(field, "%s is required", what)
	case n < min:
		return "", apperr.Invalid(field, "%s needs at least %d characters, got %d", what, min, n)
	case n > max:
		return "", apperr.Invalid(field, "%s may have at most %d characters, got %d", what, max, n)
	}
	if err := textcheck.Check(s, textcheck.Multiline(field)); err != nil {
		return "", apperr.Invalid(field, "%s %s", what, err)
	}
	return s, nil
}

// optionalText is text for an optional input: nil or blank gives nil.
func optionalText(field, what string, s *string, max int) (*string, error) {
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil, nil
	}
	t, err := text(field, what, *s, 0, max)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// unitByID returns the unit with the given id, whoever may see it, or
// BAD_USER_INPUT on field.
func unitByID(ctx context.Context, c *ent.Client, field string, id int) (*ent.Unit, error) {
	u, err := c.Unit.Query().Where(unit.ID(id)).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid(field, "unit %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load unit %d: %w", id, err)
	}
	return u, nil
}

// status is the rule package's view of an ent status.
func status(s entcomplaint.Status) complaint.Status { return complaint.Status(s) }

// settles reports whether reaching s settles a complaint: it is closed or
// otherwise finished with (rejected, not our authority, archived).
func settles(s complaint.Status) bool {
	switch s {
	case complaint.Closed, complaint.Rejected, complaint.NotOurAuthority, complaint.Archived:
		return true
	}
	return false
}

// inTx runs fn in a transaction of c whose commit wakes the feed
// (internal/txn), or in c's own transaction when c is already
// transactional (a GraphQL mutation, the seeder).
func inTx(ctx context.Context, c *ent.Client, fn func(context.Context, *ent.Client) error) error {
	txCtx, tx, err := txn.TxOpener{Client: c}.OpenTx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return fn(ctx, c)
	}
	if err != nil {
		return err
	}
	if err := fn(txCtx, ent.FromContext(txCtx)); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return tx.Commit()
}

type authorKey struct{}

// OnBehalfOf returns ctx in which the responses and notes the system
// writes (viewer.System) carry author as their author: for loading demo
// data or importing reports answered elsewhere (SP4N-LAPOR!). Any other
// viewer's responses carry their own username, whatever ctx says.
func OnBehalfOf(ctx context.Context, author string) context.Context {
	return context.WithValue(ctx, authorKey{}, author)
}

// author is who writes a response in ctx: the viewer's username, or for
// the system the name given with OnBehalfOf.
func author(ctx context.Context) string {
	v := viewer.FromContext(ctx)
	if a, ok := ctx.Value(authorKey{}).(string); ok && a != "" && v.IsSystem() {
		return a
	}
	return v.Username
}
