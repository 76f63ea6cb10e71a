package server_test

import (
	"fmt"
	"testing"
	"time"

	"simasn/ent"
	"simasn/internal/apitest"
)

// TestSatisfactionIndexWorked checks the satisfaction index (IKM) and its
// grade against values worked out by hand from PermenPANRB 14/2017: the
// index is the mean of the nine element means × 25, and the grade is read
// from the table A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99
// on the index rounded to two decimals. Every respondent answers all nine
// elements, so the mean of the element means is the sum of all answers
// over 9n: the index is 25·S/(9n). Each unit's answers sit just inside or
// just outside a grade's edge.
func TestSatisfactionIndexWorked(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		respondents int
		answers     map[int]int // answer → how many of the 9n answers
		// Worked by hand: S, then 25·S/(9n).
		index, grade, performance string
	}{
		// S = 36: 25·36/9 = 100.
		{"all very good", 1, map[int]int{4: 9}, "100.00", "A", "Sangat Baik"},
		// S = 115·4 + 101·3 = 763: 25·763/216 = 19075/216 = 88.3102, the lowest A.
		{"the lowest A", 24, map[int]int{4: 115, 3: 101}, "88.31", "A", "Sangat Baik"},
		// S = 762: 19050/216 = 88.1944.
		{"one answer below the lowest A", 24, map[int]int{4: 114, 3: 102}, "88.19", "B", "Baik"},
		// S = 17·4 + 244·3 = 800: 25·800/261 = 20000/261 = 76.6284.
		{"just above the lowest B", 29, map[int]int{4: 17, 3: 244}, "76.63", "B", "Baik"},
		// S = 799: 19975/261 = 76.5326.
		{"one answer below B", 29, map[int]int{4: 16, 3: 245}, "76.53", "C", "Kurang Baik"},
		// S = 27·3 + 18·2 = 117: 25·117/45 = 65 exactly, the lowest C.
		{"exactly the lowest C", 5, map[int]int{3: 27, 2: 18}, "65.00", "C", "Kurang Baik"},
		// S = 194·3 + 130·2 = 842: 25·842/324 = 21050/324 = 64.9691.
		{"just below C", 36, map[int]int{3: 194, 2: 130}, "64.97", "D", "Tidak Baik"},
		// S = 9: 25·9/9 = 25.
		{"all poor", 1, map[int]int{1: 9}, "25.00", "D", "Tidak Baik"},
	}
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		at := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		var creates []*ent.SurveyResponseCreate
		units := map[string]int{}
		for i, tc := range cases {
			u := s.MustUnit(fmt.Sprintf("PKM-%02d", i), nil, r)
			units[apitest.GID(u.ID)] = i
			// Deal the answers out in order, nine to a respondent.
			var all []int
			for _, v := range []int{4, 3, 2, 1} {
				for range tc.answers[v] {
					all = append(all, v)
				}
			}
			if len(all) != 9*tc.respondents {
				t.Fatalf("%s: %d answers, want %d", tc.name, len(all), 9*tc.respondents)
			}
			for p := range tc.respondents {
				a := all[9*p : 9*p+9]
				creates = append(creates, s.DB.Client.SurveyResponse.Create().SetUnitID(u.ID).SetSubmittedAt(at).
					SetU1Requirements(a[0]).SetU2Procedure(a[1]).SetU3Time(a[2]).SetU4Cost(a[3]).SetU5Product(a[4]).
					SetU6Competence(a[5]).SetU7Behaviour(a[6]).SetU8Complaints(a[7]).SetU9Facilities(a[8]))
			}
		}
		if _, err := s.DB.Client.SurveyResponse.CreateBulk(creates...).Save(apitest.Sys()); err != nil {
			t.Fatalf("survey fixture: %v", err)
		}
		var got struct {
			R []struct {
				Key                []apiKey
				Respondents        int
				Index              float64
				Grade, Performance string
			}
		}
		s.MustDo(&got, `{ r: satisfactionIndex(groupBy: [UNIT]) { key { dimension value } respondents index grade performance } }`, nil)
		if len(got.R) != len(cases) {
			t.Errorf("%d rows, want %d", len(got.R), len(cases))
		}
		for _, row := range got.R {
			i, ok := units[keyID(row.Key)]
			if !ok {
				t.Errorf("unexpected row %s", keyID(row.Key))
				continue
			}
			tc := cases[i]
			if g := fmt.Sprintf("%.2f", row.Index); g != tc.index || row.Grade != tc.grade || row.Performance != tc.performance || row.Respondents != tc.respondents {
				t.Errorf("%s: index %s, grade %s (%s), %d respondents; want %s, %s (%s), %d",
					tc.name, g, row.Grade, row.Performance, row.Respondents, tc.index, tc.grade, tc.performance, tc.respondents)
			}
		}
	})
}
