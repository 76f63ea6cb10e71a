package server_test

import (
	"maps"
	"testing"
	"time"

	"simasn/ent/appraisal"
	"simasn/internal/apitest"
)

const createAppraisal = `mutation($input: CreateAppraisalInput!) { createAppraisal(input: $input) { id status predicate periodStart periodEnd } }`

type appraisalResult struct {
	ID, Status             string
	Predicate              *string
	PeriodStart, PeriodEnd string
}

// TestAppraisalMatrix checks all nine cells of the PermenPANRB 6/2022 matrix
// through the API: the predicate is computed, never entered.
func TestAppraisalMatrix(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		boss := s.MustEmployee(u)
		cells := []struct{ results, behaviour, want string }{
			{"ABOVE", "BELOW", "KURANG"}, {"ABOVE", "MEETS", "BAIK"}, {"ABOVE", "ABOVE", "SANGAT_BAIK"},
			{"MEETS", "BELOW", "KURANG"}, {"MEETS", "MEETS", "BAIK"}, {"MEETS", "ABOVE", "BAIK"},
			{"BELOW", "BELOW", "SANGAT_KURANG"}, {"BELOW", "MEETS", "BUTUH_PERBAIKAN"}, {"BELOW", "ABOVE", "BUTUH_PERBAIKAN"},
		}
		for _, c := range cells {
			t.Run(c.results+"/"+c.behaviour, func(t *testing.T) {
				s := s.With(t)
				e := s.MustEmployee(u, apitest.WithSuperior(boss))
				var got struct{ CreateAppraisal appraisalResult }
				s.MustDo(&got, createAppraisal, map[string]any{"input": map[string]any{
					"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(boss.ID), "periodKind": "ANNUAL", "year": 2025,
					"resultsRating": c.results, "behaviourRating": c.behaviour,
				}})
				if p := got.CreateAppraisal.Predicate; p == nil || *p != c.want {
					t.Errorf("predicate(%s, %s) = %v, want %s", c.results, c.behaviour, p, c.want)
				}
			})
		}
		// The predicate is not an input: a request that is valid but for a
		// hand-entered predicate is refused for that field alone, and the
		// same request without it succeeds with the computed predicate.
		e := s.MustEmployee(u, apitest.WithSuperior(boss))
		input := map[string]any{
			"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(boss.ID), "periodKind": "ANNUAL", "year": 2025,
			"resultsRating": "BELOW", "behaviourRating": "BELOW",
		}
		withPredicate := maps.Clone(input)
		withPredicate["predicate"] = "SANGAT_BAIK"
		r := s.Do(createAppraisal, map[string]any{"input": withPredicate})
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Field() != "predicate" {
			t.Errorf("a hand-entered predicate: data %s, errors %+v; want one BAD_USER_INPUT error for the field predicate", r.Data, r.Errors)
		}
		if n := apitest.Must(s.DB.Client.Appraisal.Query().Where(appraisal.AppraiseeID(e.ID)).Count(apitest.Sys()))(t); n != 0 {
			t.Errorf("%d appraisals after the refused request, want 0", n)
		}
		var got struct{ CreateAppraisal appraisalResult }
		s.MustDo(&got, createAppraisal, map[string]any{"input": input})
		if p := got.CreateAppraisal.Predicate; p == nil || *p != "SANGAT_KURANG" {
			t.Errorf("predicate = %v without the hand-entered one, want SANGAT_KURANG", p)
		}
	})
}

