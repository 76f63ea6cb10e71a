// Package webhook delivers the event logs to other systems (an SMS or
// WhatsApp gateway, a personnel or payroll system): admins register
// endpoints (ent WebhookEndpoint) for event kinds of the complaint log
// (SUBMITTED, RESPONDED, …) and of the career log (CAREER_TRANSFER,
// CAREER_RANK_PROMOTION, …). A Deliverer reads each log after the
// endpoint's durable cursor in that log, like the feed, and POSTs every
// event as JSON signed with HMAC-SHA256, one at a time and in the order of
// its log, at least once: a cursor moves only after a 2xx answer, and a
// failure is retried with exponential backoff (the endpoint waits, both
// logs). Every attempt is written to the delivery log (ent
// WebhookDelivery), which admins query.
//
// Reading by cursor needs ids that become visible in commit order. The
// complaint log gets it from internal/feed's advisory lock; the career log
// from OrderCareerLog, the same technique with its own lock.
//
// Signature: the header X-Simasn-Signature is "t=<unix seconds>,v1=<hex>"
// where hex is HMAC-SHA256 with the endpoint's secret over
// "<unix seconds>.<body>". X-Simasn-Log names the log (COMPLAINT or
// CAREER) and X-Simasn-Event carries the event's sequence in it, which a
// receiver uses to drop a repeated delivery.
package webhook
