package server_test

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	entappraisal "simasn/ent/appraisal"
	"simasn/ent/competency"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/training"
	"simasn/ent/worklog"
	"simasn/internal/analytics"
	"simasn/internal/apitest"
	"simasn/internal/appraisal"
	"simasn/internal/auth"
	"simasn/internal/complaint"
	"simasn/internal/export"
	"simasn/internal/nip"
	"simasn/internal/server"
	"simasn/internal/testdb"
)

// statsNow is the clock of the analytics tests: mid-June 2026, so the
// fixture spans 2025 and 2026.
var statsNow = time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)

// wibZone is Western Indonesian Time; complaint and survey times are written
// in it, to check that SQLite's text times are read with their offsets.
var wibZone = time.FixedZone("WIB", 7*60*60)

// statsWorld is a small province with a bit of everything the analytics
// count: two regions (the south remote), an agency with a division and a
// section, a clinic with a school below it, sixty employees, trainings and
// enrollments over two years, appraisals, work logs, complaints, formasi,
// competencies and survey answers. Everything is drawn from a fixed seed.
type statsWorld struct {
	s     *apitest.Server
	c     *ent.Client
	authn *auth.Service

	north, south                              *ent.Region
	agency, division, section, clinic, school *ent.Unit

	units   map[int]*ent.Unit
	regions map[int]*ent.Region

	employees   []*ent.Employee
	trainings   []*ent.Training
	enrollments []*ent.Enrollment
	appraisals  []*ent.Appraisal
	workLogs    []*ent.WorkLog
	complaints  []*ent.Complaint
	formations  []*ent.Formation
	comps       []*ent.Competency
	reqs        []*ent.CompetencyRequirement
	assessments []*ent.CompetencyAssessment
	surveys     []*ent.SurveyResponse

	analyst, leader, hr, staff, public *apitest.Server
}

func newStatsWorld(t *testing.T, dsn string) *statsWorld {
	t.Helper()
	w := &statsWorld{}
	// The figures themselves are checked here, so disclosure control is
	// off (k = 1); TestDisclosureControl checks the suppression.
	w.s = apitest.Start(t, dsn, func(o *server.Options) { w.authn = o.Auth; o.MinGroupSize = 1 })
	now := statsNow
	w.s.Now.Store(&now)
	w.s = w.s.AsAccount(w.s.Admin) // a token of the moved clock
	w.c = w.s.DB.Client
	ctx := apitest.Sys()
	rng := rand.New(rand.NewPCG(20260615, 18))
	s := w.s

	w.north, w.south = s.MustRegion("18.71", false), s.MustRegion("18.13", true)
	w.agency = s.MustUnit("1.02", nil, w.north)
	w.division = s.MustUnit("1.02.01", w.agency, w.north)
	w.section = s.MustUnit("1.02.01.01", w.division, w.north)
	w.clinic = s.MustUnit("PKM-01", nil, w.south)
	w.school = s.MustUnit("SMA-01", w.clinic, w.south)
	w.units, w.regions = map[int]*ent.Unit{}, map[int]*ent.Region{}
	for _, u := range apitest.Must(w.c.Unit.Query().All(ctx))(t) {
		w.units[u.ID] = u
	}
	for _, r := range apitest.Must(w.c.Region.Query().All(ctx))(t) {
		w.regions[r.ID] = r
	}
	units := []*ent.Unit{w.agency, w.division, w.section, w.clinic, w.school}

	// Employees.
	type position struct {
		t     employee.PositionType
		level employee.PositionLevel // "" for none
		name  string
	}
	positions := []position{
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionLevelAHLI_PERTAMA, "Ahli Pertama"},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionLevelAHLI_MUDA, "Ahli Muda"},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionLevelAHLI_MADYA, "Ahli Madya"},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, employee.PositionLevelAHLI_UTAMA, "Ahli Utama"},
		{employee.PositionTypeFUNGSIONAL_KETERAMPILAN, employee.PositionLevelTERAMPIL, "Terampil"},
		{employee.PositionTypePELAKSANA, "", "Pelaksana"},
		{employee.PositionTypePENGAWAS, "", "Kepala Seksi"},
		{employee.PositionTypeADMINISTRATOR, "", "Kepala Bidang"},
		{employee.PositionTypeJPT_PRATAMA, "", "Kepala Dinas"},
	}
	professions := []employee.ProfessionGroup{employee.ProfessionGroupHEALTH, employee.ProfessionGroupEDUCATION, employee.ProfessionGroupADMINISTRATIVE}
	family := map[employee.ProfessionGroup]string{employee.ProfessionGroupHEALTH: "Perawat", employee.ProfessionGroupEDUCATION: "Guru", employee.ProfessionGroupADMINISTRATIVE: "Analis"}
	educations := []employee.EducationLevel{employee.EducationLevelSLTA, employee.EducationLevelD3, employee.EducationLevelS1, employee.EducationLevelS2}
	for i := range 60 {
		birth := time.Date(1964+rng.IntN(38), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		g := nip.Male
		if rng.IntN(2) == 0 {
			g = nip.Female
		}
		empType, kind, rank := employee.EmploymentTypePNS, nip.PNS, []string{"II/a", "III/a", "III/b", "III/c", "IV/a"}[rng.IntN(5)]
		switch r := rng.IntN(10); {
		case r == 0:
			empType = employee.EmploymentTypeCPNS
		case r >= 8:
			empType, kind, rank = employee.EmploymentTypePPPK, nip.PPPK, "IX"
		}
		cpnsYear := min(birth.Year()+25, 2025)
		number, err := nip.Build(kind, birth, cpnsYear, 3, g, 100+i)
		if err != nil {
			t.Fatal(err)
		}
		p := positions[rng.IntN(len(positions))]
		prof := professions[rng.IntN(len(professions))]
		status := employee.StatusACTIVE
		switch {
		case i%17 == 5:
			status = employee.StatusON_LEAVE
		case i%19 == 7:
			status = employee.StatusRETIRED
		}
		create := w.c.Employee.Create().SetNip(number).SetName(fmt.Sprintf("Pegawai %02d", i)).
			SetEmploymentType(empType).SetRank(rank).SetPositionName(family[prof] + " " + p.name).SetPositionType(p.t).
			SetProfessionGroup(prof).SetEducationLevel(educations[rng.IntN(len(educations))]).SetUnitID(units[i%len(units)].ID).
			SetBirthDate(birth).SetGender(employee.Gender(g)).SetStatus(status).
			SetCpnsDate(time.Date(cpnsYear, 3, 1, 0, 0, 0, 0, time.UTC)).SetEmail(fmt.Sprintf("pegawai%02d@lampungprov.go.id", i))
		if p.level != "" {
			create.SetPositionLevel(p.level)
		}
		w.employees = append(w.employees, apitest.Must(create.Save(ctx))(t))
	}
	// The leader heads the agency; the employee account is the second.
	w.analyst = s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil))
	w.leader = s.AsAccount(s.MustAccount("kadis", "LEADER", w.agency, w.employees[0]))
	w.hr = s.AsAccount(s.MustAccount("hr.selatan", "HR_OFFICER", w.clinic, nil))
	w.staff = s.AsAccount(s.MustAccount("pegawai", "EMPLOYEE", nil, w.employees[1]))
	w.public = s.Public()

	// Trainings ending in 2025 and 2026, and their enrollments.
	ends := []time.Time{date(2025, 3, 10), date(2025, 11, 20), date(2026, 2, 15), date(2026, 5, 30), date(2026, 12, 1), date(2026, 4, 1)}
	hours := []int{8, 12, 20, 24, 16, 10}
	categories := []training.Category{training.CategoryTECHNICAL, training.CategoryMANAGERIAL, training.CategoryFUNCTIONAL, training.CategorySOCIO_CULTURAL}
	for i, end := range ends {
		st := training.StatusCOMPLETED
		switch {
		case i == 4:
			st = training.StatusPUBLISHED
		case i == 5:
			st = training.StatusCANCELLED
		}
		w.trainings = append(w.trainings, apitest.Must(w.c.Training.Create().SetCode(fmt.Sprintf("T-%d", i)).SetTitle(fmt.Sprintf("Pelatihan %d", i)).
			SetCategory(categories[i%len(categories)]).SetMethod(training.MethodBLENDED).SetOrganizerID(units[i%2*3].ID).
			SetHoursJp(hours[i]).SetQuota(100).SetStatus(st).
			SetRegistrationOpens(end.AddDate(0, -2, 0)).SetRegistrationCloses(end.AddDate(0, -1, 0)).
			SetStartsOn(end.AddDate(0, 0, -5)).SetEndsOn(end).Save(ctx))(t))
	}
	statuses := []enrollment.Status{enrollment.StatusCOMPLETED, enrollment.StatusCOMPLETED, enrollment.StatusCOMPLETED,
		enrollment.StatusFAILED, enrollment.StatusREGISTERED, enrollment.StatusAPPROVED, enrollment.StatusWITHDRAWN}
	for _, e := range w.employees {
		for _, tr := range w.trainings {
			if rng.IntN(5) >= 2 {
				continue
			}
			st := statuses[rng.IntN(len(statuses))]
			create := w.c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(tr.ID).SetStatus(st).SetRegisteredAt(tr.RegistrationOpens.Add(time.Hour))
			if st == enrollment.StatusCOMPLETED || st == enrollment.StatusFAILED {
				create.SetScore(float64(500+rng.IntN(500)) / 10).SetCompletedAt(tr.EndsOn.Add(24 * time.Hour))
			}
			w.enrollments = append(w.enrollments, apitest.Must(create.Save(ctx))(t))
		}
	}

	// Appraisals: the annual one of 2025 and quarterly ones of 2026.
	ratings := []appraisal.Rating{appraisal.Below, appraisal.Meets, appraisal.Above}
	for i, e := range w.employees[1:] {
		for _, period := range []struct {
			kind         appraisal.PeriodKind
			year, period int
		}{{appraisal.Annual, 2025, 0}, {appraisal.Quarterly, 2026, 1}, {appraisal.Quarterly, 2026, 2}} {
			if rng.IntN(4) == 0 {
				continue
			}
			start, end, err := appraisal.PeriodBounds(period.kind, period.year, period.period)
			if err != nil {
				t.Fatal(err)
			}
			appraiser := w.employees[0] // heads the agency
			if !w.under(e.UnitID, w.agency) {
				appraiser = w.employees[3] // works at the clinic
			}
			create := w.c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(appraiser.ID).
				SetPeriodKind(entappraisal.PeriodKind(period.kind)).SetYear(period.year).SetPeriod(period.period).
				SetPeriodStart(start).SetPeriodEnd(end).
				SetStatus([]entappraisal.Status{entappraisal.StatusDRAFT, entappraisal.StatusSUBMITTED, entappraisal.StatusAPPROVED}[(i+period.period)%3])
			if rng.IntN(5) > 0 {
				r, b := ratings[rng.IntN(3)], ratings[rng.IntN(3)]
				p, err := appraisal.PredicateOf(r, b)
				if err != nil {
					t.Fatal(err)
				}
				create.SetResultsRating(entappraisal.ResultsRating(r)).SetBehaviourRating(entappraisal.BehaviourRating(b)).SetPredicate(entappraisal.Predicate(p))
			}
			w.appraisals = append(w.appraisals, apitest.Must(create.Save(ctx))(t))
		}
	}

	// Work logs of twenty employees over the last seventy days.
	var logs []*ent.WorkLogCreate
	for _, e := range w.employees[:20] {
		for d := range 70 {
			for range rng.IntN(3) {
				logs = append(logs, w.c.WorkLog.Create().SetEmployeeID(e.ID).SetDate(date(2026, 4, 6).AddDate(0, 0, d)).
					SetActivity("Pelayanan").SetOutput("kegiatan").SetQuantity(1+rng.IntN(10)).SetMinutes(30+rng.IntN(450)).
					SetStatus([]worklog.Status{worklog.StatusSUBMITTED, worklog.StatusVERIFIED, worklog.StatusVERIFIED, worklog.StatusRETURNED}[rng.IntN(4)]))
			}
		}
	}
	w.workLogs = apitest.Must(w.c.WorkLog.CreateBulk(logs...).Save(ctx))(t)

	// Complaints received over the last four months, at each stage.
	categoriesC := []entcomplaint.Category{entcomplaint.CategoryHEALTH_SERVICE, entcomplaint.CategoryEDUCATION, entcomplaint.CategoryPERSONNEL, entcomplaint.CategoryINFRASTRUCTURE}
	for i := range 90 {
		received := now.Add(-time.Duration(rng.IntN(120*24)) * time.Hour).In(wibZone)
		create := w.c.Complaint.Create().SetTrackingID(fmt.Sprintf("LPG-TEST-%04d", i)).SetAccessKeyHash("x").
			SetClass(entcomplaint.Class(complaint.Classes()[rng.IntN(len(complaint.Classes()))])).
			SetCategory(categoriesC[rng.IntN(len(categoriesC))]).
			SetChannel(entcomplaint.Channel(complaint.Channels()[rng.IntN(len(complaint.Channels()))])).
			SetPrivacy(entcomplaint.Privacy(complaint.Privacies()[rng.IntN(len(complaint.Privacies()))])).
			SetTitle(fmt.Sprintf("Pengaduan %d", i)).SetBody("Pelayanan lambat.").SetReporterName("Warga").
			SetReceivedAt(received).SetVerifyDue(received.AddDate(0, 0, 3)).SetSettleDue(received.AddDate(0, 0, 60))
		if k := rng.IntN(6); k < 5 {
			u := units[k]
			create.SetUnitID(u.ID).SetRegionID(u.RegionID)
		} else if rng.IntN(2) == 0 {
			create.SetRegionID(w.south.ID)
		}
		status := entcomplaint.StatusRECEIVED
		answerFrom := received.AddDate(0, 0, 3)
		if fwd := received.Add(time.Duration(12+rng.IntN(72)) * time.Hour); fwd.Before(now) && rng.IntN(6) > 0 {
			create.SetForwardedAt(fwd)
			answerFrom, status = fwd, entcomplaint.StatusVERIFIED
			if rng.IntN(3) == 0 {
				status = entcomplaint.StatusIN_PROGRESS
			}
			if rng.IntN(9) == 0 {
				status = entcomplaint.StatusPOSTPONED
			}
			if ans := fwd.Add(time.Duration(6+rng.IntN(240)) * time.Hour); ans.Before(now) && rng.IntN(5) > 0 {
				create.SetAnsweredAt(ans)
				status = entcomplaint.StatusANSWERED
				if rng.IntN(2) == 0 {
					create.SetRating(1 + rng.IntN(5))
				}
				if set := ans.Add(time.Duration(10*24+rng.IntN(240)) * time.Hour); set.Before(now) {
					create.SetSettledAt(set)
					status = entcomplaint.StatusCLOSED
				}
			}
		} else if rng.IntN(4) == 0 {
			create.SetSettledAt(received.Add(30 * time.Hour))
			status = entcomplaint.StatusREJECTED
		}
		create.SetAnswerDue(answerFrom.AddDate(0, 0, 7)).SetStatus(status)
		w.complaints = append(w.complaints, apitest.Must(create.Save(ctx))(t))
	}

	// Formasi of 2026 for every position held, two vacant positions, and
	// one of 2025 that must not count.
	type slot struct {
		unit int
		name string
	}
	held := map[slot]*ent.Employee{}
	count := map[slot]int{}
	for _, e := range w.employees {
		if inService(e) {
			k := slot{e.UnitID, e.PositionName}
			held[k], count[k] = e, count[k]+1
		}
	}
	keys := make([]slot, 0, len(held))
	for k := range held {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b slot) int { return cmp.Or(cmp.Compare(a.unit, b.unit), strings.Compare(a.name, b.name)) })
	for i, k := range keys {
		if i%7 == 3 {
			continue // staff without formasi: excess
		}
		e := held[k]
		w.formations = append(w.formations, apitest.Must(w.c.Formation.Create().SetUnitID(k.unit).SetYear(2026).SetPositionName(k.name).
			SetPositionType(formation.PositionType(e.PositionType)).SetProfessionGroup(formation.ProfessionGroup(e.ProfessionGroup)).
			SetNeeded(max(0, count[k]+[]int{-1, 0, 1, 2, 3}[rng.IntN(5)])).Save(ctx))(t))
	}
	w.formations = append(w.formations, apitest.Must(w.c.Formation.Create().SetUnitID(w.clinic.ID).SetYear(2026).SetPositionName("Dokter Ahli Pertama").
		SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(2).Save(ctx))(t), apitest.Must(w.c.Formation.Create().SetUnitID(w.school.ID).SetYear(2026).SetPositionName("Guru BK Ahli Pertama").
		SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupEDUCATION).SetNeeded(1).Save(ctx))(t), apitest.Must(w.c.Formation.Create().SetUnitID(w.clinic.ID).SetYear(2025).SetPositionName("Dokter Ahli Pertama").
		SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(9).Save(ctx))(t),
	)

	// Competencies, the levels positions require, assessments (some twice,
	// the later one written first), and trainings tagged with them.
	for i, k := range []competency.Kind{competency.KindMANAGERIAL, competency.KindTECHNICAL, competency.KindTECHNICAL} {
		w.comps = append(w.comps, apitest.Must(w.c.Competency.Create().SetCode(fmt.Sprintf("K-%d", i)).SetName(fmt.Sprintf("Kompetensi %d", i)).SetKind(k).Save(ctx))(t))
	}
	positionNames := map[string]employee.ProfessionGroup{}
	for _, e := range w.employees {
		positionNames[e.PositionName] = e.ProfessionGroup
	}
	names := make([]string, 0, len(positionNames))
	for n := range positionNames {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		w.reqs = append(w.reqs, apitest.Must(w.c.CompetencyRequirement.Create().SetPositionName(n).SetCompetencyID(w.comps[0].ID).SetLevel(2+i%3).Save(ctx))(t))
		switch positionNames[n] {
		case employee.ProfessionGroupHEALTH:
			w.reqs = append(w.reqs, apitest.Must(w.c.CompetencyRequirement.Create().SetPositionName(n).SetCompetencyID(w.comps[1].ID).SetLevel(3).Save(ctx))(t))
		case employee.ProfessionGroupEDUCATION:
			w.reqs = append(w.reqs, apitest.Must(w.c.CompetencyRequirement.Create().SetPositionName(n).SetCompetencyID(w.comps[2].ID).SetLevel(4).Save(ctx))(t))
		}
	}
	for _, e := range w.employees {
		for _, cp := range w.comps {
			if rng.IntN(2) == 0 {
				continue
			}
			later := date(2026, 1, 10+rng.IntN(10))
			w.assessments = append(w.assessments, apitest.Must(w.c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(cp.ID).
				SetLevel(1+rng.IntN(5)).SetAssessedAt(later).Save(ctx))(t))
			if rng.IntN(3) == 0 {
				w.assessments = append(w.assessments, apitest.Must(w.c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(cp.ID).
					SetLevel(1+rng.IntN(5)).SetAssessedAt(later.AddDate(-1, 0, 0)).Save(ctx))(t))
			}
		}
	}
	apitest.Check(w.c.Training.UpdateOne(w.trainings[4]).AddCompetencies(w.comps[1], w.comps[0]).Exec(ctx))( // published, not over: recommended
		t)
	apitest.Check(w.c.Training.UpdateOne(w.trainings[5]).AddCompetencies(w.comps[1]).Exec(ctx))(t)
	apitest.Check( // cancelled: not recommended
		w.c.Training.UpdateOne(w.trainings[3]).AddCompetencies(w.comps[2]).Exec(ctx))(t) // over: not recommended

	// Survey answers: the clinic all 4 (index 100), the agency all 3 (75),
	// the division all 1 (25), the school mixed; some across the end of a
	// quarter in WIB.
	var answers []*ent.SurveyResponseCreate
	answer := func(u *ent.Unit, at time.Time, a [9]int) {
		answers = append(answers, w.c.SurveyResponse.Create().SetUnitID(u.ID).SetSubmittedAt(at).
			SetU1Requirements(a[0]).SetU2Procedure(a[1]).SetU3Time(a[2]).SetU4Cost(a[3]).SetU5Product(a[4]).
			SetU6Competence(a[5]).SetU7Behaviour(a[6]).SetU8Complaints(a[7]).SetU9Facilities(a[8]))
	}
	all := func(v int) (a [9]int) {
		for i := range a {
			a[i] = v
		}
		return a
	}
	for i := range 12 {
		answer(w.clinic, date(2026, 2, 1+i).In(wibZone), all(4))
		answer(w.agency, date(2026, 5, 1+i), all(3))
		answer(w.division, date(2025, 10, 1+i), all(1))
		var a [9]int
		for j := range a {
			a[j] = 1 + rng.IntN(4)
		}
		answer(w.school, time.Date(2026, 3, 31, 14+i%6, 0, 0, 0, time.UTC), a) // 21:00–02:00 WIB: Q1 or Q2
	}
	w.surveys = apitest.Must(w.c.SurveyResponse.CreateBulk(answers...).Save(ctx))(t)
	return w
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func inService(e *ent.Employee) bool {
	return e.Status == employee.StatusACTIVE || e.Status == employee.StatusON_LEAVE
}

