package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/applicant"
	"simasn/ent/employee"
	"simasn/ent/formation"
	"simasn/ent/recruitmentformation"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/dates"
	"simasn/internal/personnel"
	"simasn/internal/recruitment"
)

// demoApplicant is an applicant of the demo with their scores (skb < 0:
// not recorded).
type demoApplicant struct {
	name          string
	gender        applicant.Gender
	twk, tiu, tkp int
	skb           float64
}

// recruitmentDemo is one formasi of the demo's recruitment.
type recruitmentDemo struct {
	remote     bool
	profession formation.ProfessionGroup
	quota      int
	applicants []demoApplicant
}

// demoRecruitment runs the demo's recruitment year: a formasi in a
// district that is not remote, filled; a health formasi of a remote
// district where one of four applicants passed SKD, so two of its three
// places went unfilled; and an education formasi of a remote district
// where no applicant passed SKD.
var demoRecruitment = []recruitmentDemo{
	{remote: false, profession: formation.ProfessionGroupHEALTH, quota: 2, applicants: []demoApplicant{
		{"Dewi Lestari", applicant.GenderFEMALE, 95, 110, 180, 84.5},
		{"Rizky Pratama", applicant.GenderMALE, 85, 100, 175, 79},
		{"Nur Aisyah", applicant.GenderFEMALE, 70, 85, 170, 71.25},
		{"Bagus Saputra", applicant.GenderMALE, 60, 120, 190, -1},
		{"Fitri Handayani", applicant.GenderFEMALE, 75, 95, 160, -1},
	}},
	{remote: true, profession: formation.ProfessionGroupHEALTH, quota: 3, applicants: []demoApplicant{
		{"Yohanes Siregar", applicant.GenderMALE, 80, 90, 168, 76},
		{"Sri Wahyuni", applicant.GenderFEMALE, 60, 75, 150, -1},
		{"Andi Kurniawan", applicant.GenderMALE, 70, 78, 172, -1},
		{"Maya Sari", applicant.GenderFEMALE, 66, 82, 165, -1},
	}},
	{remote: true, profession: formation.ProfessionGroupEDUCATION, quota: 2, applicants: []demoApplicant{
		{"Hendra Gunawan", applicant.GenderMALE, 55, 85, 170, -1},
		{"Lina Marlina", applicant.GenderFEMALE, 65, 70, 160, -1},
	}},
}

// writeRecruitmentDemo runs the demo's recruitment year through the
// workflows of internal/recruitment — the rules apply as through the API —
// for the year of now (the workforce plan's year): formasi from plan
// entries short of staff, applicants and scores, the appointment of the
// selected as CPNS with TMT on the first of the month. It returns the
// records written and, of them, the employees and career events.
func writeRecruitmentDemo(ctx context.Context, c *ent.Client, now time.Time) (n, employees int, err error) {
	today := dates.Today(now)
	y, err := c.RecruitmentYear.Create().SetYear(today.Year()).SetLegalBasis("KepmenPANRB 321/2024 (nilai ambang batas SKD); PermenPANRB 27/2021 (bobot SKD 40%, SKB 60%)").Save(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("recruitment demo: %w", err)
	}
	n++
	tmt := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	// Numbers shown to people (registration, decree, e-mail, phone) come
	// from the order the demo writes in, never from record ids: ids are
	// the database's to assign (PostgreSQL's start one below SQLite's), and
	// the demo must be the same on both.
	seq, formations := 0, 0
	seqOf := map[int]int{} // applicant id → its seq
	used := map[int]bool{}
	for _, d := range demoRecruitment {
		plan, err := demoPlanEntry(ctx, c, y.ID, today.Year(), d, used)
		if err != nil {
			return n, employees, err
		}
		if plan == nil {
			continue
		}
		used[plan.ID] = true
		edu := recruitmentformation.EducationLevelS1
		if plan.PositionType == formation.PositionTypeFUNGSIONAL_KETERAMPILAN {
			edu = recruitmentformation.EducationLevelD3
		}
		f, err := recruitment.OpenFormation(ctx, c, recruitment.OpenFormationInput{RecruitmentYearID: y.ID, PlanID: plan.ID,
			Kind: recruitmentformation.KindCPNS, Quota: d.quota, EducationLevel: edu})
		if err != nil {
			return n, employees, fmt.Errorf("recruitment demo: open formasi: %w", err)
		}
		n++
		formations++
		var ids []int
		for i, p := range d.applicants {
			seq++
			birth := time.Date(today.Year()-24-seq%7, time.Month(1+seq%12), 1+seq%27, 0, 0, 0, 0, time.UTC)
			a, err := recruitment.Register(ctx, c, recruitment.RegisterInput{FormationID: f.ID,
				RegistrationNumber: fmt.Sprintf("%d%04d%03d", today.Year(), formations, i+1), Nik: fmt.Sprintf("1871%012d", seq),
				Name: p.name, BirthDate: birth, Gender: p.gender, EducationLevel: applicant.EducationLevel(edu)})
			if err != nil {
				return n, employees, fmt.Errorf("recruitment demo: register %s: %w", p.name, err)
			}
			if _, err := recruitment.RecordSKD(ctx, c, recruitment.SKDInput{ApplicantID: a.ID, Twk: p.twk, Tiu: p.tiu, Tkp: p.tkp}); err != nil {
				return n, employees, fmt.Errorf("recruitment demo: SKD of %s: %w", p.name, err)
			}
			ids = append(ids, a.ID)
			seqOf[a.ID] = seq
			n++
		}
		for i, p := range d.applicants {
			if p.skb >= 0 {
				if _, err := recruitment.RecordSKB(ctx, c, ids[i], p.skb); err != nil {
					return n, employees, fmt.Errorf("recruitment demo: SKB of %s: %w", p.name, err)
				}
			}
		}
		ranking, err := recruitment.Ranking(ctx, c, f)
		if err != nil {
			return n, employees, err
		}
		superior, mentor, err := demoSuperiors(ctx, c, plan.UnitID)
		if err != nil {
			return n, employees, err
		}
		for _, st := range ranking {
			if !st.Selected {
				continue
			}
			no := seqOf[st.Applicant.ID]
			a, err := recruitment.Appoint(ctx, c, recruitment.AppointInput{ApplicantID: st.Applicant.ID, SuperiorID: superior, MentorID: mentor,
				Appointment: personnel.Decree{Number: fmt.Sprintf("800.1.2/%d/BKD/%d", no, today.Year()), Date: tmt.AddDate(0, 0, -10), EffectiveDate: tmt}})
			if err != nil {
				return n, employees, fmt.Errorf("recruitment demo: appoint %s: %w", st.Applicant.Name, err)
			}
			local := strings.ReplaceAll(strings.ToLower(a.Name), " ", ".")
			err = c.Employee.UpdateOneID(*a.EmployeeID).SetEmail(fmt.Sprintf("%s.%d@lampungprov.go.id", local, no)).
				SetPhone(fmt.Sprintf("+62 812-%04d-%04d", 1000+no, 4000+no)).Exec(ctx)
			if err != nil {
				return n, employees, fmt.Errorf("recruitment demo: contacts of %s: %w", a.Name, err)
			}
			n += 3
			employees++
		}
	}
	return n, employees, nil
}

