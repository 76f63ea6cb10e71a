package talent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/predicate"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/discipline"
	"simasn/internal/orgtree"
	"simasn/internal/personnel"
	"simasn/internal/rank"
	"simasn/internal/viewer"
)

// RequiredTraining is a training a structural position requires: any
// completed training whose code is Code or begins with Code and a dash
// (PKA matches PKA-2025-01), so that every batch (angkatan) counts.
type RequiredTraining struct {
	Code, Name string
}

// SuccessionRules are the conditions a succession candidate must meet for
// a structural position, by the position's type. They are configuration:
// DefaultSuccessionRules holds this system's defaults, which the agency
// (BKD) should confirm against the regulations in force — see each field.
type SuccessionRules struct {
	// MinRank is the lowest rank (golongan) for the position. The defaults
	// are the lowest ranks of the old echelons the types map to (DESIGN §4:
	// JPT madya ≈ I, pratama ≈ II, administrator ≈ III, pengawas ≈ IV), as
	// the echelon table of PP 100/2000 as amended by PP 13/2002 sets them
	// for echelons I.a, II.a, III.b and IV.a: IV/d, IV/c, III/d, III/b. The
	// current rules (PP 11/2017 as amended by PP 17/2020) state
	// requirements per position; this table is a stand-in to confirm.
	MinRank map[employee.PositionType]string
	// MinEducation is the lowest education (D4 counts as S1): S1/D4 for
	// JPT and administrator, D3 for pengawas (PP 11/2017 as amended, the
	// requirements of each managerial position).
	MinEducation map[employee.PositionType]employee.EducationLevel
	// Trainings are the leadership trainings (pelatihan kepemimpinan) a
	// candidate must have completed: the one of the position's own level —
	// PKP for pengawas, PKA for administrator, PKN Tingkat II for JPT
	// pratama, PKN Tingkat I for JPT madya and utama. The regulations let
	// an appointee take it after the appointment; requiring it of a
	// candidate is this system's default reading of a ready successor
	// (siap promosi), and configurable.
	Trainings map[employee.PositionType][]RequiredTraining
	// YearsBeforeRetirement is the least service left before the age limit
	// of the position (BUP, by RetirementAges) on the reference date: 2
	// years by default, a policy choice so that a successor serves.
	YearsBeforeRetirement int
	// RetirementAges are the age limits by position type.
	RetirementAges analytics.RetirementAges
}

// DefaultSuccessionRules returns the default succession rules (see
// SuccessionRules for where each comes from).
func DefaultSuccessionRules() SuccessionRules {
	pkn1 := []RequiredTraining{{"PKN-I", "Pelatihan Kepemimpinan Nasional Tingkat I"}}
	return SuccessionRules{
		MinRank: map[employee.PositionType]string{
			employee.PositionTypeJPT_UTAMA: "IV/d", employee.PositionTypeJPT_MADYA: "IV/d", employee.PositionTypeJPT_PRATAMA: "IV/c",
			employee.PositionTypeADMINISTRATOR: "III/d", employee.PositionTypePENGAWAS: "III/b",
		},
		MinEducation: map[employee.PositionType]employee.EducationLevel{
			employee.PositionTypeJPT_UTAMA: employee.EducationLevelS1, employee.PositionTypeJPT_MADYA: employee.EducationLevelS1,
			employee.PositionTypeJPT_PRATAMA: employee.EducationLevelS1, employee.PositionTypeADMINISTRATOR: employee.EducationLevelS1,
			employee.PositionTypePENGAWAS: employee.EducationLevelD3,
		},
		Trainings: map[employee.PositionType][]RequiredTraining{
			employee.PositionTypeJPT_UTAMA: pkn1, employee.PositionTypeJPT_MADYA: pkn1,
			employee.PositionTypeJPT_PRATAMA:   {{"PKN-II", "Pelatihan Kepemimpinan Nasional Tingkat II"}},
			employee.PositionTypeADMINISTRATOR: {{"PKA", "Pelatihan Kepemimpinan Administrator"}},
			employee.PositionTypePENGAWAS:      {{"PKP", "Pelatihan Kepemimpinan Pengawas"}},
		},
		YearsBeforeRetirement: 2,
		RetirementAges:        analytics.DefaultRetirementAges(),
	}
}

// managerialLevel orders the position types: the managerial (structural)
// ones 2–6, every other 1. A candidate comes from a lower level.
func managerialLevel(t employee.PositionType) int {
	switch t {
	case employee.PositionTypeJPT_UTAMA:
		return 6
	case employee.PositionTypeJPT_MADYA:
		return 5
	case employee.PositionTypeJPT_PRATAMA:
		return 4
	case employee.PositionTypeADMINISTRATOR:
		return 3
	case employee.PositionTypePENGAWAS:
		return 2
	}
	return 1
}

