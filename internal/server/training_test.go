package server_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"simasn/ent/enrollment"
	"simasn/internal/apitest"
)

const register = `mutation($t: ID!, $e: ID!) { registerForTraining(trainingID: $t, employeeID: $e) { id status training { seatsTaken } } }`

type enrollmentResult struct {
	ID       string
	Status   string
	Training struct{ SeatsTaken int }
}

func TestTrainingRegistration(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.05", nil, s.MustRegion("18.71", false))
		tr := s.MustTraining("PKP-2026-01", u, 2)
		a, b, c := s.MustEmployee(u), s.MustEmployee(u), s.MustEmployee(u)

		reg := func(e int) enrollmentResult {
			var got struct{ RegisterForTraining enrollmentResult }
			s.MustDo(&got, register, map[string]any{"t": apitest.GID(tr.ID), "e": apitest.GID(e)})
			return got.RegisterForTraining
		}
		ea, eb, ec := reg(a.ID), reg(b.ID), reg(c.ID)
		if ea.Status != "REGISTERED" || eb.Status != "REGISTERED" || ec.Status != "WAITLISTED" {
			t.Errorf("statuses = %s %s %s, want REGISTERED REGISTERED WAITLISTED", ea.Status, eb.Status, ec.Status)
		}
		if ec.Training.SeatsTaken != 2 {
			t.Errorf("seats taken = %d, want 2", ec.Training.SeatsTaken)
		}
		s.MustFail("CONFLICT", "employeeID", register, map[string]any{"t": apitest.GID(tr.ID), "e": apitest.GID(a.ID)})

		const decide = `mutation($id: ID!, $d: EnrollmentDecision!) { decideEnrollment(id: $id, decision: $d) { status training { seatsTaken } } }`
		// The training is full: approving the waitlisted one is refused.
		s.MustFail("BAD_USER_INPUT", "decision", decide, map[string]any{"id": ec.ID, "d": "APPROVE"})
		var got struct {
			DecideEnrollment enrollmentResult
		}
		s.MustDo(&got, decide, map[string]any{"id": eb.ID, "d": "REJECT"})
		if got.DecideEnrollment.Status != "REJECTED" || got.DecideEnrollment.Training.SeatsTaken != 1 {
			t.Errorf("after rejecting = %+v, want REJECTED with 1 seat taken", got.DecideEnrollment)
		}
		s.MustDo(&got, decide, map[string]any{"id": ec.ID, "d": "APPROVE"})
		if got.DecideEnrollment.Status != "APPROVED" || got.DecideEnrollment.Training.SeatsTaken != 2 {
			t.Errorf("after approving the waitlisted = %+v, want APPROVED with 2 seats", got.DecideEnrollment)
		}
		s.MustFail("BAD_USER_INPUT", "id", decide, map[string]any{"id": eb.ID, "d": "APPROVE"})
		s.MustFail("NOT_FOUND", "", decide, map[string]any{"id": "987654", "d": "APPROVE"})

		const complete = `mutation($id: ID!, $passed: Boolean!, $score: Float, $cert: String) {
  completeEnrollment(id: $id, passed: $passed, score: $score, certificateNumber: $cert) { status score certificateNumber } }`
		s.MustFail("BAD_USER_INPUT", "id", complete, map[string]any{"id": ea.ID, "passed": true, "score": 80, "cert": "X"}) // still REGISTERED
		s.MustDo(nil, decide, map[string]any{"id": ea.ID, "d": "APPROVE"})
		// An outcome is recorded once the training has started.
		starts := tr.StartsOn
		s.Now.Store(&starts)
		s = s.As(s.TokenFor(s.Admin)) // tokens expire with the moved clock
		s.MustFail("BAD_USER_INPUT", "certificateNumber", complete, map[string]any{"id": ea.ID, "passed": true, "score": 80})
		s.MustFail("BAD_USER_INPUT", "score", complete, map[string]any{"id": ea.ID, "passed": true, "score": 101, "cert": "X"})
		var done struct {
			CompleteEnrollment struct {
				Status            string
				Score             float64
				CertificateNumber string
			}
		}
		s.MustDo(&done, complete, map[string]any{"id": ea.ID, "passed": true, "score": 86.5, "cert": "STTPP/2026/001"})
		if d := done.CompleteEnrollment; d.Status != "COMPLETED" || d.Score != 86.5 || d.CertificateNumber != "STTPP/2026/001" {
			t.Errorf("completed = %+v", d)
		}

		const withdraw = `mutation($id: ID!) { withdrawEnrollment(id: $id, note: "dinas luar") { status training { seatsTaken } } }`
		var w struct{ WithdrawEnrollment enrollmentResult }
		s.MustDo(&w, withdraw, map[string]any{"id": ec.ID})
		if w.WithdrawEnrollment.Status != "WITHDRAWN" || w.WithdrawEnrollment.Training.SeatsTaken != 1 {
			t.Errorf("withdrawn = %+v, want WITHDRAWN with 1 seat", w.WithdrawEnrollment)
		}
		s.MustFail("BAD_USER_INPUT", "id", withdraw, map[string]any{"id": ea.ID}) // completed

		// Outside the registration window.
		closed := s.MustTraining("PKP-2026-02", u, 5)
		future := time.Now().Add(30 * 24 * time.Hour)
		s.Now.Store(&future)
		s = s.As(s.TokenFor(s.Admin)) // tokens expire with the moved clock
		s.MustFail("BAD_USER_INPUT", "trainingID", register, map[string]any{"t": apitest.GID(closed.ID), "e": apitest.GID(a.ID)})
		past := time.Now().Add(-30 * 24 * time.Hour)
		s.Now.Store(&past)
		s = s.As(s.TokenFor(s.Admin))
		s.MustFail("BAD_USER_INPUT", "trainingID", register, map[string]any{"t": apitest.GID(closed.ID), "e": apitest.GID(a.ID)})
		if n := apitest.Must(s.DB.Client.Enrollment.Query().Where(enrollment.TrainingID(closed.ID)).Count(apitest.Sys()))(t); n != 0 {
			t.Errorf("enrollments in the closed training = %d, want 0", n)
		}
	})
}

