// Package export answers GraphQL queries as CSV for spreadsheet users.
//
// Any query: POST /query with Accept: text/csv (or GET /query?query=…&
// variables=…&format=csv, for links) runs the operation through the
// GraphQL handler as the caller, so the access rules, limits and error
// codes are the API's own, and flattens the first list in the answer to
// rows (a connection's edges.node; when the answer holds no list, data is
// the one row). Nested objects become dotted columns (unit.region.name);
// lists inside a row become one column per leaf whose cell joins the
// elements' values with "; " (competencies.code = "K-1; TEK-2"). Columns
// come from the query's selection, so an empty page still has its header,
// and a column of a field the viewer never reads is left out. An
// operation that declares $after and selects pageInfo { hasNextPage
// endCursor } is followed page by page to the end; one that declares
// $offset and selects totalCount likewise. An error is an HTTP status
// and a plain-text message, never a half sheet.
//
// Stored queries: GET /export/{name}.csv, e.g.
// /export/workforce-gap.csv?year=2026&groupBy=REGION,PROFESSION, runs a
// fixed GraphQL query with the URL's parameters as its variables and names
// the columns as the downloads always have.
package export
