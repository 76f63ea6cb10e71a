package access

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode"

	entgo "entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"simasn/ent/schema"
	"simasn/internal/apperr"
	"simasn/internal/privacy"
	"simasn/internal/viewer"
)

// schemas are the entities of the data model whose fields carry privacy
// declarations; a test checks the list against the generated client.
var schemas = []entgo.Interface{
	schema.Account{}, schema.Appraisal{}, schema.AuditLog{}, schema.CareerEvent{},
	schema.Competency{}, schema.CompetencyAssessment{}, schema.CompetencyRequirement{}, schema.CurrentCompetency{},
	schema.Complaint{}, schema.ComplaintEvent{}, schema.ComplaintResponse{}, schema.DisciplinaryPenalty{},
	schema.Employee{}, schema.Enrollment{}, schema.Formation{}, schema.Region{},
	schema.SurveyResponse{}, schema.Training{}, schema.Unit{}, schema.WorkLog{},
	schema.WebhookEndpoint{}, schema.WebhookDelivery{},
	schema.WorkSchedule{}, schema.CalendarException{}, schema.AttendanceDay{}, schema.LeaveRequest{},
	schema.RecruitmentYear{}, schema.RecruitmentFormation{}, schema.Applicant{},
}

// declarations holds every field's privacy declaration: entity name →
// GraphQL field name → declaration. Fields without one are Open.
var declarations = load()

// guarded holds the GraphQL names of the fields some entity declares
// other than Open, so that the answer path can pass every other field
// without looking at its record.
var guarded = func() map[string]bool {
	out := map[string]bool{}
	for _, fields := range declarations {
		for name, d := range fields {
			if d.Class != privacy.Open {
				out[name] = true
			}
		}
	}
	return out
}()

// Guarded reports whether a field of this GraphQL name is declared other
// than Open on any entity; Declaration then says on which.
func Guarded(field string) bool { return guarded[field] }

func load() map[string]map[string]privacy.Annotation {
	out := map[string]map[string]privacy.Annotation{}
	for _, s := range schemas {
		name := reflect.TypeOf(s).Name()
		fields := map[string]privacy.Annotation{"id": {}}
		var all []entgo.Field
		for _, m := range s.Mixin() {
			all = append(all, m.Fields()...)
		}
		all = append(all, s.Fields()...)
		for _, f := range all {
			d := f.Descriptor()
			var a privacy.Annotation
			for _, an := range d.Annotations {
				if p, ok := an.(privacy.Annotation); ok {
					a = p
				}
			}
			fields[apperr.FieldName(d.Name)] = a
		}
		out[name] = fields
	}
	return out
}

