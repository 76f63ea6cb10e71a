package seed

import (
	"context"
	"fmt"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competency"
	"simasn/ent/competencyassessment"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/orgtree"
	"simasn/internal/rank"
	"simasn/internal/talent"
)

// SuccessionSection is the name of the demo's vacant structural position's
// unit: a section newly formed in a division of the health office.
const SuccessionSection = "Seksi Data dan Informasi Kesehatan"

// SuccessionPosition is the vacant pengawas position of SuccessionSection
// in the year's formasi.
const SuccessionPosition = "Kepala " + SuccessionSection

// writeSuccessionDemo gives the succession question an interesting answer:
// in the first division of the health office (1.02) with four PNS who meet
// a pengawas position's rank, education and age conditions
// (talent.DefaultSuccessionRules), a new section (code: the division's
// and .90) whose head's position is in the year's formasi and vacant.
// Of them, the last without a completed PKP leadership training sits in
// box 9 of last year's nine-box without it: the notable ineligible, for
// the missing training. Three others — those with a PKP first, any other
// getting the PKP completed — sit in boxes 9, 8 and 7 (their annual
// predicate Sangat Baik, Baik and Sangat Baik; every competency they were
// assessed on, and one managerial, assessed 5, 5 and 3 at the year's
// end): the ranked candidates. It returns the number of records written.
func writeSuccessionDemo(ctx context.Context, c *ent.Client, now time.Time) (successionCounts, error) {
	var sc successionCounts
	n, err := successionDemo(ctx, c, now, &sc)
	sc.records = n
	return sc, err
}

// successionCounts are the records the succession demo wrote, for the
// demo's summary.
type successionCounts struct {
	records, units, trainings, enrollments int
}