// --- the plain computation the aggregates are checked against ---

// aggKind is how the plain computation aggregates a measure.
type aggKind int

const (
	kSum aggKind = iota
	kAvg
	kMin
	kMax
	kDistinct
	kP50
	kP90
)

// plainMeasure is a measure computed in Go: a value per record (nil when
// the record has none) and how to aggregate it.
type plainMeasure[R any] struct {
	name  string
	kind  aggKind
	value func(R) *float64
}

// plainGroup is the plain computation of one group.
type plainGroup struct {
	count  int
	values []*float64
}

// plainAggregate groups rows by keys and computes the measures.
func plainAggregate[R any](rows []R, keys []func(R) *string, measures []plainMeasure[R]) map[string]plainGroup {
	groups := map[string][]R{}
	for _, r := range rows {
		var parts []string
		for _, k := range keys {
			parts = append(parts, keyString(k(r)))
		}
		id := strings.Join(parts, "|")
		groups[id] = append(groups[id], r)
	}
	if len(keys) == 0 {
		groups[""] = append(groups[""], []R{}...)
	}
	out := map[string]plainGroup{}
	for id, rs := range groups {
		g := plainGroup{count: len(rs)}
		for _, m := range measures {
			var vs []float64
			for _, r := range rs {
				if v := m.value(r); v != nil {
					vs = append(vs, *v)
				}
			}
			g.values = append(g.values, combine(m.kind, vs))
		}
		out[id] = g
	}
	return out
}

func keyString(v *string) string {
	if v == nil {
		return "∅"
	}
	return *v
}

func combine(kind aggKind, vs []float64) *float64 {
	if len(vs) == 0 {
		if kind == kSum || kind == kDistinct {
			return nil
		}
		return nil
	}
	var r float64
	switch kind {
	case kSum:
		for _, v := range vs {
			r += v
		}
	case kAvg:
		for _, v := range vs {
			r += v
		}
		r /= float64(len(vs))
	case kMin:
		r = slices.Min(vs)
	case kMax:
		r = slices.Max(vs)
	case kDistinct:
		r = float64(len(distinctOf(vs)))
	case kP50, kP90:
		p := 0.5
		if kind == kP90 {
			p = 0.9
		}
		s := slices.Clone(vs)
		slices.Sort(s)
		pos := p * float64(len(s)-1)
		lo := int(math.Floor(pos))
		r = s[lo]
		if lo+1 < len(s) {
			r += (s[lo+1] - s[lo]) * (pos - float64(lo))
		}
	}
	return &r
}

func distinctOf(vs []float64) map[float64]bool {
	m := map[float64]bool{}
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func f(v float64) *float64 { return &v }

func fb(b bool) *float64 {
	if b {
		return f(1)
	}
	return f(0)
}

func sp(s string) *string { return &s }

// apiGroup is an AggregateGroup as the API returns it.
type apiGroup struct {
	Key []struct {
		Dimension string
		Value     *string
		Label     *string
	}
	Count  int
	Values []struct {
		Measure string
		Value   *float64
	}
}

func (g apiGroup) id() string {
	var parts []string
	for _, k := range g.Key {
		parts = append(parts, keyString(k.Value))
	}
	return strings.Join(parts, "|")
}

// compareGroups checks the API's groups against the plain computation.
// Groups of no records (which SQL cannot return) are ignored on the plain
// side, except the single total group of an ungrouped aggregate.
func compareGroups(t *testing.T, what string, got []apiGroup, want map[string]plainGroup) {
	t.Helper()
	seen := map[string]bool{}
	for _, g := range got {
		id := g.id()
		seen[id] = true
		w, ok := want[id]
		if !ok {
			t.Errorf("%s: unexpected group %q (count %d)", what, id, g.Count)
			continue
		}
		if g.Count != w.count {
			t.Errorf("%s: group %q: count %d, want %d", what, id, g.Count, w.count)
		}
		if len(g.Values) != len(w.values) {
			t.Fatalf("%s: group %q: %d measures, want %d", what, id, len(g.Values), len(w.values))
		}
		for i, v := range g.Values {
			if !near(v.Value, w.values[i]) {
				t.Errorf("%s: group %q: %s = %s, want %s", what, id, v.Measure, show(v.Value), show(w.values[i]))
			}
		}
	}
	for id, w := range want {
		if !seen[id] && w.count > 0 {
			t.Errorf("%s: missing group %q (count %d)", what, id, w.count)
		}
	}
}

func near(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-6*(1+math.Abs(*b))
}

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'g', 10, 64)
}

// --- the dimensions, computed plainly ---

// ymd is a date as yyyymmdd.
// yearsAt is the whole years from t to now as people count an age: the
// difference of the years, less one while this year's anniversary (month
// and day) has not come yet. (Written apart from the production formula,
// which compares yyyymmdd integers.)
func yearsAt(t *time.Time, now time.Time) *float64 {
	if t == nil {
		return nil
	}
	ty, tm, td := t.UTC().Date()
	ny, nm, nd := now.UTC().Date()
	years := ny - ty
	if nm < tm || (nm == tm && nd < td) {
		years--
	}
	return f(float64(years))
}

// ancestor is the unit a unit rolls up to at level (nil: itself).
func (w *statsWorld) ancestor(id int, level *int) *ent.Unit {
	u := w.units[id]
	for level != nil && u.Depth > *level {
		u = w.units[*u.ParentID]
	}
	return u
}

// under reports whether unit id lies in the subtree of root.
func (w *statsWorld) under(id int, root *ent.Unit) bool {
	return strings.HasPrefix(w.units[id].Path, root.Path)
}

func (w *statsWorld) employeeByID(id int) *ent.Employee {
	for _, e := range w.employees {
		if e.ID == id {
			return e
		}
	}
	panic("no employee")
}

