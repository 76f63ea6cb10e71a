package leave

import (
	"testing"
	"time"

	"simasn/ent/employee"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestBalance(t *testing.T) {
	start := func(y int, m time.Month, d int) *time.Time { s := day(y, m, d); return &s }
	tests := []struct {
		name              string
		h                 History
		year              int
		entitled, carried int
		total, remaining  int
	}{
		{"in the first year of service: no right yet", History{Start: start(2025, 3, 1)}, 2025, 0, 0, 0, 0},
		{"the year of service completes in the year: 12", History{Start: start(2024, 3, 1)}, 2025, 12, 0, 12, 12},
		{"no appointment date: no right", History{}, 2025, 0, 0, 0, 0},
		{"everything taken last year: 12", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2023: 12, 2024: 12}}, 2025, 12, 0, 12, 12},
		{"2 days left last year: 14", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2023: 12, 2024: 10}}, 2025, 12, 2, 14, 14},
		{"8 days left last year: capped at 18", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2023: 12, 2024: 4}}, 2025, 12, 6, 18, 18},
		{"nothing taken one year: 18", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2023: 12}}, 2025, 12, 6, 18, 18},
		{"nothing taken two years in a row: 24", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12}}, 2025, 12, 12, 24, 24},
		{"days taken come from the carried-over ones first", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2024: 8}}, 2025, 12, 6, 18, 18},
		{"a year of big leave has no annual leave", History{Start: start(2015, 1, 5), BigLeave: map[int]bool{2025: true}}, 2025, 0, 0, 0, 0},
		{"used and pending days leave the remainder", History{Start: start(2015, 1, 5), Used: map[int]int{2021: 12, 2022: 12, 2023: 12, 2024: 12, 2025: 5}, Pending: map[int]int{2025: 3}}, 2025, 12, 0, 12, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Balance(tt.h, tt.year)
			if b.Entitlement != tt.entitled || b.CarriedOver != tt.carried || b.Total() != tt.total || b.Remaining() != tt.remaining {
				t.Errorf("balance = entitlement %d, carried %d, total %d, remaining %d; want %d, %d, %d, %d",
					b.Entitlement, b.CarriedOver, b.Total(), b.Remaining(), tt.entitled, tt.carried, tt.total, tt.remaining)
			}
		})
	}
}

func TestMaxLength(t *testing.T) {
	from := day(2026, 4, 6)
	tests := []struct {
		kind Kind
		typ  employee.EmploymentType
		want time.Time
	}{
		{Big, employee.EmploymentTypePNS, day(2026, 7, 5)},
		{Maternity, employee.EmploymentTypePPPK, day(2026, 7, 5)},
		{Sick, employee.EmploymentTypePNS, day(2027, 10, 5)},
		{Sick, employee.EmploymentTypePPPK, day(2026, 5, 5)},
		{ImportantReason, employee.EmploymentTypeCPNS, day(2026, 5, 5)},
		{Unpaid, employee.EmploymentTypePNS, day(2029, 4, 5)},
	}
	for _, tt := range tests {
		if got, _ := maxLength(tt.kind, tt.typ, from); !got.Equal(tt.want) {
			t.Errorf("%s for %s from %s: last day %s, want %s", tt.kind, tt.typ, from.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestAllowed(t *testing.T) {
	tests := []struct {
		kind Kind
		typ  employee.EmploymentType
		ok   bool
	}{
		{Annual, employee.EmploymentTypePPPK, true},
		{Sick, employee.EmploymentTypePPPK, true},
		{Maternity, employee.EmploymentTypePPPK, true},
		{Big, employee.EmploymentTypePPPK, false},
		{ImportantReason, employee.EmploymentTypePPPK, false},
		{Unpaid, employee.EmploymentTypePPPK, false},
		{ImportantReason, employee.EmploymentTypeCPNS, true},
		{Big, employee.EmploymentTypeCPNS, false},
		{Unpaid, employee.EmploymentTypeCPNS, false},
		{Big, employee.EmploymentTypePNS, true},
		{Unpaid, employee.EmploymentTypePNS, true},
	}
	for _, tt := range tests {
		if err := allowed(tt.kind, tt.typ); (err == nil) != tt.ok {
			t.Errorf("%s for %s: err = %v, want allowed %v", tt.kind, tt.typ, err, tt.ok)
		}
	}
}

func TestEntitled(t *testing.T) {
	s := day(2025, 3, 1)
	if Entitled(&s, day(2026, 2, 28)) {
		t.Error("entitled on 2026-02-28 after starting 2025-03-01, want not yet")
	}
	if !Entitled(&s, day(2026, 3, 1)) {
		t.Error("not entitled on 2026-03-01 after starting 2025-03-01, want entitled")
	}
}
