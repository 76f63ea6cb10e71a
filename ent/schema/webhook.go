package schema

import (
	"errors"
	"net/url"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/privacy"
)

// WebhookEndpoint is another system (an SMS or WhatsApp gateway, a payroll
// or personnel system) that receives the complaint event log and the career
// event log by HTTP POST, signed with its secret. Admins only.
type WebhookEndpoint struct{ ent.Schema }

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A receiver of the complaint event log and the career event log: each event of the kinds it asks for is POSTed to its URL as JSON, signed with HMAC-SHA256 (header X-Simasn-Signature), in the order of its log, at least once, retried with backoff. Admins only."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").
			MaxLen(2000).
			Validate(func(s string) error {
				u, err := url.Parse(s)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return errors.New("want an http:// or https:// URL")
				}
				return nil
			}).
			Comment("Where events are POSTed."),
		field.String("secret").
			Sensitive().
			MinLen(32).
			MaxLen(200).
			Comment("The HMAC-SHA256 key of the signatures, at least 32 characters; never readable.").
			Annotations(privacy.Of(privacy.Secret), entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Strings("event_kinds").
			Optional().
			Comment("The event kinds delivered: of the complaint log SUBMITTED, VERIFIED, FORWARDED, ASSIGNED, STATUS_CHANGED, RESPONDED, RATED; of the career log (riwayat) CAREER_APPOINTMENT, CAREER_RANK_PROMOTION, CAREER_POSITION_CHANGE, CAREER_TRANSFER, CAREER_STATUS_CHANGE; empty for all of both. Internal notes are never delivered."),
		field.Bool("active").
			Default(true).
			Comment("Whether events are delivered; an inactive endpoint keeps its place in the log."),
		field.Int("cursor").
			Default(0).
			Comment("The sequence of the last complaint event delivered (or skipped as not asked for); delivery resumes after it. Set to the end of the complaint log when the endpoint is registered.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.Int("career_cursor").
			Optional().
			Nillable().
			Comment("The sequence (career event id) of the last career event delivered (or skipped as not asked for); delivery resumes after it. Set to the end of the career log when the endpoint is registered; empty for an endpoint registered before career events were delivered, until its first round sets it to the end of the log.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.Int("failures").
			Default(0).
			Comment("Failed attempts in a row at the next event; 0 after a success.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("next_attempt_at").
			Optional().
			Nillable().
			Comment("When the next attempt is due after a failure (exponential backoff).").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("lease_until").
			Optional().
			Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", WebhookDelivery.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// WebhookDelivery is one attempt to deliver an event to a webhook
// endpoint: the delivery log. Append-only; admins only.
type WebhookDelivery struct{ ent.Schema }

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One attempt to deliver an event to a webhook endpoint, with the receiver's answer. Admins only."),
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("endpoint_id").Immutable().Comment("The endpoint."),
		field.Enum("event_log").Values("COMPLAINT", "CAREER").Default("COMPLAINT").Immutable().Comment("The log the event belongs to: COMPLAINT (complaint events) or CAREER (career events, riwayat)."),
		field.Int("event_seq").Immutable().Comment("The event's sequence in its log (eventLog)."),
		field.String("event_kind").Immutable().Comment("The event's kind, e.g. RESPONDED or CAREER_TRANSFER."),
		field.Int("attempt").Immutable().Comment("1 for the first attempt at this event, 2 for the first retry, …"),
		field.Time("attempted_at").Immutable().Comment("When the attempt was made.").Annotations(entgql.OrderField("ATTEMPTED_AT")),
		field.Bool("delivered").Immutable().Comment("Whether the receiver answered 2xx in time."),
		field.Int("status_code").Optional().Nillable().Immutable().Comment("The receiver's HTTP status; empty when it did not answer."),
		field.String("error").Optional().Immutable().MaxLen(1000).Comment("Why the attempt failed: a status, a timeout, a refused connection."),
		field.Int("duration_ms").Immutable().Comment("How long the attempt took, in milliseconds."),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{index.Fields("endpoint_id", "event_log", "event_seq")}
}

// Hooks of the WebhookDelivery.
func (WebhookDelivery) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly("the webhook delivery log")}
}