// Structural reports whether a position type is managerial (struktural):
// JPT, administrator or pengawas.
func Structural(t employee.PositionType) bool { return managerialLevel(t) > 1 }

// educationOrder ranks education levels; D4 and S1 are equal.
var educationOrder = map[employee.EducationLevel]int{
	employee.EducationLevelSD: 0, employee.EducationLevelSMP: 1, employee.EducationLevelSLTA: 2,
	employee.EducationLevelD1: 3, employee.EducationLevelD2: 4, employee.EducationLevelD3: 5,
	employee.EducationLevelD4: 6, employee.EducationLevelS1: 6, employee.EducationLevelS2: 7, employee.EducationLevelS3: 8,
}

// SuccessionCheck names one condition of a succession candidate.
type SuccessionCheck string

// The conditions, in the order the findings list them.
const (
	CheckRank       SuccessionCheck = "RANK"       // at least the position's minimum rank
	CheckEducation  SuccessionCheck = "EDUCATION"  // at least the minimum education
	CheckTraining   SuccessionCheck = "TRAINING"   // the required trainings completed
	CheckDiscipline SuccessionCheck = "DISCIPLINE" // no disciplinary penalty in effect
	CheckRetirement SuccessionCheck = "RETIREMENT" // enough service left before the age limit
)

// SuccessionFinding is the outcome of one condition, with its reason.
type SuccessionFinding struct {
	Check  SuccessionCheck
	Met    bool
	Detail string
}

// SuccessionCandidate is one employee considered for a position.
type SuccessionCandidate struct {
	Employee *ent.Employee
	// Eligible is true when every finding is met.
	Eligible bool
	// Box is the employee's nine-box (nil when not placed); Performance the
	// year's performance level (nil without an approved annual appraisal);
	// PotentialScore nil without a weighted assessment.
	Box            *int
	Performance    *Level
	PotentialScore *float64
	// Findings are the conditions in a fixed order.
	Findings []SuccessionFinding
}

// StructuralPosition is a structural (managerial) position of a unit with
// its succession candidates.
type StructuralPosition struct {
	Unit *ent.Unit
	Name string
	Type employee.PositionType
	// MinimumRank, MinimumEducation and RequiredTrainings are the
	// conditions of the rules for its type.
	MinimumRank       string
	MinimumEducation  employee.EducationLevel
	RequiredTrainings []string
	// Holder is who holds it (nil when vacant).
	Holder *ent.Employee
	Vacant bool
	// ConsideredCount are the employees considered; EligibleCount those
	// eligible (nil for analysts when disclosure control suppresses it).
	ConsideredCount *int
	EligibleCount   *int
	// Candidates is a page of the eligible, ranked; Ineligible a page of
	// notable ineligible ones (in the talent pool, or failing one
	// condition only), ranked the same. Both nil for analysts.
	Candidates []*SuccessionCandidate
	Ineligible []*SuccessionCandidate
}

// SuccessionPlan is the succession of the structural positions of a
// unit's subtree on a day.
type SuccessionPlan struct {
	Unit *ent.Unit
	AsOf time.Time
	// Year is the year of the nine-box the ranking reads.
	Year int
	// TotalCount is the number of positions (after vacantOnly).
	TotalCount int
	Positions  []*StructuralPosition
}

// SuccessionOptions are the arguments of Succession; nil fields take
// their defaults.
type SuccessionOptions struct {
	// AsOf is the reference day (today in WIB by default).
	AsOf *time.Time
	// Year is the nine-box year (AsOf's year minus one by default: the
	// last year whose annual appraisals are final).
	Year       *int
	Weights    *Weights
	VacantOnly bool
	// First and Offset page the positions (20, at most MaxPageSize);
	// Candidates and Ineligible cap the candidates per position (5 and 3,
	// at most MaxCandidates).
	First, Offset, Candidates, Ineligible *int
}

// MaxCandidates caps the candidates listed per position.
const MaxCandidates = 20

