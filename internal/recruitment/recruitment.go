package recruitment

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/applicant"
	"simasn/ent/employee"
	"simasn/ent/recruitmentformation"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/textcheck"
	"simasn/internal/viewer"
)

// inService are the statuses of staff who fill a position (bezetting), as
// in the workforce gap report.
var inService = []employee.Status{employee.StatusACTIVE, employee.StatusON_LEAVE}

// OpenFormationInput opens a formasi for recruitment.
type OpenFormationInput struct {
	RecruitmentYearID int
	// PlanID is the workforce-plan entry (Formation) of the same year.
	PlanID         int
	Kind           recruitmentformation.Kind
	Quota          int
	EducationLevel recruitmentformation.EducationLevel
}

// Shortfall returns what the workforce-plan entry planID still lacks for
// recruitment year yearID: needed − staff in service in the unit and
// position − the places of formasi already open for it in that year and
// not yet filled by an appointment. It reads as the system.
func Shortfall(ctx context.Context, c *ent.Client, planID, yearID int) (needed, filled, open int, err error) {
	sys := viewer.System(ctx)
	plan, err := c.Formation.Get(sys, planID)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("load plan entry %d: %w", planID, err)
	}
	filled, err = c.Employee.Query().Where(employee.UnitID(plan.UnitID), employee.PositionName(plan.PositionName), employee.StatusIn(inService...)).Count(sys)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("count staff of plan entry %d: %w", planID, err)
	}
	opened, err := c.RecruitmentFormation.Query().Where(recruitmentformation.PlanID(planID), recruitmentformation.RecruitmentYearID(yearID)).All(sys)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("load formasi of plan entry %d: %w", planID, err)
	}
	for _, f := range opened {
		appointed, err := c.Applicant.Query().Where(applicant.FormationID(f.ID), applicant.EmployeeIDNotNil()).Count(sys)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("count appointed of formasi %d: %w", f.ID, err)
		}
		open += max(f.Quota-appointed, 0)
	}
	return plan.Needed, filled, open, nil
}

// OpenFormation opens a formasi from an entry of the workforce plan of the
// recruitment's year. The places may not exceed the entry's shortfall (see
// Shortfall): recruitment fills the gap the plan shows, never more. Admins
// and HR officers whose scope holds the unit may open one. Errors:
// BAD_USER_INPUT naming recruitmentYearID, planID, quota or educationLevel;
// CONFLICT when the entry already has a formasi of that kind that year.
func OpenFormation(ctx context.Context, c *ent.Client, in OpenFormationInput) (*ent.RecruitmentFormation, error) {
	year, err := c.RecruitmentYear.Get(ctx, in.RecruitmentYearID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("recruitmentYearID", "recruitment year %d does not exist", in.RecruitmentYearID)
	}
	if err != nil {
		return nil, fmt.Errorf("open formasi: %w", err)
	}
	plan, err := c.Formation.Get(ctx, in.PlanID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("planID", "workforce-plan entry %d does not exist", in.PlanID)
	}
	if err != nil {
		return nil, fmt.Errorf("open formasi: %w", err)
	}
	if plan.Year != year.Year {
		return nil, apperr.Invalid("planID", "workforce-plan entry %d is for %d, the recruitment for %d: a formasi comes from the plan of its own year", plan.ID, plan.Year, year.Year)
	}
	if err := recruitmentformation.KindValidator(in.Kind); err != nil {
		return nil, apperr.Invalid("kind", "%s", err)
	}
	if err := recruitmentformation.EducationLevelValidator(in.EducationLevel); err != nil {
		return nil, apperr.Invalid("educationLevel", "%s", err)
	}
	if in.Quota < 1 {
		return nil, apperr.Invalid("quota", "a formasi opens at least one place, got %d", in.Quota)
	}
	exists, err := c.RecruitmentFormation.Query().Where(recruitmentformation.RecruitmentYearID(year.ID), recruitmentformation.PlanID(plan.ID), recruitmentformation.KindEQ(in.Kind)).Exist(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("open formasi: %w", err)
	}
	if exists {
		return nil, apperr.Conflictf("planID", "a %s formasi for %s in unit %d is already open in %d", in.Kind, plan.PositionName, plan.UnitID, year.Year)
	}
	needed, filled, open, err := Shortfall(ctx, c, plan.ID, year.ID)
	if err != nil {
		return nil, err
	}
	if left := needed - filled - open; in.Quota > left {
		return nil, apperr.Invalid("quota", "the plan needs %d %s in unit %d in %d; %d are in service and %d places are already open, so at most %d more can be opened, not %d",
			needed, plan.PositionName, plan.UnitID, plan.Year, filled, open, max(left, 0), in.Quota)
	}
	f, err := c.RecruitmentFormation.Create().
		SetRecruitmentYearID(year.ID).SetPlanID(plan.ID).SetUnitID(plan.UnitID).SetPositionName(plan.PositionName).
		SetKind(in.Kind).SetQuota(in.Quota).SetEducationLevel(in.EducationLevel).SetOpenedAt(dates.Now(ctx)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("open formasi for plan entry %d: %w", plan.ID, err)
	}
	return f, nil
}

