package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"simasn/internal/apitest"
)

// TestUnitLevelBelowTheTree: a unit level deeper than the deepest unit
// groups every record under its own unit, in every analytics query and in
// the CSV download, instead of failing.
func TestUnitLevelBelowTheTree(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		dinkes := s.MustUnit("1.02", nil, r)
		pkm := s.MustUnit("1.02.P1", dinkes, r)
		s.MustEmployee(dinkes)
		s.MustEmployee(pkm)
		s.MustEmployee(pkm)
		var got struct {
			EmployeeAggregate []struct {
				Key   []struct{ Label string }
				Count int
			}
		}
		s.MustDo(&got, `{ employeeAggregate(groupBy: [UNIT], unitLevel: 3) { key { label } count } }`, nil)
		counts := map[string]int{}
		for _, g := range got.EmployeeAggregate {
			counts[g.Key[0].Label] = g.Count
		}
		if len(counts) != 2 || counts["Unit 1.02"] != 1 || counts["Unit 1.02.P1"] != 2 {
			t.Errorf("employees by unit at level 3 = %v, want 1 in Unit 1.02 and 2 in Unit 1.02.P1", counts)
		}
		for _, q := range []string{
			`{ enrollmentAggregate(groupBy: [UNIT], unitLevel: 3) { count } }`,
			`{ appraisalAggregate(groupBy: [UNIT], unitLevel: 3) { count } }`,
			`{ workLogAggregate(groupBy: [UNIT], unitLevel: 3) { count } }`,
			`{ complaintAggregate(groupBy: [UNIT], unitLevel: 3) { count } }`,
			`{ workforceGap(year: 2026, groupBy: [UNIT], unitLevel: 3) { needed } }`,
			`{ retirementProjection(groupBy: [UNIT], unitLevel: 3) { year } }`,
			`{ trainingHours(year: 2026, groupBy: [UNIT], unitLevel: 3) { employees } }`,
			`{ competencyGapSummary(groupBy: [UNIT], unitLevel: 3) { requirements } }`,
			`{ appraisalDistribution(groupBy: [UNIT], unitLevel: 3) { total } }`,
			`{ satisfactionIndex(groupBy: [UNIT], unitLevel: 3) { respondents } }`,
		} {
			s.MustDo(nil, q, nil)
		}
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/export/employee-aggregate.csv?groupBy=UNIT&unitLevel=3", nil)
		req.Header.Set("Authorization", "Bearer "+s.TokenFor(s.Admin))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Unit 1.02.P1") {
			t.Errorf("employee-aggregate.csv at level 3: status %d\n%s", resp.StatusCode, body)
		}
	})
}
