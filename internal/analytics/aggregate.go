package analytics

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/appraisal"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/surveyresponse"
	"simasn/ent/training"
	"simasn/ent/worklog"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
)

// Employee measures.
const (
	AverageAge          Measure = "AVERAGE_AGE"
	MedianAge           Measure = "MEDIAN_AGE"
	MinAge              Measure = "MIN_AGE"
	MaxAge              Measure = "MAX_AGE"
	AverageServiceYears Measure = "AVERAGE_SERVICE_YEARS"
	MedianServiceYears  Measure = "MEDIAN_SERVICE_YEARS"
	FemaleShare         Measure = "FEMALE_SHARE"
	PPPKShare           Measure = "PPPK_SHARE"
)

// Enrollment measures.
const (
	Employees      Measure = "EMPLOYEES"
	Completed      Measure = "COMPLETED"
	CompletionRate Measure = "COMPLETION_RATE"
	TotalJP        Measure = "TOTAL_JP"
	AverageScore   Measure = "AVERAGE_SCORE"
	MedianScore    Measure = "MEDIAN_SCORE"
	MinScore       Measure = "MIN_SCORE"
	MaxScore       Measure = "MAX_SCORE"
)

// Appraisal measures.
const (
	Rated              Measure = "RATED"
	GoodOrBetterShare  Measure = "GOOD_OR_BETTER_SHARE"
	ApprovedShare      Measure = "APPROVED_SHARE"
	SangatBaikShare    Measure = "SANGAT_BAIK_SHARE"
	BelowExpectedShare Measure = "BELOW_EXPECTATION_SHARE"
)

// Work-log measures (Employees applies too).
const (
	TotalMinutes   Measure = "TOTAL_MINUTES"
	AverageMinutes Measure = "AVERAGE_MINUTES"
	MedianMinutes  Measure = "MEDIAN_MINUTES"
	P90Minutes     Measure = "P90_MINUTES"
	MaxMinutes     Measure = "MAX_MINUTES"
	TotalQuantity  Measure = "TOTAL_QUANTITY"
	VerifiedShare  Measure = "VERIFIED_SHARE"
)

// Complaint measures.
const (
	Open                        Measure = "OPEN"
	Overdue                     Measure = "OVERDUE"
	AverageHoursToFirstResponse Measure = "AVERAGE_HOURS_TO_FIRST_RESPONSE"
	MedianHoursToFirstResponse  Measure = "MEDIAN_HOURS_TO_FIRST_RESPONSE"
	P90HoursToFirstResponse     Measure = "P90_HOURS_TO_FIRST_RESPONSE"
	AverageDaysToSettlement     Measure = "AVERAGE_DAYS_TO_SETTLEMENT"
	MedianDaysToSettlement      Measure = "MEDIAN_DAYS_TO_SETTLEMENT"
	P90DaysToSettlement         Measure = "P90_DAYS_TO_SETTLEMENT"
	AnsweredWithinDeadlineShare Measure = "ANSWERED_WITHIN_DEADLINE_SHARE"
	SettledWithinDeadlineShare  Measure = "SETTLED_WITHIN_DEADLINE_SHARE"
	AverageRating               Measure = "AVERAGE_RATING"
	RatedCount                  Measure = "RATED_COUNT"
)

// Default measures when a query names none.
var (
	DefaultEmployeeMeasures   = []Measure{AverageAge, MedianAge, AverageServiceYears, FemaleShare}
	DefaultEnrollmentMeasures = []Measure{Employees, Completed, TotalJP, AverageScore}
	DefaultAppraisalMeasures  = []Measure{Rated, GoodOrBetterShare, ApprovedShare}
	DefaultWorkLogMeasures    = []Measure{Employees, TotalMinutes, AverageMinutes, MedianMinutes, P90Minutes}
	DefaultComplaintMeasures  = []Measure{Open, Overdue, MedianHoursToFirstResponse, P90HoursToFirstResponse,
		MedianDaysToSettlement, P90DaysToSettlement, AnsweredWithinDeadlineShare, AverageRating}
)