func TestCreateTraining(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.05", nil, s.MustRegion("18.71", false))
		const create = `mutation($input: CreateTrainingInput!) { createTraining(input: $input) { code status seatsTaken targetProfessions organizer { code } } }`
		input := func() map[string]any {
			return map[string]any{
				"code": "LATSAR-CPNS-2026", "title": "Pelatihan Dasar CPNS", "category": "FUNCTIONAL", "method": "BLENDED",
				"hoursJp": 40, "quota": 120, "organizerID": apitest.GID(u.ID),
				"registrationOpens": "2026-03-01T00:00:00Z", "registrationCloses": "2026-03-15T00:00:00Z",
				"startsOn": "2026-04-01T00:00:00Z", "endsOn": "2026-05-15T00:00:00Z", "targetProfessions": []string{"HEALTH", "EDUCATION"},
			}
		}
		var got struct {
			CreateTraining struct {
				Code, Status      string
				SeatsTaken        int
				TargetProfessions []string
			}
		}
		s.MustDo(&got, create, map[string]any{"input": input()})
		if got.CreateTraining.Status != "PUBLISHED" || got.CreateTraining.SeatsTaken != 0 {
			t.Errorf("created = %+v", got.CreateTraining)
		}
		for _, tc := range []struct {
			name, code, field string
			change            func(map[string]any)
		}{
			{"duplicate code", "CONFLICT", "code", func(map[string]any) {}},
			{"window closes before it opens", "BAD_USER_INPUT", "registrationCloses", func(in map[string]any) { in["code"], in["registrationCloses"] = "T2", "2026-02-01T00:00:00Z" }},
			{"starts before registration closes", "BAD_USER_INPUT", "startsOn", func(in map[string]any) { in["code"], in["startsOn"] = "T3", "2026-03-10T00:00:00Z" }},
			{"zero quota", "BAD_USER_INPUT", "quota", func(in map[string]any) { in["code"], in["quota"] = "T4", 0 }},
			{"unknown profession", "BAD_USER_INPUT", "targetProfessions", func(in map[string]any) { in["code"], in["targetProfessions"] = "T5", []string{"ASTRONAUT"} }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := s.With(t)
				in := input()
				tc.change(in)
				s.MustFail(tc.code, tc.field, create, map[string]any{"input": in})
			})
		}
		if n := apitest.Must(s.DB.Client.Training.Query().Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("trainings = %d, want 1", n)
		}
	})
}

// TestQuotaUnderConcurrency registers many employees at once for a training
// with few seats: exactly quota of them get a seat, the rest are waitlisted,
// and the seat counter agrees with the enrollments.
func TestQuotaUnderConcurrency(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.05", nil, s.MustRegion("18.71", false))
		const quota, applicants = 7, 40
		tr := s.MustTraining("TEKNIS-2026-09", u, quota)
		ids := make([]int, applicants)
		for i := range ids {
			ids[i] = s.MustEmployee(u).ID
		}
		var wg sync.WaitGroup
		errs := make(chan error, applicants)
		start := make(chan struct{})
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r, err := s.Post(register, map[string]any{"t": apitest.GID(tr.ID), "e": apitest.GID(id)})
				if err != nil {
					errs <- fmt.Errorf("employee %d: %w", id, err)
					return
				}
				if len(r.Errors) > 0 {
					errs <- fmt.Errorf("employee %d: %v", id, r.Errors)
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		ctx := apitest.Sys()
		seated := apitest.Must(s.DB.Client.Enrollment.Query().Where(enrollment.TrainingID(tr.ID), enrollment.StatusEQ(enrollment.StatusREGISTERED)).Count(ctx))(t)
		waiting := apitest.Must(s.DB.Client.Enrollment.Query().Where(enrollment.TrainingID(tr.ID), enrollment.StatusEQ(enrollment.StatusWAITLISTED)).Count(ctx))(t)
		if seated != quota || waiting != applicants-quota {
			t.Errorf("registered, waitlisted = %d, %d; want %d, %d", seated, waiting, quota, applicants-quota)
		}
		if got := apitest.Must(s.DB.Client.Training.Get(ctx, tr.ID))(t).SeatsTaken; got != quota {
			t.Errorf("seats taken = %d, want %d", got, quota)
		}
	})
}
