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
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/careerevent"
	"simasn/ent/complaintevent"
	"simasn/ent/employee"
	"simasn/ent/webhookdelivery"
	"simasn/ent/webhookendpoint"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// Register creates an endpoint (the caller's rules apply: admins only)
// that receives the events committed from now on, of both logs.
func Register(ctx context.Context, c *ent.Client, in ent.CreateWebhookEndpointInput) (*ent.WebhookEndpoint, error) {
	if err := checkKinds(in.EventKinds); err != nil {
		return nil, err
	}
	end, err := logEnd(ctx, c)
	if err != nil {
		return nil, err
	}
	careerEnd, err := careerLogEnd(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.WebhookEndpoint.Create().SetInput(in).SetCursor(end).SetCareerCursor(careerEnd).Save(ctx)
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

// CareerPrefix starts the event kinds of the career log as endpoints name
// them (CAREER_TRANSFER), apart from the complaint log's kinds.
const CareerPrefix = "CAREER_"

// complaintKinds are the complaint log's kinds an endpoint may ask for:
// all but NOTE_ADDED (internal notes never leave SIMASN).
var complaintKinds = []complaintevent.Kind{
	complaintevent.KindSUBMITTED, complaintevent.KindVERIFIED, complaintevent.KindFORWARDED, complaintevent.KindASSIGNED,
	complaintevent.KindSTATUS_CHANGED, complaintevent.KindRESPONDED, complaintevent.KindRATED,
}

// careerKinds are the career log's kinds.
var careerKinds = []careerevent.Kind{
	careerevent.KindAPPOINTMENT, careerevent.KindRANK_PROMOTION, careerevent.KindPOSITION_CHANGE,
	careerevent.KindTRANSFER, careerevent.KindSTATUS_CHANGE,
}

// Kinds lists the event kinds an endpoint may ask for: the complaint
// log's, then the career log's with CareerPrefix.
func Kinds() []string {
	var out []string
	for _, k := range complaintKinds {
		out = append(out, string(k))
	}
	for _, k := range careerKinds {
		out = append(out, CareerPrefix+string(k))
	}
	return out
}

func checkKinds(kinds []string) error {
	for _, k := range kinds {
		if !slices.Contains(Kinds(), k) {
			return apperr.Invalid("eventKinds", "%q is not an event kind a webhook receives; the kinds are %s", k, strings.Join(Kinds(), ", "))
		}
	}
	return nil
}

// wants reports whether ep asks for events of kind.
func wants(ep *ent.WebhookEndpoint, kind string) bool {
	return len(ep.EventKinds) == 0 || slices.Contains(ep.EventKinds, kind)
}

// wantsCareer reports whether ep asks for any career event.
func wantsCareer(ep *ent.WebhookEndpoint) bool {
	if len(ep.EventKinds) == 0 {
		return true
	}
	for _, k := range ep.EventKinds {
		if strings.HasPrefix(k, CareerPrefix) {
			return true
		}
	}
	return false
}

// logEnd is the sequence of the last event of the complaint log, 0 when
// empty.
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

// careerLogEnd is the id of the newest career event, 0 when there is none.
func careerLogEnd(ctx context.Context, c *ent.Client) (int, error) {
	id, err := c.CareerEvent.Query().Order(ent.Desc(careerevent.FieldID)).FirstID(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("webhook: end of the career log: %w", err)
	}
	return id, nil
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

// endpoint sends ep's pending events: the complaint log's, then, unless
// one failed, the career log's; each log in its order.
func (d *Deliverer) endpoint(ctx context.Context, ep *ent.WebhookEndpoint) (int, error) {
	sent, ok, err := d.complaints(ctx, ep)
	if err != nil || !ok {
		return sent, err
	}
	n, _, err := d.careers(ctx, ep)
	return sent + n, err
}

// complaints sends ep's pending complaint events; ok is false when one
// failed (the endpoint waits out its backoff).
func (d *Deliverer) complaints(ctx context.Context, ep *ent.WebhookEndpoint) (sent int, ok bool, err error) {
	events, err := d.Client.ComplaintEvent.Query().Where(complaintevent.IDGT(ep.Cursor)).
		Order(ent.Asc(complaintevent.FieldID)).Limit(d.Batch).All(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("webhook: read the log after %d: %w", ep.Cursor, err)
	}
	for _, ev := range events {
		if ev.Internal || !wants(ep, string(ev.Kind)) {
			if _, err := d.Client.WebhookEndpoint.UpdateOneID(ep.ID).SetCursor(ev.ID).Save(ctx); err != nil {
				return sent, false, err
			}
			ep.Cursor = ev.ID
			continue
		}
		cm, err := d.Client.Complaint.Get(ctx, ev.ComplaintID)
		if err != nil {
			return sent, false, fmt.Errorf("webhook: complaint %d: %w", ev.ComplaintID, err)
		}
		p := Payload{Log: LogComplaint, Seq: ev.ID, Kind: string(ev.Kind), OccurredAt: ev.OccurredAt,
			Complaint: &PayloadComplaint{ID: cm.ID, TrackingID: cm.TrackingID, Status: ev.Status, Category: ev.Category, Privacy: ev.Privacy, UnitID: ev.UnitID}}
		ok, err := d.deliver(ctx, ep, p)
		if err != nil || !ok {
			return sent, false, err
		}
		sent++
	}
	return sent, true, nil
}

// careers sends ep's pending career events; ok is false when one failed.
// An endpoint without a place in the career log (registered before career
// events were delivered), or asking for no career kind, is moved to its
// end: it receives the career events committed from then on.
func (d *Deliverer) careers(ctx context.Context, ep *ent.WebhookEndpoint) (sent int, ok bool, err error) {
	if ep.CareerCursor == nil || !wantsCareer(ep) {
		end, err := careerLogEnd(ctx, d.Client)
		if err != nil {
			return 0, false, err
		}
		if ep.CareerCursor == nil || *ep.CareerCursor < end {
			if _, err := d.Client.WebhookEndpoint.UpdateOneID(ep.ID).SetCareerCursor(end).Save(ctx); err != nil {
				return 0, false, fmt.Errorf("webhook: endpoint %d: %w", ep.ID, err)
			}
			ep.CareerCursor = &end
		}
		return 0, true, nil
	}
	cursor := *ep.CareerCursor
	events, err := d.Client.CareerEvent.Query().Where(careerevent.IDGT(cursor)).
		WithEmployee(func(q *ent.EmployeeQuery) { q.Select(employee.FieldNip) }).
		Order(ent.Asc(careerevent.FieldID)).Limit(d.Batch).All(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("webhook: read the career log after %d: %w", cursor, err)
	}
	// Events the endpoint does not ask for move the cursor in one write,
	// before the next delivery or at the end.
	skipped := cursor
	skip := func() error {
		if skipped == *ep.CareerCursor {
			return nil
		}
		if _, err := d.Client.WebhookEndpoint.UpdateOneID(ep.ID).SetCareerCursor(skipped).Save(ctx); err != nil {
			return fmt.Errorf("webhook: endpoint %d: %w", ep.ID, err)
		}
		ep.CareerCursor = &skipped
		return nil
	}
	for _, ev := range events {
		kind := CareerPrefix + string(ev.Kind)
		if !wants(ep, kind) {
			skipped = ev.ID
			continue
		}
		if err := skip(); err != nil {
			return sent, false, err
		}
		ce := &PayloadCareerEvent{ID: ev.ID, EmployeeID: ev.EmployeeID, DecreeNumber: ev.DecreeNumber,
			DecreeDate: ev.DecreeDate.Format(time.DateOnly), EffectiveDate: ev.EffectiveDate.Format(time.DateOnly),
			FromValue: ev.FromValue, ToValue: ev.ToValue, FromUnitID: ev.FromUnitID, ToUnitID: ev.ToUnitID}
		if e := ev.Edges.Employee; e != nil {
			ce.NIP = e.Nip
		}
		ok, err := d.deliver(ctx, ep, Payload{Log: LogCareer, Seq: ev.ID, Kind: kind, OccurredAt: ev.RecordedAt, CareerEvent: ce})
		if err != nil || !ok {
			return sent, false, err
		}
		skipped = ev.ID
		sent++
	}
	return sent, true, skip()
}

// The logs an event comes from (Payload.Log).
const (
	LogComplaint = "COMPLAINT"
	LogCareer    = "CAREER"
)

// Payload is the JSON body of a delivery.
type Payload struct {
	// Log is the log the event is from: COMPLAINT or CAREER.
	Log string `json:"log"`
	// Seq is the event's sequence in its log; it only grows.
	Seq int `json:"seq"`
	// Kind is the event's kind, e.g. RESPONDED or CAREER_TRANSFER.
	Kind string `json:"kind"`
	// OccurredAt is when the change was committed (RFC 3339).
	OccurredAt time.Time `json:"occurredAt"`
	// Complaint is the complaint as of the event (the complaint log).
	Complaint *PayloadComplaint `json:"complaint,omitempty"`
	// CareerEvent is the career event (the career log).
	CareerEvent *PayloadCareerEvent `json:"careerEvent,omitempty"`
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

// PayloadCareerEvent is a career event (riwayat): whose, which decree (SK),
// effective when (TMT), from what to what. Its free-text notes stay in
// SIMASN.
type PayloadCareerEvent struct {
	ID         int    `json:"id"`
	EmployeeID int    `json:"employeeId"`
	NIP        string `json:"nip"`
	// DecreeNumber, DecreeDate and EffectiveDate (YYYY-MM-DD) are the
	// decree's number and date and the TMT.
	DecreeNumber  string `json:"decreeNumber"`
	DecreeDate    string `json:"decreeDate"`
	EffectiveDate string `json:"effectiveDate"`
	// FromValue and ToValue are the rank, position or status before and
	// after; FromUnitID and ToUnitID the units of a transfer or
	// appointment.
	FromValue  string `json:"fromValue,omitempty"`
	ToValue    string `json:"toValue,omitempty"`
	FromUnitID *int   `json:"fromUnitId,omitempty"`
	ToUnitID   *int   `json:"toUnitId,omitempty"`
}

// deliver makes one attempt at the event of p and records it; ok reports
// a 2xx answer, after which ep's cursor in p's log is at p.Seq.
func (d *Deliverer) deliver(ctx context.Context, ep *ent.WebhookEndpoint, p Payload) (ok bool, err error) {
	body, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	now := d.Now()
	attempt := ep.Failures + 1
	status, failure := d.post(ctx, ep, p.Log, p.Seq, attempt, now, body)
	elapsed := d.Now().Sub(now)
	rec := d.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventLog(webhookdelivery.EventLog(p.Log)).
		SetEventSeq(p.Seq).SetEventKind(p.Kind).
		SetAttempt(attempt).SetAttemptedAt(now).SetDelivered(failure == "").SetError(failure).SetDurationMs(int(elapsed.Milliseconds()))
	if status != 0 {
		rec.SetStatusCode(status)
	}
	if _, err := rec.Save(ctx); err != nil {
		return false, fmt.Errorf("webhook: record delivery: %w", err)
	}
	up := d.Client.WebhookEndpoint.UpdateOneID(ep.ID)
	if failure == "" {
		up.SetFailures(0).ClearNextAttemptAt()
		if p.Log == LogCareer {
			up.SetCareerCursor(p.Seq)
			ep.CareerCursor = &p.Seq
		} else {
			up.SetCursor(p.Seq)
			ep.Cursor = p.Seq
		}
		ep.Failures = 0
	} else {
		wait := d.Backoff << min(ep.Failures, 20)
		if wait > d.MaxBackoff || wait <= 0 {
			wait = d.MaxBackoff
		}
		up.SetFailures(attempt).SetNextAttemptAt(now.Add(wait))
		d.Logger.WarnContext(ctx, "webhook delivery failed", "endpoint", ep.ID, "log", p.Log, "seq", p.Seq, "attempt", attempt, "error", failure, "retry_in", wait)
	}
	if _, err := up.Save(ctx); err != nil {
		return false, fmt.Errorf("webhook: endpoint %d: %w", ep.ID, err)
	}
	return failure == "", nil
}

// post sends body and returns the status and, when it failed, why.
func (d *Deliverer) post(ctx context.Context, ep *ent.WebhookEndpoint, log string, seq, attempt int, now time.Time, body []byte) (int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "simasn-webhook")
	req.Header.Set("X-Simasn-Event", strconv.Itoa(seq))
	req.Header.Set("X-Simasn-Log", log)
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
