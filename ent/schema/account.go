package schema

import (
	"context"
	"fmt"
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/privacy"
)

// Account is a sign-in identity with a role and, for HR officers and
// leaders, a unit subtree it is scoped to.
type Account struct{ ent.Schema }

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A sign-in account: a role, a unit scope for HR officers and leaders, and optionally the employee it belongs to. Visible to admins, and to its owner."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").
			Unique().
			Immutable().
			MinLen(3).
			MaxLen(64).
			Validate(pattern(regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`), "a username uses lower-case letters, digits, dots, dashes and underscores")).
			Comment("Sign-in name, lower case.").
			Annotations(entgql.OrderField("USERNAME")),
		field.String("password_hash").
			Annotations(privacy.Of(privacy.Secret)).
			Sensitive().
			NotEmpty().
			Comment("bcrypt hash of the password; never exposed.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("role").
			Values("ADMIN", "HR_OFFICER", "LEADER", "ANALYST", "EMPLOYEE").
			Comment("What the account may do: ADMIN (BKD, everything), HR_OFFICER and LEADER (scoped to a unit subtree), ANALYST (read and aggregates, no personal data), EMPLOYEE (own records).").
			Annotations(entgql.OrderField("ROLE")),
		field.Int("unit_id").
			Optional().
			Nillable().
			Comment("Root of the unit subtree an HR officer or leader is scoped to."),
		field.Int("employee_id").
			Optional().
			Nillable().
			Unique().
			Comment("The employee this account belongs to, if any."),
		field.Bool("active").
			Default(true).
			Comment("Whether the account may sign in.").
			Annotations(entgql.OrderField("ACTIVE")),
		field.Time("last_login_at").
			Optional().
			Nillable().
			Comment("When the account last signed in.").
			Annotations(noInput(), entgql.OrderField("LAST_LOGIN_AT")),
		field.Int("token_version").
			Default(0).
			NonNegative().
			Comment("Tokens carry the version they were issued at; a change of password, role, scope, employee or activity raises it, which revokes every earlier token (see the hook).").
			Annotations(privacy.Of(privacy.Secret), entgql.Skip(entgql.SkipAll)),
		field.Bool("demo").
			Default(false).
			Immutable().
			Comment("A demo account, whose password is published: it signs in only on a server started with --demo.").
			Annotations(noInput()),
	}
}

// Hooks of the Account.
func (Account) Hooks() []ent.Hook {
	return []ent.Hook{revokeTokens}
}

// revokeTokens raises the token version whenever an update changes what a
// token stands for — the password, the role, the scope, the employee, or
// whether the account may sign in — so that earlier tokens stop working at
// once (DESIGN §6).
func revokeTokens(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if m.Op().Is(ent.OpUpdate | ent.OpUpdateOne) {
			for _, f := range []string{"password_hash", "role", "unit_id", "employee_id", "active"} {
				_, set := m.Field(f)
				if set || m.FieldCleared(f) {
					if err := m.AddField("token_version", 1); err != nil {
						return nil, fmt.Errorf("revoke tokens: %w", err)
					}
					break
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).
			Field("unit_id").
			Unique().
			Comment("Root of the unit subtree the account is scoped to."),
		edge.To("employee", Employee.Type).
			Field("employee_id").
			Unique().
			Comment("The employee this account belongs to."),
	}
}

// Indexes of the Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("unit_id"),
		index.Fields("role"),
	}
}
