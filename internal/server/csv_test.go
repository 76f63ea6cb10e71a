package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"simasn/internal/apitest"
)

// csvAnswer is a CSV answer of /query as a client sees it.
type csvAnswer struct {
	status int
	media  string
	body   string
	rows   [][]string
}

// postCSV POSTs an operation to /query asking for text/csv.
func postCSV(t *testing.T, s *apitest.Server, token, query string, vars map[string]any) csvAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query?bom=false", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/csv")
	return sendCSV(t, req, token)
}

func sendCSV(t *testing.T, req *http.Request, token string) csvAnswer {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := csvAnswer{status: resp.StatusCode, media: resp.Header.Get("Content-Type"), body: string(raw)}
	if a.status == http.StatusOK {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("bad CSV: %v\n%s", err, raw)
		}
		a.rows = rows
	}
	return a
}

func joined(rows [][]string) string {
	var lines []string
	for _, r := range rows {
		lines = append(lines, strings.Join(r, ","))
	}
	return strings.Join(lines, "\n")
}

// TestQueryAsCSV asks /query for text/csv: the first list of the answer
// becomes rows, nested objects dotted columns, an inner connection one
// joined cell; pages are followed; the access rules are the API's; errors
// are statuses with a message, never a half sheet.
func TestQueryAsCSV(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		agency := s.MustUnit("1.02", nil, r)
		s.MustUnit("1.02.1", agency, r)
		s.MustUnit("1.02.2", agency, r)
		var nips []string
		for range 3 {
			nips = append(nips, s.MustEmployee(agency).Nip)
		}
		admin := s.TokenFor(s.Admin)
		analyst := s.TokenFor(s.MustAccount("analis", "ANALYST", nil, nil))

		// Nested objects as dotted columns; a connection inside a row as
		// one cell per leaf, its values joined.
		a := postCSV(t, s, admin, `{ units(first: 10, where: {code: "1.02"}) { edges { node { code name region { code name } children(first: 10) { totalCount edges { node { code } } } } } } }`, nil)
		if a.status != http.StatusOK || a.media != "text/csv; charset=utf-8" {
			t.Fatalf("units: %d %s %s", a.status, a.media, a.body)
		}
		want := "code,name,region.code,region.name,children.totalCount,children.code\n" +
			"1.02,Unit 1.02,18.71,Kabupaten 18.71,2,1.02.1; 1.02.2"
		if got := joined(a.rows); got != want {
			t.Errorf("units as CSV:\n%s\nwant\n%s", got, want)
		}

		// Pages followed through $after; the analyst's sheet has NIPs
		// masked and no column for the e-mail it never reads.
		paged := `query($after: Cursor) { employees(first: 2, after: $after) {
			pageInfo { hasNextPage endCursor } edges { node { nip email unit { code } } } } }`
		a = postCSV(t, s, analyst, paged, nil)
		if a.status != http.StatusOK {
			t.Fatalf("employees: %d %s", a.status, a.body)
		}
		want = "nip,unit.code"
		for _, n := range nips {
			want += "\n" + n[:4] + "**********" + n[14:] + ",1.02"
		}
		if got := joined(a.rows); got != want {
			t.Errorf("the analyst's employees:\n%s\nwant\n%s", got, want)
		}
		// The admin reads e-mails (empty here) and whole NIPs.
		a = postCSV(t, s, admin, paged, nil)
		want = "nip,email,unit.code"
		for _, n := range nips {
			want += "\n" + n + ",,1.02"
		}
		if got := joined(a.rows); got != want {
			t.Errorf("the admin's employees:\n%s\nwant\n%s", got, want)
		}

		// A link: GET with the query in the URL and format=csv.
		link := s.URL + "/query?format=csv&bom=false&query=" + url.QueryEscape(`query($c: String) { units(where: {code: $c}) { edges { node { code } } } }`) +
			"&variables=" + url.QueryEscape(`{"c": "1.02.1"}`)
		req, _ := http.NewRequest(http.MethodGet, link, nil)
		if a := sendCSV(t, req, admin); a.status != http.StatusOK || joined(a.rows) != "code\n1.02.1" {
			t.Errorf("GET link: %d %q", a.status, a.body)
		}

		// No rows: the header alone. No list: data is the one row.
		if a := postCSV(t, s, admin, `{ units(where: {code: "9.99"}) { edges { node { code name } } } }`, nil); joined(a.rows) != "code,name" {
			t.Errorf("empty list: %q", a.body)
		}
		if a := postCSV(t, s, admin, `{ units { totalCount } }`, nil); joined(a.rows) != "units.totalCount\n3" {
			t.Errorf("no list: %q", a.body)
		}

		// Errors: the status of the code and a message, no CSV.
		for _, tc := range []struct {
			name, token, query string
			status             int
			says               string
		}{
			{"forbidden", "", `{ employeeAggregate { count } }`, http.StatusForbidden, "FORBIDDEN"},
			{"does not parse", admin, `{ units {`, http.StatusBadRequest, "GRAPHQL_PARSE_FAILED"},
			{"unknown field", admin, `{ units { colour } }`, http.StatusBadRequest, "colour"},
			{"mutation", admin, `mutation { login(username: "x", password: "y") { token } }`, http.StatusBadRequest, "queries only"},
		} {
			a := postCSV(t, s, tc.token, tc.query, nil)
			if a.status != tc.status || !strings.Contains(a.body, tc.says) || strings.HasPrefix(a.media, "text/csv") {
				t.Errorf("%s: %d %s %q, want %d saying %q", tc.name, a.status, a.media, a.body, tc.status, tc.says)
			}
		}

		// Without text/csv, /query answers JSON as ever.
		var got struct{ Units struct{ TotalCount int } }
		s.MustDo(&got, `{ units { totalCount } }`, nil)
		if got.Units.TotalCount != 3 {
			t.Errorf("JSON answer: %d units", got.Units.TotalCount)
		}
	})
}