// Entities lists the entities with privacy declarations, sorted.
func Entities() []string {
	out := make([]string, 0, len(declarations))
	for e := range declarations {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

// Fields returns the declarations of an entity's fields by GraphQL name.
func Fields(entity string) map[string]privacy.Annotation { return declarations[entity] }

// Declaration returns the declaration of one field (Open when undeclared).
func Declaration(entity, field string) privacy.Annotation { return declarations[entity][field] }

// Reach says on which records a viewer may read a field.
type Reach int

// The reaches.
const (
	// Nowhere: the viewer reads the field on no record.
	Nowhere Reach = iota
	// Somewhere: on some of the records the viewer sees, not all.
	Somewhere
	// Everywhere: on every record the viewer sees.
	Everywhere
)

// ReachOf says where v may read fields of class c. It decides, for each
// class, the question paths: a condition, an ordering or a grouping by a
// field is allowed only where the viewer reads the field on every record
// the question can reach (Everywhere); otherwise its answer would depend on
// values the viewer may not read.
//
// The row rules make Everywhere exact: an HR officer sees the employees of
// their scope, whose personal data they read; an employee sees themselves
// and their direct subordinates, whose data they read as their superior.
// A leader sees their whole subtree but reads personal data only down their
// own chain of subordinates (Somewhere), and those handling complaints see
// every public complaint but read the reporter of their own cases only.
func ReachOf(v *viewer.Viewer, c privacy.Class) Reach {
	switch c {
	case privacy.Open:
		return Everywhere
	case privacy.Secret:
		return Nowhere
	case privacy.SignedIn:
		if v.Authenticated() {
			return Everywhere
		}
		return Nowhere
	}
	if v.IsAdmin() {
		return Everywhere
	}
	if v.Role == viewer.Analyst || v.Role == viewer.Public {
		return Nowhere
	}
	switch c {
	case privacy.Personal, privacy.AppraisalDetail:
		if v.Role == viewer.HROfficer || v.Role == viewer.Employee {
			return Everywhere
		}
	}
	return Somewhere
}

// mayAsk reports whether v may use a field of class c in a question:
// a filter, an ordering, a grouping or a measure.
func mayAsk(v *viewer.Viewer, c privacy.Class) bool { return ReachOf(v, c) == Everywhere }

// MayAggregate reports whether v may group by or measure a field of
// entity in an aggregate: where v may ask about it, or where the field is
// declared fit for aggregates (its groups then fall under disclosure
// control, see Disclosed).
func MayAggregate(v *viewer.Viewer, entity, field string) bool {
	d := Declaration(entity, field)
	if mayAsk(v, d.Class) {
		return true
	}
	return d.Aggregate && v.Authenticated()
}

// SeesMembers reports whether v reads the personal data of everyone an
// aggregate of theirs can count; when not, small groups are suppressed.
func SeesMembers(v *viewer.Viewer) bool {
	return ReachOf(v, privacy.Personal) == Everywhere && ReachOf(v, privacy.AppraisalDetail) == Everywhere
}

// refuse is the refusal of a question about a field the viewer may not
// read: FORBIDDEN naming the condition, for the public too (signing in is
// not what would make most such questions answerable).
func refuse(path, entity, field string, c privacy.Class) error {
	return &apperr.Error{Code: apperr.Forbidden, Field: path,
		Message: fmt.Sprintf("you may not ask about %s.%s: %s", entity, field, describeClass(c))}
}

func describeClass(c privacy.Class) string {
	switch c {
	case privacy.SignedIn:
		return "it is shown to signed-in users only"
	case privacy.Personal:
		return "it is personal data, read only by the person, their superiors, HR officers in scope and admins, and a filter or ordering on it must stay within the records whose data you read"
	case privacy.AppraisalDetail:
		return "it is an appraisal detail, read only by the appraisee, the appraiser, their superiors, HR officers in scope and admins, and a filter or ordering on it must stay within the appraisals whose details you read"
	case privacy.Reporter:
		return "it identifies a complaint's reporter, known only to those handling the complaint"
	case privacy.Secret:
		return "it is never readable"
	}
	return "it is not readable by you"
}

// operators are the suffixes entgql adds to a field's name in where
// filters, longest first.
var operators = []string{"ContainsFold", "EqualFold", "HasPrefix", "HasSuffix", "Contains", "NotNil", "IsNil", "NotIn", "NEQ", "GTE", "LTE", "In", "GT", "LT", ""}

// fieldOf returns the field a where condition is about: emailHasPrefix →
// email.
func fieldOf(entity, cond string) (string, bool) {
	fields := declarations[entity]
	for _, op := range operators {
		base, ok := strings.CutSuffix(cond, op)
		if !ok || base == "" {
			continue
		}
		if _, known := fields[base]; known {
			return base, true
		}
	}
	return "", false
}

// CheckWhere checks a where filter (a *ent.<Entity>WhereInput, possibly nil)
// before it runs: every condition, at any depth and through every edge,
// must be about a field the viewer may ask about, else the filter is
// refused with FORBIDDEN naming the condition. path is the argument's name
// for the error, e.g. "where".
func CheckWhere(ctx context.Context, path string, where any) error {
	rv := reflect.ValueOf(where)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	entity, ok := strings.CutSuffix(rv.Elem().Type().Name(), "WhereInput")
	if !ok {
		return nil
	}
	return checkWhere(viewer.FromContext(ctx), path, entity, rv)
}

func checkWhere(v *viewer.Viewer, path, entity string, in reflect.Value) error {
	return walkWhere(path, entity, in, whereVisitor{
		cond: func(at, entity, name string) error {
			field, ok := fieldOf(entity, name)
			if !ok {
				return &apperr.Error{Code: apperr.Forbidden, Field: at, Message: fmt.Sprintf("%s is not a condition on a known field of %s", name, entity)}
			}
			if c := Declaration(entity, field).Class; !mayAsk(v, c) {
				return refuse(at, entity, field, c)
			}
			return nil
		},
	})
}

// whereVisitor is what walkWhere does with the conditions of a filter.
type whereVisitor struct {
	// cond judges a condition on a field of entity (name as in GraphQL,
	// operator included: emailHasPrefix).
	cond func(at, entity, name string) error
	// edge judges an edge condition into target, after walking its
	// filters: a has<Edge>With list, or a has<Edge> boolean.
	edge func(at, target string, value any) error
}

// walkWhere visits every condition of a where filter (a pointer to an
// entgql <Entity>WhereInput) at any depth: through not, and, or, and every
// has<Edge>With into the entity at the other end.
func walkWhere(path, entity string, in reflect.Value, visit whereVisitor) error {
	if in.IsNil() {
		return nil
	}
	s := in.Elem()
	t := s.Type()
	for i := range t.NumField() {
		sf, fv := t.Field(i), s.Field(i)
		if !sf.IsExported() || sf.Name == "Predicates" || fv.IsZero() {
			continue
		}
		name := jsonName(sf)
		at := path + "." + name
		var err error
		switch {
		case name == "not":
			err = walkWhere(at, entity, fv, visit)
		case name == "and" || name == "or":
			for j := range fv.Len() {
				if err = walkWhere(fmt.Sprintf("%s[%d]", at, j), entity, fv.Index(j), visit); err != nil {
					break
				}
			}
		case isEdgeWith(name, sf.Type):
			target := strings.TrimSuffix(sf.Type.Elem().Elem().Name(), "WhereInput")
			for j := range fv.Len() {
				if err = walkWhere(fmt.Sprintf("%s[%d]", at, j), target, fv.Index(j), visit); err != nil {
					break
				}
			}
			if err == nil && visit.edge != nil {
				err = visit.edge(at, target, fv.Interface())
			}
		case isEdge(name, t):
			if visit.edge != nil {
				with, _ := t.FieldByName(sf.Name + "With")
				err = visit.edge(at, strings.TrimSuffix(with.Type.Elem().Elem().Name(), "WhereInput"), fv.Interface())
			}
		case visit.cond != nil:
			err = visit.cond(at, entity, name)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func jsonName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" {
		return sf.Name
	}
	return name
}

// isEdgeWith reports whether a where condition is has<Edge>With.
func isEdgeWith(name string, t reflect.Type) bool {
	return strings.HasPrefix(name, "has") && strings.HasSuffix(name, "With") && t.Kind() == reflect.Slice
}

// isEdge reports whether a where condition is has<Edge> (a boolean with a
// has<Edge>With sibling).
func isEdge(name string, t reflect.Type) bool {
	if !strings.HasPrefix(name, "has") || len(name) < 4 || !unicode.IsUpper(rune(name[3])) {
		return false
	}
	_, ok := t.FieldByName(strings.ToUpper(name[:1]) + name[1:] + "With")
	return ok
}

// CheckOrder checks an orderBy argument (a *ent.<Entity>Order or a slice
// of them): ordering by a field reveals it, so it is allowed only where
// the viewer may ask about the field.
func CheckOrder(ctx context.Context, path string, orderBy any) error {
	rv := reflect.ValueOf(orderBy)
	if !rv.IsValid() {
		return nil
	}
	v := viewer.FromContext(ctx)
	check := func(at string, o reflect.Value) error {
		if o.Kind() != reflect.Pointer || o.IsNil() {
			return nil
		}
		entity, ok := strings.CutSuffix(o.Elem().Type().Name(), "Order")
		if !ok || declarations[entity] == nil {
			return nil
		}
		f := o.Elem().FieldByName("Field")
		if !f.IsValid() || f.IsNil() {
			return nil
		}
		str, ok := f.Interface().(fmt.Stringer)
		if !ok {
			return nil
		}
		field := apperr.FieldName(strings.ToLower(str.String()))
		if c := Declaration(entity, field).Class; !mayAsk(v, c) {
			return refuse(at+".field", entity, field, c)
		}
		return nil
	}
	if rv.Kind() == reflect.Slice {
		for i := range rv.Len() {
			if err := check(fmt.Sprintf("%s[%d]", path, i), rv.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}
	return check(path, rv)
}

// ConfineEdge implements the @rows directive that every edge condition of
// a where filter carries (ent/entc.go puts it there): has<Edge>With
// conditions get the read rule of the entity at the other end added to
// each of their filters, so that they consider only records the viewer may
// see; a bare has<Edge> reaching an entity the viewer does not see in full
// is refused, since it cannot carry the rule (has<Edge>With: [{}] can).
// cond is the condition's name, for the error.
//
// It runs wherever gqlgen decodes a filter — the arguments of a field and
// the eager loading of nested connections alike.
func ConfineEdge(ctx context.Context, entity, cond string, value any) (any, error) {
	if value == nil {
		return value, nil
	}
	matchAny(value)
	rule, ok := rowRules[entity]
	if !ok {
		return value, nil
	}
	p, all := rule(ctx)
	if all {
		return value, nil
	}
	rv := reflect.ValueOf(value)
	if rv.Kind() != reflect.Slice {
		return nil, &apperr.Error{Code: apperr.Forbidden, Field: cond,
			Message: fmt.Sprintf("you do not see every %s; ask with %sWith: [{}] instead, which considers only those you see", entity, cond)}
	}
	for i := range rv.Len() {
		el := rv.Index(i)
		if el.IsNil() {
			continue
		}
		add := el.MethodByName("AddPredicates")
		if !add.IsValid() {
			return nil, fmt.Errorf("confine %s to the visible %s: %s has no AddPredicates", cond, entity, el.Type())
		}
		add.Call([]reflect.Value{reflect.ValueOf(p)})
	}
	return value, nil
}

// Confine is CheckWhere plus the confinement of every edge condition that
// the @rows directive gives filters decoded by gqlgen (ConfineEdge), for a
// filter decoded elsewhere: the CSV downloads' where parameter.
func Confine(ctx context.Context, path string, where any) error {
	rv := reflect.ValueOf(where)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	if _, ok := strings.CutSuffix(rv.Elem().Type().Name(), "WhereInput"); !ok {
		return nil
	}
	if err := confine(ctx, path, rv); err != nil {
		return err
	}
	return CheckWhere(ctx, path, where)
}

func confine(ctx context.Context, path string, in reflect.Value) error {
	return walkWhere(path, "", in, whereVisitor{
		edge: func(at, target string, value any) error {
			_, err := ConfineEdge(ctx, target, at, value)
			return err
		},
	})
}

// matchAny gives every empty filter of a has<Edge>With list a predicate
// that holds for any record, so that has<Edge>With: [{}] means "has one"
// (entgql refuses an empty filter) — the form the refusal of a bare
// has<Edge> suggests.
func matchAny(value any) {
	rv := reflect.ValueOf(value)
	if rv.Kind() != reflect.Slice {
		return
	}
	for i := range rv.Len() {
		el := rv.Index(i)
		if el.Kind() != reflect.Pointer || el.IsNil() || !el.Elem().IsZero() {
			continue
		}
		add := el.MethodByName("AddPredicates")
		if !add.IsValid() || add.Type().NumIn() != 1 {
			continue
		}
		always := reflect.ValueOf(func(*sql.Selector) {}).Convert(add.Type().In(0).Elem())
		add.Call([]reflect.Value{always})
	}
}
