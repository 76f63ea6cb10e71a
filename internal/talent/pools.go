package talent

import (
	"context"
	"fmt"
	"sort"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// Family is a position family (kelompok jabatan) of the talent pools. The
// employee record knows a position by its type (jenis jabatan, UU 20/2023
// and PP 11/2017 as amended): the families are those types, with the three
// senior-executive levels (JPT utama, madya, pratama) taken together, as
// the talent pools of PermenPANRB 3/2020 group the candidates by the kind
// of position they hold:
//
//	JPT                 JPT_UTAMA, JPT_MADYA, JPT_PRATAMA (old echelons I–II)
//	ADMINISTRATOR       ADMINISTRATOR (old echelon III)
//	SUPERVISOR          PENGAWAS (old echelon IV)
//	FUNCTIONAL_EXPERT   FUNGSIONAL_KEAHLIAN (ahli pertama … ahli utama)
//	FUNCTIONAL_SKILLED  FUNGSIONAL_KETERAMPILAN (pemula … penyelia)
//	EXECUTOR            PELAKSANA
//
// The first three are the structural (managerial) families.
type Family string

// The families, highest first.
const (
	FamilyJPT               Family = "JPT"
	FamilyAdministrator     Family = "ADMINISTRATOR"
	FamilySupervisor        Family = "SUPERVISOR"
	FamilyFunctionalExpert  Family = "FUNCTIONAL_EXPERT"
	FamilyFunctionalSkilled Family = "FUNCTIONAL_SKILLED"
	FamilyExecutor          Family = "EXECUTOR"
)

// Families lists the families, highest first.
func Families() []Family {
	return []Family{FamilyJPT, FamilyAdministrator, FamilySupervisor, FamilyFunctionalExpert, FamilyFunctionalSkilled, FamilyExecutor}
}

// FamilyOf returns the family of a position type.
func FamilyOf(t employee.PositionType) Family {
	switch t {
	case employee.PositionTypeJPT_UTAMA, employee.PositionTypeJPT_MADYA, employee.PositionTypeJPT_PRATAMA:
		return FamilyJPT
	case employee.PositionTypeADMINISTRATOR:
		return FamilyAdministrator
	case employee.PositionTypePENGAWAS:
		return FamilySupervisor
	case employee.PositionTypeFUNGSIONAL_KEAHLIAN:
		return FamilyFunctionalExpert
	case employee.PositionTypeFUNGSIONAL_KETERAMPILAN:
		return FamilyFunctionalSkilled
	}
	return FamilyExecutor
}

// PoolBoxes are the boxes of the talent pool, best first: 9 (high
// performance, high potential), 8 (medium performance, high potential) and
// 7 (high performance, medium potential) — the boxes PermenPANRB 3/2020
// counts as the talents to develop and promote.
var PoolBoxes = []int{9, 8, 7}

// InPool reports whether box b is a talent-pool box (7, 8 or 9).
func InPool(b int) bool { return b >= 7 }

// Pool is the talent pool of one family.
type Pool struct {
	Family Family
	// Count is the pool's size; nil for an analyst when any of its boxes
	// is suppressed.
	Count *int
	// Boxes are boxes 9, 8 and 7 with their counts.
	Boxes []*Box
	// Members is a page of the pool, best box first, then by potential
	// score and name; nil for analysts.
	Members []*Placement
}

// Pools are the talent pools of a unit's subtree for one year.
type Pools struct {
	Year int
	Unit *ent.Unit
	// Pools has one entry per family, highest family first.
	Pools []*Pool
}

// TalentPools groups the employees in service in the subtree of the unit
// who sit in boxes 7, 8 and 9 of year's nine-box by the family of their
// position, with counts; first caps each family's page of members (default
// 20, at most MaxPageSize). Access as NineBox: admins, HR officers and
// leaders in scope see who; analysts the counts only, under disclosure
// control (a family × box count under k is suppressed with its
// complements, and a family's total with it). Errors: FORBIDDEN,
// NOT_FOUND, BAD_USER_INPUT (year, weights, first) as NineBox.
func TalentPools(ctx context.Context, c *ent.Client, unitID, year int, w *Weights, first *int) (*Pools, error) {
	v := viewer.FromContext(ctx)
	members := v.IsAdmin() || v.Role == viewer.HROfficer || v.Role == viewer.Leader
	if !members && v.Role != viewer.Analyst {
		return nil, apperr.Forbiddenf("the talent pools are for leaders, HR officers, analysts (counts only) and admins")
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
	f := 20
	if first != nil {
		f = *first
	}
	if f < 0 || f > MaxPageSize {
		return nil, apperr.Invalid("first", "the page size must be 0–%d", MaxPageSize)
	}
	sys := viewer.System(ctx)
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	}
	if err != nil {
		return nil, fmt.Errorf("talent pools: %w", err)
	}
	if v.Role.Scoped() && !v.InScope(u.Path) {
		return nil, apperr.Forbiddenf("unit %s is outside your scope", u.Name)
	}
	who := employee.And(employee.HasUnitWith(orgtree.Under(u.Path)), employee.StatusEQ(employee.StatusACTIVE))
	var people []struct {
		ID           int    `json:"id"`
		Name         string `json:"name"`
		PositionType string `json:"position_type"`
	}
	if err := c.Employee.Query().Where(who).Select(employee.FieldID, employee.FieldName, employee.FieldPositionType).Scan(sys, &people); err != nil {
		return nil, fmt.Errorf("talent pools: employees: %w", err)
	}
	sc, err := loadScores(sys, c, who, year, weights)
	if err != nil {
		return nil, fmt.Errorf("talent pools: %w", err)
	}
	type row struct {
		id    int
		name  string
		place *Placement
	}
	byFamily := map[Family][]row{}
	counts := map[Family]map[int]int{}
	for _, p := range people {
		pl, ok := sc.place(p.ID)
		if !ok || !InPool(pl.Box) {
			continue
		}
		fam := FamilyOf(employee.PositionType(p.PositionType))
		if counts[fam] == nil {
			counts[fam] = map[int]int{}
		}
		counts[fam][pl.Box]++
		byFamily[fam] = append(byFamily[fam], row{p.ID, p.Name, pl})
	}
	var groups []*analytics.Group
	for _, fam := range Families() {
		for _, b := range PoolBoxes {
			fv, bv := string(fam), fmt.Sprint(b)
			groups = append(groups, &analytics.Group{Count: counts[fam][b],
				Key: []analytics.Key{{Dimension: "FAMILY", Value: &fv}, {Dimension: "BOX", Value: &bv}}})
		}
	}
	if !members {
		groups = analytics.Disclose(ctx, groups)
	}
	out := &Pools{Year: year, Unit: u}
	var ids []int
	for i, fam := range Families() {
		p := &Pool{Family: fam}
		total, hidden := 0, false
		for j, b := range PoolBoxes {
			g := groups[i*len(PoolBoxes)+j]
			pl, pt := levelsOf(b)
			p.Boxes = append(p.Boxes, &Box{Box: b, Performance: pl, Potential: pt, Count: g.VisibleCount()})
			total += g.Count
			hidden = hidden || g.Suppressed
		}
		if !hidden {
			p.Count = &total
		}
		if members {
			rows := byFamily[fam]
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
			rows = rows[:min(len(rows), f)]
			p.Members = make([]*Placement, 0, len(rows))
			for _, r := range rows {
				r.place.Employee = &ent.Employee{ID: r.id}
				p.Members = append(p.Members, r.place)
				ids = append(ids, r.id)
			}
		}
		out.Pools = append(out.Pools, p)
	}
	if len(ids) == 0 {
		return out, nil
	}
	es, err := c.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("talent pools: %w", err)
	}
	byID := make(map[int]*ent.Employee, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	for _, p := range out.Pools {
		kept := p.Members[:0]
		for _, m := range p.Members {
			if e := byID[m.Employee.ID]; e != nil {
				m.Employee = e
				kept = append(kept, m)
			}
		}
		p.Members = kept
	}
	return out, nil
}

// levelsOf returns the performance and potential levels of box b.
func levelsOf(b int) (Level, Level) {
	for pl, row := range boxes {
		for pt, x := range row {
			if x == b {
				return pl, pt
			}
		}
	}
	return "", ""
}