func successionDemo(ctx context.Context, c *ent.Client, now time.Time, sc *successionCounts) (int, error) {
	r := talent.DefaultSuccessionRules()
	year := now.Year() - 1
	minRank, _ := rank.Order("PNS", r.MinRank[employee.PositionTypePENGAWAS])
	divs, err := c.Unit.Query().Where(unit.KindEQ(unit.KindDIVISION), orgtree.Under("/1.02/")).Order(ent.Asc(unit.FieldPath)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("succession demo: %w", err)
	}
	var div *ent.Unit
	var picked []*ent.Employee
	for _, d := range divs {
		es, err := c.Employee.Query().Where(employee.HasUnitWith(orgtree.Under(d.Path)), employee.StatusEQ(employee.StatusACTIVE),
			employee.EmploymentTypeEQ(employee.EmploymentTypePNS), employee.SuperiorIDNotNil(),
			employee.PositionTypeIn(employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionTypeFUNGSIONAL_KETERAMPILAN, employee.PositionTypePELAKSANA),
			employee.EducationLevelIn(employee.EducationLevelD3, employee.EducationLevelD4, employee.EducationLevelS1, employee.EducationLevelS2, employee.EducationLevelS3),
			employee.BirthDateGT(now.AddDate(-54, 0, 0)), // the age limit 58 more than two years ahead, with room
			employee.Not(employee.HasDisciplinaryPenalties())).
			Order(ent.Asc(employee.FieldID)).All(ctx)
		if err != nil {
			return 0, fmt.Errorf("succession demo: %w", err)
		}
		var ok []*ent.Employee
		for _, e := range es {
			if o, _ := rank.Order("PNS", e.Rank); o >= minRank {
				ok = append(ok, e)
			}
		}
		if len(ok) >= 4 {
			div, picked = d, ok
			break
		}
	}
	if div == nil {
		return 0, nil
	}
	n := 0
	sec, err := c.Unit.Create().SetCode(div.Code + ".90").SetName(SuccessionSection).SetKind(unit.KindSECTION).
		SetRegionID(div.RegionID).SetParentID(div.ID).SetAddress(div.Address).Save(ctx)
	if err != nil {
		return n, fmt.Errorf("succession demo: section: %w", err)
	}
	n++
	sc.units++
	if err := c.Formation.Create().SetUnitID(sec.ID).SetYear(now.Year()).SetPositionName(SuccessionPosition).
		SetPositionType(formation.PositionTypePENGAWAS).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(1).Exec(ctx); err != nil {
		return n, fmt.Errorf("succession demo: formasi: %w", err)
	}
	n++
	mnj, err := c.Competency.Query().Where(competency.KindEQ(competency.KindMANAGERIAL)).Order(ent.Asc(competency.FieldCode)).First(ctx)
	if err != nil {
		return n, fmt.Errorf("succession demo: a managerial competency: %w", err)
	}
	// The three candidates, then the one without the PKP.
	hasPKP := func(e *ent.Employee) (bool, error) {
		return c.Enrollment.Query().Where(enrollment.EmployeeID(e.ID), enrollment.StatusEQ(enrollment.StatusCOMPLETED),
			enrollment.HasTrainingWith(training.CodeHasPrefix("PKP-"))).Exist(ctx)
	}
	var with, without []*ent.Employee
	for _, e := range picked {
		done, err := hasPKP(e)
		if err != nil {
			return n, fmt.Errorf("succession demo: %w", err)
		}
		if done {
			with = append(with, e)
		} else {
			without = append(without, e)
		}
	}
	if len(without) == 0 {
		return n, nil // everyone has a PKP: no ineligible to show
	}
	// Those with a PKP first; the last without one is the ineligible.
	picked = append(with, without[:len(without)-1]...)
	if len(picked) < 3 {
		return n, nil
	}
	type story struct {
		e     *ent.Employee
		pred  appraisal.Predicate
		level int
		pkp   bool
	}
	stories := []story{
		{picked[0], appraisal.PredicateSANGAT_BAIK, 5, true},                // box 9
		{picked[1], appraisal.PredicateBAIK, 5, true},                       // box 8
		{picked[2], appraisal.PredicateSANGAT_BAIK, 3, true},                // box 7
		{without[len(without)-1], appraisal.PredicateSANGAT_BAIK, 5, false}, // box 9, no PKP
	}
	yearEnd := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	var need []*ent.Employee // candidates without a PKP yet
	for _, s := range stories {
		e := s.e
		res, beh := appraisal.ResultsRatingABOVE, appraisal.BehaviourRatingABOVE
		if s.pred == appraisal.PredicateBAIK {
			res, beh = appraisal.ResultsRatingMEETS, appraisal.BehaviourRatingMEETS
		}
		old, err := c.Appraisal.Query().Where(appraisal.AppraiseeID(e.ID), appraisal.PeriodKindEQ(appraisal.PeriodKindANNUAL), appraisal.Year(year)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			err = c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(*e.SuperiorID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(year).
				SetPeriodStart(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(yearEnd).
				SetResultsRating(res).SetBehaviourRating(beh).SetPredicate(s.pred).
				SetStatus(appraisal.StatusAPPROVED).SetSubmittedAt(now).SetDecidedAt(now).Exec(ctx)
		case err == nil:
			err = c.Appraisal.UpdateOne(old).SetResultsRating(res).SetBehaviourRating(beh).SetPredicate(s.pred).SetStatus(appraisal.StatusAPPROVED).Exec(ctx)
		}
		if err != nil {
			return n, fmt.Errorf("succession demo: appraisal of employee %d: %w", e.ID, err)
		}
		n++
		// The latest assessment of every competency the employee was
		// assessed on, and of the managerial one, at the year's end: the
		// potential is that level alone.
		comps, err := c.CompetencyAssessment.Query().Where(competencyassessment.EmployeeID(e.ID)).
			Select(competencyassessment.FieldCompetencyID).Ints(ctx)
		if err != nil {
			return n, fmt.Errorf("succession demo: assessments of employee %d: %w", e.ID, err)
		}
		comps = append(comps, mnj.ID)
		seen := map[int]bool{}
		for _, cid := range comps {
			if seen[cid] {
				continue
			}
			seen[cid] = true
			if err := c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(cid).SetLevel(s.level).
				SetAssessedAt(yearEnd).SetMethod("Assessment center").Exec(ctx); err != nil {
				return n, fmt.Errorf("succession demo: assessment of employee %d: %w", e.ID, err)
			}
			n++
		}
		if !s.pkp {
			continue
		}
		done, err := hasPKP(e)
		if err != nil {
			return n, fmt.Errorf("succession demo: %w", err)
		}
		if done {
			continue
		}
		need = append(need, e)
	}
	if len(need) == 0 {
		return n, nil
	}
	// Those without a PKP completed a second batch held last year.
	first, err := c.Training.Query().Where(training.CodeHasPrefix("PKP-")).Order(ent.Asc(training.FieldID)).First(ctx)
	if err != nil {
		return n, fmt.Errorf("succession demo: the PKP's organiser: %w", err)
	}
	code := fmt.Sprintf("PKP-%d-90", year)
	opens := time.Date(year, time.March, 2, 0, 0, 0, 0, time.UTC)
	ends := time.Date(year, time.June, 26, 0, 0, 0, 0, time.UTC)
	tr, err := c.Training.Create().SetCode(code).SetTitle("Pelatihan Kepemimpinan Pengawas (PKP) Angkatan II").
		SetDescription(first.Description).SetCategory(first.Category).SetMethod(first.Method).SetOrganizerID(first.OrganizerID).
		SetHoursJp(first.HoursJp).SetQuota(40).SetSeatsTaken(len(need)).
		SetRegistrationOpens(opens).SetRegistrationCloses(opens.AddDate(0, 1, 0)).SetStartsOn(opens.AddDate(0, 2, 0)).SetEndsOn(ends).
		SetStatus(training.StatusCOMPLETED).Save(ctx)
	if err != nil {
		return n, fmt.Errorf("succession demo: %s: %w", code, err)
	}
	n++
	sc.trainings++
	for i, e := range need {
		err := c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(tr.ID).SetRegisteredAt(opens.AddDate(0, 0, 1)).
			SetStatus(enrollment.StatusCOMPLETED).SetDecidedAt(opens.AddDate(0, 1, 0)).SetCompletedAt(ends).SetScore(84.5).
			SetCertificateNumber(fmt.Sprintf("STTPP/%s/%03d", code, i+1)).Exec(ctx)
		if err != nil {
			return n, fmt.Errorf("succession demo: %s of employee %d: %w", code, e.ID, err)
		}
		n++
		sc.enrollments++
	}
	return n, nil
}