// RegisterInput records an application to a formasi.
type RegisterInput struct {
	FormationID        int
	RegistrationNumber string
	Nik                string
	Name               string
	BirthDate          time.Time
	Gender             applicant.Gender
	EducationLevel     applicant.EducationLevel
	EducationMajor     *string
}

// Age limits of applicants on the day they apply: PP 11/2017 art. 23 (CPNS,
// 18 to 35) and PP 49/2018 art. 16 (PPPK, at least 20).
const (
	MinAgeCPNS = 18
	MaxAgeCPNS = 35
	MinAgePPPK = 20
)

var nikPattern = regexp.MustCompile(`^\d{16}$`)

// Register records an application. The applicant's education must be the
// formasi's qualification, their age within the limits of the kind on the
// day of the application, and one person (NIK) applies to one formasi a
// year. Errors: BAD_USER_INPUT naming the field; CONFLICT naming nik or
// registrationNumber for a repeated application.
func Register(ctx context.Context, c *ent.Client, in RegisterInput) (*ent.Applicant, error) {
	f, err := c.RecruitmentFormation.Get(ctx, in.FormationID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("formationID", "formasi %d does not exist", in.FormationID)
	}
	if err != nil {
		return nil, fmt.Errorf("register applicant: %w", err)
	}
	reg := strings.TrimSpace(in.RegistrationNumber)
	name := strings.TrimSpace(in.Name)
	switch {
	case reg == "" || len(reg) > 40:
		return nil, apperr.Invalid("registrationNumber", "the registration number (nomor peserta) is required, at most 40 characters")
	case !nikPattern.MatchString(in.Nik):
		return nil, apperr.Invalid("nik", "a NIK is 16 digits")
	case name == "" || len(name) > 150:
		return nil, apperr.Invalid("name", "the name is required, at most 150 characters")
	}
	for field, v := range map[string]string{"registrationNumber": reg, "name": name} {
		if err := textcheck.Check(v, false); err != nil {
			return nil, apperr.Invalid(field, "%s", err)
		}
	}
	if err := applicant.GenderValidator(in.Gender); err != nil {
		return nil, apperr.Invalid("gender", "%s", err)
	}
	if string(in.EducationLevel) != string(f.EducationLevel) {
		return nil, apperr.Invalid("educationLevel", "formasi %d asks for %s, the applicant's education is %s", f.ID, f.EducationLevel, in.EducationLevel)
	}
	now := dates.Now(ctx)
	if err := dates.Birth.Check(in.BirthDate, now); err != nil {
		return nil, apperr.Invalid("birthDate", "%s", err)
	}
	birth := dates.Day(in.BirthDate.UTC())
	age := AgeOn(birth, dates.Today(now))
	switch {
	case f.Kind == recruitmentformation.KindCPNS && (age < MinAgeCPNS || age > MaxAgeCPNS):
		return nil, apperr.Invalid("birthDate", "a CPNS applicant is %d to %d years old on the day of application (PP 11/2017 art. 23); this one is %d", MinAgeCPNS, MaxAgeCPNS, age)
	case f.Kind == recruitmentformation.KindPPPK && age < MinAgePPPK:
		return nil, apperr.Invalid("birthDate", "a PPPK applicant is at least %d years old (PP 49/2018 art. 16); this one is %d", MinAgePPPK, age)
	}
	sys := viewer.System(ctx)
	if dup, err := c.Applicant.Query().Where(applicant.RecruitmentYearID(f.RecruitmentYearID), applicant.Nik(in.Nik)).Exist(sys); err != nil {
		return nil, fmt.Errorf("register applicant: %w", err)
	} else if dup {
		return nil, apperr.Conflictf("nik", "this NIK has already applied to a formasi this recruitment year; one person applies to one formasi")
	}
	if dup, err := c.Applicant.Query().Where(applicant.RegistrationNumber(reg)).Exist(sys); err != nil {
		return nil, fmt.Errorf("register applicant: %w", err)
	} else if dup {
		return nil, apperr.Conflictf("registrationNumber", "registration number %s is already recorded", reg)
	}
	create := c.Applicant.Create().SetFormationID(f.ID).SetRecruitmentYearID(f.RecruitmentYearID).
		SetRegistrationNumber(reg).SetNik(in.Nik).SetName(name).SetBirthDate(birth).SetGender(in.Gender).
		SetEducationLevel(in.EducationLevel).SetRegisteredAt(now)
	if in.EducationMajor != nil {
		m := strings.TrimSpace(*in.EducationMajor)
		if err := textcheck.Check(m, false); err != nil || len(m) > 150 {
			return nil, apperr.Invalid("educationMajor", "the major must be plain text of at most 150 characters")
		}
		create.SetEducationMajor(m)
	}
	a, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("register applicant %s: %w", reg, err)
	}
	return a, nil
}

