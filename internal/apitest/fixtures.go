package apitest

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/region"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/nip"
	"simasn/internal/viewer"
)

var serial atomic.Int64

// Sys is a context acting as the server itself, for fixtures and for
// checking the database behind the API's back.
func Sys() context.Context { return viewer.System(context.Background()) }

// GID renders an ent id as the GraphQL ID string.
func GID(id int) string { return strconv.Itoa(id) }

// MustRegion creates a region with the given official code.
func (s *Server) MustRegion(code string, remote bool) *ent.Region {
	s.tb.Helper()
	r, err := s.DB.Client.Region.Create().
		SetCode(code).SetName("Kabupaten " + code).SetKind(region.KindREGENCY).SetRemote(remote).
		Save(Sys())
	if err != nil {
		s.tb.Fatalf("create region %s: %v", code, err)
	}
	return r
}

// MustUnit creates a unit under parent (nil for a root) in region.
func (s *Server) MustUnit(code string, parent *ent.Unit, r *ent.Region) *ent.Unit {
	s.tb.Helper()
	c := s.DB.Client.Unit.Create().SetCode(code).SetName("Unit " + code).SetKind(unit.KindDIVISION).SetRegionID(r.ID)
	if parent != nil {
		c.SetParentID(parent.ID)
	}
	u, err := c.Save(Sys())
	if err != nil {
		s.tb.Fatalf("create unit %s: %v", code, err)
	}
	return u
}

// NewNIP returns a fresh, valid PNS NIP of a man born on 14 March (of a
// year that changes every 999 NIPs, so that serials never repeat) and
// appointed as CPNS in March of the year he turned 25.
func NewNIP(tb testing.TB) string {
	tb.Helper()
	k := serial.Add(1)
	born := 1970 + int(k/999)%30
	n, err := nip.Build(nip.PNS, time.Date(born, 3, 14, 0, 0, 0, 0, time.UTC), born+25, 3, nip.Male, int(k%999)+1)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// EmployeeOption adjusts a fixture employee before it is saved.
type EmployeeOption func(*ent.EmployeeCreate)

// WithSuperior sets the direct superior.
func WithSuperior(e *ent.Employee) EmployeeOption {
	return func(c *ent.EmployeeCreate) { c.SetSuperiorID(e.ID) }
}

// WithProfession sets the profession group.
func WithProfession(p employee.ProfessionGroup) EmployeeOption {
	return func(c *ent.EmployeeCreate) { c.SetProfessionGroup(p) }
}

// MustEmployee creates an active PNS employee (rank III/a) in unit u.
func (s *Server) MustEmployee(u *ent.Unit, opts ...EmployeeOption) *ent.Employee {
	s.tb.Helper()
	number := NewNIP(s.tb)
	parsed, err := nip.Parse(number, nip.PNS)
	if err != nil {
		s.tb.Fatal(err)
	}
	c := s.DB.Client.Employee.Create().
		SetNip(number).
		SetName(fmt.Sprintf("Pegawai %s", number[14:])).
		SetEmploymentType(employee.EmploymentTypePNS).
		SetRank("III/a").
		SetPositionName("Analis Kepegawaian Ahli Pertama").
		SetPositionType(employee.PositionTypeFUNGSIONAL_KEAHLIAN).
		SetPositionLevel(employee.PositionLevelAHLI_PERTAMA).
		SetProfessionGroup(employee.ProfessionGroupADMINISTRATIVE).
		SetEducationLevel(employee.EducationLevelS1).
		SetUnitID(u.ID).
		SetBirthDate(parsed.BirthDate).
		SetGender(employee.Gender(parsed.Gender))
	for _, o := range opts {
		o(c)
	}
	e, err := c.Save(Sys())
	if err != nil {
		s.tb.Fatalf("create employee: %v", err)
	}
	return e
}

// MustTraining creates a published training organised by u with the given
// quota, whose registration window is open now.
func (s *Server) MustTraining(code string, u *ent.Unit, quota int) *ent.Training {
	s.tb.Helper()
	now := *s.Now.Load()
	t, err := s.DB.Client.Training.Create().
		SetCode(code).SetTitle("Pelatihan " + code).
		SetCategory(training.CategoryTECHNICAL).SetMethod(training.MethodCLASSICAL).
		SetOrganizerID(u.ID).SetHoursJp(24).SetQuota(quota).
		SetRegistrationOpens(now.Add(-24 * time.Hour)).SetRegistrationCloses(now.Add(7 * 24 * time.Hour)).
		SetStartsOn(now.Add(14 * 24 * time.Hour)).SetEndsOn(now.Add(17 * 24 * time.Hour)).
		Save(Sys())
	if err != nil {
		s.tb.Fatalf("create training %s: %v", code, err)
	}
	return t
}

// Must returns v, or fails the test (without panicking, unlike ent's X
// helpers, so that one bad fixture fails its own test and not the whole
// binary) when err is set:
//
//	e := apitest.Must(c.Employee.Create()…Save(ctx))(t)
func Must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fixture: %v", err)
		}
		return v
	}
}

// Check fails the test when err is set: apitest.Check(q.Exec(ctx))(t).
func Check(err error) func(testing.TB) {
	return func(tb testing.TB) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fixture: %v", err)
		}
	}
}
