package complaintdesk

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/complaintresponse"
	"simasn/ent/employee"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/viewer"
)

// Limits of the texts handlers write, in characters.
const (
	ResponseMax = 10_000
	ReasonMax   = 1_000
)

// Verify verifies a RECEIVED complaint and forwards it (disposisi) to the
// unit responsible, correcting its category when category is not nil: it
// becomes VERIFIED, forwarded at now, and its answer is due AnswerWithin
// working days (by cal) after now. Records VERIFIED then FORWARDED. Only
// those handling the complaint may (FORBIDDEN); a complaint past RECEIVED,
// or a unit that does not exist, is BAD_USER_INPUT.
func Verify(ctx context.Context, c *ent.Client, cal *complaint.Calendar, now time.Time, id, unitID int, category *entcomplaint.Category) (*ent.Complaint, error) {
	cm, err := loadHandled(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if cm.Status != entcomplaint.StatusRECEIVED {
		return nil, apperr.Invalid("id", "complaint %s is %s; only a RECEIVED complaint can be verified (use forwardComplaint to send it to another unit)", cm.TrackingID, cm.Status)
	}
	if category != nil && entcomplaint.CategoryValidator(*category) != nil {
		return nil, apperr.Invalid("category", "%q is not a complaint category", *category)
	}
	if _, err := unitByID(ctx, c, "unitID", unitID); err != nil {
		return nil, err
	}
	cm, err = update(ctx, c, cm, "verify", func(u *ent.ComplaintUpdateOne) {
		u.SetStatus(entcomplaint.StatusVERIFIED).
			SetUnitID(unitID).
			SetForwardedAt(now).
			SetAnswerDue(cal.AddWorkingDays(now, complaint.AnswerWithin)).
			SetNillableCategory(category).
			ClearStatusReason()
	})
	if err != nil {
		return nil, err
	}
	if err := record(ctx, c, cm, complaintevent.KindVERIFIED, complaintevent.KindFORWARDED); err != nil {
		return nil, err
	}
	return cm, nil
}

// Forward sends a VERIFIED, IN_PROGRESS or POSTPONED complaint to another
// unit, when the first one was not the right one: forwarded at now, its
// answer due AnswerWithin working days later, and no officer until the new
// unit assigns one. The status stays. Records FORWARDED.
func Forward(ctx context.Context, c *ent.Client, cal *complaint.Calendar, now time.Time, id, unitID int) (*ent.Complaint, error) {
	cm, err := loadHandled(ctx, c, id)
	if err != nil {
		return nil, err
	}
	switch cm.Status {
	case entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS, entcomplaint.StatusPOSTPONED:
	case entcomplaint.StatusRECEIVED:
		return nil, apperr.Invalid("id", "complaint %s is RECEIVED; verify it (verifyComplaint), which forwards it", cm.TrackingID)
	default:
		return nil, apperr.Invalid("id", "complaint %s is %s; only a VERIFIED, IN_PROGRESS or POSTPONED complaint can be forwarded", cm.TrackingID, cm.Status)
	}
	if cm.UnitID != nil && *cm.UnitID == unitID {
		return nil, apperr.Invalid("unitID", "complaint %s is already with unit %d", cm.TrackingID, unitID)
	}
	if _, err := unitByID(ctx, c, "unitID", unitID); err != nil {
		return nil, err
	}
	cm, err = update(ctx, c, cm, "forward", func(u *ent.ComplaintUpdateOne) {
		u.SetUnitID(unitID).
			SetForwardedAt(now).
			SetAnswerDue(cal.AddWorkingDays(now, complaint.AnswerWithin)).
			ClearOfficerID()
	})
	if err != nil {
		return nil, err
	}
	if err := record(ctx, c, cm, complaintevent.KindFORWARDED); err != nil {
		return nil, err
	}
	return cm, nil
}

// Assign makes an active employee of the complaint's unit, or of a unit
// below it, the officer handling a VERIFIED, IN_PROGRESS or POSTPONED
// complaint. The officer may then respond and change the status. Records
// ASSIGNED.
func Assign(ctx context.Context, c *ent.Client, id, officerID int) (*ent.Complaint, error) {
	cm, err := loadHandled(ctx, c, id)
	if err != nil {
		return nil, err
	}
	switch cm.Status {
	case entcomplaint.StatusVERIFIED, entcomplaint.StatusIN_PROGRESS, entcomplaint.StatusPOSTPONED:
	case entcomplaint.StatusRECEIVED:
		return nil, apperr.Invalid("id", "complaint %s is RECEIVED; verify and forward it to a unit before assigning an officer", cm.TrackingID)
	default:
		return nil, apperr.Invalid("id", "complaint %s is %s; an officer is assigned only while it is VERIFIED, IN_PROGRESS or POSTPONED", cm.TrackingID, cm.Status)
	}
	if cm.OfficerID != nil && *cm.OfficerID == officerID {
		return nil, apperr.Invalid("officerID", "employee %d is already the officer of complaint %s", officerID, cm.TrackingID)
	}
	sys := viewer.System(ctx)
	officer, err := c.Employee.Query().Where(employee.ID(officerID)).WithUnit().Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("officerID", "employee %d does not exist", officerID)
	}
	if err != nil {
		return nil, fmt.Errorf("assign complaint %s: officer %d: %w", cm.TrackingID, officerID, err)
	}
	if officer.Status != employee.StatusACTIVE {
		return nil, apperr.Invalid("officerID", "employee %s is %s; only an active employee can handle a complaint", officer.Nip, officer.Status)
	}
	home, err := unitByID(ctx, c, "id", *cm.UnitID) // VERIFIED and later always have a unit
	if err != nil {
		return nil, err
	}
	if officer.Edges.Unit == nil || !strings.HasPrefix(officer.Edges.Unit.Path, home.Path) {
		return nil, apperr.Invalid("officerID", "employee %s does not work in %s or a unit below it", officer.Nip, home.Name)
	}
	cm, err = update(ctx, c, cm, "assign", func(u *ent.ComplaintUpdateOne) { u.SetOfficerID(officerID) })
	if err != nil {
		return nil, err
	}
	if err := record(ctx, c, cm, complaintevent.KindASSIGNED); err != nil {
		return nil, err
	}
	return cm, nil
}

