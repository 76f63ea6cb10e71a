package talent

import (
	"context"
	"fmt"
	"sort"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competency"
	"simasn/ent/competencyassessment"
	"simasn/ent/employee"
	"simasn/ent/predicate"
	"simasn/ent/unit"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	apprule "simasn/internal/appraisal"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// Level is a level of performance or potential.
type Level string

// The levels.
const (
	Low    Level = "LOW"
	Medium Level = "MEDIUM"
	High   Level = "HIGH"
)

// Weights are the weights of the competency kinds in the potential.
type Weights struct {
	Managerial, SocioCultural, Technical, Functional float64
}

// DefaultWeights weigh managerial and technical competencies 40 each and
// socio-cultural 20, the functional not at all.
func DefaultWeights() Weights { return Weights{Managerial: 40, SocioCultural: 20, Technical: 40} }

func (w Weights) of(k competency.Kind) float64 {
	switch k {
	case competency.KindMANAGERIAL:
		return w.Managerial
	case competency.KindSOCIO_CULTURAL:
		return w.SocioCultural
	case competency.KindTECHNICAL:
		return w.Technical
	case competency.KindFUNCTIONAL:
		return w.Functional
	}
	return 0
}

func (w Weights) validate() error {
	for _, x := range []float64{w.Managerial, w.SocioCultural, w.Technical, w.Functional} {
		if x < 0 || x > 100 {
			return apperr.Invalid("weights", "a weight must be 0–100, not %g", x)
		}
	}
	if w.Managerial+w.SocioCultural+w.Technical+w.Functional == 0 {
		return apperr.Invalid("weights", "at least one weight must be above 0")
	}
	return nil
}

// PerformanceOf returns the performance level of a predicate.
func PerformanceOf(p apprule.Predicate) Level {
	switch p {
	case apprule.SangatBaik:
		return High
	case apprule.Baik:
		return Medium
	}
	return Low
}

// PotentialOf returns the potential score of the latest assessed levels
// by competency kind, and its level; false when no kind with a weight
// above 0 was assessed.
func PotentialOf(levels map[competency.Kind][]int, w Weights) (float64, Level, bool) {
	var sum, weights float64
	for k, ls := range levels {
		wk := w.of(k)
		if wk == 0 || len(ls) == 0 {
			continue
		}
		mean := 0.0
		for _, l := range ls {
			mean += float64(l)
		}
		mean /= float64(len(ls))
		sum += wk * mean
		weights += wk
	}
	if weights == 0 {
		return 0, "", false
	}
	score := sum / weights
	switch {
	case score >= 4:
		return score, High, true
	case score >= 3:
		return score, Medium, true
	}
	return score, Low, true
}

// boxes numbers the cells: [performance][potential].
var boxes = map[Level]map[Level]int{
	Low:    {Low: 1, Medium: 3, High: 6},
	Medium: {Low: 2, Medium: 5, High: 8},
	High:   {Low: 4, Medium: 7, High: 9},
}

// BoxOf returns the box (1–9) of a performance and potential level.
func BoxOf(performance, potential Level) int { return boxes[performance][potential] }

// Box is one cell of the nine-box with its head-count.
type Box struct {
	Box         int
	Performance Level
	Potential   Level
	// Count is nil when disclosure control suppresses it.
	Count *int
}

// Placement is one employee's place in the nine-box.
type Placement struct {
	Employee       *ent.Employee
	Box            int
	Performance    Level
	Potential      Level
	PotentialScore float64
}

// Map is the nine-box of a unit's subtree for one year.
type Map struct {
	Year int
	Unit *ent.Unit
	// PlacedCount and UnplacedCount: those placed, and those in service
	// without an approved annual appraisal or any assessment.
	PlacedCount, UnplacedCount int
	// Boxes are the nine cells, box 9 first.
	Boxes []*Box
	// Placements is a page of those placed (in box if asked), best box
	// first, then by potential score and name; nil for analysts.
	Placements []*Placement
}

// MaxPageSize caps the page of placements.
const MaxPageSize = 100

// NineBox places the employees in service in the subtree of the unit for
// year. Errors: FORBIDDEN for employees, the public and a unit outside a
// scoped viewer's scope, NOT_FOUND for an unknown unit, BAD_USER_INPUT for
// year, weights, box, first or offset.
func NineBox(ctx context.Context, c *ent.Client, unitID, year int, w *Weights, box, first, offset *int) (*Map, error) {
	v := viewer.FromContext(ctx)
	members := v.IsAdmin() || v.Role == viewer.HROfficer || v.Role == viewer.Leader
	if !members && v.Role != viewer.Analyst {
		return nil, apperr.Forbiddenf("the talent map is for leaders, HR officers, analysts (counts only) and admins")
	}
	weights := DefaultWeights()
	if w != nil {
		weights = *w
	}
	if err := weights.validate(); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "year %d is out of range (2000–2100)", year)
	}
	if box != nil && (*box < 1 || *box > 9) {
		return nil, apperr.Invalid("box", "a box is 1–9")
	}
	f, o := 20, 0
	if first != nil {
		f = *first
	}
	if offset != nil {
		o = *offset
	}
	if f < 0 || f > MaxPageSize {
		return nil, apperr.Invalid("first", "the page size must be 0–%d", MaxPageSize)
	}
	if o < 0 {
		return nil, apperr.Invalid("offset", "the offset cannot be negative")
	}
	sys := viewer.System(ctx)
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	}
	if err != nil {
		return nil, fmt.Errorf("nine-box: %w", err)
	}
	if v.Role.Scoped() && !v.InScope(u.Path) {
		return nil, apperr.Forbiddenf("unit %s is outside your scope", u.Name)
	}
	who := employee.And(employee.HasUnitWith(orgtree.Under(u.Path)), employee.StatusEQ(employee.StatusACTIVE))
	var people []struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	if err := c.Employee.Query().Where(who).Select(employee.FieldID, employee.FieldName).Scan(sys, &people); err != nil {
		return nil, fmt.Errorf("nine-box: employees: %w", err)
	}
	sc, err := loadScores(sys, c, who, year, weights)
	if err != nil {
		return nil, fmt.Errorf("nine-box: %w", err)
	}
	out := &Map{Year: year, Unit: u}
	counts := map[int]int{}
	type row struct {
		id    int
		name  string
		place *Placement
	}
	var rows []row
	for _, p := range people {
		pl, ok := sc.place(p.ID)
		if !ok {
			out.UnplacedCount++
			continue
		}
		counts[pl.Box]++
		out.PlacedCount++
		if members && (box == nil || *box == pl.Box) {
			rows = append(rows, row{p.ID, p.Name, pl})
		}
	}
	groups := make([]*analytics.Group, 0, 9)
	for _, pl := range []Level{High, Medium, Low} {
		for _, pt := range []Level{High, Medium, Low} {
			pv, tv := string(pl), string(pt)
			groups = append(groups, &analytics.Group{Count: counts[BoxOf(pl, pt)],
				Key: []analytics.Key{{Dimension: "PERFORMANCE", Value: &pv}, {Dimension: "POTENTIAL", Value: &tv}}})
		}
	}
	if !members {
		groups = analytics.Disclose(ctx, groups)
	}
	for _, g := range groups {
		pl, pt := Level(*g.Key[0].Value), Level(*g.Key[1].Value)
		out.Boxes = append(out.Boxes, &Box{Box: BoxOf(pl, pt), Performance: pl, Potential: pt, Count: g.VisibleCount()})
	}
	sort.Slice(out.Boxes, func(i, j int) bool { return out.Boxes[i].Box > out.Boxes[j].Box })
	if !members {
		return out, nil
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.place.Box != b.place.Box {
			return a.place.Box > b.place.Box
		}
		if a.place.PotentialScore != b.place.PotentialScore {
			return a.place.PotentialScore > b.place.PotentialScore
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.id < b.id
	})
	o = min(o, len(rows))
	rows = rows[o:min(len(rows), o+f)]
	out.Placements = []*Placement{}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	es, err := c.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("nine-box: %w", err)
	}
	byID := map[int]*ent.Employee{}
	for _, e := range es {
		byID[e.ID] = e
	}
	for _, r := range rows {
		if e := byID[r.id]; e != nil {
			r.place.Employee = e
			out.Placements = append(out.Placements, r.place)
		}
	}
	return out, nil
}

