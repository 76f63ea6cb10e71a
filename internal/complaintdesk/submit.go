package complaintdesk

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/employee"
	"simasn/ent/region"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/viewer"
)

// Limits of a submission's texts, in characters.
const (
	TitleMin    = 5
	TitleMax    = 200
	BodyMin     = 20
	BodyMax     = 10_000
	LocationMax = 300
	NameMax     = 150
	ContactMax  = 200
)

// SubmitInput is a new complaint (the GraphQL SubmitComplaintInput).
type SubmitInput struct {
	// Class is what kind of report it is.
	Class entcomplaint.Class
	// Category is the subject area; OTHER when nil.
	Category *entcomplaint.Category
	// Channel is how the report arrived; WEB when nil. Only officers
	// (OfficerEntry) use the other channels, entering reports that arrived
	// by letter, phone or in person; everyone else submits through WEB or
	// MOBILE.
	Channel *entcomplaint.Channel
	// Privacy is what the public may see.
	Privacy entcomplaint.Privacy
	// Title is a short summary, TitleMin to TitleMax characters.
	Title string
	// Body says what happened, BodyMin to BodyMax characters.
	Body string
	// Location is where it happened, in the reporter's words.
	Location *string
	// RegionID is the regency or city concerned.
	RegionID *int
	// UnitID is the unit the reporter thinks responsible; the verifier
	// decides.
	UnitID *int
	// EmployeeID is the employee the complaint is about, if any.
	EmployeeID *int
	// ReporterName and ReporterContact (a phone number or an e-mail
	// address) identify the reporter to those handling the case. An
	// ANONYMOUS report carries neither.
	ReporterName    *string
	ReporterContact *string

	// Fixed, when set, is the tracking ID and access key the complaint
	// gets instead of new random ones: the demo dataset (internal/seed)
	// publishes one complaint's pair so that the README's examples run
	// against it. The API never sets it.
	Fixed *FixedReceipt
}

// FixedReceipt is a tracking ID and access key chosen in advance.
type FixedReceipt struct {
	TrackingID, AccessKey string
}

// Receipt is what the reporter gets back from a submission. AccessKey is
// shown this once: only its hash is stored.
type Receipt struct {
	// TrackingID identifies the complaint, e.g. LPG-7KQ9-M2XD-4HT8.
	TrackingID string
	// AccessKey lets the reporter see their own details and rate the answer.
	AccessKey string
	// Complaint is the complaint as stored.
	Complaint *ent.Complaint
}

// Submit validates and stores a new complaint, RECEIVED at now, with its
// deadlines by cal, a new tracking ID and the hash of a new access key,
// and records a SUBMITTED event. Anyone may submit; everyone but the
// officers who enter reports from other channels (OfficerEntry) is rate
// limited per client address by limit, when not nil (RATE_LIMITED, with
// when to retry) — the public, employees, analysts, and in demo mode the
// demo analyst that stands in for callers without a token. Bad input is
// BAD_USER_INPUT naming the field. For the rest of the request the caller
// counts as the reporter (access.GrantReporter), so the receipt shows them
// their own details.
func Submit(ctx context.Context, c *ent.Client, cal *complaint.Calendar, limit *SubmitLimiter, now time.Time, in SubmitInput) (*Receipt, error) {
	v := viewer.FromContext(ctx)
	if !OfficerEntry(v) {
		if err := limit.check(ctx, now); err != nil {
			return nil, err
		}
	}
	create, err := validate(ctx, c, v, in)
	if err != nil {
		return nil, err
	}
	var trackingID, key, hash string
	if in.Fixed != nil {
		trackingID, key, hash = in.Fixed.TrackingID, in.Fixed.AccessKey, complaint.AccessKeyHash(in.Fixed.AccessKey)
	} else {
		trackingID, err = newTrackingID(ctx, c)
		if err != nil {
			return nil, err
		}
		key, hash, err = complaint.NewAccessKey()
		if err != nil {
			return nil, fmt.Errorf("submit complaint: %w", err)
		}
	}
	d := complaint.DeadlinesFor(cal, now, nil, nil)
	// The submission was validated above; the system writes it, so that
	// the public, who may write nothing else, can file it.
	cm, err := create.
		SetTrackingID(trackingID).
		SetAccessKeyHash(hash).
		SetStatus(entcomplaint.StatusRECEIVED).
		SetReceivedAt(now).
		SetVerifyDue(d.Verify).
		SetAnswerDue(d.Answer).
		SetSettleDue(d.Settle).
		Save(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("submit complaint: %w", err)
	}
	if err := record(ctx, c, cm, complaintevent.KindSUBMITTED); err != nil {
		return nil, err
	}
	access.GrantReporter(ctx, cm.ID)
	return &Receipt{TrackingID: trackingID, AccessKey: key, Complaint: cm}, nil
}

// OfficerEntry reports whether v enters complaints for others — an admin,
// an HR officer or a leader (or the system), who types in the reports that
// arrive by letter, phone or in person — and is therefore not rate limited.
// Whether a caller is signed in does not decide it: in demo mode a caller
// without a token acts as the demo analyst.
func OfficerEntry(v *viewer.Viewer) bool {
	return v.IsAdmin() || v.Role == viewer.HROfficer || v.Role == viewer.Leader
}

