// Package web is the SIMASN dashboard: a single-page application for
// citizens, employees, HR officers, leaders and analysts, and the GraphiQL
// page, with every asset embedded in the binary.
//
// The dashboard is hand-written ES modules, HTML and CSS under static/: no
// build step and no JavaScript toolchain, so `make run` serves it as
// committed. It is a client like any other — it talks to the server only
// through the public GraphQL API at /query (queries and mutations over HTTP
// with the sign-in token, the complaint feed over graphql-transport-ws) and
// the CSV downloads under /export/ — so it can do nothing the access rules
// do not allow.
//
// Handler serves the files with their content types, gzip when the client
// accepts it, validators and cache headers, and a Content-Security-Policy
// that lets the pages load nothing from anywhere but the server itself.
// GraphiQL, at /graphiql, runs on vendored builds of graphiql, react and
// react-dom (static/vendor, with their licences); only that page loads them.
package web