// employeeKey is the plain value of an employee dimension.
func (w *statsWorld) employeeKey(d analytics.Dimension, level *int) func(*ent.Employee) *string {
	return func(e *ent.Employee) *string {
		switch d {
		case analytics.Unit:
			return sp(strconv.Itoa(w.ancestor(e.UnitID, level).ID))
		case analytics.Region:
			return sp(strconv.Itoa(w.units[e.UnitID].RegionID))
		case analytics.Remote:
			return sp(strconv.FormatBool(w.regions[w.units[e.UnitID].RegionID].Remote))
		case analytics.Profession:
			return sp(string(e.ProfessionGroup))
		case analytics.Rank:
			return sp(e.Rank)
		case analytics.PositionType:
			return sp(string(e.PositionType))
		case analytics.PositionLevel:
			if e.PositionLevel == nil {
				return nil
			}
			return sp(string(*e.PositionLevel))
		case analytics.Position:
			return sp(e.PositionName)
		case analytics.Education:
			return sp(string(e.EducationLevel))
		case analytics.Gender:
			return sp(string(e.Gender))
		case analytics.EmploymentType:
			return sp(string(e.EmploymentType))
		case analytics.Status:
			return sp(string(e.Status))
		case analytics.AgeBand:
			age := int(*yearsAt(e.BirthDate, statsNow))
			band := min(60, max(0, age/5*5))
			if age < 25 {
				band = 0
			}
			return sp(strconv.Itoa(band))
		}
		panic("no employee dimension " + d)
	}
}

func dateKey(d analytics.Dimension, t time.Time) *string {
	switch d {
	case analytics.Year:
		return sp(strconv.Itoa(t.Year()))
	case analytics.Quarter:
		return sp(fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3))
	case analytics.Month:
		return sp(fmt.Sprintf("%d-%02d", t.Year(), t.Month()))
	}
	return nil
}

// employeeMeasures are the plain employee measures, of the employee a
// record is about.
func employeeMeasures[R any](emp func(R) *ent.Employee) []plainMeasure[R] {
	age := func(r R) *float64 { return yearsAt(emp(r).BirthDate, statsNow) }
	service := func(r R) *float64 { return yearsAt(emp(r).CpnsDate, statsNow) }
	return []plainMeasure[R]{
		{"AVERAGE_AGE", kAvg, age}, {"MEDIAN_AGE", kP50, age}, {"MIN_AGE", kMin, age}, {"MAX_AGE", kMax, age},
		{"AVERAGE_SERVICE_YEARS", kAvg, service}, {"MEDIAN_SERVICE_YEARS", kP50, service},
		{"FEMALE_SHARE", kAvg, func(r R) *float64 { return fb(emp(r).Gender == employee.GenderFEMALE) }},
		{"PPPK_SHARE", kAvg, func(r R) *float64 { return fb(emp(r).EmploymentType == employee.EmploymentTypePPPK) }},
	}
}

func names[R any](ms []plainMeasure[R]) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.name
	}
	return out
}

func pick[R any](ms []plainMeasure[R], names ...string) []plainMeasure[R] {
	var out []plainMeasure[R]
	for _, n := range names {
		for _, m := range ms {
			if m.name == n {
				out = append(out, m)
			}
		}
	}
	return out
}

const groupFields = `key { dimension value label } count values { measure value }`

// aggregateCase is one grouped aggregate and its plain computation.
type aggregateCase struct {
	name  string
	query string
	vars  map[string]any
	// want computes the expected groups over the records visible in a
	// scope (nil: every record).
	want func(v statsViewer) map[string]plainGroup
}

func dims(ds ...analytics.Dimension) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

// statsViewer is a viewer of the analytics and the records it may see.
type statsViewer struct {
	name  string
	s     *apitest.Server
	scope *ent.Unit     // nil: every unit
	self  *ent.Employee // the viewer's employee record, if any
}

func (w *statsWorld) viewers() []statsViewer {
	return []statsViewer{
		{"analyst", w.analyst, nil, nil},
		{"admin", w.s, nil, nil},
		{"leader", w.leader, w.agency, w.employees[0]},
		{"hr", w.hr, w.clinic, nil},
	}
}

// sees reports whether v may see the records of an employee (the access
// rules: every employee for analysts and admins, the subtree and oneself
// for HR officers and leaders).
func (w *statsWorld) sees(v statsViewer, e *ent.Employee) bool {
	return v.scope == nil || w.under(e.UnitID, v.scope) || (v.self != nil && v.self.ID == e.ID)
}

func visible[R any](rows []R, ok func(R) bool) []R {
	var out []R
	for _, r := range rows {
		if ok(r) {
			out = append(out, r)
		}
	}
	return out
}

