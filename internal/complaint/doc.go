// Package complaint holds the rules of public complaint handling modelled on
// SP4N-LAPOR! (Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional –
// Layanan Aspirasi dan Pengaduan Online Rakyat). It is pure: no database, no
// clock of its own; callers pass the times they hold.
//
// # What a complaint is
//
// A report (laporan) has a Class (complaint, aspiration, information request
// or whistle-blowing), arrives through a Channel and carries a Privacy
// choice: PUBLIC, ANONYMOUS (anonim: the complaint is published, the
// reporter never) or CONFIDENTIAL (rahasia: nothing is published). Whatever
// the choice, the reporter's identity is shown only to those handling the
// case; that rule is enforced where viewers are known, not here.
//
// # Lifecycle
//
// A complaint moves through these statuses (CanTransition, Next,
// CheckTransition); staying in the same status is not a transition:
//
//	from               to
//	RECEIVED           VERIFIED, REJECTED, NOT_OUR_AUTHORITY, ARCHIVED
//	VERIFIED           IN_PROGRESS, POSTPONED, NOT_OUR_AUTHORITY
//	IN_PROGRESS        ANSWERED, POSTPONED
//	POSTPONED          IN_PROGRESS, ARCHIVED
//	ANSWERED           CLOSED, IN_PROGRESS (the reporter objects)
//	NOT_OUR_AUTHORITY  ARCHIVED
//	REJECTED           ARCHIVED
//	CLOSED             ARCHIVED
//	ARCHIVED           (none)
//
// VERIFIED means verified and forwarded (disposisi) to the responsible unit.
// ARCHIVED is the only terminal status (Status.Terminal); CLOSED, REJECTED
// and NOT_OUR_AUTHORITY are outcomes that may still be archived. A complaint
// is open (Status.Open) while the administration owes it work: RECEIVED,
// VERIFIED, IN_PROGRESS and POSTPONED. ANSWERED is not open: the unit has
// answered and the reporter's objection window is running; an objection
// reopens the complaint as IN_PROGRESS.
//
// # Time limits
//
// Times are judged in Western Indonesian Time (WIB, UTC+7), the zone of
// Lampung, and a day is a calendar day in WIB. Working days are Monday to
// Friday except holidays, from a configurable Calendar (NewCalendar,
// ParseHolidays; DefaultHolidays gives the national holidays and collective
// leave for 2025–2027). The limits (DeadlinesFor, OverdueAt):
//
//   - verification and forwarding within VerifyWithin (3) working days of
//     receipt;
//   - the unit's answer within AnswerWithin (5) working days of forwarding;
//   - settlement within SettleWithinDays (60) calendar days of receipt;
//   - closing when ObjectionWindow (10) working days pass after an answer
//     without objection.
//
// # Identifiers
//
// Every complaint gets a tracking ID (NewTrackingID) such as
// LPG-7KQ9-M2XD-4HT8, short enough to read over the phone and tolerant of
// how people type it back (NormalizeTrackingID). Reporters, anonymous ones
// included, follow their complaint with an access key shown once
// (NewAccessKey); only its hash is stored (CheckAccessKey). Reporters rate
// the answer from 1 to 5 (ValidateRating).
package complaint
