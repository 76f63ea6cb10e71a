package server_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"simasn/ent/employee"
	"simasn/internal/apitest"
	"simasn/internal/nip"
	"simasn/internal/server"
)

// TestEmployeeAgeBoundaries checks the employee aggregate's ages, age bands,
// median age, service years and share of women where an age turns, on both
// databases: on 15 June 2026 an employee born on 15 June 2001 is 25 (band
// 25–29) and one born a day later 24 (<25); born on 15 June 1966, 60 (60+),
// a day later 59 (55–59). On PostgreSQL these queries read the age from a
// joined relation of the ages 0–100 and the median from a histogram of ages
// per group (internal/analytics: build.age, histogramSQL). The last steps
// take away one employee's birth date and give another one 125 years
// back (as data written before today's checks could hold), which the
// joined relation does not cover: the ages are then computed per record. Every expected value
// is worked out by hand below.
func TestEmployeeAgeBoundaries(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		s := apitest.Start(t, dsn, func(o *server.Options) { o.MinGroupSize = 1 })
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC) // 10:00 WIB
		s.Now.Store(&now)
		s = s.AsAccount(s.Admin) // a token of the moved clock
		agency := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		staff := []struct {
			name   string
			born   time.Time
			cpns   time.Time // zero: none
			female bool
			// age and service are the whole years on 15 June 2026.
		}{
			{"A, 25 today", day(2001, 6, 15), day(2025, 6, 15), true},     // age 25, service 1
			{"B, 25 tomorrow", day(2001, 6, 16), day(2025, 6, 16), false}, // 24, 0
			{"C, 60 today", day(1966, 6, 15), day(1990, 3, 1), true},      // 60, 36
			{"D, 60 tomorrow", day(1966, 6, 16), time.Time{}, false},      // 59, none
			{"E, 30 yesterday", day(1996, 6, 14), day(2020, 1, 1), true},  // 30, 6
			{"F, 30 tomorrow", day(1996, 6, 16), day(2021, 6, 16), false}, // 29, 4
			{"G, 40 today", day(1986, 6, 15), day(2010, 6, 15), false},    // 40, 16
			{"H, 50", day(1976, 1, 1), day(2000, 7, 1), false},            // 50, 25
		}
		ids := map[string]int{}
		for i, p := range staff {
			g := nip.Male
			if p.female {
				g = nip.Female
			}
			appointed := p.cpns
			if appointed.IsZero() {
				appointed = day(1990, 1, 1)
			}
			number, err := nip.Build(nip.PNS, p.born, appointed.Year(), int(appointed.Month()), g, 500+i)
			if err != nil {
				t.Fatal(err)
			}
			c := s.DB.Client.Employee.Create().SetNip(number).SetName("Pegawai " + p.name).
				SetEmploymentType(employee.EmploymentTypePNS).SetRank("III/a").SetPositionName("Analis").
				SetPositionType(employee.PositionTypePELAKSANA).SetProfessionGroup(employee.ProfessionGroupADMINISTRATIVE).
				SetEducationLevel(employee.EducationLevelS1).SetUnitID(agency.ID).SetBirthDate(p.born).SetGender(employee.Gender(g))
			if !p.cpns.IsZero() {
				c.SetCpnsDate(p.cpns)
			}
			ids[p.name[:1]] = apitest.Must(c.Save(apitest.Sys()))(t).ID
		}

		const byBand = `{ r: employeeAggregate(groupBy: [AGE_BAND], measures: [MEDIAN_AGE, AVERAGE_AGE, MIN_AGE, MAX_AGE]) { ` + groupFields + ` } }`
		const byAgency = `{ r: employeeAggregate(groupBy: [UNIT], unitLevel: 0,
			measures: [MEDIAN_AGE, AVERAGE_AGE, MIN_AGE, MAX_AGE, AVERAGE_SERVICE_YEARS, FEMALE_SHARE]) { ` + groupFields + ` } }`
		f := func(v float64) *float64 { return &v }
		// want is a group: its count and measures in the order asked.
		type want struct {
			n      int
			values []*float64
		}
		check := func(step, query string, wants map[string]want) {
			t.Helper()
			var got struct{ R []apiGroup }
			s.With(t).MustDo(&got, query, nil)
			if len(got.R) != len(wants) {
				var keys []string
				for _, g := range got.R {
					keys = append(keys, keyString(g.Key[0].Value))
				}
				t.Errorf("%s: groups %v, want %d", step, keys, len(wants))
			}
			for _, g := range got.R {
				key := keyString(g.Key[0].Value)
				w, ok := wants[key]
				if !ok {
					t.Errorf("%s: unexpected group %s", step, key)
					continue
				}
				if g.Count != w.n {
					t.Errorf("%s, group %s: count %d, want %d", step, key, g.Count, w.n)
				}
				for j, v := range g.Values {
					if j >= len(w.values) {
						break
					}
					switch wv := w.values[j]; {
					case wv == nil && v.Value != nil, wv != nil && v.Value == nil:
						t.Errorf("%s, group %s, %s: got %v, want %v", step, key, v.Measure, fmtPtr(v.Value), fmtPtr(wv))
					case wv != nil && math.Abs(*v.Value-*wv) > 1e-9:
						t.Errorf("%s, group %s, %s: got %v, want %v", step, key, v.Measure, *v.Value, *wv)
					}
				}
			}
		}

		// Ages 25, 24, 60, 59, 30, 29, 40, 50. Bands (lower bound): <25
		// is "0". Median, mean, least, greatest age of each band.
		check("by age band", byBand, map[string]want{
			"0":  {1, []*float64{f(24), f(24), f(24), f(24)}},
			"25": {2, []*float64{f(27), f(27), f(25), f(29)}}, // A 25, F 29
			"30": {1, []*float64{f(30), f(30), f(30), f(30)}},
			"40": {1, []*float64{f(40), f(40), f(40), f(40)}},
			"50": {1, []*float64{f(50), f(50), f(50), f(50)}},
			"55": {1, []*float64{f(59), f(59), f(59), f(59)}},
			"60": {1, []*float64{f(60), f(60), f(60), f(60)}},
		})
		// The agency: ages 24 25 29 30 | 40 50 59 60, median (30 + 40) / 2,
		// mean 317 / 8; service years 1 0 36 6 4 16 25 (D has none), mean
		// 88 / 7; women A, C, E: 3 of 8.
		agencyKey := fmt.Sprint(agency.ID)
		check("by agency", byAgency, map[string]want{
			agencyKey: {8, []*float64{f(35), f(317.0 / 8), f(24), f(60), f(88.0 / 7), f(3.0 / 8)}},
		})

		// Data from before the checks: H with no birth date, then G born on
		// 16 June 1900 (125 on 15 June 2026, beyond the joined ages 0–100).
		placeholder := func(n int) string {
			if dialect == "postgres" {
				return fmt.Sprintf("$%d", n)
			}
			return "?"
		}
		setBirth := func(id int, born any) {
			t.Helper()
			if _, err := s.DB.SQL.ExecContext(apitest.Sys(), `UPDATE employees SET birth_date = `+placeholder(1)+` WHERE id = `+placeholder(2), born, id); err != nil {
				t.Fatal(err)
			}
		}
		setBirth(ids["H"], nil)
		// Ages 25, 24, 60, 59, 30, 29, 40, none.
		check("by age band, one age unknown", byBand, map[string]want{
			"0":  {1, []*float64{f(24), f(24), f(24), f(24)}},
			"25": {2, []*float64{f(27), f(27), f(25), f(29)}},
			"30": {1, []*float64{f(30), f(30), f(30), f(30)}},
			"40": {1, []*float64{f(40), f(40), f(40), f(40)}},
			"55": {1, []*float64{f(59), f(59), f(59), f(59)}},
			"60": {1, []*float64{f(60), f(60), f(60), f(60)}},
			"∅":  {1, []*float64{nil, nil, nil, nil}}, // H
		})
		// Ages 24 25 29 30 40 59 60 (H none): median 30, mean 267 / 7.
		check("by agency, one age unknown", byAgency, map[string]want{
			agencyKey: {8, []*float64{f(30), f(267.0 / 7), f(24), f(60), f(88.0 / 7), f(3.0 / 8)}},
		})
		setBirth(ids["G"], day(1900, 6, 16))
		// Ages 25, 24, 60, 59, 30, 29, 125, none.
		check("by age band, an age of 125 and one unknown", byBand, map[string]want{
			"0":  {1, []*float64{f(24), f(24), f(24), f(24)}},
			"25": {2, []*float64{f(27), f(27), f(25), f(29)}},
			"30": {1, []*float64{f(30), f(30), f(30), f(30)}},
			"55": {1, []*float64{f(59), f(59), f(59), f(59)}},
			"60": {2, []*float64{f(92.5), f(92.5), f(60), f(125)}}, // C 60, G 125
			"∅":  {1, []*float64{nil, nil, nil, nil}},              // H
		})
		// Ages 24 25 29 30 59 60 125 (H none): median 30, mean 352 / 7.
		check("by agency, an age of 125 and one unknown", byAgency, map[string]want{
			agencyKey: {8, []*float64{f(30), f(352.0 / 7), f(24), f(125), f(88.0 / 7), f(3.0 / 8)}},
		})
	})
}

func fmtPtr(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}