// aggregateCases are the grouped aggregates checked against the plain
// computation, for each viewer.
func (w *statsWorld) aggregateCases() []aggregateCase {
	lvl0, lvl1 := 0, 1
	empKeys := func(level *int, ds ...analytics.Dimension) []func(*ent.Employee) *string {
		var ks []func(*ent.Employee) *string
		for _, d := range ds {
			ks = append(ks, w.employeeKey(d, level))
		}
		return ks
	}
	self := func(e *ent.Employee) *ent.Employee { return e }
	empMeasures := employeeMeasures(self)
	aggQuery := func(field, where, measure string) string {
		return `query($where: ` + where + `, $groupBy: [AggregateDimension!], $unitLevel: Int, $measures: [` + measure + `!]) {
  r: ` + field + `(where: $where, groupBy: $groupBy, unitLevel: $unitLevel, measures: $measures) { ` + groupFields + ` } }`
	}
	var cases []aggregateCase
	add := func(c aggregateCase) { cases = append(cases, c) }

	// Employees.
	empQ := aggQuery("employeeAggregate", "EmployeeWhereInput", "EmployeeMeasure")
	add(aggregateCase{"employees by region, profession, gender", empQ,
		map[string]any{"groupBy": dims(analytics.Region, analytics.Profession, analytics.Gender), "measures": names(empMeasures)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) }),
				empKeys(nil, analytics.Region, analytics.Profession, analytics.Gender), empMeasures)
		}})
	add(aggregateCase{"employees by agency, age band, employment type", empQ,
		map[string]any{"groupBy": dims(analytics.Unit, analytics.AgeBand, analytics.EmploymentType), "unitLevel": lvl0, "measures": []string{"MEDIAN_AGE", "MAX_AGE"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) }),
				empKeys(&lvl0, analytics.Unit, analytics.AgeBand, analytics.EmploymentType), pick(empMeasures, "MEDIAN_AGE", "MAX_AGE"))
		}})
	add(aggregateCase{"all employees, default measures", empQ, map[string]any{},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) }), nil,
				pick(empMeasures, "AVERAGE_AGE", "MEDIAN_AGE", "AVERAGE_SERVICE_YEARS", "FEMALE_SHARE"))
		}})
	add(aggregateCase{"active employees by position, rank, education, remote", empQ,
		map[string]any{"where": map[string]any{"status": "ACTIVE"}, "measures": []string{},
			"groupBy": dims(analytics.PositionType, analytics.PositionLevel, analytics.Rank, analytics.Education, analytics.Status, analytics.Remote)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) && e.Status == employee.StatusACTIVE }),
				empKeys(nil, analytics.PositionType, analytics.PositionLevel, analytics.Rank, analytics.Education, analytics.Status, analytics.Remote), nil)
		}})

	// Counts only, by the employee's columns and unit: counted per unit
	// first, then rolled up (analytics.query.countFirst).
	add(aggregateCase{"employee counts by region and profession", empQ,
		map[string]any{"groupBy": dims(analytics.Region, analytics.Profession), "measures": []string{}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) }),
				empKeys(nil, analytics.Region, analytics.Profession), nil)
		}})
	add(aggregateCase{"employee counts by agency, gender and unit, in service", empQ,
		map[string]any{"where": map[string]any{"statusIn": []string{"ACTIVE", "ON_LEAVE"}}, "groupBy": dims(analytics.Unit, analytics.Gender),
			"unitLevel": lvl0, "measures": []string{}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool {
				return w.sees(v, e) && (e.Status == employee.StatusACTIVE || e.Status == employee.StatusON_LEAVE)
			}), empKeys(&lvl0, analytics.Unit, analytics.Gender), nil)
		}})
	add(aggregateCase{"employee counts by own unit and remote", empQ,
		map[string]any{"groupBy": dims(analytics.Unit, analytics.Remote), "measures": []string{}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) }),
				empKeys(nil, analytics.Unit, analytics.Remote), nil)
		}})

	add(aggregateCase{"employees born since 1980 by age band, with a median (a bound argument in the subquery)", empQ,
		map[string]any{"where": map[string]any{"birthDateGTE": "1980-01-01T00:00:00Z"}, "groupBy": dims(analytics.AgeBand), "measures": []string{"MEDIAN_AGE", "MEDIAN_SERVICE_YEARS"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(w.employees, func(e *ent.Employee) bool { return w.sees(v, e) && e.BirthDate.Year() >= 1980 }),
				empKeys(nil, analytics.AgeBand), pick(empMeasures, "MEDIAN_AGE", "MEDIAN_SERVICE_YEARS"))
		}})

	// Enrollments, of the employees the viewer sees.
	trainingOf := func(id int) *ent.Training {
		for _, t := range w.trainings {
			if t.ID == id {
				return t
			}
		}
		panic("no training")
	}
	enrEmp := func(e *ent.Enrollment) *ent.Employee { return w.employeeByID(e.EmployeeID) }
	enrMeasures := append(employeeMeasures(enrEmp), []plainMeasure[*ent.Enrollment]{
		{"EMPLOYEES", kDistinct, func(e *ent.Enrollment) *float64 { return f(float64(e.EmployeeID)) }},
		{"COMPLETED", kSum, func(e *ent.Enrollment) *float64 { return fb(e.Status == enrollment.StatusCOMPLETED) }},
		{"COMPLETION_RATE", kAvg, func(e *ent.Enrollment) *float64 {
			switch e.Status {
			case enrollment.StatusCOMPLETED:
				return f(1)
			case enrollment.StatusFAILED:
				return f(0)
			}
			return nil
		}},
		{"TOTAL_JP", kSum, func(e *ent.Enrollment) *float64 {
			if e.Status != enrollment.StatusCOMPLETED {
				return f(0)
			}
			return f(float64(trainingOf(e.TrainingID).HoursJp))
		}},
		{"AVERAGE_SCORE", kAvg, func(e *ent.Enrollment) *float64 { return e.Score }},
		{"MEDIAN_SCORE", kP50, func(e *ent.Enrollment) *float64 { return e.Score }},
		{"MIN_SCORE", kMin, func(e *ent.Enrollment) *float64 { return e.Score }},
		{"MAX_SCORE", kMax, func(e *ent.Enrollment) *float64 { return e.Score }},
	}...)
	enrQ := aggQuery("enrollmentAggregate", "EnrollmentWhereInput", "EnrollmentMeasure")
	enrVisible := func(v statsViewer) []*ent.Enrollment {
		return visible(w.enrollments, func(e *ent.Enrollment) bool { return w.sees(v, enrEmp(e)) })
	}
	add(aggregateCase{"enrollments by quarter and status", enrQ,
		map[string]any{"groupBy": dims(analytics.Quarter, analytics.Status), "measures": names(enrMeasures)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(enrVisible(v), []func(*ent.Enrollment) *string{
				func(e *ent.Enrollment) *string {
					return dateKey(analytics.Quarter, trainingOf(e.TrainingID).EndsOn.UTC())
				},
				func(e *ent.Enrollment) *string { return sp(string(e.Status)) },
			}, enrMeasures)
		}})
	add(aggregateCase{"enrollments by month, method and training category", enrQ,
		map[string]any{"groupBy": dims(analytics.Month, analytics.TrainingMethod, analytics.TrainingCategory), "measures": names(enrMeasures)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(enrVisible(v), []func(*ent.Enrollment) *string{
				func(e *ent.Enrollment) *string {
					return dateKey(analytics.Month, trainingOf(e.TrainingID).EndsOn.UTC())
				},
				func(e *ent.Enrollment) *string { return sp(string(trainingOf(e.TrainingID).Method)) },
				func(e *ent.Enrollment) *string { return sp(string(trainingOf(e.TrainingID).Category)) },
			}, enrMeasures)
		}})
	// Without AVERAGE_SCORE, PostgreSQL computes these from a histogram of
	// the scores and counts the employees of a group of one training
	// without sorting (2026-Q2 holds two trainings: its employees are
	// counted apart).
	perTraining := pick(enrMeasures, "EMPLOYEES", "COMPLETED", "TOTAL_JP", "MEDIAN_SCORE", "MIN_SCORE", "MAX_SCORE", "COMPLETION_RATE", "AVERAGE_AGE")
	add(aggregateCase{"enrollments by quarter and training category, per training", enrQ,
		map[string]any{"groupBy": dims(analytics.Quarter, analytics.TrainingCategory), "measures": names(perTraining)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(enrVisible(v), []func(*ent.Enrollment) *string{
				func(e *ent.Enrollment) *string {
					return dateKey(analytics.Quarter, trainingOf(e.TrainingID).EndsOn.UTC())
				},
				func(e *ent.Enrollment) *string { return sp(string(trainingOf(e.TrainingID).Category)) },
			}, perTraining)
		}})
	add(aggregateCase{"enrollments by quarter and status, per training", enrQ,
		map[string]any{"groupBy": dims(analytics.Quarter, analytics.Status), "measures": names(perTraining)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(enrVisible(v), []func(*ent.Enrollment) *string{
				func(e *ent.Enrollment) *string {
					return dateKey(analytics.Quarter, trainingOf(e.TrainingID).EndsOn.UTC())
				},
				func(e *ent.Enrollment) *string { return sp(string(e.Status)) },
			}, perTraining)
		}})
	add(aggregateCase{"enrollments by training, category, year, division", enrQ,
		map[string]any{"groupBy": dims(analytics.Training, analytics.TrainingCategory, analytics.Year, analytics.Unit), "unitLevel": lvl1},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(enrVisible(v), []func(*ent.Enrollment) *string{
				func(e *ent.Enrollment) *string { return sp(strconv.Itoa(e.TrainingID)) },
				func(e *ent.Enrollment) *string { return sp(string(trainingOf(e.TrainingID).Category)) },
				func(e *ent.Enrollment) *string { return dateKey(analytics.Year, trainingOf(e.TrainingID).EndsOn.UTC()) },
				func(e *ent.Enrollment) *string { return w.employeeKey(analytics.Unit, &lvl1)(enrEmp(e)) },
			}, pick(enrMeasures, "EMPLOYEES", "COMPLETED", "TOTAL_JP", "AVERAGE_SCORE"))
		}})

	// Appraisals: of the employees the viewer sees, and those they gave.
	apEmp := func(a *ent.Appraisal) *ent.Employee { return w.employeeByID(a.AppraiseeID) }
	rated := func(a *ent.Appraisal, ps ...entappraisal.Predicate) *float64 {
		if a.Predicate == nil {
			return nil
		}
		return fb(slices.Contains(ps, *a.Predicate))
	}
	apMeasures := append(employeeMeasures(apEmp), []plainMeasure[*ent.Appraisal]{
		{"RATED", kSum, func(a *ent.Appraisal) *float64 { return fb(a.Predicate != nil) }},
		{"GOOD_OR_BETTER_SHARE", kAvg, func(a *ent.Appraisal) *float64 {
			return rated(a, entappraisal.PredicateSANGAT_BAIK, entappraisal.PredicateBAIK)
		}},
		{"SANGAT_BAIK_SHARE", kAvg, func(a *ent.Appraisal) *float64 { return rated(a, entappraisal.PredicateSANGAT_BAIK) }},
		{"BELOW_EXPECTATION_SHARE", kAvg, func(a *ent.Appraisal) *float64 {
			return rated(a, entappraisal.PredicateBUTUH_PERBAIKAN, entappraisal.PredicateKURANG, entappraisal.PredicateSANGAT_KURANG)
		}},
		{"APPROVED_SHARE", kAvg, func(a *ent.Appraisal) *float64 { return fb(a.Status == entappraisal.StatusAPPROVED) }},
	}...)
	apQ := aggQuery("appraisalAggregate", "AppraisalWhereInput", "AppraisalMeasure")
	add(aggregateCase{"appraisals by division, year, period kind, predicate", apQ,
		map[string]any{"groupBy": dims(analytics.Unit, analytics.Year, analytics.PeriodKind, analytics.Predicate), "unitLevel": lvl1, "measures": names(apMeasures)},
		func(v statsViewer) map[string]plainGroup {
			rows := visible(w.appraisals, func(a *ent.Appraisal) bool {
				return w.sees(v, apEmp(a)) || (v.self != nil && a.AppraiserID == v.self.ID)
			})
			return plainAggregate(rows, []func(*ent.Appraisal) *string{
				func(a *ent.Appraisal) *string { return w.employeeKey(analytics.Unit, &lvl1)(apEmp(a)) },
				func(a *ent.Appraisal) *string { return dateKey(analytics.Year, a.PeriodStart.UTC()) },
				func(a *ent.Appraisal) *string { return sp(string(a.PeriodKind)) },
				func(a *ent.Appraisal) *string {
					if a.Predicate == nil {
						return nil
					}
					return sp(string(*a.Predicate))
				},
			}, apMeasures)
		}})

	// Period keys with measures that add up from partial results: grouped
	// first by the period's first day, the year, quarter or month after
	// (analytics.periodsFirstSQL).
	apPartial := pick(apMeasures, "RATED", "GOOD_OR_BETTER_SHARE", "SANGAT_BAIK_SHARE", "BELOW_EXPECTATION_SHARE", "APPROVED_SHARE",
		"AVERAGE_AGE", "MIN_AGE", "MAX_AGE", "FEMALE_SHARE")
	apSeen := func(v statsViewer) []*ent.Appraisal {
		return visible(w.appraisals, func(a *ent.Appraisal) bool {
			return w.sees(v, apEmp(a)) || (v.self != nil && a.AppraiserID == v.self.ID)
		})
	}
	// 2026 holds the periods starting on 1 January and 1 April: two
	// partial groups per agency to add up.
	add(aggregateCase{"appraisals by year and agency, partial sums", apQ,
		map[string]any{"groupBy": dims(analytics.Year, analytics.Unit), "unitLevel": lvl0, "measures": names(apPartial)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(apSeen(v), []func(*ent.Appraisal) *string{
				func(a *ent.Appraisal) *string { return dateKey(analytics.Year, a.PeriodStart.UTC()) },
				func(a *ent.Appraisal) *string { return w.employeeKey(analytics.Unit, &lvl0)(apEmp(a)) },
			}, apPartial)
		}})
	add(aggregateCase{"appraisals by quarter and month, partial sums", apQ,
		map[string]any{"groupBy": dims(analytics.Quarter, analytics.Month), "measures": []string{"RATED", "GOOD_OR_BETTER_SHARE", "MAX_AGE"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(apSeen(v), []func(*ent.Appraisal) *string{
				func(a *ent.Appraisal) *string { return dateKey(analytics.Quarter, a.PeriodStart.UTC()) },
				func(a *ent.Appraisal) *string { return dateKey(analytics.Month, a.PeriodStart.UTC()) },
			}, pick(apMeasures, "RATED", "GOOD_OR_BETTER_SHARE", "MAX_AGE"))
		}})

	// Work logs.
	wlEmp := func(l *ent.WorkLog) *ent.Employee { return w.employeeByID(l.EmployeeID) }
	minutes := func(l *ent.WorkLog) *float64 { return f(float64(l.Minutes)) }
	wlMeasures := []plainMeasure[*ent.WorkLog]{
		{"EMPLOYEES", kDistinct, func(l *ent.WorkLog) *float64 { return f(float64(l.EmployeeID)) }},
		{"TOTAL_MINUTES", kSum, minutes}, {"AVERAGE_MINUTES", kAvg, minutes}, {"MEDIAN_MINUTES", kP50, minutes},
		{"P90_MINUTES", kP90, minutes}, {"MAX_MINUTES", kMax, minutes},
		{"TOTAL_QUANTITY", kSum, func(l *ent.WorkLog) *float64 { return f(float64(l.Quantity)) }},
		{"VERIFIED_SHARE", kAvg, func(l *ent.WorkLog) *float64 { return fb(l.Status == worklog.StatusVERIFIED) }},
	}
	wlQ := aggQuery("workLogAggregate", "WorkLogWhereInput", "WorkLogMeasure")
	wlVisible := func(v statsViewer) []*ent.WorkLog {
		return visible(w.workLogs, func(l *ent.WorkLog) bool { return w.sees(v, wlEmp(l)) })
	}
	add(aggregateCase{"work logs by month and remote", wlQ,
		map[string]any{"groupBy": dims(analytics.Month, analytics.Remote), "measures": names(wlMeasures)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(wlVisible(v), []func(*ent.WorkLog) *string{
				func(l *ent.WorkLog) *string { return dateKey(analytics.Month, l.Date.UTC()) },
				func(l *ent.WorkLog) *string { return w.employeeKey(analytics.Remote, nil)(wlEmp(l)) },
			}, wlMeasures)
		}})
	add(aggregateCase{"work logs since May by month, p90 (a bound argument)", wlQ,
		map[string]any{"where": map[string]any{"dateGTE": "2026-05-01T00:00:00Z"}, "groupBy": dims(analytics.Month), "measures": []string{"P90_MINUTES", "MEDIAN_MINUTES"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(visible(wlVisible(v), func(l *ent.WorkLog) bool { return !l.Date.Before(date(2026, 5, 1)) }),
				[]func(*ent.WorkLog) *string{func(l *ent.WorkLog) *string { return dateKey(analytics.Month, l.Date.UTC()) }},
				pick(wlMeasures, "P90_MINUTES", "MEDIAN_MINUTES"))
		}})
	add(aggregateCase{"work logs by unit, status and year, default measures", wlQ,
		map[string]any{"groupBy": dims(analytics.Unit, analytics.Status, analytics.Year)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(wlVisible(v), []func(*ent.WorkLog) *string{
				func(l *ent.WorkLog) *string { return w.employeeKey(analytics.Unit, nil)(wlEmp(l)) },
				func(l *ent.WorkLog) *string { return sp(string(l.Status)) },
				func(l *ent.WorkLog) *string { return dateKey(analytics.Year, l.Date.UTC()) },
			}, pick(wlMeasures, "EMPLOYEES", "TOTAL_MINUTES", "AVERAGE_MINUTES", "MEDIAN_MINUTES", "P90_MINUTES"))
		}})

	// Read from the figures kept by the writers on PostgreSQL for the
	// viewers who see every log (internal/analytics/figures.go).
	add(aggregateCase{"work logs by month and profession, default measures", wlQ,
		map[string]any{"groupBy": dims(analytics.Month, analytics.Profession)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(wlVisible(v), []func(*ent.WorkLog) *string{
				func(l *ent.WorkLog) *string { return dateKey(analytics.Month, l.Date.UTC()) },
				func(l *ent.WorkLog) *string { return w.employeeKey(analytics.Profession, nil)(wlEmp(l)) },
			}, pick(wlMeasures, "EMPLOYEES", "TOTAL_MINUTES", "AVERAGE_MINUTES", "MEDIAN_MINUTES", "P90_MINUTES"))
		}})
	add(aggregateCase{"work logs by year and quarter, the minutes' measures", wlQ,
		map[string]any{"groupBy": dims(analytics.Year, analytics.Quarter), "measures": []string{"MAX_MINUTES", "EMPLOYEES", "P90_MINUTES", "TOTAL_MINUTES"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(wlVisible(v), []func(*ent.WorkLog) *string{
				func(l *ent.WorkLog) *string { return dateKey(analytics.Year, l.Date.UTC()) },
				func(l *ent.WorkLog) *string { return dateKey(analytics.Quarter, l.Date.UTC()) },
			}, pick(wlMeasures, "MAX_MINUTES", "EMPLOYEES", "P90_MINUTES", "TOTAL_MINUTES"))
		}})
	add(aggregateCase{"all work logs, median and average", wlQ,
		map[string]any{"measures": []string{"MEDIAN_MINUTES", "AVERAGE_MINUTES", "EMPLOYEES"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(wlVisible(v), nil, pick(wlMeasures, "MEDIAN_MINUTES", "AVERAGE_MINUTES", "EMPLOYEES"))
		}})

	// Complaints: an HR officer's or leader's are those of their units.
	open := func(c *ent.Complaint) bool { return complaint.Status(c.Status).Open() }
	hours := func(a time.Time, b *time.Time) *float64 {
		if b == nil {
			return nil
		}
		return f(b.Sub(a).Hours())
	}
	within := func(c *ent.Complaint, done *time.Time, due time.Time) *float64 {
		switch {
		case done != nil:
			return fb(!done.After(due))
		case open(c) && due.Before(statsNow):
			return f(0)
		}
		return nil
	}
	toAnswer := func(c *ent.Complaint) *float64 { return hours(c.ReceivedAt, c.AnsweredAt) }
	toSettle := func(c *ent.Complaint) *float64 {
		if h := hours(c.ReceivedAt, c.SettledAt); h != nil {
			return f(*h / 24)
		}
		return nil
	}
	cmMeasures := []plainMeasure[*ent.Complaint]{
		{"OPEN", kSum, func(c *ent.Complaint) *float64 { return fb(open(c)) }},
		{"OVERDUE", kSum, func(c *ent.Complaint) *float64 { return fb(len(overdueKinds(c, statsNow)) > 0) }},
		{"AVERAGE_HOURS_TO_FIRST_RESPONSE", kAvg, toAnswer},
		{"MEDIAN_HOURS_TO_FIRST_RESPONSE", kP50, toAnswer},
		{"P90_HOURS_TO_FIRST_RESPONSE", kP90, toAnswer},
		{"AVERAGE_DAYS_TO_SETTLEMENT", kAvg, toSettle},
		{"MEDIAN_DAYS_TO_SETTLEMENT", kP50, toSettle},
		{"P90_DAYS_TO_SETTLEMENT", kP90, toSettle},
		{"ANSWERED_WITHIN_DEADLINE_SHARE", kAvg, func(c *ent.Complaint) *float64 { return within(c, c.AnsweredAt, c.AnswerDue) }},
		{"SETTLED_WITHIN_DEADLINE_SHARE", kAvg, func(c *ent.Complaint) *float64 { return within(c, c.SettledAt, c.SettleDue) }},
		{"AVERAGE_RATING", kAvg, func(c *ent.Complaint) *float64 {
			if c.Rating == nil {
				return nil
			}
			return f(float64(*c.Rating))
		}},
		{"RATED_COUNT", kSum, func(c *ent.Complaint) *float64 { return fb(c.Rating != nil) }},
	}
	cmQ := aggQuery("complaintAggregate", "ComplaintWhereInput", "ComplaintMeasure")
	cmVisible := func(v statsViewer) []*ent.Complaint {
		return visible(w.complaints, func(c *ent.Complaint) bool {
			return v.scope == nil || (c.UnitID != nil && w.under(*c.UnitID, v.scope))
		})
	}
	cmKey := func(d analytics.Dimension) func(*ent.Complaint) *string {
		return func(c *ent.Complaint) *string {
			switch d {
			case analytics.Status:
				return sp(string(c.Status))
			case analytics.Category:
				return sp(string(c.Category))
			case analytics.Channel:
				return sp(string(c.Channel))
			case analytics.Class:
				return sp(string(c.Class))
			case analytics.Region:
				if c.RegionID == nil {
					return nil
				}
				return sp(strconv.Itoa(*c.RegionID))
			case analytics.Unit:
				if c.UnitID == nil {
					return nil
				}
				return sp(strconv.Itoa(w.ancestor(*c.UnitID, &lvl0).ID))
			}
			return dateKey(d, c.ReceivedAt.In(wibZone))
		}
	}
	cmKeys := func(ds ...analytics.Dimension) []func(*ent.Complaint) *string {
		var ks []func(*ent.Complaint) *string
		for _, d := range ds {
			ks = append(ks, cmKey(d))
		}
		return ks
	}
	add(aggregateCase{"complaints by status, every measure", cmQ,
		map[string]any{"groupBy": dims(analytics.Status), "measures": names(cmMeasures)},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(cmVisible(v), cmKeys(analytics.Status), cmMeasures)
		}})
	add(aggregateCase{"complaints by category, channel and class", cmQ,
		map[string]any{"groupBy": dims(analytics.Category, analytics.Channel, analytics.Class), "measures": []string{"OPEN", "OVERDUE", "AVERAGE_RATING"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(cmVisible(v), cmKeys(analytics.Category, analytics.Channel, analytics.Class), pick(cmMeasures, "OPEN", "OVERDUE", "AVERAGE_RATING"))
		}})
	add(aggregateCase{"complaints by agency and month (WIB), default measures", cmQ,
		map[string]any{"groupBy": dims(analytics.Unit, analytics.Month), "unitLevel": lvl0},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(cmVisible(v), cmKeys(analytics.Unit, analytics.Month), pick(cmMeasures, "OPEN", "OVERDUE", "MEDIAN_HOURS_TO_FIRST_RESPONSE",
				"P90_HOURS_TO_FIRST_RESPONSE", "MEDIAN_DAYS_TO_SETTLEMENT", "P90_DAYS_TO_SETTLEMENT", "ANSWERED_WITHIN_DEADLINE_SHARE", "AVERAGE_RATING"))
		}})
	add(aggregateCase{"complaints by region and quarter", cmQ,
		map[string]any{"groupBy": dims(analytics.Region, analytics.Quarter), "measures": []string{"MEDIAN_DAYS_TO_SETTLEMENT", "SETTLED_WITHIN_DEADLINE_SHARE"}},
		func(v statsViewer) map[string]plainGroup {
			return plainAggregate(cmVisible(v), cmKeys(analytics.Region, analytics.Quarter), pick(cmMeasures, "MEDIAN_DAYS_TO_SETTLEMENT", "SETTLED_WITHIN_DEADLINE_SHARE"))
		}})
	return cases
}

// overdueKinds is complaint.OverdueAt on the stored deadlines.
func overdueKinds(c *ent.Complaint, now time.Time) []string {
	var kinds []string
	st := complaint.Status(c.Status)
	if st == complaint.Received && now.After(c.VerifyDue) {
		kinds = append(kinds, "VERIFICATION")
	}
	if (st == complaint.Verified || st == complaint.InProgress || st == complaint.Postponed) && c.AnsweredAt == nil && now.After(c.AnswerDue) {
		kinds = append(kinds, "ANSWER")
	}
	if c.SettledAt == nil && st.Open() && now.After(c.SettleDue) {
		kinds = append(kinds, "SETTLEMENT")
	}
	return kinds
}

// TestAnalyticsAggregates checks every grouped aggregate against a plain
// computation over the same records, for an analyst, an admin, a leader
// and an HR officer (each counting what the access rules let them see), on
// SQLite and PostgreSQL; employees and the public are refused.
func TestAnalyticsAggregates(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		for _, c := range w.aggregateCases() {
			t.Run(c.name, func(t *testing.T) {
				for _, v := range w.viewers() {
					if askers, ok := onlyAskers[c.name]; ok && !askers[v.name] {
						v.s.With(t).MustFail("FORBIDDEN", "", c.query, c.vars)
						continue
					}
					var got struct{ R []apiGroup }
					v.s.With(t).MustDo(&got, c.query, c.vars)
					compareGroups(t, v.name+": "+c.name, got.R, c.want(v))
					if v.name == "analyst" && len(got.R) == 0 {
						t.Errorf("%s: no groups at all; the fixture should have some", c.name)
					}
				}
				for _, v := range []*apitest.Server{w.public, w.staff} {
					v.With(t).MustFail("FORBIDDEN", "", c.query, c.vars)
				}
			})
		}
	})
}