// Default group-by dimensions of the reports that have one.
var (
	DefaultGapGroupBy          = []Dimension{Region, Profession}
	DefaultRetirementGroupBy   = []Dimension{PositionType}
	DefaultCompetencyGroupBy   = []Dimension{Unit}
	DefaultDistributionGroupBy = []Dimension{Unit, Year, PeriodKind, Period}
	DefaultSatisfactionGroupBy = []Dimension{Unit}
)

func orDefault(ms, def []Measure) []Measure {
	if ms == nil {
		return def
	}
	return ms
}

// inList is "c IN ('A', 'B')" for enum constants.
func inList[T ~string](c string, values ...T) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = str(string(v))
	}
	return c + ` IN (` + strings.Join(quoted, ", ") + `)`
}

// when is a 0/1 value: 1 when cond holds.
func when(cond string) string { return `(CASE WHEN ` + cond + ` THEN 1 ELSE 0 END)` }

// employeeJoin joins the records' employee as "e" through the given
// foreign key.
func employeeJoin(fk string) func(b *build) func(string) string {
	return func(b *build) func(string) string {
		b.join("e", func() {
			b.inner.Join(sql.Table(employee.Table).As("e")).OnP(on(col("e", employee.FieldID) + " = " + b.C(fk)))
		})
		return func(f string) string { return col("e", f) }
	}
}

// employeeMeasures are the measures of any record about an employee.
func employeeMeasures(emp func(b *build) func(string) string) map[Measure]measure {
	age := text(func(b *build) string { return b.age(emp(b)("birth_date")) })
	service := text(func(b *build) string { return b.d.yearsSince(emp(b)("cpns_date"), b.now) })
	// Whole years and 0/1 shares: a histogram sums them as integers, and
	// counts a mean's values by the date they are counted from (NULL
	// exactly when the years are) or not at all (a share is never NULL).
	years := func(m measure, field string) measure {
		m.whole, m.present = true, func(b *build) string { return emp(b)(field) }
		return m
	}
	flag := func(m measure) measure {
		m.whole, m.present = true, func(*build) string { return "" }
		return m
	}
	return map[Measure]measure{
		AverageAge:          years(avg(age), "birth_date"),
		MedianAge:           years(median(age), "birth_date"),
		MinAge:              years(minimum(age), "birth_date"),
		MaxAge:              years(maximum(age), "birth_date"),
		AverageServiceYears: years(avg(service), "cpns_date"),
		MedianServiceYears:  years(median(service), "cpns_date"),
		FemaleShare:         flag(share(text(func(b *build) string { return when(emp(b)("gender") + ` = 'FEMALE'`) }))),
		PPPKShare:           flag(share(text(func(b *build) string { return when(emp(b)("employment_type") + ` = 'PPPK'`) }))),
	}
}

func employeeSource(q *ent.EmployeeQuery) *source {
	self := func(b *build) func(string) string { return b.C }
	return &source{
		name: "employees",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			// A copy each time: run may scan twice (an age out of the joined
			// relation's range, see build.age), and Order adds to the query.
			return q.Clone().Order(finish).Select().Scan(ctx, v)
		},
		employee:  self,
		unit:      func(b *build) string { return b.C(employee.FieldUnitID) },
		own:       map[Dimension]ownDim{Status: {func(b *build) string { return b.C(employee.FieldStatus) }, kindPlain}},
		measures:  employeeMeasures(self),
		countable: true,
		ages:      true,
	}
}

// EmployeeAggregate groups the employees matching where that the viewer
// may see. Measures: AVERAGE_AGE, MEDIAN_AGE, MIN_AGE, MAX_AGE,
// AVERAGE_SERVICE_YEARS, MEDIAN_SERVICE_YEARS (since the CPNS appointment),
// FEMALE_SHARE, PPPK_SHARE. Ages are whole years at now. Errors:
// FORBIDDEN for employees and the public, BAD_USER_INPUT for a dimension or
// measure that does not apply. On PostgreSQL, the figures kept by the
// writers answer it when they can (employeeFigures).
func EmployeeAggregate(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	return employeeAggregate(ctx, c, where, spec, now, true)
}

