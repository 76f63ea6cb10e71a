package complaintdesk

import (
	"context"
	"fmt"
	"time"

	"simasn/ent"
	"simasn/ent/account"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/complaintresponse"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/viewer"
)

// Limits of the reporter's texts, in characters.
const (
	CommentMax   = 1_000
	ObjectionMin = 10
	// ObjectionMax leaves room for the prefix the status reason gets.
	ObjectionMax = ReasonMax - len(objectionPrefix)
)

// objectionPrefix starts the status reason of a complaint reopened by its
// reporter.
const objectionPrefix = "objection: "

// noKeyHash is compared against when no complaint has the tracking ID, so
// an unknown ID costs the same as a wrong key.
const noKeyHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ByTrackingID returns the complaint with the tracking ID, as typed by a
// person (complaint.NormalizeTrackingID), or nil when there is none.
//
// With the complaint's access key the caller is its reporter: they get the
// complaint whatever its privacy, and for the rest of the request see
// their own details and the public responses (access.GrantReporter).
// Without the key, or with a wrong one, the caller gets what they may see
// anyway (the public view for the public; handlers see the complaints they
// handle): the answer never tells whether a key was wrong, let alone
// close. A malformed tracking ID is BAD_USER_INPUT on "trackingId".
func ByTrackingID(ctx context.Context, c *ent.Client, trackingID string, accessKey *string) (*ent.Complaint, error) {
	if accessKey != nil && *accessKey != "" {
		cm, err := Reporter(ctx, c, trackingID, *accessKey)
		switch {
		case err == nil:
			return cm, nil
		case apperr.CodeOf(err) != apperr.Forbidden:
			return nil, err
		}
	}
	tid, ok := complaint.NormalizeTrackingID(trackingID)
	if !ok {
		return nil, badTrackingID(trackingID)
	}
	cm, err := c.Complaint.Query().Where(entcomplaint.TrackingID(tid)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("complaint %s: %w", tid, err)
	}
	return cm, nil
}

