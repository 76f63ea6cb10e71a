package analytics

import (
	"context"
	"strings"

	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// DefaultMinGroupSize is k, the smallest group an aggregate shows to a
// viewer who may not read the personal data of its members.
const DefaultMinGroupSize = 5

type minGroupKey struct{}

// WithMinGroupSize returns ctx carrying k for the aggregates of a request
// (SIMASN_MIN_GROUP_SIZE); DefaultMinGroupSize when not set.
func WithMinGroupSize(ctx context.Context, k int) context.Context {
	return context.WithValue(ctx, minGroupKey{}, k)
}

func minGroupSize(ctx context.Context) int {
	if k, ok := ctx.Value(minGroupKey{}).(int); ok && k > 0 {
		return k
	}
	return DefaultMinGroupSize
}

// VisibleCount is the group's count, or nil when it is suppressed.
func (g *Group) VisibleCount() *int {
	if g.Suppressed {
		return nil
	}
	n := g.Count
	return &n
}

// disclose applies statistical disclosure control to the groups of an
// aggregate, as statistics offices do with tables of people: for a viewer
// who may not read the personal data of everyone counted (access.SeesMembers:
// analysts and leaders), a group with fewer than k records is suppressed —
// its count and measures become null and it is marked — and then, line by
// line, complementary groups are suppressed too, so that no suppressed
// group can be recovered by subtracting the visible groups of a line from
// its total (the same query grouped by one dimension fewer). A line is a
// set of groups that agree on every key but one; with a single dimension,
// all groups form one line. Admins and HR officers, who read their
// members' data, see every group.
func disclose(ctx context.Context, groups []*Group) []*Group {
	if access.SeesMembers(viewer.FromContext(ctx)) {
		return groups
	}
	k := minGroupSize(ctx)
	for _, g := range groups {
		if g.Count < k {
			g.Suppressed = true
		}
	}
	if len(groups) > 0 {
		// The lines of each dimension, found once: suppressing a group
		// changes no key, so every pass sees the same lines.
		lines := make([][][]*Group, len(groups[0].Key))
		for j := range lines {
			lines[j] = linesAlong(groups, j)
		}
		for changed := true; changed; {
			changed = false
			for _, along := range lines {
				for _, line := range along {
					if complement(line) {
						changed = true
					}
				}
			}
		}
	}
	for _, g := range groups {
		if g.Suppressed {
			for i := range g.Values {
				g.Values[i].Value = nil
			}
		}
	}
	return groups
}

// complement suppresses the smallest visible group of a line in which
// exactly one group is suppressed, and reports whether it did.
func complement(line []*Group) bool {
	var hidden int
	var smallest *Group
	for _, g := range line {
		switch {
		case g.Suppressed:
			hidden++
		case smallest == nil || g.Count < smallest.Count:
			smallest = g
		}
	}
	if hidden != 1 || smallest == nil {
		return false
	}
	smallest.Suppressed = true
	return true
}

// linesAlong splits groups into the lines that vary along dimension j, in
// the order of their first group.
func linesAlong(groups []*Group, j int) [][]*Group {
	index := make(map[string]int, len(groups))
	var lines [][]*Group
	var b strings.Builder
	for _, g := range groups {
		b.Reset()
		lineKey(&b, g, j)
		i, ok := index[b.String()]
		if !ok {
			i = len(lines)
			index[b.String()] = i
			lines = append(lines, nil)
		}
		lines[i] = append(lines[i], g)
	}
	return lines
}

// lineKey writes what identifies the line of g that varies along
// dimension j.
func lineKey(b *strings.Builder, g *Group, j int) {
	for i, k := range g.Key {
		if i == j {
			continue
		}
		if k.Value == nil {
			b.WriteString("\x00null")
		} else {
			b.WriteString(*k.Value)
		}
		b.WriteByte(0x1f)
	}
}

// sources says which field each dimension and measure reads, where that
// field is not open to every viewer of the records: the field policy
// (access.MayAggregate) decides whether the viewer may use them.
var sources = map[string][2]string{
	string(AgeBand):            {"Employee", "birthDate"},
	string(Predicate):          {"Appraisal", "predicate"},
	string(AverageAge):         {"Employee", "birthDate"},
	string(MedianAge):          {"Employee", "birthDate"},
	string(MinAge):             {"Employee", "birthDate"},
	string(MaxAge):             {"Employee", "birthDate"},
	string(Rated):              {"Appraisal", "predicate"},
	string(GoodOrBetterShare):  {"Appraisal", "predicate"},
	string(SangatBaikShare):    {"Appraisal", "predicate"},
	string(BelowExpectedShare): {"Appraisal", "predicate"},
}

// checkSources refuses dimensions and measures that read fields the viewer
// may not use in aggregates.
func checkSources(ctx context.Context, groupBy []Dimension, measures []Measure) error {
	v := viewer.FromContext(ctx)
	check := func(arg, name string) error {
		src, ok := sources[name]
		if !ok || access.MayAggregate(v, src[0], src[1]) {
			return nil
		}
		return &apperr.Error{Code: apperr.Forbidden, Field: arg,
			Message: name + " reads " + src[0] + "." + src[1] + ", which you may not use in aggregates"}
	}
	for _, d := range groupBy {
		if err := check("groupBy", string(d)); err != nil {
			return err
		}
	}
	for _, m := range measures {
		if err := check("measures", string(m)); err != nil {
			return err
		}
	}
	return nil
}

// Disclose applies the disclosure control of the aggregates to groups
// computed elsewhere (the nine-box of package talent): for a viewer who
// may not read the members' personal data, groups smaller than k and
// their complements are suppressed.
func Disclose(ctx context.Context, groups []*Group) []*Group { return disclose(ctx, groups) }