// Respond adds a public response (tindak lanjut) or an internal note,
// written at now by the caller (or, for the system, by the author given
// with OnBehalfOf). A public response to a VERIFIED or
// IN_PROGRESS complaint answers it: it becomes ANSWERED, and answered_at is
// set the first time. An ARCHIVED complaint takes notes only. Internal
// notes never change the status and reach neither the public nor the
// reporter. Records RESPONDED (then STATUS_CHANGED when it answered the
// complaint), or NOTE_ADDED.
func Respond(ctx context.Context, c *ent.Client, now time.Time, id int, kind complaintresponse.Kind, body string) (*ent.ComplaintResponse, error) {
	cm, err := loadHandled(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if complaintresponse.KindValidator(kind) != nil {
		return nil, apperr.Invalid("kind", "%q is not a response kind (want PUBLIC_RESPONSE or INTERNAL_NOTE)", kind)
	}
	public := kind == complaintresponse.KindPUBLIC_RESPONSE
	what := "the note"
	if public {
		what = "the response"
	}
	body, err = text("body", what, body, 1, ResponseMax)
	if err != nil {
		return nil, err
	}
	if public && cm.Status == entcomplaint.StatusARCHIVED {
		return nil, apperr.Invalid("kind", "complaint %s is ARCHIVED; it takes internal notes only", cm.TrackingID)
	}
	resp, err := c.ComplaintResponse.Create().
		SetComplaintID(cm.ID).
		SetKind(kind).
		SetBody(body).
		SetAuthor(author(ctx)).
		SetCreatedAt(now).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("respond to complaint %s: %w", cm.TrackingID, err)
	}
	if !public {
		return resp, record(ctx, c, cm, complaintevent.KindNOTE_ADDED)
	}
	answers := cm.Status == entcomplaint.StatusVERIFIED || cm.Status == entcomplaint.StatusIN_PROGRESS
	if !answers {
		return resp, record(ctx, c, cm, complaintevent.KindRESPONDED)
	}
	cm, err = update(ctx, c, cm, "answer", func(u *ent.ComplaintUpdateOne) {
		u.SetStatus(entcomplaint.StatusANSWERED).ClearStatusReason()
		if cm.AnsweredAt == nil {
			u.SetAnsweredAt(now)
		}
	})
	if err != nil {
		return nil, err
	}
	return resp, record(ctx, c, cm, complaintevent.KindRESPONDED, complaintevent.KindSTATUS_CHANGED)
}

