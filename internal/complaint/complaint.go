package complaint

import "fmt"

// Class is the kind of report (klasifikasi laporan) a citizen files.
type Class string

const (
	// ClassComplaint is a complaint about a public service (pengaduan).
	ClassComplaint Class = "COMPLAINT"
	// ClassAspiration is a suggestion or wish for a service (aspirasi).
	ClassAspiration Class = "ASPIRATION"
	// ClassInformationRequest asks for public information (permintaan
	// informasi).
	ClassInformationRequest Class = "INFORMATION_REQUEST"
	// ClassWhistleblowing reports wrongdoing by an official (pengaduan
	// pelanggaran, whistle-blowing); it calls for extra care with the
	// reporter's identity.
	ClassWhistleblowing Class = "WHISTLEBLOWING"
)

// Classes returns every class, in a stable order.
func Classes() []Class {
	return []Class{ClassComplaint, ClassAspiration, ClassInformationRequest, ClassWhistleblowing}
}

// Valid reports whether c is one of Classes.
func (c Class) Valid() bool {
	switch c {
	case ClassComplaint, ClassAspiration, ClassInformationRequest, ClassWhistleblowing:
		return true
	}
	return false
}

// Channel is how a report reached the administration (kanal pengaduan).
type Channel string

const (
	// ChannelWeb is the public web form.
	ChannelWeb Channel = "WEB"
	// ChannelMobile is the mobile application.
	ChannelMobile Channel = "MOBILE"
	// ChannelSocialMedia is a post or message on the agency's social media
	// accounts, entered by an officer.
	ChannelSocialMedia Channel = "SOCIAL_MEDIA"
	// ChannelSMS is a text message to the agency's complaint number.
	ChannelSMS Channel = "SMS"
	// ChannelWalkIn is a report made in person at a service desk, entered by
	// an officer.
	ChannelWalkIn Channel = "WALK_IN"
	// ChannelLAPOR is a report forwarded from the national SP4N-LAPOR!
	// platform (lapor.go.id).
	ChannelLAPOR Channel = "LAPOR"
)

// Channels returns every channel, in a stable order.
func Channels() []Channel {
	return []Channel{ChannelWeb, ChannelMobile, ChannelSocialMedia, ChannelSMS, ChannelWalkIn, ChannelLAPOR}
}

// Valid reports whether ch is one of Channels.
func (ch Channel) Valid() bool {
	switch ch {
	case ChannelWeb, ChannelMobile, ChannelSocialMedia, ChannelSMS, ChannelWalkIn, ChannelLAPOR:
		return true
	}
	return false
}

// Privacy is what of a report the public may see. Whatever the privacy, the
// reporter's identity is shown only to those handling the case.
type Privacy string

const (
	// Public publishes the complaint in the public feed, without the
	// reporter's identity.
	Public Privacy = "PUBLIC"
	// Anonymous (anonim) publishes the complaint but never the reporter's
	// identity.
	Anonymous Privacy = "ANONYMOUS"
	// Confidential (rahasia) keeps the whole complaint out of public view.
	Confidential Privacy = "CONFIDENTIAL"
)

// Privacies returns every privacy choice, in a stable order.
func Privacies() []Privacy {
	return []Privacy{Public, Anonymous, Confidential}
}

// Valid reports whether p is one of Privacies.
func (p Privacy) Valid() bool {
	switch p {
	case Public, Anonymous, Confidential:
		return true
	}
	return false
}

// PubliclyVisible reports whether a complaint with privacy p appears in the
// public feed: true for Public and Anonymous, false for Confidential and for
// anything that is not a privacy, so that a bad value hides rather than leaks.
func (p Privacy) PubliclyVisible() bool {
	return p == Public || p == Anonymous
}

// Limits of the reporter's satisfaction rating of an answer.
const (
	// MinRating is the lowest rating (very dissatisfied).
	MinRating = 1
	// MaxRating is the highest rating (very satisfied).
	MaxRating = 5
)

// ValidateRating returns an error unless r is a rating from MinRating to
// MaxRating.
func ValidateRating(r int) error {
	if r < MinRating || r > MaxRating {
		return fmt.Errorf("rating %d is out of range (want %d–%d)", r, MinRating, MaxRating)
	}
	return nil
}