// Succession lists the structural positions of the subtree of the unit —
// those of the year's formasi (Formation rows of a managerial type) and
// those held by an employee in service — each with its holder and its
// succession candidates on the reference day.
//
// Who is considered for a position: the PNS in active service in the
// subtree of the unit above the position's unit (the position's own unit
// when that is the unit asked about), who hold a position of a lower
// level (JPT utama > madya > pratama > administrator > pengawas > any
// other), except its holder. Of them, those the viewer may not read the
// personal data of are left out (a leader reads down their own chain of
// subordinates; HR officers in scope and admins read everyone).
//
// A candidate is eligible when every condition of the rules holds: rank
// at least the minimum, education at least the minimum, the required
// trainings completed on or before the day, no disciplinary penalty in
// effect on the day (PP 94/2021), and the age limit of the position
// reached more than YearsBeforeRetirement years after the day.
//
// The ranking, the same for the eligible and the ineligible: the nine-box
// first (box 9 best; not placed last), then the performance level of the
// year (HIGH, MEDIUM, LOW, none), then the potential score (none last),
// then the rank (higher first), then seniority in rank (the earlier TMT of
// the rank first; unknown last), then the name and the id.
//
// Access: admins, HR officers and leaders whose scope holds the unit see
// the candidates; analysts get the counts only, with the eligible counts
// of the positions under disclosure control; others are FORBIDDEN.
// Errors: NOT_FOUND for an unknown unit; BAD_USER_INPUT for year, weights,
// first, offset, candidates, ineligible.
func Succession(ctx context.Context, c *ent.Client, unitID int, opt SuccessionOptions, now time.Time, r SuccessionRules) (*SuccessionPlan, error) {
	v := viewer.FromContext(ctx)
	members := v.IsAdmin() || v.Role == viewer.HROfficer || v.Role == viewer.Leader
	if !members && v.Role != viewer.Analyst {
		return nil, apperr.Forbiddenf("the succession plan is for leaders, HR officers, analysts (counts only) and admins")
	}
	asOf := dates.Today(now)
	if opt.AsOf != nil {
		asOf = dates.Day(opt.AsOf.UTC())
		if asOf.Year() < 2000 || asOf.Year() > 2100 {
			return nil, apperr.Invalid("asOf", "the day %s is out of range (2000–2100)", asOf.Format(time.DateOnly))
		}
	}
	year := asOf.Year() - 1
	if opt.Year != nil {
		year = *opt.Year
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "year %d is out of range (2000–2100)", year)
	}
	weights := DefaultWeights()
	if opt.Weights != nil {
		weights = *opt.Weights
	}
	if err := weights.validate(); err != nil {
		return nil, err
	}
	page := func(p *int, def, max int, field string) (int, error) {
		if p == nil {
			return def, nil
		}
		if *p < 0 {
			return 0, apperr.Invalid(field, "%s cannot be negative", field)
		}
		if *p > max {
			return 0, apperr.Invalid(field, "%s must be 0–%d", field, max)
		}
		return *p, nil
	}
	first, err := page(opt.First, 20, MaxPageSize, "first")
	if err != nil {
		return nil, err
	}
	offset, err := page(opt.Offset, 0, 1<<30, "offset")
	if err != nil {
		return nil, err
	}
	nCand, err := page(opt.Candidates, 5, MaxCandidates, "candidates")
	if err != nil {
		return nil, err
	}
	nInel, err := page(opt.Ineligible, 3, MaxCandidates, "ineligible")
	if err != nil {
		return nil, err
	}
	sys := viewer.System(ctx)
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	}
	if err != nil {
		return nil, fmt.Errorf("succession: %w", err)
	}
	if v.Role.Scoped() && !v.InScope(u.Path) {
		return nil, apperr.Forbiddenf("unit %s is outside your scope", u.Name)
	}
	w, err := loadWorld(sys, c, u, asOf, year, weights, r)
	if err != nil {
		return nil, fmt.Errorf("succession in unit %d: %w", unitID, err)
	}
	readable := w.readableBy(v)
	if w.penaltyShown, err = penaltiesShown(ctx, c, w); err != nil {
		return nil, fmt.Errorf("succession in unit %d: %w", unitID, err)
	}
	out := &SuccessionPlan{Unit: u, AsOf: asOf, Year: year}
	positions := w.positions(opt.VacantOnly)
	out.TotalCount = len(positions)
	positions = positions[min(offset, len(positions)):]
	positions = positions[:min(first, len(positions))]
	var groups []*analytics.Group
	for _, p := range positions {
		considered, eligible, inel := w.candidates(p, readable, r, asOf, nCand, nInel)
		sp := &StructuralPosition{Unit: w.units[p.unitID].unit, Name: p.name, Type: p.ptype,
			MinimumRank: r.MinRank[p.ptype], MinimumEducation: r.MinEducation[p.ptype], RequiredTrainings: []string{},
			Vacant: p.holder == 0}
		for _, t := range r.Trainings[p.ptype] {
			sp.RequiredTrainings = append(sp.RequiredTrainings, t.Code)
		}
		if p.holder != 0 {
			sp.Holder = &ent.Employee{ID: p.holder}
		}
		if members {
			n, k := considered, eligible.total
			sp.ConsideredCount, sp.EligibleCount = &n, &k
			sp.Candidates, sp.Ineligible = eligible.page, inel
		} else {
			name := fmt.Sprint(p.unitID, "\x1f", p.name)
			groups = append(groups, &analytics.Group{Count: eligible.total, Key: []analytics.Key{{Dimension: "POSITION", Value: &name}}})
		}
		out.Positions = append(out.Positions, sp)
	}
	if !members {
		groups = analytics.Disclose(ctx, groups)
		for i, g := range groups {
			out.Positions[i].EligibleCount = g.VisibleCount()
		}
	}
	if err := w.attach(ctx, c, out.Positions); err != nil {
		return nil, fmt.Errorf("succession in unit %d: %w", unitID, err)
	}
	return out, nil
}

