// Package webhook delivers the complaint event log to other systems (an
// SMS or WhatsApp gateway): admins register endpoints (ent
// WebhookEndpoint) for event kinds; a Deliverer reads the log after each
// endpoint's durable cursor, like the feed, and POSTs every event as JSON
// signed with HMAC-SHA256, one at a time and in order per endpoint, at
// least once: the cursor moves only after a 2xx answer, and a failure is
// retried with exponential backoff. Every attempt is written to the
// delivery log (ent WebhookDelivery), which admins query.
//
// Signature: the header X-Simasn-Signature is "t=<unix seconds>,v1=<hex>"
// where hex is HMAC-SHA256 with the endpoint's secret over
// "<unix seconds>.<body>". X-Simasn-Event carries the event's sequence,
// which a receiver uses to drop a repeated delivery.
package webhook
