package analytics

import (
	"fmt"
	"io"
	"strconv"

	"simasn/internal/apperr"
)

// Dimension is what aggregate rows are grouped by. Which dimensions apply
// depends on the records aggregated: an employee's attributes apply to
// employees and to the records about them (enrollments, appraisals, work
// logs), a date dimension to dated records, a record's own status and
// categories to that record.
type Dimension string

// The dimensions.
const (
	// Unit is the unit (of the employee, or responsible for a complaint),
	// rolled up to the level of the tree a query asks for.
	Unit Dimension = "UNIT"
	// Region is the regency or city (kabupaten/kota).
	Region Dimension = "REGION"
	// Remote is whether the region is remote (daerah terpencil): true or false.
	Remote Dimension = "REMOTE"
	// Profession is the employee's profession group (rumpun jabatan).
	Profession Dimension = "PROFESSION"
	// Rank is the employee's rank (golongan) or PPPK grade.
	Rank Dimension = "RANK"
	// PositionType is the employee's position type (jenis jabatan).
	PositionType Dimension = "POSITION_TYPE"
	// PositionLevel is the level of a functional position (jenjang).
	PositionLevel Dimension = "POSITION_LEVEL"
	// Position is the position title (nama jabatan).
	Position Dimension = "POSITION"
	// Education is the employee's highest education level.
	Education Dimension = "EDUCATION"
	// Gender is the employee's gender.
	Gender Dimension = "GENDER"
	// AgeBand is the employee's age in five-year bands (<25, 25–29, …, 60+).
	AgeBand Dimension = "AGE_BAND"
	// EmploymentType is PNS, CPNS or PPPK.
	EmploymentType Dimension = "EMPLOYMENT_TYPE"
	// Status is the record's own status: the employee's, enrollment's,
	// appraisal's, work log's or complaint's.
	Status Dimension = "STATUS"
	// Year, Quarter and Month bucket dated records by their date.
	Year    Dimension = "YEAR"
	Quarter Dimension = "QUARTER"
	Month   Dimension = "MONTH"
	// Training, TrainingCategory and TrainingMethod describe an
	// enrollment's training.
	Training         Dimension = "TRAINING"
	TrainingCategory Dimension = "TRAINING_CATEGORY"
	TrainingMethod   Dimension = "TRAINING_METHOD"
	// Predicate is an appraisal's performance predicate (predikat kinerja).
	Predicate Dimension = "PREDICATE"
	// PeriodKind is an appraisal's period kind (annual, quarterly, monthly).
	PeriodKind Dimension = "PERIOD_KIND"
	// Period is an appraisal's quarter or month number (0 for annual).
	Period Dimension = "PERIOD"
	// Category, Channel and Class describe a complaint.
	Category Dimension = "CATEGORY"
	Channel  Dimension = "CHANNEL"
	Class    Dimension = "CLASS"
	// Competency is the competency of a competency gap.
	Competency Dimension = "COMPETENCY"
)

// Dimensions lists every dimension in a stable order.
func Dimensions() []Dimension {
	return []Dimension{Unit, Region, Remote, Profession, Rank, PositionType, PositionLevel, Position, Education, Gender, AgeBand,
		EmploymentType, Status, Year, Quarter, Month, Training, TrainingCategory, TrainingMethod, Predicate, PeriodKind, Period,
		Category, Channel, Class, Competency}
}

// Valid reports whether d is one of Dimensions.
func (d Dimension) Valid() bool {
	for _, x := range Dimensions() {
		if d == x {
			return true
		}
	}
	return false
}

// MarshalGQL writes the dimension as a GraphQL enum value.
func (d Dimension) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL reads a GraphQL enum value.
func (d *Dimension) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Dimension(s).Valid() {
		return fmt.Errorf("%v is not a dimension", v)
	}
	*d = Dimension(s)
	return nil
}

// Measure names a measure an aggregate computes besides the count, e.g.
// MEDIAN_MINUTES for work logs. Each kind of record has its own set (see
// EmployeeMeasures and the like).
type Measure string

// MarshalGQL writes the measure as a GraphQL enum value.
func (m Measure) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(m))) }

// UnmarshalGQL reads a GraphQL enum value; the schema has already checked
// that it belongs to the query's enum.
func (m *Measure) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || s == "" {
		return fmt.Errorf("%v is not a measure", v)
	}
	*m = Measure(s)
	return nil
}

// Limits of one aggregate query.
const (
	// MaxGroupBy is the most dimensions one query may group by.
	MaxGroupBy = 6
	// MaxMeasures is the most measures one query may compute.
	MaxMeasures = 20
	// MaxGroups is the most groups one query may return; group by fewer
	// dimensions or filter more to stay under it.
	MaxGroups = 5000
)

func checkShape(groupBy []Dimension, measures int, unitLevel *int) error {
	if len(groupBy) > MaxGroupBy {
		return apperr.Invalid("groupBy", "group by at most %d dimensions, not %d", MaxGroupBy, len(groupBy))
	}
	seen := map[Dimension]bool{}
	for _, d := range groupBy {
		if seen[d] {
			return apperr.Invalid("groupBy", "%s is asked for twice", d)
		}
		seen[d] = true
	}
	if measures > MaxMeasures {
		return apperr.Invalid("measures", "ask for at most %d measures, not %d", MaxMeasures, measures)
	}
	if unitLevel != nil && (*unitLevel < 0 || *unitLevel > 20) {
		return apperr.Invalid("unitLevel", "the unit level is the depth in the tree: 0 for top-level agencies, 1 for their divisions, …; %d is out of range", *unitLevel)
	}
	return nil
}