// person is what the succession rules read of one employee.
type person struct {
	id         int
	name       string
	unitID     int
	path       string
	superior   *int
	pns        bool
	active     bool
	rank       string
	rankOrder  int
	rankDate   *time.Time
	education  employee.EducationLevel
	level      int
	ptype      employee.PositionType
	posName    string
	birth      *time.Time
	box        int // 0: not placed
	perf       *Level
	potScore   *float64
	trainings  map[string]time.Time // required code → first completion
	penalties  []discipline.Penalty
	considered bool // a PNS in active service: may be a candidate
	order      int  // place in the ranking of everyone (rankAll)
}

type unitRow struct {
	unit   *ent.Unit
	parent *int
}

type position struct {
	unitID int
	path   string
	name   string
	ptype  employee.PositionType
	holder int
}

// world is everything a succession plan reads of a subtree.
type world struct {
	root   *ent.Unit
	units  map[int]unitRow
	people []*person // by unit path, then id
	byID   map[int]*person
	pos    []*position
	// fails caches the failures of each person (by index) per position
	// type; -1 not decided yet.
	fails  map[employee.PositionType][]int8
	ranked bool
	// penaltyShown says whether the viewer reads the disciplinary
	// penalties of a person (see penaltiesShown); others learn only that
	// one is in effect.
	penaltyShown func(*person) bool
}

