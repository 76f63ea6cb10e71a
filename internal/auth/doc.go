// Package auth signs callers in: password hashing, signed expiring access
// tokens, turning a token into a viewer (internal/viewer) for the request,
// the login workflow with its brute-force limits, and account management.
//
// Tokens reach the server through an Authenticator; the built-in one checks
// SIMASN's own HS256 tokens. An OpenID Connect provider can be added as
// another Authenticator that maps its claims to an account: the access rules
// only ever see the viewer.
package auth
