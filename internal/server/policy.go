package server

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"simasn/ent"
	"simasn/internal/access"
	"simasn/internal/nip"
	"simasn/internal/privacy"
)

// fieldPolicy applies the field policy (internal/privacy, internal/access)
// to every field of every operation:
//
//   - questions: a where filter or an orderBy argument may only ask about
//     fields the viewer may ask about (access.CheckWhere, CheckOrder);
//   - answers: a field the viewer may not read on this record resolves to
//     null, or to its masked value where the declaration says so (the NIP).
func fieldPolicy(c *ent.Client) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Field.Field == nil {
			return next(ctx)
		}
		for name, arg := range fc.Args {
			if err := checkArg(ctx, name, arg); err != nil {
				return nil, err
			}
		}
		if fc.Parent == nil || fc.Parent.Result == nil || !access.Guarded(fc.Field.Name) {
			return next(ctx)
		}
		entity, id, ok := record(fc.Parent.Result)
		if !ok {
			return next(ctx)
		}
		d := access.Declaration(entity, fc.Field.Name)
		if d.Class == privacy.Open || access.PersonalFrom(ctx, c).Readable(ctx, entity, id, d.Class) {
			return next(ctx)
		}
		if !d.Mask {
			return nil, nil
		}
		v, err := next(ctx)
		if s, ok := v.(string); ok && err == nil {
			return nip.Mask(s), nil
		}
		return nil, err
	}
}

// checkArg checks one argument of a field against the field policy.
func checkArg(ctx context.Context, name string, arg any) error {
	t := reflect.TypeOf(arg)
	if t == nil {
		return nil
	}
	base := t
	for base.Kind() == reflect.Pointer || base.Kind() == reflect.Slice {
		base = base.Elem()
	}
	if base.PkgPath() != entPkg {
		return nil
	}
	switch {
	case strings.HasSuffix(base.Name(), "WhereInput"):
		return access.CheckWhere(ctx, name, arg)
	case strings.HasSuffix(base.Name(), "Order"):
		return access.CheckOrder(ctx, name, arg)
	}
	return nil
}

var entPkg = reflect.TypeOf(ent.Employee{}).PkgPath()

// record returns the entity and id of a resolved ent record (a list
// element's context holds a pointer to it).
func record(obj any) (entity string, id int, ok bool) {
	rv := reflect.ValueOf(obj)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return "", 0, false
	}
	s := rv.Elem()
	t := recordTypeOf(s.Type())
	if t.idField < 0 {
		return "", 0, false
	}
	return t.entity, int(s.Field(t.idField).Int()), true
}

// recordType is what record needs to know of a struct type: the entity it
// is and the index of its int ID field (-1 when it is no ent record).
type recordType struct {
	entity  string
	idField int
}

// recordTypes caches recordType by type: looking a field up by name
// costs more than the rest of the answer path.
var recordTypes sync.Map // reflect.Type → recordType

func recordTypeOf(t reflect.Type) recordType {
	if v, ok := recordTypes.Load(t); ok {
		return v.(recordType)
	}
	rt := recordType{entity: t.Name(), idField: -1}
	if t.PkgPath() == entPkg {
		if f, ok := t.FieldByName("ID"); ok && f.Type.Kind() == reflect.Int && len(f.Index) == 1 {
			rt.idField = f.Index[0]
		}
	}
	recordTypes.Store(t, rt)
	return rt
}