func loadWorld(ctx context.Context, c *ent.Client, root *ent.Unit, asOf time.Time, year int, weights Weights, r SuccessionRules) (*world, error) {
	us, err := c.Unit.Query().Where(orgtree.Under(root.Path)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	w := &world{root: root, units: make(map[int]unitRow, len(us)), byID: map[int]*person{}}
	for _, x := range us {
		w.units[x.ID] = unitRow{unit: x, parent: x.ParentID}
	}
	inTree := employee.HasUnitWith(orgtree.Under(root.Path))
	es, err := c.Employee.Query().Where(inTree, employee.StatusIn(employee.StatusACTIVE, employee.StatusON_LEAVE)).Select(
		employee.FieldName, employee.FieldUnitID, employee.FieldSuperiorID, employee.FieldEmploymentType, employee.FieldStatus,
		employee.FieldRank, employee.FieldRankDate, employee.FieldEducationLevel, employee.FieldPositionName,
		employee.FieldPositionType, employee.FieldBirthDate,
	).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("employees: %w", err)
	}
	for _, e := range es {
		p := &person{id: e.ID, name: e.Name, unitID: e.UnitID, path: w.units[e.UnitID].unit.Path, superior: e.SuperiorID,
			pns: e.EmploymentType == employee.EmploymentTypePNS, active: e.Status == employee.StatusACTIVE,
			rank: e.Rank, rankDate: day(e.RankDate), education: e.EducationLevel, ptype: e.PositionType,
			level: managerialLevel(e.PositionType), posName: e.PositionName, birth: day(e.BirthDate)}
		p.rankOrder, _ = rank.Order("PNS", e.Rank)
		p.considered = p.pns && p.active
		w.people = append(w.people, p)
		w.byID[e.ID] = p
	}
	sort.Slice(w.people, func(i, j int) bool {
		a, b := w.people[i], w.people[j]
		if a.path != b.path {
			return a.path < b.path
		}
		return a.id < b.id
	})
	sc, err := loadScores(ctx, c, employee.And(inTree, employee.StatusEQ(employee.StatusACTIVE)), year, weights)
	if err != nil {
		return nil, err
	}
	for _, p := range w.people {
		if pl, ok := sc.perf[p.id]; ok {
			p.perf = &pl
		}
		if pt, ok := sc.pot[p.id]; ok {
			s := pt.score
			p.potScore = &s
		}
		if pl, ok := sc.place(p.id); ok {
			p.box = pl.Box
		}
	}
	considered := employee.And(inTree, employee.StatusEQ(employee.StatusACTIVE), employee.EmploymentTypeEQ(employee.EmploymentTypePNS))
	ps, err := personnel.Penalties(ctx, c, considered)
	if err != nil {
		return nil, err
	}
	for id, list := range ps {
		if p := w.byID[id]; p != nil {
			p.penalties = list
		}
	}
	codes := map[string]bool{}
	var prefixes []string
	for _, ts := range r.Trainings {
		for _, t := range ts {
			if !codes[t.Code] {
				codes[t.Code] = true
				prefixes = append(prefixes, t.Code)
			}
		}
	}
	if len(prefixes) > 0 {
		var like []predicate.Training
		for _, x := range prefixes {
			like = append(like, training.CodeHasPrefix(x))
		}
		var rows []struct {
			EmployeeID  int        `json:"employee_id"`
			TrainingID  int        `json:"training_id"`
			CompletedAt *time.Time `json:"completed_at"`
		}
		err := c.Enrollment.Query().Where(enrollment.StatusEQ(enrollment.StatusCOMPLETED), enrollment.HasEmployeeWith(considered),
			enrollment.HasTrainingWith(training.Or(like...))).
			Select(enrollment.FieldEmployeeID, enrollment.FieldTrainingID, enrollment.FieldCompletedAt).Scan(ctx, &rows)
		if err != nil {
			return nil, fmt.Errorf("trainings: %w", err)
		}
		tids := map[int]bool{}
		for _, x := range rows {
			tids[x.TrainingID] = true
		}
		ids := make([]int, 0, len(tids))
		for id := range tids {
			ids = append(ids, id)
		}
		ts, err := c.Training.Query().Where(training.IDIn(ids...)).Select(training.FieldCode, training.FieldEndsOn).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("trainings: %w", err)
		}
		byTraining := map[int]*ent.Training{}
		for _, t := range ts {
			byTraining[t.ID] = t
		}
		for _, x := range rows {
			p, t := w.byID[x.EmployeeID], byTraining[x.TrainingID]
			if p == nil || t == nil {
				continue
			}
			done := dates.Day(t.EndsOn.UTC())
			if x.CompletedAt != nil {
				done = dates.Day(x.CompletedAt.UTC())
			}
			for _, code := range prefixes {
				if t.Code == code || strings.HasPrefix(t.Code, code+"-") {
					if p.trainings == nil {
						p.trainings = map[string]time.Time{}
					}
					if old, ok := p.trainings[code]; !ok || done.Before(old) {
						p.trainings[code] = done
					}
				}
			}
		}
	}
	// The positions: the managerial formasi of the year of the day, and
	// the managerial positions held.
	fs, err := c.Formation.Query().Where(formation.HasUnitWith(orgtree.Under(root.Path)), formation.Year(asOf.Year()), formation.NeededGT(0),
		formation.PositionTypeIn(formation.PositionTypeJPT_UTAMA, formation.PositionTypeJPT_MADYA, formation.PositionTypeJPT_PRATAMA,
			formation.PositionTypeADMINISTRATOR, formation.PositionTypePENGAWAS)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("formasi: %w", err)
	}
	type key struct {
		unit int
		name string
	}
	seen := map[key]*position{}
	add := func(unitID int, name string, t employee.PositionType) *position {
		k := key{unitID, name}
		if p := seen[k]; p != nil {
			return p
		}
		p := &position{unitID: unitID, path: w.units[unitID].unit.Path, name: name, ptype: t}
		seen[k] = p
		w.pos = append(w.pos, p)
		return p
	}
	for _, f := range fs {
		add(f.UnitID, f.PositionName, employee.PositionType(f.PositionType))
	}
	for _, p := range w.people {
		if p.level > 1 {
			pos := add(p.unitID, p.posName, p.ptype)
			if pos.holder == 0 || p.id < pos.holder {
				pos.holder = p.id
			}
		}
	}
	sort.Slice(w.pos, func(i, j int) bool {
		a, b := w.pos[i], w.pos[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if a.ptype != b.ptype {
			return managerialLevel(a.ptype) > managerialLevel(b.ptype)
		}
		return a.name < b.name
	})
	return w, nil
}

func day(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := dates.Day(t.UTC())
	return &d
}

// positions returns the positions, only the vacant ones when vacantOnly.
func (w *world) positions(vacantOnly bool) []*position {
	if !vacantOnly {
		return w.pos
	}
	var out []*position
	for _, p := range w.pos {
		if p.holder == 0 {
			out = append(out, p)
		}
	}
	return out
}