// load returns the applicant with the given id as the viewer sees it, with
// its formasi and year; NOT_FOUND when the viewer does not see it.
func load(ctx context.Context, c *ent.Client, id int) (*ent.Applicant, *ent.RecruitmentFormation, Rules, error) {
	a, err := c.Applicant.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil, Rules{}, apperr.NotFoundf("applicant %d does not exist", id)
	}
	if err != nil {
		return nil, nil, Rules{}, fmt.Errorf("load applicant %d: %w", id, err)
	}
	sys := viewer.System(ctx)
	f, err := c.RecruitmentFormation.Get(sys, a.FormationID)
	if err != nil {
		return nil, nil, Rules{}, fmt.Errorf("load formasi of applicant %d: %w", id, err)
	}
	y, err := c.RecruitmentYear.Get(sys, a.RecruitmentYearID)
	if err != nil {
		return nil, nil, Rules{}, fmt.Errorf("load recruitment year of applicant %d: %w", id, err)
	}
	return a, f, RulesOf(y), nil
}

// SKDInput records the SKD scores of an applicant.
type SKDInput struct {
	ApplicantID   int
	Twk, Tiu, Tkp int
}

// RecordSKD records (or corrects) an applicant's SKD scores; they are
// final once SKB is recorded. Errors: BAD_USER_INPUT naming twk, tiu or
// tkp for a score outside the sub-test's range, or applicantID once SKB is
// recorded; NOT_FOUND for an applicant the viewer does not see.
func RecordSKD(ctx context.Context, c *ent.Client, in SKDInput) (*ent.Applicant, error) {
	a, _, _, err := load(ctx, c, in.ApplicantID)
	if err != nil {
		return nil, err
	}
	for _, s := range []struct {
		field    string
		got, max int
	}{{"twk", in.Twk, 150}, {"tiu", in.Tiu, 175}, {"tkp", in.Tkp, 225}} {
		if s.got < 0 || s.got > s.max {
			return nil, apperr.Invalid(s.field, "a %s score is 0 to %d, got %d", strings.ToUpper(s.field), s.max, s.got)
		}
	}
	if a.Skb != nil {
		return nil, apperr.Invalid("applicantID", "applicant %d has an SKB score: the SKD scores are final", a.ID)
	}
	a, err = c.Applicant.UpdateOneID(a.ID).SetTwk(in.Twk).SetTiu(in.Tiu).SetTkp(in.Tkp).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record SKD of applicant %d: %w", in.ApplicantID, err)
	}
	return a, nil
}