// Reporter returns the complaint whose tracking ID (as typed by a person)
// and access key the caller gave, and grants the caller the reporter's
// view for the rest of the request (access.GrantReporter). A tracking ID
// that names no complaint and a wrong key give the same FORBIDDEN, after
// the same work; a malformed tracking ID is BAD_USER_INPUT on
// "trackingId". Rate, Object and ByTrackingID use it; so can anything else
// that serves the reporter, such as the feed of their complaint.
func Reporter(ctx context.Context, c *ent.Client, trackingID, accessKey string) (*ent.Complaint, error) {
	tid, ok := complaint.NormalizeTrackingID(trackingID)
	if !ok {
		return nil, badTrackingID(trackingID)
	}
	cm, err := c.Complaint.Query().Where(entcomplaint.TrackingID(tid)).Only(viewer.System(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("complaint %s: %w", tid, err)
	}
	hash := noKeyHash
	if cm != nil {
		hash = cm.AccessKeyHash
	}
	if !complaint.CheckAccessKey(accessKey, hash) || cm == nil {
		return nil, apperr.Forbiddenf("the access key does not match complaint %s", tid)
	}
	access.GrantReporter(ctx, cm.ID)
	return cm, nil
}

func badTrackingID(s string) error {
	return apperr.Invalid("trackingId", "%q is not a tracking ID; it looks like %s-7KQ9-M2XD-4HT8", s, complaint.TrackingIDPrefix)
}

// Rate records the reporter's rating of the answer, 1 to 5, with an
// optional comment, at now. The reporter proves who they are with the
// tracking ID and the access key (FORBIDDEN otherwise). Only an ANSWERED or
// CLOSED complaint can be rated (BAD_USER_INPUT), and only once (CONFLICT).
// Records RATED.
func Rate(ctx context.Context, c *ent.Client, now time.Time, trackingID, accessKey string, rating int, comment *string) (*ent.Complaint, error) {
	cm, err := Reporter(ctx, c, trackingID, accessKey)
	if err != nil {
		return nil, err
	}
	if err := complaint.ValidateRating(rating); err != nil {
		return nil, apperr.Invalid("rating", "%v", err)
	}
	note, err := optionalText("comment", "the comment", comment, CommentMax)
	if err != nil {
		return nil, err
	}
	if cm.Status != entcomplaint.StatusANSWERED && cm.Status != entcomplaint.StatusCLOSED {
		return nil, apperr.Invalid("rating", "complaint %s is %s; only an ANSWERED or CLOSED complaint can be rated", cm.TrackingID, cm.Status)
	}
	if cm.Rating != nil {
		return nil, apperr.Conflictf("rating", "complaint %s was already rated on %s", cm.TrackingID, cm.RatedAt.In(complaint.WIB).Format(time.DateOnly))
	}
	// The reporter proved the key; the system writes the rating, which the
	// reporter, who has no account, could not.
	sys := viewer.System(ctx)
	cm, err = c.Complaint.UpdateOneID(cm.ID).
		Where(entcomplaint.RatingIsNil(), entcomplaint.StatusIn(entcomplaint.StatusANSWERED, entcomplaint.StatusCLOSED)).
		SetRating(rating).
		SetNillableRatingComment(note).
		SetRatedAt(now).
		Save(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.Conflictf("rating", "complaint %s changed while you rated it; reload it and try again", trackingID)
	}
	if err != nil {
		return nil, fmt.Errorf("rate complaint %s: %w", trackingID, err)
	}
	if err := record(sys, c, cm, complaintevent.KindRATED); err != nil {
		return nil, err
	}
	return cm, nil
}

// Object records the reporter's objection to the answer, within
// ObjectionWindow working days (by cal) of the latest public response: the
// ANSWERED complaint goes back to IN_PROGRESS with the objection as its
// status reason, and its settlement deadline keeps running. The reporter
// proves who they are as for Rate. Records STATUS_CHANGED.
func Object(ctx context.Context, c *ent.Client, cal *complaint.Calendar, now time.Time, trackingID, accessKey, reason string) (*ent.Complaint, error) {
	cm, err := Reporter(ctx, c, trackingID, accessKey)
	if err != nil {
		return nil, err
	}
	why, err := text("reason", "the reason for the objection", reason, ObjectionMin, ObjectionMax)
	if err != nil {
		return nil, err
	}
	if cm.Status != entcomplaint.StatusANSWERED {
		return nil, apperr.Invalid("trackingId", "complaint %s is %s; only an ANSWERED complaint can be objected to", cm.TrackingID, cm.Status)
	}
	sys := viewer.System(ctx)
	answered, err := lastAnswers(sys, c, []*ent.Complaint{cm})
	if err != nil {
		return nil, err
	}
	if closes := cal.AddWorkingDays(answered[cm.ID], complaint.ObjectionWindow); now.After(closes) {
		return nil, apperr.Invalid("trackingId", "the objection window of complaint %s closed on %s (%d working days after the answer)",
			cm.TrackingID, closes.In(complaint.WIB).Format(time.DateOnly), complaint.ObjectionWindow)
	}
	why = objectionPrefix + why
	return changeStatus(sys, c, cm, now, complaint.InProgress, &why, "trackingId")
}

// lastAnswers returns, for each of the complaints, when it was last
// answered: its latest public response, or its answered_at when it has
// none.
func lastAnswers(ctx context.Context, c *ent.Client, cms []*ent.Complaint) (map[int]time.Time, error) {
	out := make(map[int]time.Time, len(cms))
	ids := make([]int, 0, len(cms))
	for _, cm := range cms {
		if cm.AnsweredAt != nil {
			out[cm.ID] = *cm.AnsweredAt
		}
		ids = append(ids, cm.ID)
	}
	rs, err := c.ComplaintResponse.Query().
		Where(complaintresponse.ComplaintIDIn(ids...), complaintresponse.KindEQ(complaintresponse.KindPUBLIC_RESPONSE)).
		Select(complaintresponse.FieldComplaintID, complaintresponse.FieldCreatedAt).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("latest answers: %w", err)
	}
	for _, r := range rs {
		if r.CreatedAt.After(out[r.ComplaintID]) {
			out[r.ComplaintID] = r.CreatedAt
		}
	}
	return out, nil
}

// ResponderUnit returns the unit that stands for the author of a response
// in public: the unit scope of their account, else the unit of the
// account's employee; for an author without either (a BKD administrator,
// or a report answered elsewhere and imported) the unit responsible for
// the complaint, which the answer speaks for. Nil when there is none.
func ResponderUnit(ctx context.Context, c *ent.Client, r *ent.ComplaintResponse) (*ent.Unit, error) {
	sys := viewer.System(ctx)
	acc, err := c.Account.Query().Where(account.Username(r.Author)).WithUnit().WithEmployee().Only(sys)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return nil, fmt.Errorf("responder unit of %s: %w", r.Author, err)
	case acc.Edges.Unit != nil:
		return acc.Edges.Unit, nil
	case acc.Edges.Employee != nil:
		u, err := c.Unit.Get(sys, acc.Edges.Employee.UnitID)
		if err != nil {
			return nil, fmt.Errorf("responder unit of %s: %w", r.Author, err)
		}
		return u, nil
	}
	u, err := c.Complaint.Query().Where(entcomplaint.ID(r.ComplaintID)).QueryUnit().Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("responder unit of response %d: %w", r.ID, err)
	}
	return u, nil
}