// penaltiesShown returns whether the viewer of ctx reads the disciplinary
// penalties of a person: the row rule of DisciplinaryPenalty
// (internal/access; the direct superior, HR officers in scope, admins),
// asked of the database under the viewer's context for the people of w
// who have a penalty.
func penaltiesShown(ctx context.Context, c *ent.Client, w *world) (func(*person) bool, error) {
	var ids []int
	for _, p := range w.people {
		if len(p.penalties) > 0 {
			ids = append(ids, p.id)
		}
	}
	shown := map[int]bool{}
	if len(ids) > 0 {
		readable, err := c.DisciplinaryPenalty.Query().Where(disciplinarypenalty.EmployeeIDIn(ids...)).
			Unique(true).Select(disciplinarypenalty.FieldEmployeeID).Ints(ctx)
		if err != nil {
			return nil, fmt.Errorf("penalties the viewer reads: %w", err)
		}
		for _, id := range readable {
			shown[id] = true
		}
	}
	return func(p *person) bool { return shown[p.id] }, nil
}

// readableBy returns whether v reads the personal data of an employee of
// the subtree (access.Personal's rule, decided for the whole subtree at
// once): admins and HR officers (whose scope holds it) everyone; others
// themselves and their chain of subordinates. Analysts get counts only,
// which read everyone.
func (w *world) readableBy(v *viewer.Viewer) func(*person) bool {
	if v.IsAdmin() || v.Role == viewer.HROfficer || v.Role == viewer.Analyst {
		return func(*person) bool { return true }
	}
	if v.Role != viewer.Leader || v.EmployeeID == 0 {
		return func(*person) bool { return false }
	}
	below := map[int][]int{}
	for _, p := range w.people {
		if p.superior != nil {
			below[*p.superior] = append(below[*p.superior], p.id)
		}
	}
	ok := map[int]bool{v.EmployeeID: true}
	queue := []int{v.EmployeeID}
	for depth := 0; len(queue) > 0 && depth < 12; depth++ {
		var next []int
		for _, id := range queue {
			for _, s := range below[id] {
				if !ok[s] {
					ok[s] = true
					next = append(next, s)
				}
			}
		}
		queue = next
	}
	return func(p *person) bool { return ok[p.id] }
}

type ranked struct {
	total int
	page  []*SuccessionCandidate
}

// candidates decides the candidates of position pos: how many were
// considered, the eligible (all counted, the first nCand listed) and the
// first nInel notable ineligible. Only the considered the viewer reads
// (readable) count; the analysts' counts read everyone.
func (w *world) candidates(pos *position, readable func(*person) bool, r SuccessionRules, asOf time.Time, nCand, nInel int) (int, ranked, []*SuccessionCandidate) {
	poolPath := pos.path
	if u := w.units[pos.unitID]; u.parent != nil && pos.unitID != w.root.ID {
		if parent, ok := w.units[*u.parent]; ok {
			poolPath = parent.unit.Path
		}
	}
	lo := sort.Search(len(w.people), func(i int) bool { return w.people[i].path >= poolPath })
	var el, inel []*person
	considered := 0
	for i := lo; i < len(w.people) && strings.HasPrefix(w.people[i].path, poolPath); i++ {
		p := w.people[i]
		if !p.considered || p.level >= managerialLevel(pos.ptype) || p.id == pos.holder {
			continue
		}
		if !readable(p) {
			continue
		}
		considered++
		n := w.failures(i, pos.ptype, r, asOf)
		if n == 0 {
			el = append(el, p)
			continue
		}
		if InPool(p.box) || n == 1 {
			inel = append(inel, p)
		}
	}
	w.rankAll()
	sort.Slice(el, func(i, j int) bool { return el[i].order < el[j].order })
	sort.Slice(inel, func(i, j int) bool { return inel[i].order < inel[j].order })
	out := ranked{total: len(el)}
	for _, p := range el[:min(nCand, len(el))] {
		out.page = append(out.page, decide(p, pos.ptype, r, asOf, w.penaltyShown(p)))
	}
	if out.page == nil {
		out.page = []*SuccessionCandidate{}
	}
	notes := []*SuccessionCandidate{}
	for _, p := range inel[:min(nInel, len(inel))] {
		notes = append(notes, decide(p, pos.ptype, r, asOf, w.penaltyShown(p)))
	}
	return considered, out, notes
}