// RecordSKB records (or corrects) an applicant's SKB score, 0–100 with at
// most two decimals. Only those who passed SKD and rank within three times
// the places in BKN's SKD order sit SKB; the score is final once the
// applicant is appointed. Errors: BAD_USER_INPUT naming score or
// applicantID; NOT_FOUND.
func RecordSKB(ctx context.Context, c *ent.Client, applicantID int, score float64) (*ent.Applicant, error) {
	a, f, rules, err := load(ctx, c, applicantID)
	if err != nil {
		return nil, err
	}
	if score < 0 || score > 100 || math.Abs(score*100-math.Round(score*100)) > 1e-6 {
		return nil, apperr.Invalid("score", "an SKB score is 0 to 100 with at most two decimals, got %v", score)
	}
	if a.EmployeeID != nil {
		return nil, apperr.Invalid("applicantID", "applicant %d is appointed: the scores are final", a.ID)
	}
	standings, err := standings(ctx, c, f, rules)
	if err != nil {
		return nil, err
	}
	for _, st := range standings {
		if st.Applicant.ID != a.ID {
			continue
		}
		if !st.SKDPassed {
			return nil, apperr.Invalid("applicantID", "applicant %d did not pass SKD (thresholds TWK %d, TIU %d, TKP %d): only those who pass sit SKB", a.ID, rules.TWKMin, rules.TIUMin, rules.TKPMin)
		}
		if *st.SKDRank > SKBCut*f.Quota {
			return nil, apperr.Invalid("applicantID", "applicant %d ranks %d in SKD; only the best %d (three times the %d places) sit SKB", a.ID, *st.SKDRank, SKBCut*f.Quota, f.Quota)
		}
	}
	a, err = c.Applicant.UpdateOneID(a.ID).SetSkb(float64(hundredths(score)) / 100).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record SKB of applicant %d: %w", applicantID, err)
	}
	return a, nil
}

// standings ranks every applicant of f, read as the system: the selection
// depends on all of them, whoever asks.
func standings(ctx context.Context, c *ent.Client, f *ent.RecruitmentFormation, rules Rules) ([]*Standing, error) {
	as, err := c.Applicant.Query().Where(applicant.FormationID(f.ID)).All(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("load applicants of formasi %d: %w", f.ID, err)
	}
	return Rank(rules, f.Quota, as), nil
}

// Ranking returns the standings of the applicants of formasi f that the
// viewer of ctx may see, best first; empty for those who see no applicant
// (analysts, leaders, employees, the public), who use the formasi's counts.
func Ranking(ctx context.Context, c *ent.Client, f *ent.RecruitmentFormation) ([]*Standing, error) {
	visible, err := c.Applicant.Query().Where(applicant.FormationID(f.ID)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("ranking of formasi %d: %w", f.ID, err)
	}
	if len(visible) == 0 {
		return []*Standing{}, nil
	}
	y, err := c.RecruitmentYear.Get(viewer.System(ctx), f.RecruitmentYearID)
	if err != nil {
		return nil, fmt.Errorf("ranking of formasi %d: %w", f.ID, err)
	}
	all, err := standings(ctx, c, f, RulesOf(y))
	if err != nil {
		return nil, err
	}
	seen := make(map[int]bool, len(visible))
	for _, id := range visible {
		seen[id] = true
	}
	out := all[:0]
	for _, st := range all {
		if seen[st.Applicant.ID] {
			out = append(out, st)
		}
	}
	return out, nil
}

// Outcome counts a formasi's selection: open to every signed-in viewer,
// analysts included, since it names no one.
type Outcome struct {
	Applicants, SKDPassed, Selected, Appointed int
	// Unfilled is the places no one was appointed to.
	Unfilled int
}

// OutcomeOf counts the selection of formasi f.
func OutcomeOf(ctx context.Context, c *ent.Client, f *ent.RecruitmentFormation) (*Outcome, error) {
	y, err := c.RecruitmentYear.Get(viewer.System(ctx), f.RecruitmentYearID)
	if err != nil {
		return nil, fmt.Errorf("outcome of formasi %d: %w", f.ID, err)
	}
	all, err := standings(ctx, c, f, RulesOf(y))
	if err != nil {
		return nil, err
	}
	o := &Outcome{Applicants: len(all)}
	for _, st := range all {
		if st.SKDPassed {
			o.SKDPassed++
		}
		if st.Selected {
			o.Selected++
		}
		if st.Applicant.EmployeeID != nil {
			o.Appointed++
		}
	}
	o.Unfilled = max(f.Quota-o.Appointed, 0)
	return o, nil
}
