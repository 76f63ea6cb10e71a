package seed

import (
	"context"
	"fmt"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/employee"
	"simasn/internal/career"
	"simasn/internal/dates"
	"simasn/internal/rank"
)

// meritWaiters is how many high performers of the demo wait too long for
// their promotion.
const meritWaiters = 6

// writeMeritDemo gives the merit questions an interesting answer: in the
// demo unit with the most PNS below their education's ceiling, six such
// PNS have been in their rank for seven years with Sangat Baik in both
// years the next promotion period reads — high performers who have waited
// about three years past their eligibility — and one of them serves a
// 12-month cut of the performance allowance in effect on the period, so
// the due list shows why she is not due. It returns the number of records
// written and, of them, the appraisals created.
func writeMeritDemo(ctx context.Context, c *ent.Client, now time.Time) (n, created int, err error) {
	r := career.DefaultRules()
	today := dates.Today(now)
	period := r.NextPeriod(today)
	since := time.Date(today.Year()-7, time.April, 1, 0, 0, 0, 0, time.UTC)
	es, err := c.Employee.Query().
		Where(employee.EmploymentTypeEQ(employee.EmploymentTypePNS), employee.StatusEQ(employee.StatusACTIVE), employee.SuperiorIDNotNil(),
			employee.PnsDateLTE(since)). // in the rank since then: a PNS by then

		Order(ent.Asc(employee.FieldUnitID), ent.Asc(employee.FieldID)).All(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("merit demo: %w", err)
	}
	byUnit := map[int][]*ent.Employee{}
	best := 0
	for _, e := range es {
		cur, ok1 := rank.Order("PNS", e.Rank)
		ceil, ok2 := career.Ceiling(string(e.EducationLevel))
		lim, ok3 := rank.Order("PNS", ceil)
		if !ok1 || !ok2 || !ok3 || cur >= lim {
			continue
		}
		byUnit[e.UnitID] = append(byUnit[e.UnitID], e)
		if best == 0 || len(byUnit[e.UnitID]) > len(byUnit[best]) {
			best = e.UnitID
		}
	}
	if len(byUnit[best]) < meritWaiters {
		return 0, 0, nil
	}
	for i, e := range byUnit[best][:meritWaiters] {
		if err := c.Employee.UpdateOne(e).SetRankDate(since).Exec(ctx); err != nil {
			return n, created, fmt.Errorf("merit demo: %w", err)
		}
		n++
		for y := period.Year() - r.AppraisalYears; y < period.Year(); y++ {
			old, err := c.Appraisal.Query().Where(appraisal.AppraiseeID(e.ID), appraisal.PeriodKindEQ(appraisal.PeriodKindANNUAL), appraisal.Year(y)).Only(ctx)
			switch {
			case ent.IsNotFound(err):
				err = c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(*e.SuperiorID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(y).
					SetPeriodStart(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)).
					SetResultsRating(appraisal.ResultsRatingABOVE).SetBehaviourRating(appraisal.BehaviourRatingABOVE).SetPredicate(appraisal.PredicateSANGAT_BAIK).
					SetStatus(appraisal.StatusAPPROVED).SetSubmittedAt(now).SetDecidedAt(now).Exec(ctx)
				created++
			case err == nil:
				err = c.Appraisal.UpdateOne(old).SetResultsRating(appraisal.ResultsRatingABOVE).SetBehaviourRating(appraisal.BehaviourRatingABOVE).
					SetPredicate(appraisal.PredicateSANGAT_BAIK).SetStatus(appraisal.StatusAPPROVED).Exec(ctx)
			}
			if err != nil {
				return n, created, fmt.Errorf("merit demo: appraisal %d of employee %d: %w", y, e.ID, err)
			}
			n++
		}
		if i == meritWaiters-1 {
			from := period.AddDate(0, -6, 0)
			err := c.DisciplinaryPenalty.Create().SetEmployeeID(e.ID).SetKind(disciplinarypenalty.KindALLOWANCE_CUT_12_MONTHS).
				SetLevel(disciplinarypenalty.LevelMEDIUM).SetDecreeNumber(fmt.Sprintf("800.1.6/%d/IV.02/%d", e.ID, from.Year())).
				SetDecreeDate(from.AddDate(0, 0, -10)).SetEffectiveFrom(from).SetEffectiveUntil(from.AddDate(0, 12, -1)).
				SetViolation("tidak masuk kerja tanpa alasan yang sah").SetRecordedAt(now).Exec(ctx)
			if err != nil {
				return n, created, fmt.Errorf("merit demo: penalty: %w", err)
			}
			n++
		}
	}
	return n, created, nil
}
