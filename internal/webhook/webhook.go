package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"simasn/ent"
	"simasn/ent/complaintevent"
	"simasn/ent/webhookendpoint"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// Register creates an endpoint (the caller's rules apply: admins only)
// that receives the events committed from now on.
func Register(ctx context.Context, c *ent.Client, in ent.CreateWebhookEndpointInput) (*ent.WebhookEndpoint, error) {
	if err := checkKinds(in.EventKinds); err != nil {
		return nil, err
	}
	end, err := logEnd(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.WebhookEndpoint.Create().SetInput(in).SetCursor(end).Save(ctx)
}

// Update changes an endpoint.
func Update(ctx context.Context, c *ent.Client, id int, in ent.UpdateWebhookEndpointInput) (*ent.WebhookEndpoint, error) {
	if err := checkKinds(in.EventKinds); err != nil {
		return nil, err
	}
	if in.AppendEventKinds != nil {
		if err := checkKinds(in.AppendEventKinds); err != nil {
			return nil, err
		}
	}
	return c.WebhookEndpoint.UpdateOneID(id).SetInput(in).Save(ctx)
}

func checkKinds(kinds []string) error {
	for _, k := range kinds {
		if complaintevent.KindValidator(complaintevent.Kind(k)) != nil || k == string(complaintevent.KindNOTE_ADDED) {
			return apperr.Invalid("eventKinds", "%q is not an event kind a webhook receives; the kinds are SUBMITTED, VERIFIED, FORWARDED, ASSIGNED, STATUS_CHANGED, RESPONDED, RATED", k)
		}
	}
	return nil
}

// logEnd is the sequence of the last event of the log, 0 when empty.
func logEnd(ctx context.Context, c *ent.Client) (int, error) {
	ev, err := c.ComplaintEvent.Query().Order(ent.Desc(complaintevent.FieldID)).First(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("webhook: end of the log: %w", err)
	}
	return ev.ID, nil
}

// Deliverer sends the log to the endpoints. Several instances may run one
// each on the same database: an endpoint is leased to one at a time.
type Deliverer struct {
	// Client reads the log and writes the delivery log.
	Client *ent.Client
	// HTTP sends the requests (default: a client with a 10 s timeout).
	HTTP *http.Client
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger records failures (default slog.Default()).
	Logger *slog.Logger
	// Backoff is the wait after a first failure, doubled after each
	// further one up to MaxBackoff (defaults 5 s and 1 h).
	Backoff, MaxBackoff time.Duration
	// Batch bounds the events sent to one endpoint in one round (default 100).
	Batch int
}

func (d *Deliverer) defaults() {
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Backoff <= 0 {
		d.Backoff = 5 * time.Second
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = time.Hour
	}
	if d.Batch <= 0 {
		d.Batch = 100
	}
}

// Run delivers every tick until ctx ends.
func (d *Deliverer) Run(ctx context.Context, tick time.Duration) error {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.Logger.ErrorContext(ctx, "webhook delivery round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// lease is how long one instance holds an endpoint during a round.
const lease = 5 * time.Minute

// RunOnce makes one round: each active endpoint that is due gets its
// pending events in order, until one fails or Batch were sent. It returns
// how many events were delivered.
func (d *Deliverer) RunOnce(ctx context.Context) (int, error) {
	d.defaults()
	sys := viewer.System(ctx)
	now := d.Now()
	eps, err := d.Client.WebhookEndpoint.Query().
		Where(webhookendpoint.Active(true), webhookendpoint.Or(webhookendpoint.NextAttemptAtIsNil(), webhookendpoint.NextAttemptAtLTE(now))).
		Order(ent.Asc(webhookendpoint.FieldID)).All(sys)
	if err != nil {
		return 0, fmt.Errorf("webhook: endpoints: %w", err)
	}
	total := 0
	for _, ep := range eps {
		n, err := d.Client.WebhookEndpoint.Update().
			Where(webhookendpoint.ID(ep.ID), webhookendpoint.Or(webhookendpoint.LeaseUntilIsNil(), webhookendpoint.LeaseUntilLT(now))).
			SetLeaseUntil(now.Add(lease)).Save(sys)
		if err != nil {
			return total, fmt.Errorf("webhook: lease endpoint %d: %w", ep.ID, err)
		}
		if n == 0 {
			continue // another instance has it
		}
		sent, err := d.endpoint(sys, ep)
		total += sent
		if _, rerr := d.Client.WebhookEndpoint.UpdateOneID(ep.ID).ClearLeaseUntil().Save(sys); err == nil {
			err = rerr
		}
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// endpoint sends ep's pending events.
func (d *Deliverer) endpoint(ctx context.Context, ep *ent.WebhookEndpoint) (int, error) {
	events, err := d.Client.ComplaintEvent.Query().Where(complaintevent.IDGT(ep.Cursor)).
		Order(ent.Asc(complaintevent.FieldID)).Limit(d.Batch).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("webhook: read the log after %d: %w", ep.Cursor, err)
	}
	sent := 0
	for _, ev := range events {
		if ev.Internal || (len(ep.EventKinds) > 0 && !slices.Contains(ep.EventKinds, string(ev.Kind))) {
			if _, err := d.Client.WebhookEndpoint.UpdateOneID(ep.ID).SetCursor(ev.ID).Save(ctx); err != nil {
				return sent, err
			}
			continue
		}
		ok, err := d.deliver(ctx, ep, ev)
		if err != nil {
			return sent, err
		}
		if !ok {
			return sent, nil
		}
		sent++
	}
	return sent, nil
}

// Payload is the JSON body of a delivery.
type Payload struct {
	// Seq is the event's sequence in the log; it only grows.
	Seq int `json:"seq"`
	// Kind is the event's kind, e.g. RESPONDED.
	Kind string `json:"kind"`
	// OccurredAt is when the change was committed (RFC 3339).
	OccurredAt time.Time `json:"occurredAt"`
	// Complaint is the complaint as of the event.
	Complaint PayloadComplaint `json:"complaint"`
}

// PayloadComplaint is the complaint of an event: never its reporter.
type PayloadComplaint struct {
	ID         int    `json:"id"`
	TrackingID string `json:"trackingId"`
	Status     string `json:"status"`
	Category   string `json:"category"`
	Privacy    string `json:"privacy"`
	UnitID     *int   `json:"unitId"`
}

// deliver makes one attempt at ev and records it; ok reports a 2xx answer.
func (d *Deliverer) deliver(ctx context.Context, ep *ent.WebhookEndpoint, ev *ent.ComplaintEvent) (ok bool, err error) {
	cm, err := d.Client.Complaint.Get(ctx, ev.ComplaintID)
	if err != nil {
		return false, fmt.Errorf("webhook: complaint %d: %w", ev.ComplaintID, err)
	}
	body, err := json.Marshal(Payload{Seq: ev.ID, Kind: string(ev.Kind), OccurredAt: ev.OccurredAt,
		Complaint: PayloadComplaint{ID: cm.ID, TrackingID: cm.TrackingID, Status: ev.Status, Category: ev.Category, Privacy: ev.Privacy, UnitID: ev.UnitID}})
	if err != nil {
		return false, err
	}
	now := d.Now()
	attempt := ep.Failures + 1
	status, failure := d.post(ctx, ep, ev.ID, attempt, now, body)
	elapsed := d.Now().Sub(now)
	rec := d.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventSeq(ev.ID).SetEventKind(string(ev.Kind)).
		SetAttempt(attempt).SetAttemptedAt(now).SetDelivered(failure == "").SetError(failure).SetDurationMs(int(elapsed.Milliseconds()))
	if status != 0 {
		rec.SetStatusCode(status)
	}
	if _, err := rec.Save(ctx); err != nil {
		return false, fmt.Errorf("webhook: record delivery: %w", err)
	}
	up := d.Client.WebhookEndpoint.UpdateOneID(ep.ID)
	if failure == "" {
		up.SetCursor(ev.ID).SetFailures(0).ClearNextAttemptAt()
		ep.Cursor, ep.Failures = ev.ID, 0
	} else {
		wait := d.Backoff << min(ep.Failures, 20)
		if wait > d.MaxBackoff || wait <= 0 {
			wait = d.MaxBackoff
		}
		up.SetFailures(attempt).SetNextAttemptAt(now.Add(wait))
		d.Logger.WarnContext(ctx, "webhook delivery failed", "endpoint", ep.ID, "seq", ev.ID, "attempt", attempt, "error", failure, "retry_in", wait)
	}
	if _, err := up.Save(ctx); err != nil {
		return false, fmt.Errorf("webhook: endpoint %d: %w", ep.ID, err)
	}
	return failure == "", nil
}

// post sends body and returns the status and, when it failed, why.
func (d *Deliverer) post(ctx context.Context, ep *ent.WebhookEndpoint, seq, attempt int, now time.Time, body []byte) (int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "simasn-webhook")
	req.Header.Set("X-Simasn-Event", strconv.Itoa(seq))
	req.Header.Set("X-Simasn-Attempt", strconv.Itoa(attempt))
	req.Header.Set("X-Simasn-Signature", "t="+ts+",v1="+Sign(ep.Secret, ts, body))
	resp, err := d.HTTP.Do(req)
	if err != nil {
		var timeout interface{ Timeout() bool }
		if errors.As(err, &timeout) && timeout.Timeout() {
			return 0, "timeout: no answer in time"
		}
		return 0, trim(err.Error())
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, "status " + strconv.Itoa(resp.StatusCode)
	}
	return resp.StatusCode, ""
}

func trim(s string) string {
	if len(s) > 1000 {
		return s[:1000]
	}
	return s
}

// Sign is the hex HMAC-SHA256 of "<timestamp>.<body>" with secret: the v1
// part of X-Simasn-Signature.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
