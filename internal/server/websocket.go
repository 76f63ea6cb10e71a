package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"simasn/internal/auth"
	"simasn/internal/viewer"
)

// originAllowed is the websocket upgrade's origin check: no Origin header
// (a non-browser client), the server's own origin, or a listed origin.
// Never "allow all": a page elsewhere must not ride on a user's session.
func originAllowed(allowed []string) func(*http.Request) bool {
	set := map[string]bool{}
	for _, o := range allowed {
		set[strings.TrimRight(strings.ToLower(o), "/")] = true
	}
	return func(r *http.Request) bool {
		origin := r.Header.Get("Origin")
		if origin == "" {
			return true
		}
		u, err := url.Parse(origin)
		if err != nil {
			return false
		}
		if strings.EqualFold(u.Host, r.Host) {
			return true
		}
		return set[strings.ToLower(u.Scheme+"://"+u.Host)]
	}
}

// websocketAuth reads the access token from the connection_init payload
// (authToken, or Authorization: "Bearer …"). Without one the connection is
// the public's (or the demo's anonymous viewer); a bad one is refused.
func websocketAuth(authn auth.Authenticator, anonymous *viewer.Viewer) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		token := p.GetString("authToken")
		if token == "" {
			token, _ = strings.CutPrefix(p.Authorization(), "Bearer ")
		}
		ctx, err := withViewer(ctx, authn, anonymous, token)
		return ctx, nil, err
	}
}
