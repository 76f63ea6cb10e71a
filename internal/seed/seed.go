package seed

import (
	"context"
	"fmt"

	"simasn/ent"
	"simasn/internal/viewer"
)

// Summary counts what a seed wrote.
type Summary struct {
	// Regions is the number of regions created; Scale reuses regions that
	// already exist and does not count them.
	Regions int
	// Units is the number of organisational units created.
	Units int
	// Employees is the number of employees created.
	Employees int
	// CareerEvents is the number of career-history events created.
	CareerEvents int
	// Trainings is the number of trainings created.
	Trainings int
	// Enrollments is the number of training enrollments created.
	Enrollments int
	// Appraisals is the number of performance appraisals (SKP) created.
	Appraisals int
	// WorkLogs is the number of daily work-log entries created.
	WorkLogs int
	// Complaints is the number of public complaints created (each with its
	// history of responses and events).
	Complaints int
}

// String renders the summary on one line, e.g. for a command's output.
func (s Summary) String() string {
	return fmt.Sprintf("%d regions, %d units, %d employees, %d career events, %d trainings, %d enrollments, %d appraisals, %d work logs, %d complaints",
		s.Regions, s.Units, s.Employees, s.CareerEvents, s.Trainings, s.Enrollments, s.Appraisals, s.WorkLogs, s.Complaints)
}

// Empty reports whether the database holds no regions, units or employees.
func Empty(ctx context.Context, c *ent.Client) (bool, error) {
	ctx = viewer.System(ctx) // seeding is the server's own work: it passes the access rules and is not audited
	checks := []struct {
		what  string
		exist func(context.Context) (bool, error)
	}{
		{"regions", c.Region.Query().Exist},
		{"units", c.Unit.Query().Exist},
		{"employees", c.Employee.Query().Exist},
	}
	for _, check := range checks {
		found, err := check.exist(ctx)
		if err != nil {
			return false, fmt.Errorf("check for %s: %w", check.what, err)
		}
		if found {
			return false, nil
		}
	}
	return true, nil
}