// needsReason are the statuses a complaint reaches only with a reason.
var needsReason = []complaint.Status{complaint.Rejected, complaint.Postponed, complaint.NotOurAuthority, complaint.Archived}

// ChangeStatus moves a complaint to status to, along the allowed
// transitions (complaint.CheckTransition), at now. A reason is required for
// REJECTED, POSTPONED, NOT_OUR_AUTHORITY and ARCHIVED; the reason given is
// kept as the complaint's statusReason (and cleared when none is given).
// VERIFIED is reached with Verify (it needs a unit) and ANSWERED with a
// public response (Respond). settled_at is set when the complaint first
// reaches CLOSED, REJECTED, NOT_OUR_AUTHORITY or ARCHIVED. A refused
// change is BAD_USER_INPUT on "status" (or "reason") and changes nothing.
// Records STATUS_CHANGED.
func ChangeStatus(ctx context.Context, c *ent.Client, now time.Time, id int, to entcomplaint.Status, reason *string) (*ent.Complaint, error) {
	cm, err := loadHandled(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return changeStatus(ctx, c, cm, now, status(to), reason, "status")
}

// changeStatus moves cm to status to with the caller's context; field
// names the input that chose the status.
func changeStatus(ctx context.Context, c *ent.Client, cm *ent.Complaint, now time.Time, to complaint.Status, reason *string, field string) (*ent.Complaint, error) {
	switch {
	case to == complaint.Verified && cm.Status == entcomplaint.StatusRECEIVED:
		return nil, apperr.Invalid(field, "complaint %s is verified with verifyComplaint, which also forwards it to the responsible unit", cm.TrackingID)
	case to == complaint.Answered && cm.Status == entcomplaint.StatusIN_PROGRESS:
		return nil, apperr.Invalid(field, "complaint %s is answered by a public response (respondToComplaint)", cm.TrackingID)
	}
	if err := complaint.CheckTransition(status(cm.Status), to); err != nil {
		return nil, apperr.Invalid(field, "%s: %v", cm.TrackingID, err)
	}
	why, err := optionalText("reason", "the reason", reason, ReasonMax)
	if err != nil {
		return nil, err
	}
	if why == nil && slices.Contains(needsReason, to) {
		return nil, apperr.Invalid("reason", "say why complaint %s becomes %s: a reason is required for %s", cm.TrackingID, to, list(needsReason))
	}
	cm, err = update(ctx, c, cm, "change the status of", func(u *ent.ComplaintUpdateOne) {
		u.SetStatus(entcomplaint.Status(to)).SetNillableStatusReason(why)
		if why == nil {
			u.ClearStatusReason()
		}
		if settles(to) && cm.SettledAt == nil {
			u.SetSettledAt(now)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := record(ctx, c, cm, complaintevent.KindSTATUS_CHANGED); err != nil {
		return nil, err
	}
	return cm, nil
}

// NextStatuses returns the statuses ChangeStatus can move cm to now, in a
// stable order: the allowed transitions, except VERIFIED (Verify) and
// ANSWERED (a public response).
func NextStatuses(cm *ent.Complaint) []entcomplaint.Status {
	var out []entcomplaint.Status
	for _, s := range complaint.Next(status(cm.Status)) {
		if s != complaint.Verified && s != complaint.Answered {
			out = append(out, entcomplaint.Status(s))
		}
	}
	return out
}