// retirementAge is the default retirement age, written out plainly.
func retirementAge(e *ent.Employee) int {
	if e.PositionLevel != nil {
		switch *e.PositionLevel {
		case employee.PositionLevelAHLI_MADYA:
			return 60
		case employee.PositionLevelAHLI_UTAMA:
			return 65
		}
	}
	switch e.PositionType {
	case employee.PositionTypeJPT_UTAMA, employee.PositionTypeJPT_MADYA, employee.PositionTypeJPT_PRATAMA:
		return 60
	}
	return 58
}

// jpIn is the JP an employee completed in year, written out plainly.
func (w *statsWorld) jpIn(e *ent.Employee, year int) int {
	jp := 0
	for _, en := range w.enrollments {
		if en.EmployeeID != e.ID || en.Status != enrollment.StatusCOMPLETED {
			continue
		}
		for _, t := range w.trainings {
			if t.ID == en.TrainingID && t.EndsOn.UTC().Year() == year {
				jp += t.HoursJp
			}
		}
	}
	return jp
}

// keyOf renders an API key list as in apiGroup.id.
type apiKey struct {
	Dimension string
	Value     *string
	Label     *string
}

// ikmByHand is PermenPANRB 14/2017's arithmetic written out for the test,
// not the production code: the index is the mean of the element means ×
// 25, graded on its value rounded to two decimals by the regulation's
// table (A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99).
func ikmByHand(means [9]float64) (index float64, grade, performance string) {
	sum := 0.0
	for _, m := range means {
		sum += m
	}
	index = sum / 9 * 25
	switch r := math.Round(index*100) / 100; {
	case r >= 88.31:
		return index, "A", "Sangat Baik"
	case r >= 76.61:
		return index, "B", "Baik"
	case r >= 65.00:
		return index, "C", "Kurang Baik"
	default:
		return index, "D", "Tidak Baik"
	}
}

func keyID(ks []apiKey) string {
	var parts []string
	for _, k := range ks {
		parts = append(parts, keyString(k.Value))
	}
	return strings.Join(parts, "|")
}

func checkForbidden(t *testing.T, w *statsWorld, query string, vars map[string]any) {
	t.Helper()
	for _, v := range []*apitest.Server{w.public, w.staff} {
		v.With(t).MustFail("FORBIDDEN", "", query, vars)
	}
}

