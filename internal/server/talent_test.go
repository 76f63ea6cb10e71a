package server_test

import (
	"slices"
	"testing"

	"simasn/ent/competency"
	"simasn/internal/apitest"
)

const talentQuery = `query($u: ID!, $y: Int!, $w: PotentialWeightsInput, $box: Int) {
  talentMap(unitID: $u, year: $y, weights: $w, box: $box) {
    year placedCount unplacedCount
    boxes { box performance potential count }
    placements { employee { name } box performance potential potentialScore }
  } }`

type talentResult struct {
	TalentMap struct {
		Year, PlacedCount, UnplacedCount int
		Boxes                            []struct {
			Box                    int
			Performance, Potential string
			Count                  *int
		}
		Placements *[]struct {
			Employee               struct{ Name string }
			Box                    int
			Performance, Potential string
			PotentialScore         float64
		}
	}
}

func TestTalentMap(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newCareerWorld(t, dsn)
		s := w.s
		ctx := apitest.Sys()
		c := s.DB.Client
		// The world's competencies are managerial: the nurse has MNJ-01 2 and
		// KOM-01 3 (2.5: low potential), Sangat Baik in 2026 → box 4. The
		// head gets 4 and 5 (4.5: high), Baik → box 8; the weak one 3 and 3
		// (medium), Butuh Perbaikan → box 3; the late one is assessed only
		// in 2027, so not placed for 2026.
		mnj := apitest.Must(c.Competency.Query().Where(competency.Code("MNJ-01")).Only(ctx))(t)
		kom := apitest.Must(c.Competency.Query().Where(competency.Code("KOM-01")).Only(ctx))(t)
		assess := func(id, cid, level int, y int) {
			apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(id).SetCompetencyID(cid).SetLevel(level).SetAssessedAt(day(y, 6, 1)).Exec(ctx))(t)
		}
		assess(w.head.ID, mnj.ID, 4, 2026)
		assess(w.head.ID, kom.ID, 5, 2026)
		assess(w.weak.ID, mnj.ID, 3, 2025)
		assess(w.weak.ID, kom.ID, 3, 2026)
		assess(w.late.ID, mnj.ID, 5, 2027)

		vars := map[string]any{"u": apitest.GID(w.a.ID), "y": 2026}
		leader := s.AsAccount(s.MustAccount("pimpinan", "LEADER", w.a, nil))
		var got talentResult
		leader.MustDo(&got, talentQuery, vars)
		m := got.TalentMap
		if m.Year != 2026 || m.PlacedCount != 3 || m.UnplacedCount != 1 {
			t.Errorf("map = %d placed, %d unplaced, want 3 and 1", m.PlacedCount, m.UnplacedCount)
		}
		counts := map[int]int{}
		for i, b := range m.Boxes {
			if b.Box != 9-i || b.Count == nil {
				t.Fatalf("boxes[%d] = %+v, want box %d with a count", i, b, 9-i)
			}
			counts[b.Box] = *b.Count
		}
		if counts[8] != 1 || counts[4] != 1 || counts[3] != 1 || counts[9]+counts[7]+counts[6]+counts[5]+counts[2]+counts[1] != 0 {
			t.Errorf("counts = %v, want one each in 8, 4 and 3", counts)
		}
		if m.Boxes[1].Performance != "MEDIUM" || m.Boxes[1].Potential != "HIGH" {
			t.Errorf("box 8 = %+v, want medium performance, high potential", m.Boxes[1])
		}
		var names []string
		for _, p := range *m.Placements {
			names = append(names, p.Employee.Name)
		}
		if want := []string{"Hasan", "Nurul", "Wati"}; !slices.Equal(names, want) {
			t.Errorf("placements = %v, want %v", names, want)
		}
		if p := (*m.Placements)[1]; p.Box != 4 || p.Performance != "HIGH" || p.Potential != "LOW" || p.PotentialScore != 2.5 {
			t.Errorf("nurse = %+v, want box 4, high performance, low potential 2.5", p)
		}
		leader.MustDo(&got, talentQuery, map[string]any{"u": apitest.GID(w.a.ID), "y": 2026, "box": 4})
		if ps := *got.TalentMap.Placements; len(ps) != 1 || ps[0].Employee.Name != "Nurul" {
			t.Errorf("box 4 = %+v, want Nurul", ps)
		}
		// Weights on a kind nobody was assessed on: nobody placed.
		s.MustDo(&got, talentQuery, map[string]any{"u": apitest.GID(w.a.ID), "y": 2026,
			"w": map[string]any{"managerial": 0, "socioCultural": 100, "technical": 0, "functional": 0}})
		if got.TalentMap.PlacedCount != 0 || got.TalentMap.UnplacedCount != 4 {
			t.Errorf("socio-cultural only: %d placed, %d unplaced; want 0 and 4", got.TalentMap.PlacedCount, got.TalentMap.UnplacedCount)
		}
		// An analyst sees counts, none below k = 5, and nobody by name.
		s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil)).MustDo(&got, talentQuery, vars)
		if got.TalentMap.Placements != nil {
			t.Errorf("analyst sees placements %+v, want null", *got.TalentMap.Placements)
		}
		for _, b := range got.TalentMap.Boxes {
			if b.Count != nil {
				t.Errorf("analyst sees box %d count %d, want suppressed (groups under 5)", b.Box, *b.Count)
			}
		}
		s.AsAccount(s.MustAccount("hr.a", "HR_OFFICER", w.a, nil)).MustDo(&got, talentQuery, vars)
		if got.TalentMap.Placements == nil || len(*got.TalentMap.Placements) != 3 {
			t.Errorf("HR officer in scope: placements %v, want 3", got.TalentMap.Placements)
		}
		s.AsAccount(s.MustAccount("pimpinan.b", "LEADER", w.b, nil)).MustFail("FORBIDDEN", "", talentQuery, vars)
		s.AsAccount(s.MustAccount("nurul", "EMPLOYEE", nil, w.nurse)).MustFail("FORBIDDEN", "", talentQuery, vars)
		s.Public().MustFail("FORBIDDEN", "", talentQuery, vars)
		leader.MustFail("BAD_USER_INPUT", "box", talentQuery, map[string]any{"u": apitest.GID(w.a.ID), "y": 2026, "box": 10})
		leader.MustFail("BAD_USER_INPUT", "weights", talentQuery, map[string]any{"u": apitest.GID(w.a.ID), "y": 2026,
			"w": map[string]any{"managerial": -1, "socioCultural": 100, "technical": 0, "functional": 0}})
		leader.MustFail("BAD_USER_INPUT", "year", talentQuery, map[string]any{"u": apitest.GID(w.a.ID), "y": 1999})
		leader.MustFail("NOT_FOUND", "", talentQuery, map[string]any{"u": "987654", "y": 2026})
	})
}
