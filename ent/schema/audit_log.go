package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Change is one changed record in an audit entry.
type Change struct {
	// Entity is the type, e.g. Employee.
	Entity string `json:"entity"`
	// ID is the record's id.
	ID int `json:"id"`
	// Op is CREATE, UPDATE or DELETE.
	Op string `json:"op"`
	// Before holds the changed fields' old values (updates and deletes).
	Before map[string]any `json:"before,omitempty"`
	// After holds the changed fields' new values (creates and updates).
	After map[string]any `json:"after,omitempty"`
}

// AuditLog is one entry of the audit trail: who did what to which records,
// with the values before and after, written in the same transaction as the
// change itself. Append-only.
type AuditLog struct{ ent.Schema }

// Annotations of the AuditLog.
func (AuditLog) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One entry of the audit trail: who did what (one API operation) to which records, with the changed fields before and after; written in the same transaction as the change. Admins only; append-only."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the AuditLog.
func (AuditLog) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").
			Immutable().
			Comment("When the change was committed.").
			Annotations(entgql.OrderField("AT")),
		field.Int("actor_id").
			Optional().
			Nillable().
			Immutable().
			Comment("The account that made the change; empty for the system."),
		field.String("actor").
			Immutable().
			Comment("The username that made the change, kept even if the account is removed.").
			Annotations(entgql.OrderField("ACTOR")),
		field.String("action").
			Immutable().
			Comment("What was done: the API operation, e.g. transferEmployee.").
			Annotations(entgql.OrderField("ACTION")),
		field.String("entity").
			Immutable().
			Comment("Type of the main record changed, e.g. Employee.").
			Annotations(entgql.OrderField("ENTITY")),
		field.Int("entity_id").
			Immutable().
			Comment("Id of the main record changed."),
		field.JSON("changes", []Change{}).
			Immutable().
			Comment("Every record changed, with its changed fields before and after.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("request_id").
			Optional().
			Immutable().
			Comment("The request id, to find the request in the logs."),
	}
}

// Indexes of the AuditLog.
func (AuditLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("at"),
		index.Fields("entity", "entity_id"),
		index.Fields("actor_id"),
	}
}

// Hooks of the AuditLog.
func (AuditLog) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly("the audit trail")}
}
