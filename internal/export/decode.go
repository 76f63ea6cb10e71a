package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"simasn/internal/filtershape"
)

// unmarshaler is implemented by the enum types of the GraphQL inputs; it
// rejects values that are not in the enum.
type unmarshaler interface{ UnmarshalGQL(any) error }

var (
	unmarshalerType = reflect.TypeFor[unmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

// decodeInput reads raw, the JSON of a GraphQL input object written as in
// GraphQL variables (field names as in the schema, IDs as strings or
// numbers, times in RFC 3339, enum values as strings), into dst, a pointer
// to the input's Go type (ent.EmployeeWhereInput and the like). Unknown
// fields and values outside an enum are errors naming the field's path,
// e.g. "where.hasUnitWith[0].kind".
func decodeInput(raw, name string, dst any) error {
	var v any
	d := json.NewDecoder(strings.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return fmt.Errorf("%s is not JSON: %v", name, err)
	}
	if path, ok := filtershape.NUL(v, name); ok {
		return fmt.Errorf("%s holds a NUL character (\\u0000), which no text may contain", path)
	}
	if err := filtershape.Check(name, "the download", v, filtershape.MaxDepth, filtershape.MaxConditions); err != nil {
		return errors.New(err.Message)
	}
	return assign(reflect.ValueOf(dst).Elem(), v, name)
}

func assign(dst reflect.Value, src any, path string) error {
	if src == nil {
		return nil // null leaves the field unset, as in GraphQL
	}
	t := dst.Type()
	if t.Kind() == reflect.Pointer {
		v := reflect.New(t.Elem())
		if err := assign(v.Elem(), src, path); err != nil {
			return err
		}
		dst.Set(v)
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		s, ok := src.(string)
		if !ok {
			return fmt.Errorf("%s: want an enum value as a string, got %v", path, src)
		}
		if err := dst.Addr().Interface().(unmarshaler).UnmarshalGQL(s); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		return nil
	}
	switch {
	case t == timeType:
		s, ok := src.(string)
		if !ok {
			return fmt.Errorf("%s: want a time in RFC 3339, e.g. 2026-01-02T00:00:00Z", path)
		}
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return fmt.Errorf("%s: want a time in RFC 3339, e.g. 2026-01-02T00:00:00Z, not %q", path, s)
		}
		dst.Set(reflect.ValueOf(tm))
	case t.Kind() == reflect.Struct:
		m, ok := src.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object", path)
		}
		fields := map[string]int{}
		for i := range t.NumField() {
			f := t.Field(i)
			name := fieldName(f)
			if f.PkgPath != "" || name == "-" {
				continue
			}
			fields[name] = i
		}
		for k, v := range m {
			i, ok := fields[k]
			if !ok {
				return fmt.Errorf("%s has no field %q", path, k)
			}
			if err := assign(dst.Field(i), v, path+"."+k); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Slice:
		xs, ok := src.([]any)
		if !ok {
			xs = []any{src} // GraphQL coerces a single value to a list
		}
		s := reflect.MakeSlice(t, len(xs), len(xs))
		for i, x := range xs {
			if err := assign(s.Index(i), x, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		dst.Set(s)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		n, err := number(src)
		if err != nil || n != math.Trunc(n) {
			return fmt.Errorf("%s: want an integer or an ID, got %v", path, src)
		}
		dst.SetInt(int64(n))
	case t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32:
		n, err := number(src)
		if err != nil {
			return fmt.Errorf("%s: want a number, got %v", path, src)
		}
		dst.SetFloat(n)
	case t.Kind() == reflect.Bool:
		b, ok := src.(bool)
		if !ok {
			return fmt.Errorf("%s: want true or false, got %v", path, src)
		}
		dst.SetBool(b)
	case t.Kind() == reflect.String:
		s, ok := src.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %v", path, src)
		}
		dst.SetString(s)
	default:
		return fmt.Errorf("%s cannot be given here", path)
	}
	return nil
}

// fieldName is the field's name in GraphQL: its json tag (ent's inputs
// have them) or its Go name with a lower-case first letter.
func fieldName(f reflect.StructField) string {
	if tag, ok := f.Tag.Lookup("json"); ok {
		return strings.Split(tag, ",")[0]
	}
	n := f.Name
	// IDs: UnitID → unitID, as gqlgen binds them.
	return strings.ToLower(n[:1]) + n[1:]
}

// number reads a JSON number, or a string holding one (GraphQL IDs are
// strings).
func number(src any) (float64, error) {
	switch v := src.(type) {
	case json.Number:
		return v.Float64()
	case string:
		return strconv.ParseFloat(v, 64)
	}
	return 0, fmt.Errorf("not a number")
}