// validate checks every field of in and returns the create builder with
// them set.
func validate(ctx context.Context, c *ent.Client, v *viewer.Viewer, in SubmitInput) (*ent.ComplaintCreate, error) {
	category := entcomplaint.CategoryOTHER
	if in.Category != nil {
		category = *in.Category
	}
	channel := entcomplaint.ChannelWEB
	if in.Channel != nil {
		channel = *in.Channel
	}
	switch {
	case entcomplaint.ClassValidator(in.Class) != nil:
		return nil, apperr.Invalid("class", "%q is not a complaint class (want one of %s)", in.Class, list(complaint.Classes()))
	case entcomplaint.CategoryValidator(category) != nil:
		return nil, apperr.Invalid("category", "%q is not a complaint category", category)
	case entcomplaint.ChannelValidator(channel) != nil:
		return nil, apperr.Invalid("channel", "%q is not a channel (want one of %s)", channel, list(complaint.Channels()))
	case entcomplaint.PrivacyValidator(in.Privacy) != nil:
		return nil, apperr.Invalid("privacy", "%q is not a privacy choice (want one of %s)", in.Privacy, list(complaint.Privacies()))
	case !OfficerEntry(v) && channel != entcomplaint.ChannelWEB && channel != entcomplaint.ChannelMOBILE:
		return nil, apperr.Invalid("channel", "reports are submitted through WEB or MOBILE; %s reports are entered by an officer", channel)
	}
	title, err := text("title", "the title", in.Title, TitleMin, TitleMax)
	if err != nil {
		return nil, err
	}
	body, err := text("body", "the description", in.Body, BodyMin, BodyMax)
	if err != nil {
		return nil, err
	}
	location, err := optionalText("location", "the location", in.Location, LocationMax)
	if err != nil {
		return nil, err
	}
	name, err := optionalText("reporterName", "the reporter's name", in.ReporterName, NameMax)
	if err != nil {
		return nil, err
	}
	contact, err := optionalText("reporterContact", "the reporter's contact", in.ReporterContact, ContactMax)
	if err != nil {
		return nil, err
	}
	if contact != nil && !validContact(*contact) {
		return nil, apperr.Invalid("reporterContact", "%q is neither a phone number (8 to 15 digits) nor an e-mail address", *contact)
	}
	if in.Privacy == entcomplaint.PrivacyANONYMOUS {
		switch {
		case name != nil:
			return nil, apperr.Invalid("reporterName", "an anonymous report carries no name: leave reporterName empty, or choose PUBLIC or CONFIDENTIAL to give it to those handling the case")
		case contact != nil:
			return nil, apperr.Invalid("reporterContact", "an anonymous report carries no contact: leave reporterContact empty, or choose PUBLIC or CONFIDENTIAL to give it to those handling the case; you follow the report with its tracking ID and access key")
		}
	}
	sys := viewer.System(ctx) // existence checks: the public sees no employees
	if in.RegionID != nil {
		ok, err := c.Region.Query().Where(region.ID(*in.RegionID)).Exist(sys)
		if err != nil {
			return nil, fmt.Errorf("submit complaint: region %d: %w", *in.RegionID, err)
		}
		if !ok {
			return nil, apperr.Invalid("regionID", "region %d does not exist", *in.RegionID)
		}
	}
	if in.UnitID != nil {
		if _, err := unitByID(ctx, c, "unitID", *in.UnitID); err != nil {
			return nil, err
		}
	}
	if in.EmployeeID != nil {
		ok, err := c.Employee.Query().Where(employee.ID(*in.EmployeeID)).Exist(sys)
		if err != nil {
			return nil, fmt.Errorf("submit complaint: employee %d: %w", *in.EmployeeID, err)
		}
		if !ok {
			return nil, apperr.Invalid("employeeID", "employee %d does not exist", *in.EmployeeID)
		}
	}
	return c.Complaint.Create().
		SetClass(in.Class).
		SetCategory(category).
		SetChannel(channel).
		SetPrivacy(in.Privacy).
		SetTitle(title).
		SetBody(body).
		SetNillableLocation(location).
		SetNillableReporterName(name).
		SetNillableReporterContact(contact).
		SetNillableRegionID(in.RegionID).
		SetNillableUnitID(in.UnitID).
		SetNillableEmployeeID(in.EmployeeID), nil
}

// newTrackingID returns a tracking ID no complaint has. With 60 random
// bits a repeat is all but impossible; checking first keeps a PostgreSQL
// transaction from aborting on the unique index if one happens.
func newTrackingID(ctx context.Context, c *ent.Client) (string, error) {
	for range 5 {
		id, err := complaint.NewTrackingID()
		if err != nil {
			return "", fmt.Errorf("submit complaint: %w", err)
		}
		taken, err := c.Complaint.Query().Where(entcomplaint.TrackingID(id)).Exist(viewer.System(ctx))
		if err != nil {
			return "", fmt.Errorf("submit complaint: check tracking ID: %w", err)
		}
		if !taken {
			return id, nil
		}
	}
	return "", fmt.Errorf("submit complaint: no free tracking ID after 5 tries")
}

// validContact reports whether s looks like an e-mail address or a phone
// number: 8 to 15 digits, optionally with a leading +, spaces, dashes,
// dots and parentheses.
func validContact(s string) bool {
	if strings.Contains(s, "@") {
		a, err := mail.ParseAddress(s)
		return err == nil && a.Address == s
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case strings.ContainsRune(" -.()", r):
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// list renders values as "A, B, C".
func list[S ~string](values []S) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
