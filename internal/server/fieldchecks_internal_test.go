package server

import (
	"testing"

	"simasn/graph"
)

// TestFieldChecksTable: the fields that skip the page-size and policy
// checks are exactly those with no argument whose name no entity declares
// other than Open. Worked out by hand from the schema and the ent
// annotations: an aggregate group's scalars and a unit's code are plain; a
// name is not (an applicant's is personal), nor is a personal field
// (birthDate, phone), nor a field with arguments (where, first, ...).
func TestFieldChecksTable(t *testing.T) {
	t.Parallel()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	f := newFieldChecks(schema)
	for _, tc := range []struct {
		object, field string
		plain         bool
	}{
		{"AggregateGroup", "count", true},
		{"AggregateGroup", "key", true},
		{"AggregateGroup", "values", true},
		{"GroupKey", "value", true},
		{"GroupKey", "label", true},
		{"MeasureValue", "value", true},
		{"Unit", "code", true},
		{"Employee", "name", false},       // an applicant's name is personal
		{"Employee", "birthDate", false},  // personal
		{"Employee", "phone", false},      // personal
		{"Applicant", "birthDate", false}, // personal
		{"Query", "employees", false},     // where, orderBy, first, last
		{"Query", "employeeAggregate", false},
	} {
		def := schema.Types[tc.object].Fields.ForName(tc.field)
		if def == nil {
			t.Errorf("%s.%s: not in the schema", tc.object, tc.field)
			continue
		}
		if got := f.plain[def]; got != tc.plain {
			t.Errorf("%s.%s plain = %v, want %v", tc.object, tc.field, got, tc.plain)
		}
	}
}
