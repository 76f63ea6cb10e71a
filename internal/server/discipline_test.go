package server_test

import (
	"slices"
	"testing"
	"time"

	"simasn/ent/disciplinarypenalty"
	"simasn/internal/apitest"
)

const impose = `mutation($in: ImposeDisciplinaryPenaltyInput!) { imposeDisciplinaryPenalty(input: $in) {
  id level kind decreeNumber effectiveFrom effectiveUntil violation employee { id } } }`

type penalty struct {
	ID             string
	Level          *string
	Kind           *string
	DecreeNumber   *string
	EffectiveFrom  *time.Time
	EffectiveUntil *time.Time
	Violation      *string
	Employee       struct{ ID string }
}

func penaltyInput(employeeID int, kind, from string, until any) map[string]any {
	in := map[string]any{"employeeID": apitest.GID(employeeID), "kind": kind,
		"decree":    map[string]any{"number": "800.1.6/12/IV.02/2026", "date": "2026-03-20T00:00:00Z", "effectiveDate": from},
		"violation": "tidak masuk kerja tanpa alasan yang sah 12 hari kerja"}
	if until != nil {
		in["effectiveUntil"] = until
	}
	return map[string]any{"in": in}
}

func TestDisciplinaryPenalties(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newCareerWorld(t, dsn)
		s := w.s
		hr := s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", w.a, nil))

		// Refusals change nothing.
		count := func() int { return apitest.Must(s.DB.Client.DisciplinaryPenalty.Query().Count(apitest.Sys()))(t) }
		hr.MustFail("BAD_USER_INPUT", "effectiveUntil", impose, penaltyInput(w.nurse.ID, "ALLOWANCE_CUT_12_MONTHS", "2026-04-02T00:00:00Z", "2027-04-02T00:00:00Z"))
		hr.MustFail("BAD_USER_INPUT", "effectiveUntil", impose, penaltyInput(w.nurse.ID, "DISMISSAL", "2026-04-02T00:00:00Z", "2027-04-02T00:00:00Z"))
		hr.MustFail("BAD_USER_INPUT", "effectiveUntil", impose, penaltyInput(w.nurse.ID, "WRITTEN_REPRIMAND", "2026-04-02T00:00:00Z", "2026-04-01T00:00:00Z"))
		hr.MustFail("BAD_USER_INPUT", "decree.number", impose, map[string]any{"in": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "kind": "WRITTEN_REPRIMAND",
			"decree": map[string]any{"number": " ", "date": "2026-03-20T00:00:00Z", "effectiveDate": "2026-04-02T00:00:00Z"}}})
		s.AsAccount(s.MustAccount("hr.b", "HR_OFFICER", w.b, nil)).MustFail("FORBIDDEN", "", impose, penaltyInput(w.nurse.ID, "WRITTEN_REPRIMAND", "2026-04-02T00:00:00Z", nil))
		s.AsAccount(s.MustAccount("pimpinan.a", "LEADER", w.a, w.head)).MustFail("FORBIDDEN", "", impose, penaltyInput(w.nurse.ID, "WRITTEN_REPRIMAND", "2026-04-02T00:00:00Z", nil))
		hr.MustFail("NOT_FOUND", "", impose, penaltyInput(987654, "WRITTEN_REPRIMAND", "2026-04-02T00:00:00Z", nil))
		if n := count(); n != 0 {
			t.Fatalf("%d penalties after refusals, want 0", n)
		}

		// A 12-month cut of the allowance from 2 April 2026 lasts until
		// 1 April 2027: in effect on the period, so the nurse is not due.
		var got struct{ ImposeDisciplinaryPenalty penalty }
		hr.MustDo(&got, impose, penaltyInput(w.nurse.ID, "ALLOWANCE_CUT_12_MONTHS", "2026-04-02T00:00:00Z", nil))
		p := got.ImposeDisciplinaryPenalty
		if p.Level == nil || *p.Level != "MEDIUM" || p.EffectiveUntil == nil || !p.EffectiveUntil.Equal(day(2027, 4, 1)) || p.Employee.ID != apitest.GID(w.nurse.ID) {
			t.Errorf("penalty = %+v, want MEDIUM until 2027-04-01", p)
		}
		var due dueList
		hr.MustDo(&due, dueQuery, map[string]any{"u": apitest.GID(w.a.ID)})
		if due.PromotionsDue.DueCount != 0 {
			t.Errorf("due = %d, want 0 with the nurse penalised", due.PromotionsDue.DueCount)
		}
		for _, it := range due.PromotionsDue.Items {
			if it.Employee.Name == "Nurul" {
				u := unmetChecks(it.Promotion)
				want := "disciplinary penalty ALLOWANCE_CUT_12_MONTHS (MEDIUM, decree 800.1.6/12/IV.02/2026) in effect from 2026-04-02 until 2027-04-01"
				if len(u) != 1 || u[0] != "DISCIPLINE" || it.Promotion.Findings[5].Detail != want {
					t.Errorf("nurse: unmet %v, detail %q; want DISCIPLINE, %q", u, it.Promotion.Findings[5].Detail, want)
				}
			}
		}
		// On 1 October 2027 the penalty has ended: due again (with the
		// late one, who has his four years by then).
		hr.MustDo(&due, dueQuery, map[string]any{"u": apitest.GID(w.a.ID), "p": "2027-10-01T00:00:00Z", "only": true})
		if want := []string{"Nurul", "Lukman"}; !slices.Equal(due.names(), want) {
			t.Errorf("due on 2027-10-01 = %v, want %v", due.names(), want)
		}
		// A reprimand in effect on its day only does not block later.
		s.MustDo(&got, impose, penaltyInput(w.other.ID, "WRITTEN_REPRIMAND", "2026-04-02T00:00:00Z", nil))
		if p := got.ImposeDisciplinaryPenalty; *p.Level != "LIGHT" || !p.EffectiveUntil.Equal(day(2026, 4, 2)) {
			t.Errorf("reprimand = %+v, want LIGHT on 2026-04-02 only", p)
		}

		// Who sees the nurse's penalty.
		const list = `{ disciplinaryPenalties { totalCount edges { node { kind decreeNumber violation employee { id } } } } }`
		type listResult struct {
			DisciplinaryPenalties struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Kind, DecreeNumber, Violation *string
					}
				}
			}
		}
		for _, tc := range []struct {
			name  string
			as    *apitest.Server
			count int
		}{
			{"admin", s, 2},
			{"HR officer of unit A", hr, 1},
			{"HR officer of the root", s.AsAccount(s.MustAccount("hr.root", "HR_OFFICER", w.root, nil)), 2},
			{"the nurse herself", s.AsAccount(s.MustAccount("nurul", "EMPLOYEE", nil, w.nurse)), 1},
			{"her direct superior", s.AsAccount(s.MustAccount("hasan", "EMPLOYEE", nil, w.head)), 1},
			{"her superior as leader", s.AsAccount(s.MustAccount("hasan.leader", "LEADER", w.a, w.head)), 1},
			{"a colleague", s.AsAccount(s.MustAccount("lukman", "EMPLOYEE", nil, w.late)), 0},
			{"a leader of the unit outside the chain", s.AsAccount(s.MustAccount("pimpinan", "LEADER", w.a, nil)), 0},
			{"an analyst", s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)), 0},
			{"the public", s.Public(), 0},
		} {
			var r listResult
			tc.as.MustDo(&r, list, nil)
			if r.DisciplinaryPenalties.TotalCount != tc.count || len(r.DisciplinaryPenalties.Edges) != tc.count {
				t.Errorf("%s sees %d penalties, want %d", tc.name, r.DisciplinaryPenalties.TotalCount, tc.count)
			}
			for _, e := range r.DisciplinaryPenalties.Edges {
				if e.Node.Kind == nil || e.Node.DecreeNumber == nil || e.Node.Violation == nil {
					t.Errorf("%s: a visible penalty with hidden fields: %+v", tc.name, e.Node)
				}
			}
		}
		// The record is history.
		if _, err := s.DB.Client.DisciplinaryPenalty.Delete().Exec(apitest.Sys()); err == nil {
			t.Error("deleting penalties succeeded, want append-only")
		}
		if err := s.DB.Client.DisciplinaryPenalty.Create().SetEmployeeID(w.nurse.ID).SetKind(disciplinarypenalty.KindDISMISSAL).
			SetLevel(disciplinarypenalty.LevelLIGHT).SetDecreeNumber("x").SetDecreeDate(day(2026, 1, 1)).SetEffectiveFrom(day(2026, 1, 1)).
			SetRecordedAt(day(2026, 1, 1)).Exec(apitest.Sys()); err == nil {
			t.Error("a dismissal recorded as LIGHT, want refused whoever writes it")
		}
	})
}