// demoSuperiors returns the superior (the unit's first structural or
// senior employee, as the demo's staff report to their unit's head) and
// the mentor (a functional colleague, else the superior) of a CPNS of the
// unit.
func demoSuperiors(ctx context.Context, c *ent.Client, unitID int) (superior, mentor *int, err error) {
	head, err := c.Employee.Query().Where(employee.UnitID(unitID), employee.StatusEQ(employee.StatusACTIVE),
		employee.PositionTypeIn(employee.PositionTypeJPT_PRATAMA, employee.PositionTypeADMINISTRATOR, employee.PositionTypePENGAWAS)).
		Order(ent.Asc(employee.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		head, err = c.Employee.Query().Where(employee.UnitID(unitID), employee.StatusEQ(employee.StatusACTIVE),
			employee.PositionTypeNEQ(employee.PositionTypePELAKSANA)).Order(ent.Asc(employee.FieldID)).First(ctx)
	}
	if ent.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("recruitment demo: head of unit %d: %w", unitID, err)
	}
	m, err := c.Employee.Query().Where(employee.UnitID(unitID), employee.StatusEQ(employee.StatusACTIVE), employee.EmploymentTypeEQ(employee.EmploymentTypePNS),
		employee.PositionTypeIn(employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionTypeFUNGSIONAL_KETERAMPILAN)).Order(ent.Asc(employee.FieldID)).First(ctx)
	switch {
	case ent.IsNotFound(err):
		return &head.ID, &head.ID, nil
	case err != nil:
		return nil, nil, fmt.Errorf("recruitment demo: mentor in unit %d: %w", unitID, err)
	}
	return &head.ID, &m.ID, nil
}

// demoPlanEntry returns the first plan entry of year for the profession in
// a remote (or other) district whose shortfall holds the formasi's places,
// or nil when there is none.
func demoPlanEntry(ctx context.Context, c *ent.Client, yearID, year int, d recruitmentDemo, used map[int]bool) (*ent.Formation, error) {
	plans, err := c.Formation.Query().Where(formation.Year(year), formation.ProfessionGroupEQ(d.profession),
		formation.PositionTypeIn(formation.PositionTypeFUNGSIONAL_KEAHLIAN, formation.PositionTypeFUNGSIONAL_KETERAMPILAN),
		formation.HasUnitWith(unit.HasRegionWith(region.Remote(d.remote)))).
		Order(ent.Asc(formation.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("recruitment demo: plan entries: %w", err)
	}
	for _, p := range plans {
		if used[p.ID] {
			continue
		}
		needed, filled, open, err := recruitment.Shortfall(ctx, c, p.ID, yearID)
		if err != nil {
			return nil, err
		}
		if needed-filled-open >= d.quota {
			return p, nil
		}
	}
	return nil, nil
}
