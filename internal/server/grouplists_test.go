package server_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"simasn/ent/employee"
	"simasn/internal/apitest"
	"simasn/internal/nip"
)

// TestGroupListsAsGeneral checks the answers whose groups are written in
// one pass (internal/server/grouplists.go) against gqlgen's executor, on
// both databases: every query is asked twice, once as it is and once with
// an @include(if: true) in the group's selection, which the one-pass
// writer does not take (gqlgen answers it, field by field); the two
// bodies must be the same bytes, and the writer must have answered the
// first and only the first. The values of the first are also checked
// against figures worked out by hand: on 15 June 2026, unit A holds three
// employees — a woman born 14 March 1990 with CPNS 1 March 2015 (36, 11
// years of service), a man born 1 June 1980 with CPNS 1 January 2005 (46,
// 21) and a man born 1 January 1970 without a CPNS date (56) — so its share
// of women is 1/3, its mean service years (11 + 21) / 2 = 16 and its median
// age 46; its division D holds one woman born 1 January 2000 with CPNS 1
// January 2024 (26, 2).
func TestGroupListsAsGeneral(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		s := apitest.Start(t, dsn)
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		s.Now.Store(&now)
		admin := s.AsAccount(s.Admin)
		region := s.MustRegion("18.72", false)
		a := s.MustUnit("1.01", nil, region)
		// A name that needs escaping in JSON, and one that does not in
		// gqlgen's quoting (non-ASCII).
		a = apitest.Must(a.Update().SetName(`Dinas "Kesehatan" – Lampung\Timur <1>`).Save(apitest.Sys()))(t)
		d := s.MustUnit("1.01.01", a, region)
		day := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
		staff := []struct {
			in     string
			born   time.Time
			cpns   time.Time
			female bool
		}{
			{"A", day(1990, 3, 14), day(2015, 3, 1), true},
			{"A", day(1980, 6, 1), day(2005, 1, 1), false},
			{"A", day(1970, 1, 1), time.Time{}, false},
			{"D", day(2000, 1, 1), day(2024, 1, 1), true},
		}
		for i, p := range staff {
			g, u := nip.Male, a
			if p.female {
				g = nip.Female
			}
			if p.in == "D" {
				u = d
			}
			appointed := p.cpns
			if appointed.IsZero() {
				appointed = day(1995, 1, 1)
			}
			number := apitest.Must(nip.Build(nip.PNS, p.born, appointed.Year(), int(appointed.Month()), g, 700+i))(t)
			c := s.DB.Client.Employee.Create().SetNip(number).SetName(fmt.Sprintf("Pegawai %d", i)).
				SetEmploymentType(employee.EmploymentTypePNS).SetRank("III/a").SetPositionName("Analis").
				SetPositionType(employee.PositionTypePELAKSANA).SetProfessionGroup(employee.ProfessionGroupADMINISTRATIVE).
				SetEducationLevel(employee.EducationLevelS1).SetUnitID(u.ID).SetBirthDate(p.born).SetGender(employee.Gender(g))
			if !p.cpns.IsZero() {
				c.SetCpnsDate(p.cpns)
			}
			apitest.Must(c.Save(apitest.Sys()))(t)
		}
		analyst := s.AsAccount(s.MustAccount("lists.analyst", "ANALYST", nil, nil))

		// %[1]s is where the general path's directive goes.
		const measures = `measures: [FEMALE_SHARE, AVERAGE_SERVICE_YEARS, MEDIAN_AGE]`
		queries := []struct {
			name string
			as   *apitest.Server
			q    string
			// lists is how many fields the one-pass writer answers.
			lists int64
		}{
			{"every field, aliased", admin, `{ r: employeeAggregate(groupBy: [UNIT, GENDER], ` + measures + `) {
				__typename suppressed k: key { __typename dimension label value } count%[1]s
				values { measure __typename v: value } } }`, 1},
			{"suppressed for an analyst", analyst, `{ employeeAggregate(groupBy: [UNIT], ` + measures + `) {
				key { value label } count%[1]s values { value } suppressed } }`, 1},
			{"two lists and another field", admin, `{ __typename a: employeeAggregate(groupBy: [UNIT], ` + measures + `) {
				key { label } count%[1]s values { value } }
				b: employeeAggregate(groupBy: [REGION, AGE_BAND]) { count%[1]s key { value label } }
				c: complaintAggregate { count%[1]s } }`, 3},
			{"no keys", admin, `{ employeeAggregate(measures: [AVERAGE_AGE]) { key { value } count%[1]s values { measure value } } }`, 1},
		}
		for _, q := range queries {
			t.Run(q.name, func(t *testing.T) {
				before := s.Handler.GroupLists.Load()
				fast := q.as.Do(fmt.Sprintf(q.q, ""), nil)
				one := s.Handler.GroupLists.Load()
				general := q.as.Do(fmt.Sprintf(q.q, " @include(if: true)"), nil)
				after := s.Handler.GroupLists.Load()
				if len(fast.Errors) > 0 || len(general.Errors) > 0 {
					t.Fatalf("errors: %v / %v", fast.Errors, general.Errors)
				}
				if !bytes.Equal(fast.Data, general.Data) {
					t.Errorf("one pass:\n%s\ngqlgen:\n%s", fast.Data, general.Data)
				}
				if got := one - before; got != q.lists {
					t.Errorf("written in one pass: %d fields, want %d", got, q.lists)
				}
				if got := after - one; got != 0 {
					t.Errorf("with @include, written in one pass: %d fields, want 0", got)
				}
			})
		}

		// The values, by hand.
		var got struct {
			R []struct {
				Count *int
				Key   []struct{ Label *string }
				V     []struct{ Value *float64 } `json:"values"`
			}
		}
		r := admin.Do(`{ r: employeeAggregate(groupBy: [UNIT], `+measures+`) { count key { label } values { value } } }`, nil)
		r.Decode(t, &got)
		want := map[string]struct {
			count int
			v     []float64
		}{
			a.Name: {3, []float64{1.0 / 3, 16, 46}},
			d.Name: {1, []float64{1, 2, 26}},
		}
		if len(got.R) != len(want) {
			t.Fatalf("groups %s, want %d", r.Data, len(want))
		}
		for _, g := range got.R {
			w, ok := want[*g.Key[0].Label]
			if !ok || g.Count == nil || *g.Count != w.count || len(g.V) != 3 {
				t.Fatalf("group %s: want %v", r.Data, w)
			}
			for i, v := range g.V {
				if v.Value == nil {
					t.Errorf("%s value %d: got null, want %v", *g.Key[0].Label, i, w.v[i])
				} else if *v.Value != w.v[i] {
					t.Errorf("%s value %d: got %v, want %v", *g.Key[0].Label, i, *v.Value, w.v[i])
				}
			}
		}
		// The bytes of a long float and of the escaped name.
		for _, part := range []string{`"value":0.3333333333333333`, `"label":"Dinas \"Kesehatan\" – Lampung\\Timur <1>"`} {
			if !strings.Contains(string(r.Data), part) {
				t.Errorf("answer %s lacks %s", r.Data, part)
			}
		}
	})
}
