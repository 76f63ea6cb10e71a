// Package privacy declares who may read each field of SIMASN's data model
// (DESIGN §6). The declaration is an ent schema annotation on the field:
//
//	field.String("email").Annotations(privacy.Of(privacy.Personal))
//
// A field without one is Open: whoever may see the record sees the field.
// internal/access reads the declarations once and derives from each every
// path on which the field could be read or asked about: the value a query
// returns, a condition on it at any depth of a where filter, ordering by
// it, grouping and measuring by it in aggregates, CSV filters and the feed.
// A field declared here is covered on all of them without another line.
//
// The package has no dependencies so that ent/schema can import it.
package privacy
