// Package export serves CSV downloads of the analytics and the main lists
// for spreadsheet users: GET /export/{name}.csv, e.g.
// /export/workforce-gap.csv?year=2026&groupBy=REGION,PROFESSION. Each
// download runs the function behind its GraphQL query (internal/analytics,
// the ent queries of the lists) as the viewer of the request, so it obeys
// the same access rules; lists stream in batches and never carry personal
// data.
package export