func TestAppraisalWorkflow(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		boss := s.MustEmployee(u)
		other := s.MustEmployee(u)
		e := s.MustEmployee(u, apitest.WithSuperior(boss))
		input := map[string]any{"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(boss.ID), "periodKind": "QUARTERLY", "year": 2026, "period": 1}

		var got struct{ CreateAppraisal appraisalResult }
		s.MustDo(&got, createAppraisal, map[string]any{"input": input})
		a := got.CreateAppraisal
		if a.Status != "DRAFT" || a.Predicate != nil || a.PeriodStart != "2026-01-01T00:00:00Z" || a.PeriodEnd != "2026-03-31T00:00:00Z" {
			t.Errorf("draft = %+v", a)
		}
		s.MustFail("CONFLICT", "period", createAppraisal, map[string]any{"input": input})
		wrong := map[string]any{"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(other.ID), "periodKind": "QUARTERLY", "year": 2026, "period": 2}
		s.MustFail("BAD_USER_INPUT", "appraiserID", createAppraisal, map[string]any{"input": wrong})
		bad := map[string]any{"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(boss.ID), "periodKind": "QUARTERLY", "year": 2026, "period": 5}
		s.MustFail("BAD_USER_INPUT", "period", createAppraisal, map[string]any{"input": bad})

		const submit = `mutation($id: ID!) { submitAppraisal(id: $id) { status submittedAt } }`
		s.MustFail("BAD_USER_INPUT", "resultsRating", submit, map[string]any{"id": a.ID})

		const update = `mutation($id: ID!, $input: UpdateAppraisalInput!) { updateAppraisal(id: $id, input: $input) { predicate } }`
		var upd struct{ UpdateAppraisal struct{ Predicate *string } }
		s.MustDo(&upd, update, map[string]any{"id": a.ID, "input": map[string]any{"resultsRating": "ABOVE"}})
		if upd.UpdateAppraisal.Predicate != nil {
			t.Errorf("predicate with one rating = %v, want null", *upd.UpdateAppraisal.Predicate)
		}
		s.MustDo(&upd, update, map[string]any{"id": a.ID, "input": map[string]any{"behaviourRating": "ABOVE"}})
		if p := upd.UpdateAppraisal.Predicate; p == nil || *p != "SANGAT_BAIK" {
			t.Errorf("predicate = %v, want SANGAT_BAIK", p)
		}
		s.MustDo(&upd, update, map[string]any{"id": a.ID, "input": map[string]any{"behaviourRating": "BELOW"}})
		if p := upd.UpdateAppraisal.Predicate; p == nil || *p != "KURANG" {
			t.Errorf("predicate after re-rating = %v, want KURANG", p)
		}

		s.MustDo(nil, submit, map[string]any{"id": a.ID})
		s.MustFail("BAD_USER_INPUT", "id", update, map[string]any{"id": a.ID, "input": map[string]any{"behaviourRating": "MEETS"}})
		const ret = `mutation($id: ID!, $reason: String!) { returnAppraisal(id: $id, reason: $reason) { status returnReason } }`
		s.MustFail("BAD_USER_INPUT", "reason", ret, map[string]any{"id": a.ID, "reason": "  "})
		var rr struct {
			ReturnAppraisal struct{ Status, ReturnReason string }
		}
		s.MustDo(&rr, ret, map[string]any{"id": a.ID, "reason": "Lengkapi bukti dukung kinerja"})
		if rr.ReturnAppraisal.Status != "RETURNED" {
			t.Errorf("status = %s, want RETURNED", rr.ReturnAppraisal.Status)
		}
		const approve = `mutation($id: ID!) { approveAppraisal(id: $id) { status predicate } }`
		s.MustFail("BAD_USER_INPUT", "id", approve, map[string]any{"id": a.ID}) // returned, not submitted
		s.MustDo(&upd, update, map[string]any{"id": a.ID, "input": map[string]any{"behaviourRating": "MEETS"}})
		s.MustDo(nil, submit, map[string]any{"id": a.ID})
		var ap struct {
			ApproveAppraisal struct{ Status, Predicate string }
		}
		s.MustDo(&ap, approve, map[string]any{"id": a.ID})
		if ap.ApproveAppraisal.Status != "APPROVED" || ap.ApproveAppraisal.Predicate != "BAIK" {
			t.Errorf("approved = %+v, want APPROVED BAIK", ap.ApproveAppraisal)
		}
		// Approved is final.
		s.MustFail("BAD_USER_INPUT", "id", update, map[string]any{"id": a.ID, "input": map[string]any{"resultsRating": "BELOW"}})
		s.MustFail("BAD_USER_INPUT", "id", ret, map[string]any{"id": a.ID, "reason": "ubah"})
		s.MustFail("NOT_FOUND", "", approve, map[string]any{"id": "55555"})
	})
}

func TestWorkLogs(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		boss := s.MustEmployee(u)
		e := s.MustEmployee(u, apitest.WithSuperior(boss))
		loner := s.MustEmployee(u)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id status date minutes } }`
		entry := func(emp int, day time.Time, minutes int) map[string]any {
			return map[string]any{"input": map[string]any{
				"employeeID": apitest.GID(emp), "date": day.Format(time.RFC3339), "activity": "Memverifikasi usulan kenaikan pangkat",
				"output": "berkas", "quantity": 12, "minutes": minutes,
			}}
		}
		var got struct {
			LogWork struct{ ID, Status, Date string }
		}
		s.MustDo(&got, logWork, entry(e.ID, today, 600))
		if got.LogWork.Status != "SUBMITTED" {
			t.Errorf("status = %s, want SUBMITTED", got.LogWork.Status)
		}
		s.MustFail("BAD_USER_INPUT", "minutes", logWork, entry(e.ID, today, 900)) // 600 + 900 > 1440
		s.MustFail("BAD_USER_INPUT", "date", logWork, entry(e.ID, today.AddDate(0, 0, 2), 60))
		s.MustFail("BAD_USER_INPUT", "minutes", logWork, entry(e.ID, today, 0))
		s.MustFail("BAD_USER_INPUT", "employeeID", logWork, entry(4040404, today, 60))
		if n := apitest.Must(s.DB.Client.WorkLog.Query().Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("work logs = %d after refused entries, want 1", n)
		}

		const verify = `mutation($id: ID!, $ok: Boolean!, $note: String) { verifyWorkLog(id: $id, approve: $ok, note: $note) { status verifier { id } verifierNote } }`
		s.MustFail("BAD_USER_INPUT", "note", verify, map[string]any{"id": got.LogWork.ID, "ok": false})
		var v struct {
			VerifyWorkLog struct {
				Status   string
				Verifier struct{ ID string }
			}
		}
		s.MustDo(&v, verify, map[string]any{"id": got.LogWork.ID, "ok": true})
		if v.VerifyWorkLog.Status != "VERIFIED" || v.VerifyWorkLog.Verifier.ID != apitest.GID(boss.ID) {
			t.Errorf("verified = %+v, want VERIFIED by %d", v.VerifyWorkLog, boss.ID)
		}
		s.MustFail("BAD_USER_INPUT", "id", verify, map[string]any{"id": got.LogWork.ID, "ok": true})

		var l struct{ LogWork struct{ ID string } }
		s.MustDo(&l, logWork, entry(loner.ID, today, 60))
		s.MustFail("BAD_USER_INPUT", "id", verify, map[string]any{"id": l.LogWork.ID, "ok": true}) // no superior
	})
}
