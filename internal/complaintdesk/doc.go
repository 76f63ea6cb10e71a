// Package complaintdesk runs the complaint workflows of SP4N-LAPOR!
// (pengaduan) on the database: submitting, verifying and forwarding
// (disposisi), assigning an officer, responding, changing the status,
// the reporter's rating and objection, automatic closing, and the lists of
// complaints that missed a deadline. The rules themselves — statuses and
// their transitions, working days, deadlines, tracking IDs and access
// keys — live in the pure package internal/complaint; this package applies
// them to ent records, one transaction per operation.
//
// # Who does what
//
// Anyone may submit (Submit); everyone but the officers who enter reports
// from other channels (OfficerEntry) is rate limited per client address
// (SetSubmitLimiter), demo mode's tokenless callers included. Only those handling a complaint
// (internal/access.MayHandle: an admin, an HR officer or leader whose scope
// holds the complaint's unit, or its assigned officer) verify, forward,
// assign, respond and change the status; they get FORBIDDEN before any work
// is done. The reporter proves who they are with the tracking ID and the
// access key from the receipt (Reporter, used by ByTrackingID, Rate and
// Object); the key is shown once and only its SHA-256 is stored. Steps the
// reporter may take but has no account to write are written by the system
// (viewer.System) once the key matches; the system may also write
// responses on behalf of a named officer (OnBehalfOf), as the demo data
// does.
//
// # The lifecycle as operations
//
//	Submit        → RECEIVED                                   SUBMITTED
//	Verify        RECEIVED → VERIFIED, forwarded to a unit      VERIFIED, FORWARDED
//	Forward       re-forwards a VERIFIED, IN_PROGRESS or
//	              POSTPONED complaint to another unit            FORWARDED
//	Assign        sets the officer (in the unit or below)        ASSIGNED
//	Respond       public response: VERIFIED/IN_PROGRESS →
//	              ANSWERED                                      RESPONDED (+ STATUS_CHANGED)
//	              internal note: no status change               NOTE_ADDED (internal)
//	ChangeStatus  any allowed transition except to VERIFIED
//	              (Verify) and ANSWERED (Respond)               STATUS_CHANGED
//	Object        the reporter objects: ANSWERED → IN_PROGRESS  STATUS_CHANGED
//	Rate          the reporter rates ANSWERED or CLOSED, once   RATED
//	AutoClose     ANSWERED → CLOSED after the objection window  STATUS_CHANGED
//
// The right column is the events each operation appends to the complaint
// event log (internal/feed.Record), in that order, after the change is
// saved and in the same transaction, so the log misses no change. A first
// verification emits VERIFIED then FORWARDED (the status changed, and the
// complaint reached a unit whose leaders now see it); a later re-forwarding
// emits FORWARDED alone. A public response that answers the complaint
// emits RESPONDED then STATUS_CHANGED.
//
// A refused operation — bad input (BAD_USER_INPUT naming the field), a
// transition the workflow forbids (BAD_USER_INPUT on "status"), a caller
// who does not handle the complaint (FORBIDDEN) — changes nothing. Status
// changes are conditional on the status read, so two handlers racing get
// one success and one CONFLICT, never a transition the table forbids.
//
// # Deadlines
//
// Submit stores the deadlines (complaint.DeadlinesFor): verification 3
// working days after receipt, the answer 5 working days after the
// verification deadline (recomputed from the forwarding when the complaint
// is forwarded), settlement 60 days after receipt. Overdue lists are plain
// indexed queries on those columns and the status (OverdueWhere), and
// OverdueOf applies the same rule to one loaded complaint. Working days
// come from a complaint.Calendar; the API uses the package's calendar
// (SetCalendar, default DefaultCalendar, CalendarFromEnv for
// SIMASN_HOLIDAYS).
package complaintdesk