// failures counts the conditions the i-th person does not meet for a
// position of type t — the same conditions as findings, without words,
// decided once per person and type (a person is in the pool of many
// positions).
func (w *world) failures(i int, t employee.PositionType, r SuccessionRules, asOf time.Time) int {
	cache := w.fails[t]
	if cache == nil {
		cache = make([]int8, len(w.people))
		for j := range cache {
			cache[j] = -1
		}
		if w.fails == nil {
			w.fails = map[employee.PositionType][]int8{}
		}
		w.fails[t] = cache
	}
	if cache[i] >= 0 {
		return int(cache[i])
	}
	p := w.people[i]
	n := 0
	if minRank, ok := r.MinRank[t]; ok {
		if want, _ := rank.Order("PNS", minRank); p.rankOrder < want {
			n++
		}
	}
	if minEdu, ok := r.MinEducation[t]; ok && educationOrder[p.education] < educationOrder[minEdu] {
		n++
	}
	for _, tr := range r.Trainings[t] {
		if d, ok := p.trainings[tr.Code]; !ok || d.After(asOf) {
			n++
			break
		}
	}
	for _, pen := range p.penalties {
		if pen.InEffect(asOf) {
			n++
			break
		}
	}
	if p.birth == nil {
		n++
	} else {
		age := r.RetirementAges.For(t, nil)
		limit := time.Date(p.birth.Year()+age, p.birth.Month(), p.birth.Day(), 0, 0, 0, 0, time.UTC)
		if !limit.After(asOf.AddDate(r.YearsBeforeRetirement, 0, 0)) {
			n++
		}
	}
	cache[i] = int8(n)
	return n
}

// decide returns p as a candidate for a position of type t, with the
// findings in words.
func decide(p *person, t employee.PositionType, r SuccessionRules, asOf time.Time, penaltyShown bool) *SuccessionCandidate {
	c := &SuccessionCandidate{Employee: &ent.Employee{ID: p.id}}
	c.Findings = findings(p, t, r, asOf, true, penaltyShown)
	c.Eligible = true
	for _, f := range c.Findings {
		c.Eligible = c.Eligible && f.Met
	}
	if p.box > 0 {
		b := p.box
		c.Box = &b
	}
	c.Performance, c.PotentialScore = p.perf, p.potScore
	return c
}

// findings applies the rules of a position of type t to p on day asOf, in
// the order of the checks; the details in words only when detail, and a
// penalty's kind, decree and dates only when penaltyShown.
func findings(p *person, t employee.PositionType, r SuccessionRules, asOf time.Time, detail, penaltyShown bool) []SuccessionFinding {
	out := make([]SuccessionFinding, 0, 5)
	add := func(c SuccessionCheck, met bool, format string, args ...any) {
		f := SuccessionFinding{Check: c, Met: met}
		if detail {
			f.Detail = fmt.Sprintf(format, args...)
		}
		out = append(out, f)
	}
	noun := positionNoun(t)
	if minRank, ok := r.MinRank[t]; ok {
		want, _ := rank.Order("PNS", minRank)
		if p.rankOrder >= want {
			add(CheckRank, true, "rank %s, at least %s for %s", p.rank, minRank, noun)
		} else {
			add(CheckRank, false, "rank %s is below %s, the minimum for %s", p.rank, minRank, noun)
		}
	} else {
		add(CheckRank, true, "no minimum rank for %s", noun)
	}
	if minEdu, ok := r.MinEducation[t]; ok {
		if educationOrder[p.education] >= educationOrder[minEdu] {
			add(CheckEducation, true, "education %s, at least %s", p.education, minEdu)
		} else {
			add(CheckEducation, false, "education %s is below %s, the minimum for %s", p.education, minEdu, noun)
		}
	} else {
		add(CheckEducation, true, "no minimum education for %s", noun)
	}
	var missing, done []string
	for _, tr := range r.Trainings[t] {
		if d, ok := p.trainings[tr.Code]; ok && !d.After(asOf) {
			done = append(done, fmt.Sprintf("%s completed on %s", tr.Code, d.Format(time.DateOnly)))
		} else {
			missing = append(missing, fmt.Sprintf("%s (%s)", tr.Code, tr.Name))
		}
	}
	switch {
	case len(missing) > 0:
		add(CheckTraining, false, "missing training %s", strings.Join(missing, ", "))
	case len(done) > 0:
		add(CheckTraining, true, "%s", strings.Join(done, ", "))
	default:
		add(CheckTraining, true, "no training required for %s", noun)
	}
	var inEffect *discipline.Penalty
	for i := range p.penalties {
		if p.penalties[i].InEffect(asOf) {
			inEffect = &p.penalties[i]
			break
		}
	}
	switch {
	case inEffect == nil:
		add(CheckDiscipline, true, "no disciplinary penalty in effect on %s", asOf.Format(time.DateOnly))
	case !penaltyShown:
		add(CheckDiscipline, false, "a disciplinary penalty is in effect on %s (its kind, decree and period are shown to the direct superior, HR officers and admins)", asOf.Format(time.DateOnly))
	case inEffect.Until == nil:
		add(CheckDiscipline, false, "disciplinary penalty %s (decree %s) in effect since %s, without end", inEffect.Kind, inEffect.Decree, inEffect.From.Format(time.DateOnly))
	default:
		add(CheckDiscipline, false, "disciplinary penalty %s (decree %s) in effect until %s", inEffect.Kind, inEffect.Decree, inEffect.Until.Format(time.DateOnly))
	}
	age := r.RetirementAges.For(t, nil)
	if p.birth == nil {
		add(CheckRetirement, false, "the birth date is not recorded: the age limit of %d cannot be checked", age)
	} else {
		limit := time.Date(p.birth.Year()+age, p.birth.Month(), p.birth.Day(), 0, 0, 0, 0, time.UTC)
		enough := asOf.AddDate(r.YearsBeforeRetirement, 0, 0)
		if limit.After(enough) {
			add(CheckRetirement, true, "reaches the age limit of %d on %s, more than %d years after %s", age, limit.Format(time.DateOnly), r.YearsBeforeRetirement, asOf.Format(time.DateOnly))
		} else {
			add(CheckRetirement, false, "reaches the age limit of %d on %s, within %d years of %s", age, limit.Format(time.DateOnly), r.YearsBeforeRetirement, asOf.Format(time.DateOnly))
		}
	}
	return out
}