// TestAnalyticsReports checks the workforce, training, competency,
// appraisal and satisfaction reports against plain computations over the
// same records, for an analyst and for a leader (their subtree), on both
// databases; employees and the public are refused.
func TestAnalyticsReports(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		viewers := []statsViewer{w.viewers()[0], w.viewers()[2], w.viewers()[3]}

		t.Run("workforce gap", func(t *testing.T) {
			const q = `query($filter: WorkforceGapFilter, $groupBy: [AggregateDimension!]) {
  r: workforceGap(year: 2026, filter: $filter, groupBy: $groupBy) { key { dimension value label } needed filled gap shortage excess fillRate } }`
			type row struct {
				Key                                   []apiKey
				Needed, Filled, Gap, Shortage, Excess int
				FillRate                              *float64
			}
			for _, tc := range []struct {
				name    string
				vars    map[string]any
				keys    func(unitID int, f *ent.Formation, e *ent.Employee) []string
				keep    func(prof string, unitID int) bool
				groupBy []analytics.Dimension
			}{
				{"health and education by region and profession", map[string]any{"filter": map[string]any{"professionGroups": []string{"HEALTH", "EDUCATION"}}},
					nil, func(prof string, _ int) bool { return prof == "HEALTH" || prof == "EDUCATION" }, []analytics.Dimension{analytics.Region, analytics.Profession}},
				{"remote units by unit and position", map[string]any{"filter": map[string]any{"remote": true}, "groupBy": dims(analytics.Unit, analytics.Position)},
					nil, func(_ string, unitID int) bool { return w.regions[w.units[unitID].RegionID].Remote }, []analytics.Dimension{analytics.Unit, analytics.Position}},
			} {
				for _, v := range viewers {
					// Per position (unit, title): need and staff.
					type slot struct {
						unit int
						name string
					}
					type pos struct {
						prof           string
						needed, filled int
					}
					slots := map[slot]*pos{}
					for _, e := range w.employees {
						if inService(e) && w.sees(v, e) {
							k := slot{e.UnitID, e.PositionName}
							if slots[k] == nil {
								slots[k] = &pos{prof: string(e.ProfessionGroup)}
							}
							slots[k].filled++
						}
					}
					for _, f := range w.formations {
						if f.Year != 2026 || (v.scope != nil && !w.under(f.UnitID, v.scope)) {
							continue
						}
						k := slot{f.UnitID, f.PositionName}
						if slots[k] == nil {
							slots[k] = &pos{}
						}
						slots[k].prof, slots[k].needed = string(f.ProfessionGroup), f.Needed
					}
					want := map[string]row{}
					for k, p := range slots {
						if !tc.keep(p.prof, k.unit) {
							continue
						}
						var id []string
						for _, d := range tc.groupBy {
							switch d {
							case analytics.Region:
								id = append(id, strconv.Itoa(w.units[k.unit].RegionID))
							case analytics.Profession:
								id = append(id, p.prof)
							case analytics.Unit:
								id = append(id, strconv.Itoa(k.unit))
							case analytics.Position:
								id = append(id, k.name)
							}
						}
						r := want[strings.Join(id, "|")]
						r.Needed += p.needed
						r.Filled += p.filled
						r.Shortage += max(0, p.needed-p.filled)
						r.Excess += max(0, p.filled-p.needed)
						r.Gap = r.Needed - r.Filled
						want[strings.Join(id, "|")] = r
					}
					var got struct{ R []row }
					v.s.With(t).MustDo(&got, q, tc.vars)
					if len(got.R) != len(want) {
						t.Errorf("%s, %s: %d rows, want %d", v.name, tc.name, len(got.R), len(want))
					}
					for i, r := range got.R {
						wr, ok := want[keyID(r.Key)]
						if !ok || r.Needed != wr.Needed || r.Filled != wr.Filled || r.Gap != wr.Gap || r.Shortage != wr.Shortage || r.Excess != wr.Excess {
							t.Errorf("%s, %s: row %s = %+v, want %+v", v.name, tc.name, keyID(r.Key), r, wr)
						}
						if r.Needed > 0 && !near(r.FillRate, f(float64(r.Filled)/float64(r.Needed))) {
							t.Errorf("%s, %s: row %s fill rate %s", v.name, tc.name, keyID(r.Key), show(r.FillRate))
						}
						if i > 0 && got.R[i-1].Shortage < r.Shortage {
							t.Errorf("%s, %s: rows are not by shortage, largest first", v.name, tc.name)
						}
					}
				}
				checkForbidden(t, w, q, tc.vars)
			}
		})

		t.Run("retirement projection", func(t *testing.T) {
			const q = `query($groupBy: [AggregateDimension!], $ages: RetirementAgesInput, $unitLevel: Int) {
  r: retirementProjection(groupBy: $groupBy, ages: $ages, unitLevel: $unitLevel) { year key { dimension value } retiring } }`
			type row struct {
				Year     int
				Key      []apiKey
				Retiring int
			}
			lvl0 := 0
			for _, tc := range []struct {
				name string
				vars map[string]any
				age  func(*ent.Employee) int
				key  func(*ent.Employee) string
			}{
				{"by position type, current rules", map[string]any{}, retirementAge, func(e *ent.Employee) string { return string(e.PositionType) }},
				{"by agency and gender, other ages", map[string]any{"groupBy": dims(analytics.Unit, analytics.Gender), "unitLevel": 0,
					"ages": map[string]any{"default": 60, "byPositionLevel": []any{map[string]any{"positionLevel": "AHLI_UTAMA", "age": 70}}}},
					func(e *ent.Employee) int {
						if e.PositionLevel != nil && *e.PositionLevel == employee.PositionLevelAHLI_UTAMA {
							return 70
						}
						if e.PositionLevel != nil && *e.PositionLevel == employee.PositionLevelAHLI_MADYA {
							return 60
						}
						return 60
					},
					func(e *ent.Employee) string {
						return strconv.Itoa(w.ancestor(e.UnitID, &lvl0).ID) + "|" + string(e.Gender)
					}},
			} {
				for _, v := range viewers {
					want := map[string]int{}
					for _, e := range w.employees {
						if !inService(e) || !w.sees(v, e) {
							continue
						}
						y := max(2026, e.BirthDate.Year()+tc.age(e))
						if y <= 2030 {
							want[strconv.Itoa(y)+"|"+tc.key(e)]++
						}
					}
					var got struct{ R []row }
					v.s.With(t).MustDo(&got, q, tc.vars)
					gotm := map[string]int{}
					for _, r := range got.R {
						gotm[strconv.Itoa(r.Year)+"|"+keyID(r.Key)] = r.Retiring
					}
					if fmt.Sprint(gotm) != fmt.Sprint(want) {
						t.Errorf("%s, %s:\n got %v\nwant %v", v.name, tc.name, gotm, want)
					}
					if len(want) == 0 {
						t.Errorf("%s: the fixture should have retirements", tc.name)
					}
				}
				checkForbidden(t, w, q, tc.vars)
			}
		})

		t.Run("training hours", func(t *testing.T) {
			const q = `query($groupBy: [AggregateDimension!]) { r: trainingHours(year: 2026, groupBy: $groupBy, unitLevel: 0) {
  key { dimension value } employees entitled compliant below complianceRate totalJp averageJp medianJp pppk pppkOverCap } }`
			type row struct {
				Key                                   []apiKey
				Employees, Entitled, Compliant, Below int
				ComplianceRate, AverageJp, MedianJp   *float64
				TotalJp, Pppk, PppkOverCap            int
			}
			lvl0 := 0
			for _, groupBy := range [][]analytics.Dimension{{analytics.Unit}, {analytics.Region, analytics.EmploymentType}, {}} {
				for _, v := range viewers {
					type acc struct {
						row
						jps, entitled []float64
					}
					want := map[string]*acc{}
					for _, e := range w.employees {
						if !inService(e) || !w.sees(v, e) {
							continue
						}
						var id []string
						for _, d := range groupBy {
							id = append(id, *w.employeeKey(d, &lvl0)(e))
						}
						a := want[strings.Join(id, "|")]
						if a == nil {
							a = &acc{}
							want[strings.Join(id, "|")] = a
						}
						jp := w.jpIn(e, 2026)
						a.Employees++
						a.TotalJp += jp
						a.jps = append(a.jps, float64(jp))
						if e.EmploymentType == employee.EmploymentTypePPPK {
							a.Pppk++
							if jp > 24 {
								a.PppkOverCap++
							}
						} else {
							a.Entitled++
							if jp >= 20 {
								a.Compliant++
								a.entitled = append(a.entitled, 1)
							} else {
								a.Below++
								a.entitled = append(a.entitled, 0)
							}
						}
					}
					var got struct{ R []row }
					v.s.With(t).MustDo(&got, q, map[string]any{"groupBy": dims(groupBy...)})
					if len(got.R) != len(want) {
						t.Errorf("%s, %v: %d rows, want %d", v.name, groupBy, len(got.R), len(want))
					}
					for _, r := range got.R {
						a := want[keyID(r.Key)]
						if a == nil {
							t.Errorf("%s: unexpected row %s", v.name, keyID(r.Key))
							continue
						}
						wr := a.row
						wr.Key = r.Key
						wr.AverageJp, wr.MedianJp, wr.ComplianceRate = combine(kAvg, a.jps), combine(kP50, a.jps), combine(kAvg, a.entitled)
						if r.Employees != wr.Employees || r.Entitled != wr.Entitled || r.Compliant != wr.Compliant || r.Below != wr.Below ||
							r.TotalJp != wr.TotalJp || r.Pppk != wr.Pppk || r.PppkOverCap != wr.PppkOverCap ||
							!near(r.AverageJp, wr.AverageJp) || !near(r.MedianJp, wr.MedianJp) || !near(r.ComplianceRate, wr.ComplianceRate) {
							t.Errorf("%s, %v: row %s\n got %+v\nwant %+v", v.name, groupBy, keyID(r.Key), r, wr)
						}
					}
				}
			}
			checkForbidden(t, w, q, nil)
		})

		t.Run("who is below 20 JP", func(t *testing.T) {
			const q = `{ r: trainingShortfall(year: 2026, first: 100) { totalCount items { employee { nip name birthDate email unit { code } } jp missing } } }`
			type item struct {
				Employee struct {
					Nip, Name        string
					BirthDate, Email *string
					Unit             struct{ Code string }
				}
				Jp, Missing int
			}
			for _, v := range viewers {
				var want []*ent.Employee
				for _, e := range w.employees {
					if inService(e) && w.sees(v, e) && e.EmploymentType != employee.EmploymentTypePPPK && w.jpIn(e, 2026) < 20 {
						want = append(want, e)
					}
				}
				slices.SortStableFunc(want, func(a, b *ent.Employee) int {
					return cmp.Or(cmp.Compare(w.jpIn(a, 2026), w.jpIn(b, 2026)), strings.Compare(a.Name, b.Name))
				})
				var got struct {
					R struct {
						TotalCount int
						Items      []item
					}
				}
				v.s.With(t).MustDo(&got, q, nil)
				if got.R.TotalCount != len(want) || len(got.R.Items) != len(want) {
					t.Fatalf("%s: %d (%d items), want %d", v.name, got.R.TotalCount, len(got.R.Items), len(want))
				}
				for i, it := range got.R.Items {
					if !sameNIP(v.name, it.Employee.Nip, want[i].Nip) || it.Jp != w.jpIn(want[i], 2026) || it.Missing != 20-it.Jp {
						t.Errorf("%s: item %d = %s %d JP, want %s %d JP", v.name, i, it.Employee.Nip, it.Jp, want[i].Nip, w.jpIn(want[i], 2026))
					}
					if v.name == "analyst" && (it.Employee.BirthDate != nil || it.Employee.Email != nil) {
						t.Errorf("analyst sees personal data of %s", it.Employee.Nip)
					}
					if it.Employee.Name == "" || it.Employee.Unit.Code == "" {
						t.Errorf("%s: item %d lacks name or unit", v.name, i)
					}
				}
			}
			var page struct {
				R struct {
					TotalCount int
					Items      []item
				}
			}
			w.analyst.With(t).MustDo(&page, `{ r: trainingShortfall(year: 2026, first: 2, offset: 3) { totalCount items { employee { nip } jp } } }`, nil)
			var all struct {
				R struct{ Items []item }
			}
			w.analyst.With(t).MustDo(&all, q, nil)
			if len(page.R.Items) != 2 || page.R.Items[0].Employee.Nip != all.R.Items[3].Employee.Nip {
				t.Errorf("page from offset 3 does not continue the list")
			}
			w.analyst.With(t).MustFail("BAD_USER_INPUT", "first", `{ trainingShortfall(year: 2026, first: 101) { totalCount } }`, nil)
			checkForbidden(t, w, q, nil)
		})

		t.Run("competency gaps", func(t *testing.T) {
			// The latest assessment of each (employee, competency).
			type pair struct{ emp, comp int }
			latest := map[pair]*ent.CompetencyAssessment{}
			for _, a := range w.assessments {
				k := pair{a.EmployeeID, a.CompetencyID}
				if l := latest[k]; l == nil || a.AssessedAt.After(l.AssessedAt) || (a.AssessedAt.Equal(l.AssessedAt) && a.ID > l.ID) {
					latest[k] = a
				}
			}
			type gap struct {
				e                  *ent.Employee
				comp, required, lv int // lv 0: never assessed
			}
			gaps := func(v statsViewer) (all, short []gap) {
				for _, e := range w.employees {
					if !inService(e) || !w.sees(v, e) {
						continue
					}
					for _, r := range w.reqs {
						if r.PositionName != e.PositionName {
							continue
						}
						g := gap{e: e, comp: r.CompetencyID, required: r.Level}
						if a := latest[pair{e.ID, r.CompetencyID}]; a != nil {
							g.lv = a.Level
						}
						all = append(all, g)
						if g.lv < g.required {
							short = append(short, g)
						}
					}
				}
				slices.SortStableFunc(short, func(a, b gap) int {
					return cmp.Or(cmp.Compare(b.required-b.lv, a.required-a.lv), strings.Compare(a.e.Name, b.e.Name), cmp.Compare(a.e.ID, b.e.ID), cmp.Compare(a.comp, b.comp))
				})
				return all, short
			}
			const q = `{ r: competencyGaps(first: 100) { totalCount items { employee { nip } competency { id code } required assessed gap trainings { code } } } }`
			type item struct {
				Employee      struct{ Nip string }
				Competency    struct{ ID, Code string }
				Required, Gap int
				Assessed      *int
				Trainings     []struct{ Code string }
			}
			for _, v := range viewers {
				_, short := gaps(v)
				var got struct {
					R struct {
						TotalCount int
						Items      []item
					}
				}
				v.s.With(t).MustDo(&got, q, nil)
				if got.R.TotalCount != len(short) || len(got.R.Items) != min(100, len(short)) {
					t.Fatalf("%s: %d gaps (%d items), want %d", v.name, got.R.TotalCount, len(got.R.Items), len(short))
				}
				for i, it := range got.R.Items {
					g := short[i]
					lv := 0
					if it.Assessed != nil {
						lv = *it.Assessed
					}
					if !sameNIP(v.name, it.Employee.Nip, g.e.Nip) || it.Competency.ID != strconv.Itoa(g.comp) || it.Required != g.required || lv != g.lv || it.Gap != g.required-g.lv {
						t.Errorf("%s: gap %d = %+v, want %s competency %d %d/%d", v.name, i, it, g.e.Nip, g.comp, g.lv, g.required)
					}
					var codes []string
					for _, tr := range it.Trainings {
						codes = append(codes, tr.Code)
					}
					wantCodes := map[string]string{"K-0": "[T-4]", "K-1": "[T-4]", "K-2": "[]"}[it.Competency.Code]
					if fmt.Sprint(codes) != wantCodes {
						t.Errorf("%s: trainings for %s = %v, want %s", v.name, it.Competency.Code, codes, wantCodes)
					}
				}

				// The summary per competency.
				all, _ := gaps(v)
				type sum struct {
					Requirements, Assessed, Met, Gaps, Unassessed, EmployeesWithGap int
					AverageGap                                                      *float64
				}
				want := map[string]*sum{}
				withGap := map[string]map[int]bool{}
				avg := map[string][]float64{}
				for _, g := range all {
					id := strconv.Itoa(g.comp)
					s := want[id]
					if s == nil {
						s = &sum{}
						want[id], withGap[id] = s, map[int]bool{}
					}
					s.Requirements++
					if g.lv == 0 {
						s.Unassessed++
						continue
					}
					s.Assessed++
					avg[id] = append(avg[id], float64(max(0, g.required-g.lv)))
					if g.lv >= g.required {
						s.Met++
					} else {
						s.Gaps++
						withGap[id][g.e.ID] = true
					}
				}
				var got2 struct {
					R []struct {
						Key []apiKey
						sum
						Trainings []struct{ Code string }
					}
				}
				v.s.With(t).MustDo(&got2, `{ r: competencyGapSummary(groupBy: [COMPETENCY]) { key { dimension value label }
  requirements assessed met gaps unassessed employeesWithGap averageGap trainings { code } } }`, nil)
				if len(got2.R) != len(want) {
					t.Errorf("%s: %d summary rows, want %d", v.name, len(got2.R), len(want))
				}
				for _, r := range got2.R {
					id := keyID(r.Key)
					ws := want[id]
					if ws == nil {
						t.Errorf("%s: unexpected summary row %s", v.name, id)
						continue
					}
					ws.EmployeesWithGap = len(withGap[id])
					ws.AverageGap = combine(kAvg, avg[id])
					if r.Requirements != ws.Requirements || r.Assessed != ws.Assessed || r.Met != ws.Met || r.Gaps != ws.Gaps ||
						r.Unassessed != ws.Unassessed || r.EmployeesWithGap != ws.EmployeesWithGap || !near(r.AverageGap, ws.AverageGap) {
						t.Errorf("%s: summary %s = %+v, want %+v", v.name, id, r.sum, *ws)
					}
					if r.Key[0].Label == nil || !strings.HasPrefix(*r.Key[0].Label, "Kompetensi") {
						t.Errorf("%s: competency key unnamed", v.name)
					}
				}
			}
			checkForbidden(t, w, q, nil)
		})

		t.Run("appraisal distribution", func(t *testing.T) {
			const q = `{ r: appraisalDistribution { key { dimension value } total rated predicates { predicate count share } } }`
			type row struct {
				Key          []apiKey
				Total, Rated int
				Predicates   []struct {
					Predicate string
					Count     int
					Share     *float64
				}
			}
			for _, v := range viewers {
				type acc struct {
					total, rated int
					counts       map[string]int
				}
				want := map[string]*acc{}
				for _, a := range w.appraisals {
					e := w.employeeByID(a.AppraiseeID)
					if !w.sees(v, e) && (v.self == nil || a.AppraiserID != v.self.ID) {
						continue
					}
					id := fmt.Sprintf("%d|%d|%s|%d", e.UnitID, a.Year, a.PeriodKind, a.Period)
					x := want[id]
					if x == nil {
						x = &acc{counts: map[string]int{}}
						want[id] = x
					}
					x.total++
					if a.Predicate != nil {
						x.rated++
						x.counts[string(*a.Predicate)]++
					}
				}
				var got struct{ R []row }
				v.s.With(t).MustDo(&got, q, nil)
				if len(got.R) != len(want) {
					t.Errorf("%s: %d rows, want %d", v.name, len(got.R), len(want))
				}
				for _, r := range got.R {
					x := want[keyID(r.Key)]
					if x == nil || r.Total != x.total || r.Rated != x.rated || len(r.Predicates) != 5 {
						t.Errorf("%s: row %s = %+v, want %+v", v.name, keyID(r.Key), r, x)
						continue
					}
					for _, p := range r.Predicates {
						if p.Count != x.counts[p.Predicate] {
							t.Errorf("%s: row %s: %s = %d, want %d", v.name, keyID(r.Key), p.Predicate, p.Count, x.counts[p.Predicate])
						}
						if x.rated > 0 && !near(p.Share, f(float64(p.Count)/float64(x.rated))) {
							t.Errorf("%s: row %s: share of %s = %s", v.name, keyID(r.Key), p.Predicate, show(p.Share))
						}
					}
				}
			}
			checkForbidden(t, w, q, nil)
		})

		t.Run("satisfaction index", func(t *testing.T) {
			const q = `{ r: satisfactionIndex(groupBy: [UNIT, QUARTER]) { key { dimension value } respondents elements { code mean } index grade performance } }`
			type row struct {
				Key         []apiKey
				Respondents int
				Elements    []struct {
					Code string
					Mean float64
				}
				Index       float64
				Grade       string
				Performance string
			}
			grades := map[string]string{}
			for _, v := range viewers {
				type acc struct {
					n    int
					sums [9]float64
				}
				want := map[string]*acc{}
				for _, r := range w.surveys {
					if v.scope != nil && !w.under(r.UnitID, v.scope) {
						continue
					}
					id := strconv.Itoa(r.UnitID) + "|" + *dateKey(analytics.Quarter, r.SubmittedAt.In(wibZone))
					a := want[id]
					if a == nil {
						a = &acc{}
						want[id] = a
					}
					a.n++
					for i, x := range []int{r.U1Requirements, r.U2Procedure, r.U3Time, r.U4Cost, r.U5Product, r.U6Competence, r.U7Behaviour, r.U8Complaints, r.U9Facilities} {
						a.sums[i] += float64(x)
					}
				}
				var got struct{ R []row }
				v.s.With(t).MustDo(&got, q, nil)
				if len(got.R) != len(want) {
					t.Errorf("%s: %d rows, want %d", v.name, len(got.R), len(want))
				}
				for _, r := range got.R {
					a := want[keyID(r.Key)]
					if a == nil {
						t.Errorf("%s: unexpected row %s", v.name, keyID(r.Key))
						continue
					}
					var means [9]float64
					for i := range means {
						means[i] = a.sums[i] / float64(a.n)
						if math.Abs(r.Elements[i].Mean-means[i]) > 1e-9 {
							t.Errorf("%s: %s %s mean %v, want %v", v.name, keyID(r.Key), r.Elements[i].Code, r.Elements[i].Mean, means[i])
						}
					}
					index, grade, performance := ikmByHand(means)
					if r.Respondents != a.n || math.Abs(r.Index-index) > 1e-9 || r.Grade != grade || r.Performance != performance {
						t.Errorf("%s: row %s = %v respondents, index %v %s %s, want %d, %v %s %s", v.name, keyID(r.Key), r.Respondents, r.Index, r.Grade, r.Performance, a.n, index, grade, performance)
					}
					grades[keyID(r.Key)] = fmt.Sprintf("%.2f %s", r.Index, r.Grade)
				}
			}
			// The fixture's extremes: all 4 is 100 (A), all 3 is 75 (C), all 1 is 25 (D).
			for unit, want := range map[*ent.Unit]string{w.clinic: "100.00 A", w.agency: "75.00 C", w.division: "25.00 D"} {
				found := false
				for id, g := range grades {
					if strings.HasPrefix(id, strconv.Itoa(unit.ID)+"|") {
						found = true
						if g != want {
							t.Errorf("unit %s: index and grade %s, want %s", unit.Code, g, want)
						}
					}
				}
				if !found {
					t.Errorf("unit %s has no index", unit.Code)
				}
			}
			checkForbidden(t, w, q, nil)
		})
	})
}

