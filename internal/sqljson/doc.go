// Package sqljson answers the hot read operations on PostgreSQL with one
// SQL statement that builds the response's JSON itself (concatenated JSON
// text, left joins for to-one edges and ARRAY subqueries for lists, as
// PostGraphile and Hasura build theirs in one statement),
// instead of loading ent records and resolving some seven hundred objects
// field by field through gqlgen and the field policy.
//
// It compiles a narrow, common shape — the employees connection (first,
// orderBy, and a where of equality conditions on Employee's columns and
// has-edge-with into its unit and the unit's region) and employeeByNip,
// with Employee's column fields and its unit (and region), appraisals,
// enrollments (and training) and careerEvents — and nothing else: any other field, argument, fragment, directive or
// viewer the compiler cannot answer exactly falls back to the general path,
// which is always correct. "Exactly" means the same bytes the general path
// writes, with the same access rules:
//
//   - rows: the root table gets the viewer's row rule from
//     access.RowFilter, the predicate the interceptors of internal/access
//     add to any ent query; every nested table gets the same rule through access.RowFilter
//     (a joined table's inside a derived table, so that a hidden row is
//     null), except the lists an employee owns, whose rule the root's
//     implies (access.RowFilterOwned);
//   - where: decoded into ent's EmployeeWhereInput, judged and confined by
//     access.Confine (a field the viewer cannot read everywhere is refused
//     by the general path, which then answers), and applied as entgql's
//     predicate, so that totalCount counts what the general path counts;
//   - fields: a field is compiled only where its class is readable on
//     every row the viewer sees (access.ReachOf is Everywhere), or on none
//     (Nowhere: null, or the masked NIP written in SQL); a field readable
//     on some rows only (a leader and personal data) falls back;
//   - nested lists come in the order the general path's eager loading
//     reads them: by id (internal/store orders those reads);
//   - times in RFC 3339 with the session's offset, as lib/pq and gqlgen
//     write them.
//
// The statement's text is a function of the operation and the role (the
// viewer's scope and the values are arguments): it runs as a prepared
// statement (store.Prepared), parsed once per pooled connection, and the
// SQL of a record that involves no row rule is rendered once and reused;
// so is the whole statement of a connection or of employeeByNip when no
// row rule is involved anywhere (employeeByNip's without the NIP, its one
// argument).
// Nested lists are ARRAY subqueries joined with commas, read in index
// order (appraisals and enrollments) or sorted by a Sort node, never by an
// ordered aggregate. A connection comes back as one row: its total and its
// page's edges, an ARRAY subquery joined with commas too. totalCount is a
// WITH query that also skips the page when nothing matches.
//
// SQLite keeps the general path.
package sqljson
