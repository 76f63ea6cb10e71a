package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/complaint"
	"simasn/internal/privacy"
)

// Complaint is a public complaint, aspiration, information request or
// whistle-blowing report, handled along the SP4N-LAPOR! flow.
type Complaint struct{ ent.Schema }

// Annotations of the Complaint.
func (Complaint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A public complaint (pengaduan), aspiration, information request or whistle-blowing report, handled along the SP4N-LAPOR! flow: received → verified and forwarded to the responsible unit → in progress → answered → closed. The public sees public and anonymous complaints without the reporter; the reporter's identity is visible only to those handling the case."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

func enumValues[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Fields of the Complaint.
func (Complaint) Fields() []ent.Field {
	return []ent.Field{
		field.String("tracking_id").
			Unique().
			Immutable().
			Comment("Human-friendly, unguessable tracking ID given to the reporter, e.g. LPG-7KQ9-M2XD-4HT8.").
			Annotations(entgql.OrderField("TRACKING_ID")),
		field.String("access_key_hash").
			Annotations(privacy.Of(privacy.Secret)).
			Sensitive().
			Immutable().
			Comment("SHA-256 of the reporter's access key; the key itself is shown once and never stored.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("class").
			Values(enumValues(complaint.Classes())...).
			Immutable().
			Comment("Complaint, aspiration, information request or whistle-blowing.").
			Annotations(entgql.OrderField("CLASS")),
		field.Enum("category").
			Values("HEALTH_SERVICE", "EDUCATION", "CIVIL_REGISTRY", "PERSONNEL", "INFRASTRUCTURE", "PUBLIC_ORDER", "SOCIAL_WELFARE", "STAFF_CONDUCT", "CORRUPTION", "OTHER").
			Comment("Subject area of the complaint.").
			Annotations(entgql.OrderField("CATEGORY")),
		field.Enum("channel").
			Values(enumValues(complaint.Channels())...).
			Immutable().
			Comment("How the complaint arrived: web, mobile, social media, SMS, walk-in or the national LAPOR! system.").
			Annotations(entgql.OrderField("CHANNEL")),
		field.Enum("privacy").
			Values(enumValues(complaint.Privacies())...).
			Immutable().
			Comment("PUBLIC: published with the reporter hidden from the public; ANONYMOUS (anonim): published, the reporter never shown; CONFIDENTIAL (rahasia): the whole complaint kept out of public view.").
			Annotations(entgql.OrderField("PRIVACY")),
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("Short summary.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("body").
			NotEmpty().
			Comment("What happened, where and when."),
		field.String("location").
			Optional().
			MaxLen(300).
			Comment("Where it happened, in the reporter's words."),
		field.String("reporter_name").
			Annotations(privacy.Of(privacy.Reporter)).
			Optional().
			MaxLen(150).
			Comment("The reporter's name. Visible only to those handling the case and to the reporter with the access key."),
		field.String("reporter_contact").
			Annotations(privacy.Of(privacy.Reporter)).
			Optional().
			MaxLen(200).
			Comment("The reporter's phone or e-mail. Visible only to those handling the case and to the reporter with the access key."),
		field.Int("region_id").
			Optional().
			Nillable().
			Comment("The regency or city concerned."),
		field.Int("unit_id").
			Optional().
			Nillable().
			Comment("The unit responsible for following up: suggested at submission, set when the complaint is forwarded."),
		field.Int("employee_id").
			Annotations(privacy.Of(privacy.SignedIn)).
			Optional().
			Nillable().
			Comment("The employee the complaint is about, if any."),
		field.Int("officer_id").
			Annotations(privacy.Of(privacy.SignedIn)).
			Optional().
			Nillable().
			Comment("The employee assigned to handle the complaint."),
		field.Enum("status").
			Values(enumValues(complaint.Statuses())...).
			Default(string(complaint.Received)).
			Comment("Where the complaint stands; changes only along the allowed transitions.").
			Annotations(entgql.OrderField("STATUS")),
		field.String("status_reason").
			Optional().
			MaxLen(1000).
			Comment("Why the complaint was last rejected, postponed, declared not our authority or archived."),
		field.Time("received_at").
			Immutable().
			Comment("When the complaint was received.").
			Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Time("forwarded_at").
			Optional().
			Nillable().
			Comment("When it was verified and forwarded to the responsible unit.").
			Annotations(entgql.OrderField("FORWARDED_AT")),
		field.Time("answered_at").
			Optional().
			Nillable().
			Comment("When the unit first answered (its first public response).").
			Annotations(entgql.OrderField("ANSWERED_AT")),
		field.Time("settled_at").
			Optional().
			Nillable().
			Comment("When the complaint was closed or otherwise settled.").
			Annotations(entgql.OrderField("SETTLED_AT")),
		field.Time("verify_due").
			Comment("Deadline for verification and forwarding: 3 working days after receipt.").
			Annotations(entgql.OrderField("VERIFY_DUE")),
		field.Time("answer_due").
			Comment("Deadline for the unit's answer: 5 working days after forwarding.").
			Annotations(entgql.OrderField("ANSWER_DUE")),
		field.Time("settle_due").
			Comment("Deadline for settlement: 60 days after receipt.").
			Annotations(entgql.OrderField("SETTLE_DUE")),
		field.Int("rating").
			Optional().
			Nillable().
			Range(complaint.MinRating, complaint.MaxRating).
			Comment("The reporter's rating of the answer, 1 (poor) to 5 (excellent).").
			Annotations(entgql.OrderField("RATING")),
		field.String("rating_comment").
			Optional().
			MaxLen(1000).
			Comment("The reporter's comment with the rating."),
		field.Time("rated_at").
			Optional().
			Nillable().
			Comment("When the reporter rated the answer."),
	}
}

// Edges of the Complaint.
func (Complaint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("region", Region.Type).Field("region_id").Unique().Comment("The regency or city concerned."),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Comment("The unit responsible for following up."),
		edge.To("employee", Employee.Type).Field("employee_id").Unique().Comment("The employee the complaint is about."),
		edge.To("officer", Employee.Type).Field("officer_id").Unique().Comment("The employee handling the complaint."),
		edge.To("responses", ComplaintResponse.Type).
			Comment("Public responses and internal notes, oldest first; internal notes only for those handling the case.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Complaint.
func (Complaint) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "received_at"),
		index.Fields("unit_id", "status"),
		index.Fields("region_id"),
		index.Fields("category"),
		index.Fields("privacy"),
		index.Fields("officer_id"),
		index.Fields("employee_id"),
		index.Fields("verify_due"),
		index.Fields("answer_due"),
		index.Fields("settle_due"),
		index.Fields("received_at"),
	}
}

// ComplaintResponse is a public response to a complaint or an internal
// note on it.
type ComplaintResponse struct{ ent.Schema }

// Annotations of the ComplaintResponse.
func (ComplaintResponse) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A public response to a complaint (tindak lanjut), or an internal note visible only to those handling it."),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}

// Fields of the ComplaintResponse.
func (ComplaintResponse) Fields() []ent.Field {
	return []ent.Field{
		field.Int("complaint_id").Immutable().Comment("The complaint."),
		field.Enum("kind").
			Values("PUBLIC_RESPONSE", "INTERNAL_NOTE").
			Immutable().
			Comment("A public response (seen by the reporter and, for public complaints, everyone) or an internal note.").
			Annotations(entgql.OrderField("KIND")),
		field.Text("body").NotEmpty().Immutable().Comment("The text."),
		field.String("author").Immutable().Comment("Who wrote it (the account's username); hidden from the public, who see the responder's unit.").Annotations(privacy.Of(privacy.SignedIn), entgql.Skip(entgql.SkipType)),
		field.Time("created_at").Immutable().Comment("When it was written.").Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the ComplaintResponse.
func (ComplaintResponse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("complaint", Complaint.Type).Ref("responses").Field("complaint_id").Unique().Required().Immutable().Comment("The complaint."),
	}
}

// Indexes of the ComplaintResponse.
func (ComplaintResponse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("complaint_id", "created_at")}
}

// Hooks of the ComplaintResponse.
func (ComplaintResponse) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly("complaint responses")}
}

// ComplaintEvent is one entry of the complaint event log: the outbox that
// feeds the real-time complaint feed. It is written in the same
// transaction as the change it records; its id is the feed's sequence and
// becomes visible in commit order (internal/feed).
type ComplaintEvent struct{ ent.Schema }

// Annotations of the ComplaintEvent.
func (ComplaintEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipAll),
		schema.Comment("One entry of the complaint event log (outbox) behind the real-time feed."),
	}
}

// Fields of the ComplaintEvent.
func (ComplaintEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("complaint_id").Immutable(),
		field.Enum("kind").
			Values("SUBMITTED", "VERIFIED", "FORWARDED", "ASSIGNED", "STATUS_CHANGED", "RESPONDED", "NOTE_ADDED", "RATED").
			Immutable(),
		field.Time("occurred_at").Immutable(),
		// A snapshot of what the visibility rules need, so fan-out decides
		// without reading the complaint.
		field.String("status").Immutable(),
		field.String("privacy").Immutable(),
		field.String("category").Immutable(),
		field.Int("region_id").Optional().Nillable().Immutable(),
		field.Int("unit_id").Optional().Nillable().Immutable(),
		field.String("unit_path").Optional().Immutable(),
		field.Int("officer_id").Optional().Nillable().Immutable(),
		field.Bool("internal").Default(false).Immutable().Comment("An internal note: never sent to the public or the reporter."),
	}
}

// Indexes of the ComplaintEvent.
func (ComplaintEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("complaint_id")}
}

// Hooks of the ComplaintEvent.
func (ComplaintEvent) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly("the complaint event log")}
}
