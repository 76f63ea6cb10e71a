package analytics

import (
	"strings"
	"testing"
)

// TestSortGroups: groups come ordered by their keys in turn — numbers by
// value (9 before 10 before 100, not as text), other values as text, a
// null key last — and groups with equal keys keep their order.
func TestSortGroups(t *testing.T) {
	s := func(v string) *string { return &v }
	group := func(id string, k0, k1 *string) *Group {
		return &Group{Key: []Key{{Value: k0}, {Value: k1}}, Values: []MeasureValue{{Measure: Measure(id)}}}
	}
	groups := []*Group{
		group("a", s("100"), s("EDUCATION")),
		group("b", nil, s("ADMINISTRATIVE")),
		group("c", s("10"), s("HEALTH")),
		group("d", s("9"), s("HEALTH")),
		group("e", s("10"), s("EDUCATION")),
		group("f", s("10"), nil),
		group("g", s("9"), s("HEALTH")),
		group("h", s("2.5"), s("HEALTH")),
	}
	sortGroups(groups, []dim{{d: Unit}, {d: Profession}})
	var got []string
	for _, g := range groups {
		got = append(got, string(g.Values[0].Measure))
	}
	// 2.5; 9 (HEALTH twice, d before g as given); 10 EDUCATION, HEALTH,
	// null; 100; null.
	if want := "h d g e c f a b"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}