// TestAnalyticsInputErrors checks that impossible questions are refused
// with BAD_USER_INPUT naming the argument, and change nothing.
func TestAnalyticsInputErrors(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	a := s.AsAccount(s.MustAccount("analis", "ANALYST", nil, nil))
	for _, tc := range []struct {
		name, field, query string
	}{
		{"a predicate is not an employee's", "groupBy", `{ employeeAggregate(groupBy: [PREDICATE]) { count } }`},
		{"employees are not dated", "groupBy", `{ employeeAggregate(groupBy: [YEAR]) { count } }`},
		{"complaints have no profession", "groupBy", `{ complaintAggregate(groupBy: [PROFESSION]) { count } }`},
		{"a dimension twice", "groupBy", `{ workLogAggregate(groupBy: [MONTH, MONTH]) { count } }`},
		{"too many dimensions", "groupBy", `{ employeeAggregate(groupBy: [REGION, PROFESSION, RANK, GENDER, EDUCATION, STATUS, AGE_BAND]) { count } }`},
		{"a negative unit level", "unitLevel", `{ employeeAggregate(groupBy: [UNIT], unitLevel: -1) { count } }`},
		{"a gap by gender", "groupBy", `{ workforceGap(year: 2026, groupBy: [GENDER]) { needed } }`},
		{"a year out of range", "year", `{ trainingHours(year: 1990) { employees } }`},
		{"no years to project", "years", `{ retirementProjection(years: 0) { year } }`},
		{"an implausible retirement age", "ages", `{ retirementProjection(ages: {default: 30}) { year } }`},
		{"a page too large", "first", `{ competencyGaps(first: 500) { totalCount } }`},
		{"a negative offset", "offset", `{ trainingShortfall(year: 2026, offset: -1) { totalCount } }`},
	} {
		t.Run(tc.name, func(t *testing.T) { a.With(t).MustFail("BAD_USER_INPUT", tc.field, tc.query, nil) })
	}
	// Each kind of record has its own measures; the schema refuses others.
	a.MustFail("GRAPHQL_VALIDATION_FAILED", "", `{ employeeAggregate(measures: [TOTAL_JP]) { count } }`, nil)
}

// TestSurveySubmission submits survey answers as the public: a valid one
// is stored and counted, invalid ones are refused naming the field, and
// one address is limited to ten answers at once.
func TestSurveySubmission(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		const submit = `mutation($in: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $in) { submittedAt unitName } }`
		input := func(edit func(map[string]any)) map[string]any {
			in := map[string]any{"unitID": apitest.GID(w.school.ID), "requirements": 4, "procedure": 3, "time": 2, "cost": 4, "product": 3,
				"competence": 4, "behaviour": 4, "complaintHandling": 3, "facilities": 2, "respondentGender": "FEMALE", "respondentAge": 34,
				"respondentEducation": "S1", "comment": "Antrean perlu diperbaiki."}
			if edit != nil {
				edit(in)
			}
			return map[string]any{"in": in}
		}
		before := apitest.Must(w.c.SurveyResponse.Query().Count(apitest.Sys()))(t)
		var got struct {
			SubmitSurveyResponse struct {
				SubmittedAt time.Time
				UnitName    string
			}
		}
		w.public.With(t).MustDo(&got, submit, input(nil))
		if got.SubmitSurveyResponse.UnitName != w.school.Name || !got.SubmitSurveyResponse.SubmittedAt.Equal(statsNow) {
			t.Errorf("receipt %+v", got.SubmitSurveyResponse)
		}
		if n := apitest.Must(w.c.SurveyResponse.Query().Count(apitest.Sys()))(t); n != before+1 {
			t.Errorf("%d survey responses, want %d", n, before+1)
		}
		// The answer counts in the school's index for the quarter.
		var idx struct {
			SatisfactionIndex []struct{ Respondents int }
		}
		w.analyst.With(t).MustDo(&idx, `query($where: SurveyResponseWhereInput) { satisfactionIndex(where: $where, groupBy: []) { respondents } }`,
			map[string]any{"where": map[string]any{"unitID": apitest.GID(w.school.ID), "submittedAtGTE": "2026-06-01T00:00:00Z"}})
		if len(idx.SatisfactionIndex) != 1 || idx.SatisfactionIndex[0].Respondents != 1 {
			t.Errorf("the school's index since June counts %+v, want the one answer", idx.SatisfactionIndex)
		}

		for _, tc := range []struct {
			field string
			edit  func(map[string]any)
		}{
			{"cost", func(in map[string]any) { in["cost"] = 5 }},
			{"facilities", func(in map[string]any) { in["facilities"] = 0 }},
			{"unitID", func(in map[string]any) { in["unitID"] = "999999" }},
			{"respondentAge", func(in map[string]any) { in["respondentAge"] = 9 }},
		} {
			w.public.With(t).MustFail("BAD_USER_INPUT", tc.field, submit, input(tc.edit))
		}
		if n := apitest.Must(w.c.SurveyResponse.Query().Count(apitest.Sys()))(t); n != before+1 {
			t.Errorf("refused answers were stored: %d responses", n)
		}
		// Five attempts so far; five more are allowed, then none.
		for range 5 {
			w.public.With(t).MustDo(nil, submit, input(nil))
		}
		e := w.public.With(t).MustFail("RATE_LIMITED", "", submit, input(nil))
		if secs, _ := e.Extensions["retryAfterSeconds"].(float64); secs <= 0 || secs > 30 {
			t.Errorf("retryAfterSeconds = %v, want 1–30", e.Extensions["retryAfterSeconds"])
		}
		later := statsNow.Add(31 * time.Second)
		w.s.Now.Store(&later)
		w.public.With(t).MustDo(nil, submit, input(nil))
	})
}

// TestAnalyticsCatalogueMutations checks the formasi and competency
// mutations and who may make them.
func TestAnalyticsCatalogueMutations(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		admin := w.s.With(t)
		const createFormation = `mutation($in: CreateFormationInput!) { createFormation(input: $in) { id year positionName needed unit { code } } }`
		formationIn := map[string]any{"in": map[string]any{"unitID": apitest.GID(w.school.ID), "year": 2027, "positionName": "Guru Fisika Ahli Pertama",
			"positionType": "FUNGSIONAL_KEAHLIAN", "professionGroup": "EDUCATION", "needed": 3}}
		for _, v := range []*apitest.Server{w.analyst, w.leader, w.hr} {
			v.With(t).MustFail("FORBIDDEN", "", createFormation, formationIn)
		}
		w.public.With(t).MustFail("UNAUTHENTICATED", "", createFormation, formationIn)
		var fo struct{ CreateFormation struct{ ID string } }
		admin.MustDo(&fo, createFormation, formationIn)
		var upd struct{ UpdateFormation struct{ Needed int } }
		admin.MustDo(&upd, `mutation($id: ID!) { updateFormation(id: $id, input: {needed: 5}) { needed } }`, map[string]any{"id": fo.CreateFormation.ID})
		if upd.UpdateFormation.Needed != 5 {
			t.Errorf("needed = %d after the update, want 5", upd.UpdateFormation.Needed)
		}
		admin.MustFail("CONFLICT", "", createFormation, formationIn)
		// The 2027 need shows in that year's gap report.
		var gap struct {
			WorkforceGap []struct{ Needed, Filled int }
		}
		w.analyst.With(t).MustDo(&gap, `{ workforceGap(year: 2027, groupBy: []) { needed filled } }`, nil)
		if len(gap.WorkforceGap) != 1 || gap.WorkforceGap[0].Needed != 5 {
			t.Errorf("2027 gap = %+v, want 5 needed", gap.WorkforceGap)
		}

		var comp struct{ CreateCompetency struct{ ID, Code string } }
		const createCompetency = `mutation { createCompetency(input: {code: "TEK-99", name: "Kegawatdaruratan", kind: TECHNICAL}) { id code } }`
		w.analyst.With(t).MustFail("FORBIDDEN", "", createCompetency, nil)
		admin.MustDo(&comp, createCompetency, nil)
		admin.MustDo(nil, `mutation($id: ID!) { updateCompetency(id: $id, input: {name: "Kegawatdaruratan Medis"}) { name } }`, map[string]any{"id": comp.CreateCompetency.ID})
		reqIn := map[string]any{"c": comp.CreateCompetency.ID}
		var req struct{ CreateCompetencyRequirement struct{ ID string } }
		admin.MustFail("BAD_USER_INPUT", "level", `mutation($c: ID!) { createCompetencyRequirement(input: {competencyID: $c, positionName: "Perawat Ahli Pertama", level: 6}) { id } }`, reqIn)
		admin.MustDo(&req, `mutation($c: ID!) { createCompetencyRequirement(input: {competencyID: $c, positionName: "Perawat Ahli Pertama", level: 3}) { id } }`, reqIn)
		admin.MustDo(nil, `mutation($id: ID!) { updateCompetencyRequirement(id: $id, input: {level: 4}) { level } }`, map[string]any{"id": req.CreateCompetencyRequirement.ID})

		// Assessments: HR officers for the employees in their scope.
		const assess = `mutation($e: ID!, $c: ID!) { recordCompetencyAssessment(input: {employeeID: $e, competencyID: $c, level: 3,
  assessedAt: "2026-06-01T00:00:00Z", method: "Uji kompetensi"}) { level employee { nip } } }`
		inClinic, inAgency := w.employees[3], w.employees[0]
		w.hr.With(t).MustDo(nil, assess, map[string]any{"e": apitest.GID(inClinic.ID), "c": comp.CreateCompetency.ID})
		w.hr.With(t).MustFail("FORBIDDEN", "", assess, map[string]any{"e": apitest.GID(inAgency.ID), "c": comp.CreateCompetency.ID})
		w.analyst.With(t).MustFail("FORBIDDEN", "", assess, map[string]any{"e": apitest.GID(inClinic.ID), "c": comp.CreateCompetency.ID})

		// Tagging a training.
		const tag = `mutation($t: ID!, $c: [ID!]!) { tagTrainingCompetencies(trainingID: $t, competencyIDs: $c) { code competencies { code } } }`
		tr := w.trainings[4]
		w.analyst.With(t).MustFail("FORBIDDEN", "", tag, map[string]any{"t": apitest.GID(tr.ID), "c": []string{comp.CreateCompetency.ID}})
		admin.MustFail("BAD_USER_INPUT", "competencyIDs", tag, map[string]any{"t": apitest.GID(tr.ID), "c": []string{"987654"}})
		admin.MustFail("NOT_FOUND", "", tag, map[string]any{"t": "987654", "c": []string{comp.CreateCompetency.ID}})
		var tagged struct {
			TagTrainingCompetencies struct {
				Competencies []struct{ Code string }
			}
		}
		admin.MustDo(&tagged, tag, map[string]any{"t": apitest.GID(tr.ID), "c": []string{comp.CreateCompetency.ID, apitest.GID(w.comps[0].ID)}})
		var codes []string
		for _, c := range tagged.TagTrainingCompetencies.Competencies {
			codes = append(codes, c.Code)
		}
		slices.Sort(codes)
		if fmt.Sprint(codes) != "[K-0 TEK-99]" {
			t.Errorf("tagged with %v, want [K-0 TEK-99] (K-1 replaced)", codes)
		}
	})
}

