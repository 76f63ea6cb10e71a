// Package sqljson answers the hot read operations on PostgreSQL with one
// SQL statement that builds the response's JSON itself (json_build_object,
// json_agg and correlated subqueries, as PostGraphile and Hasura do),
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
//   - rows: the root query is an ent query, so the interceptors of
//     internal/access add the viewer's row rule as they do to any query;
//     every nested table gets the same rule through access.RowFilter,
//     except the lists an employee owns, whose rule the root's implies
//     (access.RowFilterOwned);
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
// statement (store.Prepared), parsed once per pooled connection. Nested
// lists are ARRAY subqueries joined with commas, whose few rows PostgreSQL
// sorts with a Sort node instead of an ordered aggregate.
//
// SQLite keeps the general path.
package sqljson