// positionNoun names a position type in findings.
func positionNoun(t employee.PositionType) string {
	switch t {
	case employee.PositionTypeJPT_UTAMA:
		return "a JPT utama position"
	case employee.PositionTypeJPT_MADYA:
		return "a JPT madya position"
	case employee.PositionTypeJPT_PRATAMA:
		return "a JPT pratama position"
	case employee.PositionTypeADMINISTRATOR:
		return "an administrator position"
	case employee.PositionTypePENGAWAS:
		return "a pengawas position"
	}
	return "the position"
}

// rankAll numbers everyone in the order of the ranking, once: a
// position's candidates are then sorted by that number.
func (w *world) rankAll() {
	if w.ranked {
		return
	}
	all := append([]*person(nil), w.people...)
	sortRanked(all)
	for i, p := range all {
		p.order = i
	}
	w.ranked = true
}

// sortRanked orders people by the ranking of Succession.
func sortRanked(ps []*person) {
	perf := func(l *Level) int {
		if l == nil {
			return 0
		}
		switch *l {
		case High:
			return 3
		case Medium:
			return 2
		}
		return 1
	}
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.box != b.box {
			return a.box > b.box
		}
		if pa, pb := perf(a.perf), perf(b.perf); pa != pb {
			return pa > pb
		}
		if (a.potScore == nil) != (b.potScore == nil) {
			return a.potScore != nil
		}
		if a.potScore != nil && *a.potScore != *b.potScore {
			return *a.potScore > *b.potScore
		}
		if a.rankOrder != b.rankOrder {
			return a.rankOrder > b.rankOrder
		}
		if (a.rankDate == nil) != (b.rankDate == nil) {
			return a.rankDate != nil
		}
		if a.rankDate != nil && !a.rankDate.Equal(*b.rankDate) {
			return a.rankDate.Before(*b.rankDate)
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.id < b.id
	})
}

// attach loads the holders and candidates as the viewer of ctx sees them
// (the row rules and the field policy apply to what is shown).
func (w *world) attach(ctx context.Context, c *ent.Client, ps []*StructuralPosition) error {
	var ids []int
	for _, p := range ps {
		if p.Holder != nil {
			ids = append(ids, p.Holder.ID)
		}
		for _, x := range append(append([]*SuccessionCandidate{}, p.Candidates...), p.Ineligible...) {
			ids = append(ids, x.Employee.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	es, err := c.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int]*ent.Employee, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	keep := func(xs []*SuccessionCandidate) []*SuccessionCandidate {
		if xs == nil {
			return nil
		}
		out := xs[:0]
		for _, x := range xs {
			if e := byID[x.Employee.ID]; e != nil {
				x.Employee = e
				out = append(out, x)
			}
		}
		return out
	}
	for _, p := range ps {
		if p.Holder != nil {
			p.Holder = byID[p.Holder.ID]
		}
		p.Candidates, p.Ineligible = keep(p.Candidates), keep(p.Ineligible)
	}
	return nil
}