func employeeAggregate(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, spec Spec, now time.Time, figures bool) ([]*Group, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if figures {
		if groups, ok, err := employeeFigures(ctx, c, where, spec, now); err != nil {
			return nil, err
		} else if ok {
			return disclose(ctx, groups), nil
		}
	}
	groups, err := (&query{src: employeeSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: orDefault(spec.Measures, DefaultEmployeeMeasures), now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	return disclose(ctx, groups), nil
}

// trainingJoin joins each enrollment's training as "t": a subquery over
// the trainings with the columns the aggregates read and the year and month
// of the training's last day (trainingYear, trainingMonth). Those are
// computed once per training, not once per enrollment: the 181,000
// enrollments of the scale dataset share a few trainings, and the year and
// month of each enrollment's training were most of the cost of grouping by
// quarter (enrollments by quarter × category: 196–236 → 162–169 ms of
// backend CPU). OFFSET 0 keeps PostgreSQL from flattening the subquery back
// into the enrollments' join.
func trainingJoin(b *build) string {
	return b.join("t", func() {
		b.inner.Join(sql.Table(trainingRows(b.d)).As("t")).OnP(on(col("t", training.FieldID) + " = " + b.C(enrollment.FieldTrainingID)))
	})
}

// trainingRows is trainingJoin's subquery: the trainings with the columns
// the aggregates read and the year and month of their last day.
func trainingRows(d dia) string {
	ends := ident(training.FieldEndsOn)
	fence := ""
	if d.pg() {
		fence = ` OFFSET 0`
	}
	return `(SELECT ` + strings.Join([]string{ident(training.FieldID), ident(training.FieldHoursJp), ident(training.FieldCategory),
		ident(training.FieldMethod), ends, d.year(ends, 0) + ` AS ` + ident(trainingYear),
		d.month(ends, 0) + ` AS ` + ident(trainingMonth)}, ", ") + ` FROM ` + ident(training.Table) + fence + `)`
}

// The columns of trainingJoin's subquery holding the year and month (1–12)
// of the training's last day, in UTC.
const (
	trainingYear  = "ends_year"
	trainingMonth = "ends_month"
)

func enrollmentSource(q *ent.EnrollmentQuery) *source {
	emp := employeeJoin(enrollment.FieldEmployeeID)
	ms := employeeMeasures(emp)
	completed := func(b *build) string { return b.C(enrollment.FieldStatus) + ` = 'COMPLETED'` }
	score := text(func(b *build) string { return b.C(enrollment.FieldScore) })
	ms[Employees] = distinct(text(func(b *build) string { return b.C(enrollment.FieldEmployeeID) }))
	ms[Completed] = sum(text(func(b *build) string { return when(completed(b)) }))
	ms[CompletionRate] = share(text(func(b *build) string {
		return `(CASE WHEN ` + completed(b) + ` THEN 1 WHEN ` + b.C(enrollment.FieldStatus) + ` = 'FAILED' THEN 0 END)`
	}))
	ms[TotalJP] = sum(text(func(b *build) string {
		return `(CASE WHEN ` + completed(b) + ` THEN ` + col(trainingJoin(b), training.FieldHoursJp) + ` ELSE 0 END)`
	}))
	ms[AverageScore], ms[MedianScore], ms[MinScore], ms[MaxScore] = avg(score), median(score), minimum(score), maximum(score)
	return &source{
		name: "enrollments",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		employee: emp,
		unit:     func(b *build) string { return emp(b)(employee.FieldUnitID) },
		// An enrollment is dated by its training's last day, the day its
		// JP count (DESIGN §4).
		date: func(b *build) (string, int) { return col(trainingJoin(b), training.FieldEndsOn), 0 },
		calendar: func(b *build) (string, string) {
			t := trainingJoin(b)
			return col(t, trainingYear), col(t, trainingMonth)
		},
		own: map[Dimension]ownDim{
			Status:           {func(b *build) string { return b.C(enrollment.FieldStatus) }, kindPlain},
			Training:         {func(b *build) string { return b.C(enrollment.FieldTrainingID) }, kindTraining},
			TrainingCategory: {func(b *build) string { return col(trainingJoin(b), training.FieldCategory) }, kindPlain},
			TrainingMethod:   {func(b *build) string { return col(trainingJoin(b), training.FieldMethod) }, kindPlain},
		},
		measures:  ms,
		aggregate: enrollmentAggregate,
	}
}

// EnrollmentAggregate groups the training enrollments matching where that
// the viewer may see; dated by the training's last day. Measures: the
// employee measures (of the enrolled employee), EMPLOYEES (distinct),
// COMPLETED, COMPLETION_RATE (completed among completed and failed),
// TOTAL_JP (of completed enrollments), AVERAGE/MEDIAN/MIN/MAX_SCORE.
func EnrollmentAggregate(ctx context.Context, c *ent.Client, where *ent.EnrollmentWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Enrollment.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	groups, err := (&query{src: enrollmentSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: orDefault(spec.Measures, DefaultEnrollmentMeasures), now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	return disclose(ctx, groups), nil
}

func appraisalSource(q *ent.AppraisalQuery) *source {
	emp := employeeJoin(appraisal.FieldAppraiseeID)
	ms := employeeMeasures(emp)
	pred := func(b *build) string { return b.C(appraisal.FieldPredicate) }
	ratedShare := func(cond func(b *build) string) measure {
		return share(text(func(b *build) string {
			return `(CASE WHEN ` + pred(b) + ` IS NULL THEN NULL WHEN ` + cond(b) + ` THEN 1 ELSE 0 END)`
		}))
	}
	ms[Rated] = sum(text(func(b *build) string { return when(pred(b) + ` IS NOT NULL`) }))
	ms[GoodOrBetterShare] = ratedShare(func(b *build) string {
		return inList(pred(b), appraisal.PredicateSANGAT_BAIK, appraisal.PredicateBAIK)
	})
	ms[SangatBaikShare] = ratedShare(func(b *build) string { return inList(pred(b), appraisal.PredicateSANGAT_BAIK) })
	ms[BelowExpectedShare] = ratedShare(func(b *build) string {
		return inList(pred(b), appraisal.PredicateBUTUH_PERBAIKAN, appraisal.PredicateKURANG, appraisal.PredicateSANGAT_KURANG)
	})
	ms[ApprovedShare] = share(text(func(b *build) string { return when(b.C(appraisal.FieldStatus) + ` = 'APPROVED'`) }))
	return &source{
		name: "appraisals",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		employee: emp,
		unit:     func(b *build) string { return emp(b)(employee.FieldUnitID) },
		date:     func(b *build) (string, int) { return b.C(appraisal.FieldPeriodStart), 0 },
		own: map[Dimension]ownDim{
			Status:     {func(b *build) string { return b.C(appraisal.FieldStatus) }, kindPlain},
			Predicate:  {pred, kindPlain},
			PeriodKind: {func(b *build) string { return b.C(appraisal.FieldPeriodKind) }, kindPlain},
			Period:     {func(b *build) string { return b.C(appraisal.FieldPeriod) }, kindPlain},
		},
		measures:  ms,
		aggregate: periodsFirstSQL,
	}
}

// AppraisalAggregate groups the appraisals (SKP) matching where that the
// viewer may see, dated by the period's first day. Measures: the employee
// measures (of the appraisee), RATED (with a predicate),
// GOOD_OR_BETTER_SHARE, SANGAT_BAIK_SHARE and BELOW_EXPECTATION_SHARE
// (among rated), APPROVED_SHARE. Individual predicates stay personal; their
// counts are not.
func AppraisalAggregate(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Appraisal.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	groups, err := (&query{src: appraisalSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: orDefault(spec.Measures, DefaultAppraisalMeasures), now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	return disclose(ctx, groups), nil
}

func workLogSource(q *ent.WorkLogQuery) *source {
	emp := employeeJoin(worklog.FieldEmployeeID)
	ms := employeeMeasures(emp)
	minutes := text(func(b *build) string { return b.C(worklog.FieldMinutes) })
	ms[Employees] = distinct(text(func(b *build) string { return b.C(worklog.FieldEmployeeID) }))
	ms[TotalMinutes], ms[AverageMinutes], ms[MedianMinutes], ms[P90Minutes], ms[MaxMinutes] =
		sum(minutes), avg(minutes), median(minutes), p90(minutes), maximum(minutes)
	ms[TotalQuantity] = sum(text(func(b *build) string { return b.C(worklog.FieldQuantity) }))
	ms[VerifiedShare] = share(text(func(b *build) string { return when(b.C(worklog.FieldStatus) + ` = 'VERIFIED'`) }))
	return &source{
		name: "work logs",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		employee: emp,
		unit:     func(b *build) string { return emp(b)(employee.FieldUnitID) },
		date:     func(b *build) (string, int) { return b.C(worklog.FieldDate), 0 },
		calendar: func(b *build) (string, string) { return b.d.calendarSearch(b.C(worklog.FieldDate), 0, b.now) },
		own:      map[Dimension]ownDim{Status: {func(b *build) string { return b.C(worklog.FieldStatus) }, kindPlain}},
		measures: ms,
	}
}

// WorkLogAggregate groups the work logs (e-kinerja) matching where that the
// viewer may see, dated by their day. Measures: the employee measures,
// EMPLOYEES (distinct), TOTAL/AVERAGE/MEDIAN/P90/MAX_MINUTES,
// TOTAL_QUANTITY, VERIFIED_SHARE.
// On PostgreSQL the figures kept by the writers answer it when they can
// (workLogFigures).
func WorkLogAggregate(ctx context.Context, c *ent.Client, where *ent.WorkLogWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	return workLogAggregate(ctx, c, where, spec, now, true)
}

func workLogAggregate(ctx context.Context, c *ent.Client, where *ent.WorkLogWhereInput, spec Spec, now time.Time, figures bool) ([]*Group, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.WorkLog.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if figures {
		if groups, ok, err := workLogFigures(ctx, c, where, spec); err != nil {
			return nil, err
		} else if ok {
			return disclose(ctx, groups), nil
		}
	}
	groups, err := (&query{src: workLogSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: orDefault(spec.Measures, DefaultWorkLogMeasures), now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	return disclose(ctx, groups), nil
}

// openStatuses are the complaint statuses that still need the
// administration's work (complaint.Status.Open).
func openStatuses() []complaint.Status {
	var open []complaint.Status
	for _, s := range complaint.Statuses() {
		if s.Open() {
			open = append(open, s)
		}
	}
	return open
}

// awaitingAnswer are the statuses in which a missing answer is overdue
// after the answer deadline (complaint.OverdueAt).
var awaitingAnswer = []complaint.Status{complaint.Verified, complaint.InProgress, complaint.Postponed}

// overdueSQL is the condition that a complaint has missed a deadline at
// now, as complaint.OverdueAt judges it from the stored deadlines: still
// received after the verification deadline; forwarded but unanswered after
// the answer deadline; open and unsettled after the settlement deadline.
// c names the complaint's columns.
func overdueSQL(d dia, c func(string) string, now time.Time) sql.Querier {
	st := c(entcomplaint.FieldStatus)
	return x(`((`+st+` = 'RECEIVED' AND ?) OR (`+inList(st, awaitingAnswer...)+` AND `+c(entcomplaint.FieldAnsweredAt)+` IS NULL AND ?) OR (`+
		c(entcomplaint.FieldSettledAt)+` IS NULL AND `+inList(st, openStatuses()...)+` AND ?))`,
		d.before(c(entcomplaint.FieldVerifyDue), now), d.before(c(entcomplaint.FieldAnswerDue), now), d.before(c(entcomplaint.FieldSettleDue), now))
}

func complaintSource(q *ent.ComplaintQuery) *source {
	c := func(f string) func(b *build) string { return func(b *build) string { return b.C(f) } }
	toAnswer := text(func(b *build) string {
		return b.d.hoursBetween(b.C(entcomplaint.FieldReceivedAt), b.C(entcomplaint.FieldAnsweredAt))
	})
	toSettle := text(func(b *build) string {
		return b.d.daysBetween(b.C(entcomplaint.FieldReceivedAt), b.C(entcomplaint.FieldSettledAt))
	})
	// within is 1 when the step was done by its deadline, 0 when it was done
	// late or is still open past it, NULL while it is neither due nor done.
	within := func(done, due string) measure {
		return share(func(b *build) sql.Querier {
			d, u := b.C(done), b.C(due)
			return x(`(CASE WHEN `+d+` IS NOT NULL THEN `+when(b.d.notAfter(d, u))+` WHEN `+inList(b.C(entcomplaint.FieldStatus), openStatuses()...)+` AND ? THEN 0 END)`,
				b.d.before(u, b.now))
		})
	}
	return &source{
		name: "complaints",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		unit:   c(entcomplaint.FieldUnitID),
		region: c(entcomplaint.FieldRegionID),
		date:   func(b *build) (string, int) { return b.C(entcomplaint.FieldReceivedAt), zoneWIB },
		own: map[Dimension]ownDim{
			Status:   {c(entcomplaint.FieldStatus), kindPlain},
			Category: {c(entcomplaint.FieldCategory), kindPlain},
			Channel:  {c(entcomplaint.FieldChannel), kindPlain},
			Class:    {c(entcomplaint.FieldClass), kindPlain},
		},
		measures: map[Measure]measure{
			Open:                        sum(text(func(b *build) string { return when(inList(b.C(entcomplaint.FieldStatus), openStatuses()...)) })),
			Overdue:                     sum(func(b *build) sql.Querier { return x(`(CASE WHEN ? THEN 1 ELSE 0 END)`, overdueSQL(b.d, b.C, b.now)) }),
			AverageHoursToFirstResponse: avg(toAnswer),
			MedianHoursToFirstResponse:  median(toAnswer),
			P90HoursToFirstResponse:     p90(toAnswer),
			AverageDaysToSettlement:     avg(toSettle),
			MedianDaysToSettlement:      median(toSettle),
			P90DaysToSettlement:         p90(toSettle),
			AnsweredWithinDeadlineShare: within(entcomplaint.FieldAnsweredAt, entcomplaint.FieldAnswerDue),
			SettledWithinDeadlineShare:  within(entcomplaint.FieldSettledAt, entcomplaint.FieldSettleDue),
			AverageRating:               avg(text(c(entcomplaint.FieldRating))),
			RatedCount:                  sum(text(func(b *build) string { return when(b.C(entcomplaint.FieldRating) + ` IS NOT NULL`) })),
		},
	}
}

// ComplaintAggregate groups the complaints matching where that the viewer
// may see — for an HR officer or leader, those of the units in their
// subtree — dated by receipt (in WIB). Measures: OPEN, OVERDUE (a deadline
// missed at now, as complaint.OverdueAt judges it), AVERAGE/MEDIAN/P90 of
// the hours from receipt to the first answer and of the days from receipt
// to settlement, ANSWERED_WITHIN_DEADLINE_SHARE and
// SETTLED_WITHIN_DEADLINE_SHARE (among those done or overdue),
// AVERAGE_RATING and RATED_COUNT.
func ComplaintAggregate(ctx context.Context, c *ent.Client, where *ent.ComplaintWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	q, err := complaintQuery(ctx, c, where)
	if err != nil {
		return nil, err
	}
	groups, err := (&query{src: complaintSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: orDefault(spec.Measures, DefaultComplaintMeasures), now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	return disclose(ctx, groups), nil
}

// complaintQuery is the complaints the viewer's aggregates cover.
func complaintQuery(ctx context.Context, c *ent.Client, where *ent.ComplaintWhereInput) (*ent.ComplaintQuery, error) {
	v, err := authorize(ctx)
	if err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Complaint.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if p := scope(v); p != nil {
		q.Where(entcomplaint.HasUnitWith(p))
	}
	return q, nil
}

// surveyQuery is the survey answers the viewer's aggregates cover.
func surveyQuery(ctx context.Context, c *ent.Client, where *ent.SurveyResponseWhereInput) (*ent.SurveyResponseQuery, error) {
	v, err := authorize(ctx)
	if err != nil {
		return nil, err
	}
	q, err := where.Filter(c.SurveyResponse.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if p := scope(v); p != nil {
		q.Where(surveyresponse.HasUnitWith(p))
	}
	return q, nil
}