// scores are what the nine-box reads of a set of employees for one year:
// the performance level of their approved annual appraisal, and their
// potential from the latest assessments up to the year's end.
type scores struct {
	perf map[int]Level
	pot  map[int]potential
}

type potential struct {
	score float64
	level Level
}

// loadScores reads the scores of the employees matching who for year,
// weighting the competency kinds by w. ctx must read everything (the
// system's): the callers decide who sees the result.
func loadScores(ctx context.Context, c *ent.Client, who predicate.Employee, year int, w Weights) (*scores, error) {
	var preds []struct {
		AppraiseeID int    `json:"appraisee_id"`
		Predicate   string `json:"predicate"`
	}
	err := c.Appraisal.Query().Where(appraisal.HasAppraiseeWith(who), appraisal.PeriodKindEQ(appraisal.PeriodKindANNUAL),
		appraisal.StatusEQ(appraisal.StatusAPPROVED), appraisal.Year(year), appraisal.PredicateNotNil()).
		Select(appraisal.FieldAppraiseeID, appraisal.FieldPredicate).Scan(ctx, &preds)
	if err != nil {
		return nil, fmt.Errorf("appraisals: %w", err)
	}
	kinds := map[int]competency.Kind{}
	cs, err := c.Competency.Query().Select(competency.FieldKind).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competencies: %w", err)
	}
	for _, x := range cs {
		kinds[x.ID] = x.Kind
	}
	var as []struct {
		EmployeeID   int       `json:"employee_id"`
		CompetencyID int       `json:"competency_id"`
		Level        int       `json:"level"`
		AssessedAt   time.Time `json:"assessed_at"`
	}
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	err = c.CompetencyAssessment.Query().Where(competencyassessment.HasEmployeeWith(who), competencyassessment.AssessedAtLT(end)).
		Order(ent.Asc(competencyassessment.FieldAssessedAt), ent.Asc(competencyassessment.FieldID)).
		Select(competencyassessment.FieldEmployeeID, competencyassessment.FieldCompetencyID, competencyassessment.FieldLevel, competencyassessment.FieldAssessedAt).
		Scan(ctx, &as)
	if err != nil {
		return nil, fmt.Errorf("assessments: %w", err)
	}
	latest := map[int]map[int]int{} // employee → competency → level, later ones overwrite
	for _, a := range as {
		if latest[a.EmployeeID] == nil {
			latest[a.EmployeeID] = map[int]int{}
		}
		latest[a.EmployeeID][a.CompetencyID] = a.Level
	}
	out := &scores{perf: make(map[int]Level, len(preds)), pot: make(map[int]potential, len(latest))}
	for _, p := range preds {
		out.perf[p.AppraiseeID] = PerformanceOf(apprule.Predicate(p.Predicate))
	}
	for id, levels := range latest {
		byKind := map[competency.Kind][]int{}
		for cid, lv := range levels {
			byKind[kinds[cid]] = append(byKind[kinds[cid]], lv)
		}
		if score, lv, ok := PotentialOf(byKind, w); ok {
			out.pot[id] = potential{score, lv}
		}
	}
	return out, nil
}

// place returns the employee's place in the nine-box, and false when they
// lack the year's predicate or a weighted assessment.
func (s *scores) place(id int) (*Placement, bool) {
	pl, ok := s.perf[id]
	pt, ok2 := s.pot[id]
	if !ok || !ok2 {
		return nil, false
	}
	return &Placement{Box: BoxOf(pl, pt.level), Performance: pl, Potential: pt.level, PotentialScore: pt.score}, true
}
