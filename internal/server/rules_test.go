package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/enrollment"
	"simasn/ent/training"
	"simasn/internal/apitest"
	"simasn/internal/complaintdesk"
)

// TestOwnAppraisalIsNotDecided: a leader whose scope holds their own
// appraisal may not approve, return or change it; another leader may.
func TestOwnAppraisalIsNotDecided(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		ctx := apitest.Sys()
		c := w.s.DB.Client
		// The head of Dinas Kesehatan (the leader's own record), appraised
		// by the secretary of the province.
		sekda := w.s.MustEmployee(w.bkd)
		apitest.Check(c.Employee.UpdateOne(w.head).SetSuperiorID(sekda.ID).Exec(ctx))(t)
		own := apitest.Must(c.Appraisal.Create().SetAppraiseeID(w.head.ID).SetAppraiserID(sekda.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
			SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
			SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).
			SetStatus(appraisal.StatusSUBMITTED).Save(ctx))(t)
		// A draft of the next year, which its appraiser still rates.
		draft := apitest.Must(c.Appraisal.Create().SetAppraiseeID(w.head.ID).SetAppraiserID(sekda.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2026).
			SetPeriodStart(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)).
			SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).Save(ctx))(t)
		id := map[string]any{"id": apitest.GID(own.ID)}
		for _, tc := range []struct {
			name, query string
			a           *ent.Appraisal
		}{
			{"approve", `mutation($id: ID!) { approveAppraisal(id: $id) { status } }`, own},
			{"return", `mutation($id: ID!) { returnAppraisal(id: $id, reason: "target terlalu rendah") { status } }`, own},
			{"rate", `mutation($id: ID!) { updateAppraisal(id: $id, input: {resultsRating: ABOVE, behaviourRating: ABOVE}) { predicate } }`, draft},
			{"submit", `mutation($id: ID!) { submitAppraisal(id: $id) { status } }`, draft},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := w.leader.With(t).MustFail("FORBIDDEN", "", tc.query, map[string]any{"id": apitest.GID(tc.a.ID)})
				if e.Message == "" {
					t.Error("the refusal has no message")
				}
				got := apitest.Must(c.Appraisal.Get(ctx, tc.a.ID))(t)
				if got.Status != tc.a.Status || got.DecidedAt != nil || got.SubmittedAt != nil || *got.Predicate != appraisal.PredicateBAIK {
					t.Errorf("after a refused %s: status %s, decided %v, submitted %v, predicate %s; want it unchanged", tc.name, got.Status, got.DecidedAt, got.SubmittedAt, *got.Predicate)
				}
			})
		}
		// An HR officer of the same scope, who is not the appraisee, decides.
		w.hr.MustDo(nil, `mutation($id: ID!) { approveAppraisal(id: $id) { status } }`, id)
		if st := apitest.Must(c.Appraisal.Get(ctx, own.ID))(t).Status; st != appraisal.StatusAPPROVED {
			t.Errorf("status = %s after the HR officer approved, want APPROVED", st)
		}
		// Nor may anyone start an appraisal of themselves.
		hrSelf := w.s.AsAccount(w.s.MustAccount("hr.self", "HR_OFFICER", w.dinkes, w.nurse))
		before := apitest.Must(c.Appraisal.Query().Count(ctx))(t)
		hrSelf.MustFail("FORBIDDEN", "", createAppraisal, map[string]any{"input": map[string]any{
			"appraiseeID": apitest.GID(w.nurse.ID), "appraiserID": apitest.GID(w.head.ID), "periodKind": "ANNUAL", "year": 2024,
		}})
		if n := apitest.Must(c.Appraisal.Query().Count(ctx))(t); n != before {
			t.Errorf("appraisals = %d after a refused create, want %d", n, before)
		}
	})
}

