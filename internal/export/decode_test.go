package export

import (
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/analytics"
)

func TestDecodeInput(t *testing.T) {
	var w ent.EmployeeWhereInput
	err := decodeInput(`{"professionGroup":"HEALTH","rankIn":["III/a","III/b"],"birthDateGTE":"1980-01-01T00:00:00Z",
		"hasUnitWith":[{"id":"17179869185","pathHasPrefix":"/1.02/"}],"or":[{"status":"ACTIVE"},{"statusIn":["ON_LEAVE"]}],"name":null}`, "where", &w)
	if err != nil {
		t.Fatal(err)
	}
	if w.ProfessionGroup == nil || *w.ProfessionGroup != employee.ProfessionGroupHEALTH || len(w.RankIn) != 2 ||
		!w.BirthDateGTE.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) || *w.HasUnitWith[0].ID != 17179869185 ||
		len(w.Or) != 2 || w.Or[1].StatusIn[0] != employee.StatusON_LEAVE || w.Name != nil {
		t.Errorf("decoded %+v", w)
	}
	if _, err := w.P(); err != nil {
		t.Errorf("the decoded input is not a predicate: %v", err)
	}
	var g analytics.GapFilter
	if err := decodeInput(`{"professionGroups":["HEALTH","EDUCATION"],"regionIDs":[1,"2"],"remote":true,"unitID":"7"}`, "filter", &g); err != nil {
		t.Fatal(err)
	}
	if len(g.ProfessionGroups) != 2 || g.RegionIDs[1] != 2 || !*g.Remote || *g.UnitID != 7 {
		t.Errorf("decoded %+v", g)
	}

	for _, tc := range []struct{ json, says string }{
		{`{"professionGroup":"DOCTOR"}`, "where.professionGroup"},
		{`{"colour":"red"}`, `no field "colour"`},
		{`{"hasUnitWith":[{"id":"x1"}]}`, "where.hasUnitWith[0].id"},
		{`{"birthDateGTE":"1980-01-01"}`, "RFC 3339"},
		{`{"nameContains":3}`, "want a string"},
		{`{"idIn":[1.5]}`, "integer"},
		{`[1]`, "want an object"},
		{`{`, "not JSON"},
	} {
		var w ent.EmployeeWhereInput
		err := decodeInput(tc.json, "where", &w)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: error %v, want one saying %q", tc.json, err, tc.says)
		}
	}
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+62 812": "'+62 812", "@SUM(A1)": "'@SUM(A1)",
		"-12.5": "-12.5", "Dinas Kesehatan": "Dinas Kesehatan", "": "", "-": "'-",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}