// exportBase is where the CSV downloads are served: the server's own
// /export/.
func exportBase(t *testing.T, w *statsWorld) string {
	t.Helper()
	return w.s.URL
}

// download is one CSV download as a client sees it.
type download struct {
	status int
	header http.Header
	body   string
	rows   [][]string // the header row first
}

// fetch downloads path (with its query string) as the account of token
// ("" for the public).
func fetch(t *testing.T, base, token, path string) download {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	d := download{status: resp.StatusCode, header: resp.Header, body: string(raw)}
	if resp.StatusCode == http.StatusOK {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("GET %s: bad CSV: %v\n%s", path, err, raw)
		}
		d.rows = rows
	}
	return d
}

func q(s string) string { return url.QueryEscape(s) }

// TestAnalyticsExport downloads aggregates and lists as CSV over HTTP and
// checks them against the GraphQL answers, the access rules, the headers
// and the refusals of bad parameters.
func TestAnalyticsExport(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		base := exportBase(t, w)
		token := func(username string) string {
			acc := apitest.Must(w.c.Account.Query().All(apitest.Sys()))(t)
			for _, a := range acc {
				if a.Username == username {
					return w.s.TokenFor(a)
				}
			}
			t.Fatalf("no account %s", username)
			return ""
		}
		analyst, leader, admin, staff := token("analis"), token("kadis"), w.s.TokenFor(w.s.Admin), token("pegawai")

		// An aggregate, as its GraphQL query answers.
		d := fetch(t, base, analyst, "/export/employee-aggregate.csv?groupBy=REGION,PROFESSION&measures=MEDIAN_AGE,FEMALE_SHARE")
		if d.status != http.StatusOK {
			t.Fatalf("employee aggregate: %d %s", d.status, d.body)
		}
		if ct := d.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := d.header.Get("Content-Disposition"); cd != `attachment; filename="employee-aggregate-20260615.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(d.body, "\ufeff") {
			t.Errorf("no byte-order mark for spreadsheet programs")
		}
		if got, want := strings.Join(d.rows[0], ","), "region_id,region,profession,count,median_age,female_share"; got != want {
			t.Errorf("header %s, want %s", got, want)
		}
		var gql struct{ R []apiGroup }
		w.analyst.With(t).MustDo(&gql, `{ r: employeeAggregate(groupBy: [REGION, PROFESSION], measures: [MEDIAN_AGE, FEMALE_SHARE]) { `+groupFields+` } }`, nil)
		if len(d.rows)-1 != len(gql.R) {
			t.Fatalf("%d CSV rows, %d groups", len(d.rows)-1, len(gql.R))
		}
		for i, g := range gql.R {
			row := d.rows[i+1]
			want := []string{*g.Key[0].Value, *g.Key[0].Label, *g.Key[1].Value, strconv.Itoa(g.Count), show(g.Values[0].Value), show(g.Values[1].Value)}
			for j := range want {
				if j >= 4 {
					a, _ := strconv.ParseFloat(row[j], 64)
					b, _ := strconv.ParseFloat(want[j], 64)
					if math.Abs(a-b) > 1e-9 {
						t.Errorf("row %d column %s = %s, want %s", i, d.rows[0][j], row[j], want[j])
					}
				} else if row[j] != want[j] {
					t.Errorf("row %d column %s = %s, want %s", i, d.rows[0][j], row[j], want[j])
				}
			}
		}
		if d := fetch(t, base, analyst, "/export/employee-aggregate.csv?bom=false"); strings.HasPrefix(d.body, "\ufeff") || d.status != http.StatusOK {
			t.Errorf("bom=false: %d, body starts %q", d.status, d.body[:min(5, len(d.body))])
		}

		// Lists: the viewer's records, without personal data.
		d = fetch(t, base, leader, "/export/employees.csv")
		if d.status != http.StatusOK {
			t.Fatalf("employees: %d %s", d.status, d.body)
		}
		for _, personal := range []string{"email", "phone", "address", "birth_date", "birth_place"} {
			if slices.Contains(d.rows[0], personal) {
				t.Errorf("the employee list has the personal column %s", personal)
			}
		}
		if strings.Contains(d.body, "@lampungprov.go.id") {
			t.Errorf("the employee list carries e-mail addresses")
		}
		inAgency := len(visible(w.employees, func(e *ent.Employee) bool { return w.under(e.UnitID, w.agency) }))
		if len(d.rows)-1 != inAgency {
			t.Errorf("the leader's list has %d employees, want the %d of the agency", len(d.rows)-1, inAgency)
		}
		where := fmt.Sprintf(`{"professionGroup":"HEALTH","hasUnitWith":[{"id":"%d"}]}`, w.clinic.ID)
		d = fetch(t, base, analyst, "/export/employees.csv?where="+q(where))
		wantHealth := len(visible(w.employees, func(e *ent.Employee) bool {
			return e.UnitID == w.clinic.ID && e.ProfessionGroup == employee.ProfessionGroupHEALTH
		}))
		if d.status != http.StatusOK || len(d.rows)-1 != wantHealth {
			t.Errorf("filtered list: %d, %d rows, want %d", d.status, len(d.rows)-1, wantHealth)
		}
		if d := fetch(t, base, analyst, "/export/complaints.csv"); d.status != http.StatusOK || slices.Contains(d.rows[0], "reporter_name") || strings.Contains(d.body, "Warga") {
			t.Errorf("the complaint list shows reporters (%d)", d.status)
		}
		if d := fetch(t, base, analyst, "/export/appraisals.csv"); slices.Contains(d.rows[0], "predicate") {
			t.Errorf("the analyst's appraisal list has predicates")
		}
		if d := fetch(t, base, admin, "/export/appraisals.csv"); !slices.Contains(d.rows[0], "predicate") || len(d.rows)-1 != len(w.appraisals) {
			t.Errorf("the admin's appraisal list: %v, %d rows", d.rows[0], len(d.rows)-1)
		}

		// Reports, as their GraphQL queries answer.
		var short struct{ TrainingShortfall struct{ TotalCount int } }
		w.analyst.With(t).MustDo(&short, `{ trainingShortfall(year: 2026) { totalCount } }`, nil)
		if d := fetch(t, base, analyst, "/export/training-shortfall.csv?year=2026"); len(d.rows)-1 != short.TrainingShortfall.TotalCount || short.TrainingShortfall.TotalCount == 0 {
			t.Errorf("shortfall: %d rows, want %d", len(d.rows)-1, short.TrainingShortfall.TotalCount)
		}
		var gaps struct{ CompetencyGaps struct{ TotalCount int } }
		cvars := map[string]any{"c": apitest.GID(w.comps[1].ID)}
		w.analyst.With(t).MustDo(&gaps, `query($c: ID) { competencyGaps(competencyID: $c) { totalCount } }`, cvars)
		if d := fetch(t, base, analyst, fmt.Sprintf("/export/competency-gaps.csv?competencyID=%d", w.comps[1].ID)); len(d.rows)-1 != gaps.CompetencyGaps.TotalCount || gaps.CompetencyGaps.TotalCount == 0 {
			t.Errorf("competency gaps: %d rows, want %d", len(d.rows)-1, gaps.CompetencyGaps.TotalCount)
		}
		var wf struct{ WorkforceGap []struct{ Needed int } }
		w.analyst.With(t).MustDo(&wf, `{ workforceGap(year: 2026, filter: {professionGroups: [HEALTH]}) { needed } }`, nil)
		d = fetch(t, base, analyst, "/export/workforce-gap.csv?year=2026&filter="+q(`{"professionGroups":["HEALTH"]}`))
		if len(d.rows)-1 != len(wf.WorkforceGap) || d.rows[0][0] != "region_id" {
			t.Errorf("workforce gap: %d rows, want %d; header %v", len(d.rows)-1, len(wf.WorkforceGap), d.rows[0])
		}

		// Every download works for an analyst (year given where needed).
		for _, name := range export.Names() {
			path := "/export/" + name
			switch name {
			case "workforce-gap.csv", "training-hours.csv", "training-shortfall.csv":
				path += "?year=2026"
			}
			if d := fetch(t, base, analyst, path); d.status != http.StatusOK || len(d.rows) < 2 {
				t.Errorf("%s: %d, %d rows: %s", name, d.status, len(d.rows), d.body[:min(200, len(d.body))])
			}
		}

		// The access rules and bad parameters.
		for _, tc := range []struct {
			token, path string
			status      int
			says        string
		}{
			{"", "/export/employee-aggregate.csv", http.StatusForbidden, "analysts"},
			{staff, "/export/complaint-aggregate.csv", http.StatusForbidden, "analysts"},
			{"", "/export/employees.csv", http.StatusOK, ""},
			{analyst, "/export/nothing.csv", http.StatusNotFound, "employees.csv"},
			{analyst, "/export/employee-aggregate.csv?groupBy=REGION&colour=red", http.StatusBadRequest, "colour"},
			{analyst, "/export/employee-aggregate.csv?groupBy=NATION", http.StatusBadRequest, "NATION"},
			{analyst, "/export/employee-aggregate.csv?groupBy=PREDICATE", http.StatusBadRequest, "does not apply"},
			{analyst, "/export/employee-aggregate.csv?unitLevel=x", http.StatusBadRequest, "unitLevel"},
			{analyst, "/export/employees.csv?where=" + q(`{"professionGroup":"DOCTOR"}`), http.StatusBadRequest, "professionGroup"},
			{analyst, "/export/employees.csv?where=" + q(`{"colour":"red"}`), http.StatusBadRequest, "colour"},
			{analyst, "/export/employees.csv?where=" + q(`{"professionGroup":`), http.StatusBadRequest, "JSON"},
			{analyst, "/export/training-hours.csv", http.StatusBadRequest, "year"},
		} {
			d := fetch(t, base, tc.token, tc.path)
			if d.status != tc.status || !strings.Contains(d.body, tc.says) {
				t.Errorf("GET %s: %d %q, want %d saying %q", tc.path, d.status, d.body, tc.status, tc.says)
			}
		}
		if d := fetch(t, base, "", "/export/employees.csv"); len(d.rows) != 1 {
			t.Errorf("the public downloads %d employees", len(d.rows)-1)
		}
	})
}

// onlyAskers names the cases only some viewers may ask, since they filter
// on a field the others may not read: a filter on the birth date is for
// those who read every birth date they can count — not analysts, nor a
// leader (who reads only their chain's).
var onlyAskers = map[string]map[string]bool{
	"employees born since 1980 by age band, with a median (a bound argument in the subquery)": {"admin": true, "hr": true},
}

// sameNIP reports whether a NIP as a viewer sees it is want's: in full, or
// masked (its first four and last four digits) for a viewer who may not
// read it; an analyst always sees it masked.
func sameNIP(viewerName, got, want string) bool {
	masked := want[:4] + "**********" + want[14:]
	if viewerName == "analyst" {
		return got == masked
	}
	return got == want || got == masked
}

// TestAggregateCountOnly: an aggregate that reads only the counts (the
// server then computes no measure) gives the groups and counts it gives
// with its values, for every role (suppression included for an analyst).
func TestAggregateCountOnly(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newStatsWorld(t, dsn)
		for _, v := range w.viewers() {
			for _, agg := range []string{"employeeAggregate", "enrollmentAggregate", "appraisalAggregate"} {
				type group struct {
					Key []struct{ Value *string }
					N   *int `json:"count"`
				}
				var counts, full struct{ R []group }
				v.s.With(t).MustDo(&counts, `{ r: `+agg+`(groupBy: [PROFESSION]) { key { value } count } }`, nil)
				v.s.With(t).MustDo(&full, `{ r: `+agg+`(groupBy: [PROFESSION]) { key { value } count values { value } } }`, nil)
				if len(full.R) == 0 {
					t.Fatalf("%s %s: no groups; the fixture should have some", v.name, agg)
				}
				str := func(g []group) string { b, _ := json.Marshal(g); return string(b) }
				if str(counts.R) != str(full.R) {
					t.Errorf("%s %s: counts only %s, with values %s", v.name, agg, str(counts.R), str(full.R))
				}
			}
		}
	})
}
