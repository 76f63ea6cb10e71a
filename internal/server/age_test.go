package server_test

import (
	"testing"
	"time"

	"simasn/ent"
	"simasn/internal/apitest"
	"simasn/internal/nip"
)

// TestAgeAtBirthday checks the ages and age bands of the aggregates for
// birthdays the day before, the day of and the day after the clock's date
// (15 June 2026, 10:00 WIB), with the ages written by hand: a birthday
// counts from its day, not a day early or late.
func TestAgeAtBirthday(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		s.Now.Store(&now)
		admin := s.AsAccount(s.Admin) // a token from the moved clock
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		for _, tc := range []struct {
			name string
			born time.Time
			age  float64
			band string
		}{
			{"40th birthday yesterday", time.Date(1986, 6, 14, 0, 0, 0, 0, time.UTC), 40, "40"},
			{"40th birthday today", time.Date(1986, 6, 15, 0, 0, 0, 0, time.UTC), 40, "40"},
			{"40th birthday tomorrow", time.Date(1986, 6, 16, 0, 0, 0, 0, time.UTC), 39, "35"},
			{"25th birthday today", time.Date(2001, 6, 15, 0, 0, 0, 0, time.UTC), 25, "25"},
			{"25th birthday tomorrow", time.Date(2001, 6, 16, 0, 0, 0, 0, time.UTC), 24, "0"},
			{"61st birthday tomorrow", time.Date(1965, 6, 16, 0, 0, 0, 0, time.UTC), 60, "60"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				number, err := nip.Build(nip.PNS, tc.born, tc.born.Year()+25, 3, nip.Male, 1)
				if err != nil {
					t.Fatal(err)
				}
				e := s.With(t).MustEmployee(u, func(c *ent.EmployeeCreate) { c.SetNip(number).SetBirthDate(tc.born) })
				var got struct {
					R []struct {
						Key    []struct{ Value *string }
						Values []struct {
							Measure string
							Value   *float64
						}
					}
				}
				admin.With(t).MustDo(&got, `query($id: ID!) { r: employeeAggregate(where: {id: $id}, groupBy: [AGE_BAND], measures: [MIN_AGE, MAX_AGE]) { key { value } values { measure value } } }`,
					map[string]any{"id": apitest.GID(e.ID)})
				if len(got.R) != 1 || len(got.R[0].Key) != 1 || len(got.R[0].Values) != 2 {
					t.Fatalf("got %+v, want one group with two measures", got.R)
				}
				r := got.R[0]
				if b := r.Key[0].Value; b == nil || *b != tc.band {
					t.Errorf("age band = %s, want %s", keyString(b), tc.band)
				}
				for _, v := range r.Values {
					if v.Value == nil || *v.Value != tc.age {
						t.Errorf("%s = %v, want %v", v.Measure, show(v.Value), tc.age)
					}
				}
			})
		}
	})
}