// TestScopeRootUnit: an HR officer changes the units below the root of
// their scope, but not the root itself.
func TestScopeRootUnit(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		ctx := apitest.Sys()
		c := w.s.DB.Client
		const update = `mutation($id: ID!, $input: UpdateUnitInput!) { updateUnit(id: $id, input: $input) { name } }`
		const move = `mutation($id: ID!, $parent: ID) { moveUnit(id: $id, parentID: $parent) { path } }`
		const create = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { path } }`

		w.hr.MustFail("FORBIDDEN", "", update, map[string]any{"id": apitest.GID(w.dinkes.ID), "input": map[string]any{"name": "Dinas Kesehatan (baru)"}})
		w.hr.MustFail("FORBIDDEN", "", move, map[string]any{"id": apitest.GID(w.dinkes.ID), "parent": apitest.GID(w.bkd.ID)})
		if u := apitest.Must(c.Unit.Get(ctx, w.dinkes.ID))(t); u.Name != w.dinkes.Name || u.Path != w.dinkes.Path {
			t.Errorf("the scope's root became %q at %s after refused writes, want %q at %s", u.Name, u.Path, w.dinkes.Name, w.dinkes.Path)
		}
		// Below the root, all is theirs: rename, add, move within.
		w.hr.MustDo(nil, update, map[string]any{"id": apitest.GID(w.pkm.ID), "input": map[string]any{"name": "UPTD Puskesmas Rawat Inap Kedaton"}})
		var made struct{ CreateUnit struct{ Path string } }
		w.hr.MustDo(&made, create, map[string]any{"input": map[string]any{"code": "1.02.P2", "name": "UPTD Puskesmas Way Halim", "kind": "HEALTH_CENTRE",
			"regionID": apitest.GID(w.dinkes.RegionID), "parentID": apitest.GID(w.dinkes.ID)}})
		if made.CreateUnit.Path != w.dinkes.Path+"1.02.P2/" {
			t.Errorf("new unit's path = %s, want it below %s", made.CreateUnit.Path, w.dinkes.Path)
		}
		// An admin still renames the root.
		w.s.MustDo(nil, update, map[string]any{"id": apitest.GID(w.dinkes.ID), "input": map[string]any{"name": "Dinas Kesehatan Provinsi Lampung"}})
	})
}

// TestSubmitLimitInDemoMode: callers without a token are the public in
// demo mode too, and the public is limited; so are signed-in employees;
// officers entering reports are not.
func TestSubmitLimitInDemoMode(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		prev := complaintdesk.SetSubmitLimiter(complaintdesk.NewSubmitLimiter(5, 5))
		t.Cleanup(func() { complaintdesk.SetSubmitLimiter(prev) })
		s := apitest.Start(t, dsn)
		s.MustRegion("18.71", false)
		demo := s.Public().From("127.0.0.2")
		for i := range 5 {
			demo.MustDo(nil, submitComplaint, map[string]any{"in": complaintInput(set("title", fmt.Sprintf("Keluhan nomor %d", i+1)))})
		}
		e := demo.MustFail("RATE_LIMITED", "", submitComplaint, map[string]any{"in": complaintInput()})
		if secs, _ := e.Extensions["retryAfterSeconds"].(float64); secs < 1 {
			t.Errorf("RATE_LIMITED without a retry hint: %+v", e.Extensions)
		}
		if n := apitest.Must(s.DB.Client.Complaint.Query().Count(apitest.Sys()))(t); n != 5 {
			t.Errorf("complaints = %d, want 5: the refused one must not be stored", n)
		}
		// Signed-in employees are limited too; officers entering reports are not.
		u := s.MustUnit("1.02", nil, apitest.Must(s.DB.Client.Region.Query().First(apitest.Sys()))(t))
		emp := s.AsAccount(s.MustAccount("pegawai", "EMPLOYEE", nil, s.MustEmployee(u))).From("127.0.0.2")
		emp.MustFail("RATE_LIMITED", "", submitComplaint, map[string]any{"in": complaintInput()})
		s.From("127.0.0.2").MustDo(nil, submitComplaint, map[string]any{"in": complaintInput(set("channel", "SMS"))})
		// Another address has its own allowance.
		s.Public().From("127.0.0.3").MustDo(nil, submitComplaint, map[string]any{"in": complaintInput()})
	})
}

// TestEnrollmentCompletesOnceStarted: the outcome of a training is
// recorded from its first day in WIB on, not before.
func TestEnrollmentCompletesOnceStarted(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx := apitest.Sys()
		c := s.DB.Client
		u := s.MustUnit("1.05", nil, s.MustRegion("18.71", false))
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
		tr := apitest.Must(c.Training.Create().SetCode("PKP-2026-09").SetTitle("Pelatihan Kepemimpinan Pengawas").
			SetCategory(training.CategoryMANAGERIAL).SetMethod(training.MethodCLASSICAL).SetOrganizerID(u.ID).SetHoursJp(40).SetQuota(5).
			SetRegistrationOpens(day(3, 1)).SetRegistrationCloses(day(3, 10)).SetStartsOn(day(3, 16)).SetEndsOn(day(3, 20)).Save(ctx))(t)
		en := apitest.Must(c.Enrollment.Create().SetEmployeeID(s.MustEmployee(u).ID).SetTrainingID(tr.ID).SetStatus(enrollment.StatusAPPROVED).
			SetRegisteredAt(day(3, 2)).Save(ctx))(t)
		const complete = `mutation($id: ID!) { completeEnrollment(id: $id, passed: true, score: 88, certificateNumber: "STTPP/2026/09/001") { status completedAt } }`
		at := func(t time.Time) *apitest.Server {
			s.Now.Store(&t)
			return s.AsAccount(s.Admin) // a token of the moved clock
		}
		// 15 March, 23:59:59 WIB: the day before the first day.
		e := at(time.Date(2026, 3, 15, 16, 59, 59, 0, time.UTC)).MustFail("BAD_USER_INPUT", "id", complete, map[string]any{"id": apitest.GID(en.ID)})
		if want := "starts on 2026-03-16"; !strings.Contains(e.Message, want) {
			t.Errorf("message %q does not say %q", e.Message, want)
		}
		if got := apitest.Must(c.Enrollment.Get(ctx, en.ID))(t); got.Status != enrollment.StatusAPPROVED || got.CompletedAt != nil || got.Score != nil {
			t.Errorf("after a refused completion: %s, completed %v, score %v; want it unchanged", got.Status, got.CompletedAt, got.Score)
		}
		// 16 March, 00:00 WIB: the training has started.
		var got struct{ CompleteEnrollment struct{ Status string } }
		at(time.Date(2026, 3, 15, 17, 0, 0, 0, time.UTC)).MustDo(&got, complete, map[string]any{"id": apitest.GID(en.ID)})
		if got.CompleteEnrollment.Status != "COMPLETED" {
			t.Errorf("status = %s, want COMPLETED", got.CompleteEnrollment.Status)
		}
	})
}
