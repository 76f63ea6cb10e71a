//go:build ignore

// Command entc generates the ent client and the entgql GraphQL schema
// (graph/ent.graphqls) from ent/schema. It runs from the ent directory via
// `go generate`.
package main

import (
	"fmt"
	"log"
	"strings"
	"unicode"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../graph/ent.graphqls"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(describe, confineEdges),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeatureModifier,
			gen.FeatureGlobalID,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeatureVersionedMigration,
		},
	}, entc.Extensions(ex))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// describe fills in the descriptions entgql leaves empty, so that every type
// and field of the API documents itself in introspection: object types take
// their schema comment; connection, edge and filter plumbing gets a
// description derived from its name.
func describe(g *gen.Graph, s *ast.Schema) error {
	comments := map[string]string{}
	for _, n := range g.Nodes {
		if a, ok := n.Annotations["Comment"].(map[string]any); ok {
			if text, ok := a["Text"].(string); ok {
				comments[n.Name] = text
			}
		}
	}
	for name, def := range s.Types {
		if def.BuiltIn {
			continue
		}
		if def.Description == "" {
			def.Description = typeDescription(name, comments)
		}
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = fieldDescription(name, f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					a.Description = argumentDescription(a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				v.Description = enumDescription(v.Name)
			}
		}
	}
	return nil
}

func typeDescription(name string, comments map[string]string) string {
	if c, ok := comments[name]; ok {
		return c
	}
	if name == "Query" {
		return "The entry points for reading SIMASN: Relay node lookup, and a filterable, orderable connection per entity."
	}
	for _, sfx := range []struct{ suffix, format string }{
		{"Connection", "A Relay connection: one page of %s items with its page information and the total count."},
		{"Edge", "An edge in a Relay connection of %s: one item and its cursor."},
		{"OrderField", "Properties by which %s connections can be ordered."},
		{"Order", "Ordering options for %s connections."},
		{"WhereInput", "Filter for %s items: all given conditions must hold; and/or/not combine filters."},
	} {
		if base, ok := strings.CutSuffix(name, sfx.suffix); ok {
			if _, isNode := comments[base]; isNode {
				return fmt.Sprintf(sfx.format, base)
			}
		}
	}
	if base, ok := strings.CutPrefix(name, "Create"); ok {
		return fmt.Sprintf("The fields of a new %s.", strings.TrimSuffix(base, "Input"))
	}
	if base, ok := strings.CutPrefix(name, "Update"); ok {
		return fmt.Sprintf("The fields to change on a %s; omitted fields keep their value.", strings.TrimSuffix(base, "Input"))
	}
	return fmt.Sprintf("%s values.", name)
}

var operatorWords = []struct{ suffix, words string }{
	{"NEQ", "is not equal to"},
	{"NotIn", "is none of"},
	{"In", "is one of"},
	{"GTE", "is greater than or equal to"},
	{"GT", "is greater than"},
	{"LTE", "is less than or equal to"},
	{"LT", "is less than"},
	{"ContainsFold", "contains, ignoring case,"},
	{"Contains", "contains"},
	{"HasPrefix", "starts with"},
	{"HasSuffix", "ends with"},
	{"EqualFold", "equals, ignoring case,"},
	{"IsNil", "is empty"},
	{"NotNil", "is not empty"},
}

func fieldDescription(typeName, field string) string {
	switch field {
	case "edges":
		return "The items of this page, each with its cursor."
	case "pageInfo":
		return "Information to fetch the next or previous page."
	case "totalCount":
		return "The number of items matching the filter, across all pages."
	case "node":
		return "The item at the end of the edge."
	case "cursor":
		return "A cursor for use in pagination (after/before)."
	case "direction":
		return "The ordering direction."
	case "field":
		return "The field by which to order."
	case "not":
		return "Matches items that do not match this filter."
	case "and":
		return "Matches items that match all of these filters."
	case "or":
		return "Matches items that match any of these filters."
	case "id":
		return "The global identifier of the object."
	}
	if rest, ok := strings.CutPrefix(field, "has"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		if edge, ok := strings.CutSuffix(rest, "With"); ok {
			return fmt.Sprintf("Matches items whose %s edge matches any of these filters.", lowerFirst(edge))
		}
		return fmt.Sprintf("Matches items that have (true) or lack (false) a %s edge.", lowerFirst(rest))
	}
	if rest, ok := strings.CutPrefix(field, "add"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		return fmt.Sprintf("Adds these items to the %s edge.", lowerFirst(strings.TrimSuffix(rest, "IDs")))
	}
	if rest, ok := strings.CutPrefix(field, "remove"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		return fmt.Sprintf("Removes these items from the %s edge.", lowerFirst(strings.TrimSuffix(rest, "IDs")))
	}
	if rest, ok := strings.CutPrefix(field, "clear"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		return fmt.Sprintf("Clears the %s value.", lowerFirst(rest))
	}
	if base, ok := strings.CutSuffix(field, "IDs"); ok && base != "" {
		return fmt.Sprintf("IDs of the %s.", base)
	}
	if base, ok := strings.CutSuffix(field, "ID"); ok && base != "" {
		return fmt.Sprintf("ID of the %s; the %s edge holds the object itself.", base, base)
	}
	for _, op := range operatorWords {
		if base, ok := strings.CutSuffix(field, op.suffix); ok && base != "" {
			return fmt.Sprintf("Matches items whose %s %s the value.", base, op.words)
		}
	}
	if strings.HasSuffix(typeName, "WhereInput") {
		return fmt.Sprintf("Matches items whose %s equals the value.", field)
	}
	return fmt.Sprintf("The %s.", field)
}

func argumentDescription(name string) string {
	switch name {
	case "after":
		return "Returns the items after this cursor."
	case "first":
		return "Returns at most this many items from the start (at most 100)."
	case "before":
		return "Returns the items before this cursor."
	case "last":
		return "Returns at most this many items from the end (at most 100)."
	case "orderBy":
		return "Ordering options for the returned items."
	case "where":
		return "Filtering options for the returned items."
	}
	return fmt.Sprintf("The %s.", name)
}

func enumDescription(value string) string {
	return strings.ToLower(strings.ReplaceAll(value, "_", " "))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// confineEdges puts the @rows directive on every edge condition of every
// where filter (has<Edge> and has<Edge>With), naming the entity at the other
// end, so that the server confines the condition to the records of that
// entity the viewer may see (internal/access). The directive runs wherever
// a filter is decoded, eager-loaded nested connections included.
func confineEdges(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name+"WhereInput"]
		if def == nil {
			continue
		}
		for _, e := range n.Edges {
			base := "has" + e.StructField()
			for _, f := range def.Fields {
				if f.Name != base && f.Name != base+"With" {
					continue
				}
				f.Directives = append(f.Directives, &ast.Directive{
					Name: "rows",
					Arguments: ast.ArgumentList{{
						Name:  "entity",
						Value: &ast.Value{Kind: ast.StringValue, Raw: e.Type.Name},
					}},
				})
			}
		}
	}
	return nil
}
