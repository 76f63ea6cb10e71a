package seed

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"simasn/ent/employee"
	"simasn/ent/unit"
)

// tree is the unit tree of a dataset.
type tree struct {
	regions []*regionPlan
	byCode  map[string]*regionPlan
	units   []*unitPlan // parents before children
	setda   *unitPlan
	health  *unitPlan
	bpsdm   *unitPlan
}

func newRegions() []*regionPlan {
	out := make([]*regionPlan, len(lampung))
	for i, r := range lampung {
		out[i] = &regionPlan{ref: r}
	}
	return out
}

// fieldCounts says how many health centres, high schools and vocational
// schools a region gets.
type fieldCounts func(r *regionPlan) (healthCentres, highSchools, vocational int)

// planTree lays out the agencies with their divisions and sections, the
// hospital, and the health centres and schools of every region. Codes
// start with prefix.
func (g *gen) planTree(regions []*regionPlan, prefix string, counts fieldCounts) *tree {
	t := &tree{regions: regions, byCode: map[string]*regionPlan{}}
	for _, r := range regions {
		t.byCode[r.ref.code] = r
	}
	capital := t.byCode[capitalRegion]
	add := func(u *unitPlan) *unitPlan {
		if u.parent != nil {
			u.depth = u.parent.depth + 1
		}
		t.units = append(t.units, u)
		return u
	}
	var walk func(spec unitSpec, parent *unitPlan, code string, a agencySpec)
	walk = func(spec unitSpec, parent *unitPlan, code string, a agencySpec) {
		u := add(&unitPlan{code: code, name: spec.name, kind: spec.kind, address: cmpOr(spec.address, a.address), region: capital,
			parent: parent, agency: true, category: "OPD", roster: spec.roster, prior: cmpOr(spec.prior, a.prior)})
		if spec.kind == unit.KindHOSPITAL {
			u.agency, u.category = false, "RS"
		}
		if parent != nil && parent.kind == unit.KindHOSPITAL {
			u.agency, u.category = false, "RS"
		}
		g.headRole(u, a)
		for i, c := range spec.children {
			walk(c, u, fmt.Sprintf("%s.%02d", code, i+1), a)
		}
	}
	for _, a := range agencies {
		root := &unitPlan{code: prefix + a.code, name: a.name, kind: unit.KindAGENCY, address: a.address, region: capital,
			agency: true, category: "OPD", prior: a.prior}
		add(root)
		g.headRole(root, a)
		for i, c := range a.units {
			walk(c, root, fmt.Sprintf("%s.%02d", root.code, i+1), a)
		}
		switch a.code {
		case codeSetda:
			t.setda = root
		case codeBPSDM:
			t.bpsdm = root
		case codeHealth:
			t.health = root
			walk(hospital, root, root.code+".RS.01", a)
			for _, r := range regions {
				n, _, _ := counts(r)
				for i := range n {
					town := r.ref.towns[i%len(r.ref.towns)]
					name := "UPTD Puskesmas " + town + roman(i/len(r.ref.towns))
					prior := "doctor"
					if g.chance(45) {
						prior = "healthAdmin"
					}
					u := add(&unitPlan{code: fmt.Sprintf("%s.PKM.%s.%02d", root.code, digits(r.ref.code), i+1), name: name,
						kind: unit.KindHEALTH_CENTRE, address: "Kecamatan " + town + ", " + r.ref.fullName(), region: r, parent: root,
						category: "PKM", roster: healthCentreRoster, prior: prior})
					g.headRole(u, a)
				}
			}
		case codeSchool:
			for _, r := range regions {
				_, sma, smk := counts(r)
				g.schools(add, a, root, r, "SMA", sma)
				g.schools(add, a, root, r, "SMK", smk)
			}
		}
	}
	return t
}

// schools adds n high schools (SMA) or vocational schools (SMK) of a region.
func (g *gen) schools(add func(*unitPlan) *unitPlan, a agencySpec, root *unitPlan, r *regionPlan, level string, n int) {
	towns := append([]string{r.ref.seat}, r.ref.towns...)
	roster, prior := highSchoolRoster, "teacher"
	if level == "SMK" {
		roster, prior = vocationalSchoolRoster, "vocTeacher"
	}
	for i := range n {
		var name, town string
		if r.ref.city {
			town = r.ref.towns[i%len(r.ref.towns)]
			name = fmt.Sprintf("%s Negeri %d %s", level, i+1, r.ref.name)
		} else {
			town = towns[i%len(towns)]
			name = fmt.Sprintf("%s Negeri %d %s", level, i/len(towns)+1, town)
		}
		u := add(&unitPlan{code: fmt.Sprintf("%s.%s.%s.%02d", root.code, level, digits(r.ref.code), i+1), name: name,
			kind: unit.KindSCHOOL, address: "Kecamatan " + town + ", " + r.ref.fullName(), region: r, parent: root,
			category: level, roster: roster, prior: prior})
		g.headRole(u, a)
	}
}

// headRole sets the title, type and rank range of a unit's head.
func (g *gen) headRole(u *unitPlan, a agencySpec) {
	short := strings.TrimSuffix(u.name, " Provinsi Lampung")
	set := func(title string, t employee.PositionType, lo, hi int) {
		u.headTitle, u.headType, u.rankLo, u.rankHi = title, t, lo, hi
	}
	setda := a.code == codeSetda
	switch {
	case u.kind == unit.KindAGENCY && setda:
		set("Sekretaris Daerah", employee.PositionTypeJPT_MADYA, idxIVd, idxIVe)
	case u.kind == unit.KindAGENCY && a.code == "6.01":
		set("Inspektur", employee.PositionTypeJPT_PRATAMA, idxIVc, idxIVd)
	case u.kind == unit.KindAGENCY:
		set("Kepala "+short, employee.PositionTypeJPT_PRATAMA, idxIVc, idxIVd)
	case setda && u.depth == 1: // biro
		set("Kepala "+u.name, employee.PositionTypeJPT_PRATAMA, idxIVc, idxIVd)
	case setda: // bagian
		set("Kepala "+u.name, employee.PositionTypeADMINISTRATOR, idxIIId, idxIVb)
	case u.kind == unit.KindSECRETARIAT:
		word, _, _ := strings.Cut(a.name, " ")
		set("Sekretaris "+word, employee.PositionTypeADMINISTRATOR, idxIIId, idxIVb)
	case u.kind == unit.KindHOSPITAL:
		set("Direktur "+u.name, employee.PositionTypeJPT_PRATAMA, idxIVc, idxIVd)
	case u.kind == unit.KindDIVISION && strings.HasPrefix(u.name, "Inspektur Pembantu"):
		set(u.name, employee.PositionTypeADMINISTRATOR, idxIIId, idxIVb)
	case u.kind == unit.KindDIVISION:
		set("Kepala "+u.name, employee.PositionTypeADMINISTRATOR, idxIIId, idxIVb)
	case u.kind == unit.KindSCHOOL:
		set("Kepala "+u.name, keahlian, idxIVa, idxIVb)
	default: // sections and health centres
		set("Kepala "+u.name, employee.PositionTypePENGAWAS, idxIIIc, idxIIId)
	}
}

// digits drops the dots of a region code: 18.01 → 1801.
func digits(code string) string { return strings.ReplaceAll(code, ".", "") }

// roman numbers the second and later units of the same name: "", " II", " III", ...
func roman(i int) string {
	numerals := []string{"", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X"}
	if i < len(numerals) {
		return numerals[i]
	}
	return fmt.Sprintf(" %d", i+1)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// staffTree generates the heads and staff of every unit of the tree, in
// tree order.
func (g *gen) staffTree(t *tree) []*person {
	var people []*person
	for _, u := range t.units {
		u.head = g.headOf(u)
		people = append(people, u.head)
		for _, sl := range u.roster {
			n := g.between(sl.lo, sl.hi)
			if u.remoteField() {
				n = g.halve(n)
			}
			for range n {
				people = append(people, g.staff(u, jobs[sl.job]))
			}
		}
	}
	return people
}

// superiors links every employee to their direct superior: staff to the
// head of their unit, a head to the head of the parent unit, the heads of
// agencies to the regional secretary (Sekretaris Daerah).
func superiors(t *tree, people []*person) {
	for _, p := range people {
		switch {
		case p.head == nil:
			p.superior = p.unit.head
		case p.unit.parent != nil:
			p.superior = p.unit.parent.head
		case p.unit != t.setda:
			p.superior = t.setda.head
		}
	}
}

// transfers gives about one in ten experienced staff a transfer (mutasi)
// from another unit of the same sort; most frontline transfers come out of
// the remote regions, as the province reports.
func (g *gen) transfers(t *tree, people []*person) int {
	pools := map[string][]*unitPlan{}
	remote := map[string][]*unitPlan{}
	for _, u := range t.units {
		if len(u.roster) == 0 {
			continue
		}
		c := u.category
		if c == "RS" {
			c = "PKM" // hospital staff often come from health centres
		}
		pools[c] = append(pools[c], u)
		if u.region.ref.remote {
			remote[c] = append(remote[c], u)
		}
	}
	var candidates []*person
	for _, p := range people {
		if p.head == nil && p.empType == employee.EmploymentTypePNS && p.status == employee.StatusACTIVE && monthsBetween(p.cpns, g.today) >= 36 {
			candidates = append(candidates, p)
		}
	}
	n := len(candidates) / 10
	moved := 0
	for _, i := range g.rng.Perm(len(candidates))[:n] {
		p := candidates[i]
		c := p.unit.category
		if c == "RS" {
			c = "PKM"
		}
		pool := pools[c]
		if p.unit.category != "OPD" && !p.unit.region.ref.remote && len(remote[c]) > 0 && g.chance(60) {
			pool = remote[c]
		}
		origin := pick(g, pool)
		if origin == p.unit {
			continue
		}
		p.origin = origin
		p.transferDate = firstOfMonth(addMonths(p.cpns, g.between(24, monthsBetween(p.cpns, g.today)-3)))
		moved++
	}
	return moved
}

// mentors assigns every CPNS a mentor (pembimbing): an experienced PNS of
// the same unit, or the head of the unit.
func (g *gen) mentors(people []*person) {
	byUnit := map[*unitPlan][]*person{}
	for _, p := range people {
		if p.head == nil && p.empType == employee.EmploymentTypePNS && p.status == employee.StatusACTIVE && rankIdx(p.rank) >= idxIIIb {
			byUnit[p.unit] = append(byUnit[p.unit], p)
		}
	}
	for _, p := range people {
		if p.empType != employee.EmploymentTypeCPNS {
			continue
		}
		if c := byUnit[p.unit]; len(c) > 0 {
			p.mentor = pick(g, c)
		} else {
			p.mentor = p.unit.head
		}
	}
}

// tiers orders people so that superiors and mentors are written before
// those who refer to them.
func tiers(people []*person) [][]*person {
	var tierOf func(p *person) int
	done := map[*person]bool{}
	tierOf = func(p *person) int {
		if p == nil {
			return -1
		}
		if !done[p] {
			p.tier = max(tierOf(p.superior), tierOf(p.mentor)) + 1
			done[p] = true
		}
		return p.tier
	}
	var out [][]*person
	for _, p := range people {
		k := tierOf(p)
		for len(out) <= k {
			out = append(out, nil)
		}
	}
	for _, p := range people {
		out[p.tier] = append(out[p.tier], p)
	}
	return out
}

// trainingPlan is a training and its enrollments.
type trainingPlan struct {
	spec        trainingSpec
	code        string
	organizer   *unitPlan
	opens       time.Time
	closes      time.Time
	starts      time.Time
	ends        time.Time
	status      string
	enrollments []enrollPlan
	id          int
}

// enrollPlan is one enrollment.
type enrollPlan struct {
	p          *person
	status     string
	registered time.Time
	decided    time.Time // zero if none
	completed  time.Time // zero if none
	score      float64   // set when completed is
	cert       string
	note       string
}

// holdsSeat reports whether an enrollment status takes one of the quota's
// seats.
func holdsSeat(status string) bool {
	switch status {
	case "REGISTERED", "APPROVED", "COMPLETED", "FAILED":
		return true
	}
	return false
}

// schedule sets a training's calendar and status from its state.
func (g *gen) schedule(t *trainingPlan) {
	sp := t.spec
	d := g.today
	switch sp.state {
	case "finished", "lastyear":
		t.ends = d.AddDate(0, 0, -sp.ago)
		if sp.state == "lastyear" { // ago is the day of last year it ends
			t.ends = time.Date(d.Year()-1, time.January, 1, d.Hour(), d.Minute(), 0, 0, d.Location()).AddDate(0, 0, sp.ago-1)
		}
		t.starts = t.ends.AddDate(0, 0, -sp.days)
		t.closes = t.starts.AddDate(0, 0, -7)
		t.opens = t.closes.AddDate(0, 0, -21)
		t.status = "COMPLETED"
	case "ongoing":
		t.starts = d.AddDate(0, 0, -sp.ago)
		t.ends = t.starts.AddDate(0, 0, sp.days)
		t.closes = t.starts.AddDate(0, 0, -7)
		t.opens = t.closes.AddDate(0, 0, -21)
		t.status = "ONGOING"
	case "open", "full":
		t.opens = d.AddDate(0, 0, -sp.ago)
		t.closes = d.AddDate(0, 0, max(3, 21-sp.ago))
		t.starts = t.closes.AddDate(0, 0, 14)
		t.ends = t.starts.AddDate(0, 0, sp.days)
		t.status = "PUBLISHED"
	case "upcoming", "draft":
		lead := 14
		t.status = "PUBLISHED"
		if sp.state == "draft" {
			lead, t.status = 60, "DRAFT"
		}
		t.opens = d.AddDate(0, 0, lead)
		t.closes = t.opens.AddDate(0, 0, 21)
		t.starts = t.closes.AddDate(0, 0, 14)
		t.ends = t.starts.AddDate(0, 0, sp.days)
	case "cancelled":
		t.opens = d.AddDate(0, 0, -40)
		t.closes = d.AddDate(0, 0, -10)
		t.starts = d.AddDate(0, 0, 5)
		t.ends = t.starts.AddDate(0, 0, sp.days)
		t.status = "CANCELLED"
	}
}

// finished reports whether a training of this state is over.
func finished(state string) bool { return state == "finished" || state == "lastyear" }

// planTrainings lays out the trainings of a catalogue and their
// enrollments. pppkJP holds the JP per PPPK and contract year so far
// (capped at 24), across catalogues.
func (g *gen) planTrainings(t *tree, people []*person, catalogue []trainingSpec, pppkJP map[*person]map[int]int) []*trainingPlan {
	var out []*trainingPlan
	counters := map[string]int{}
	for _, sp := range catalogue {
		tp := &trainingPlan{spec: sp, organizer: t.bpsdm}
		if sp.health {
			tp.organizer = t.health
		}
		g.schedule(tp)
		key := fmt.Sprintf("%s-%d", sp.prefix, tp.starts.Year())
		counters[key]++
		tp.code = fmt.Sprintf("%s-%02d", key, counters[key])
		out = append(out, tp)

		var eligible []*person
		for _, p := range people {
			if !p.cpns.Before(tp.opens) || !sp.who(p) {
				continue
			}
			if !finished(sp.state) && p.status != employee.StatusACTIVE {
				continue
			}
			if p.empType == employee.EmploymentTypePPPK && (sp.hours > 24 || pppkJP[p][tp.starts.Year()]+sp.hours > 24) {
				continue
			}
			eligible = append(eligible, p)
		}
		var n int
		switch sp.state {
		case "finished", "lastyear":
			share := float64(g.between(30, 80)) / 1000 // 3–8 % of the workforce
			n = min(sp.quota-g.between(0, 4), len(eligible), int(share*float64(len(people))+0.5))
		case "ongoing":
			n = min(sp.quota, len(eligible))
		case "open":
			n = min(len(eligible), sp.quota*g.between(30, 85)/100)
		case "full":
			n = min(len(eligible), sp.quota+g.between(6, 10))
		}
		for k, i := range g.rng.Perm(len(eligible))[:n] {
			p := eligible[i]
			e := g.enroll(tp, p, k)
			tp.enrollments = append(tp.enrollments, e)
			if p.empType == employee.EmploymentTypePPPK && holdsSeat(e.status) {
				if pppkJP[p] == nil {
					pppkJP[p] = map[int]int{}
				}
				pppkJP[p][tp.starts.Year()] += sp.hours
			}
		}
	}
	return out
}

// enroll makes the k-th enrollment of a training.
func (g *gen) enroll(t *trainingPlan, p *person, k int) enrollPlan {
	last := t.closes
	if last.After(g.today) {
		last = g.today
	}
	window := max(1, int(last.Sub(t.opens).Hours()/24))
	e := enrollPlan{p: p, registered: g.clampPast(g.at(t.opens.AddDate(0, 0, g.rng.IntN(window))))}
	decided := g.clampPast(e.registered.AddDate(0, 0, g.between(1, 5)))
	switch t.spec.state {
	case "finished", "lastyear":
		e.decided = decided
		e.completed = g.clampPast(g.at(t.ends.AddDate(0, 0, g.between(1, 10))))
		switch r := g.rng.IntN(100); {
		case r < 4:
			e.status, e.note, e.completed = "WITHDRAWN", "Mengundurkan diri karena penugasan dinas", time.Time{}
		case r < 11:
			e.status = "FAILED"
			e.score = float64(g.between(450, 699)) / 10
			e.note = "Nilai akhir di bawah batas kelulusan"
		default:
			e.status = "COMPLETED"
			e.score = float64(g.between(700, 985)) / 10
			e.cert = fmt.Sprintf("STTPP/%s/%03d", t.code, k+1)
		}
	case "ongoing":
		e.status, e.decided = "APPROVED", decided
	case "full":
		if k < t.spec.quota {
			e.status, e.decided = "APPROVED", decided
			if g.chance(40) {
				e.status, e.decided = "REGISTERED", time.Time{}
			}
		} else {
			e.status, e.decided, e.note = "WAITLISTED", decided, "Kuota penuh; masuk daftar tunggu"
		}
	default: // open
		switch r := g.rng.IntN(100); {
		case r < 5:
			e.status, e.decided, e.note = "REJECTED", decided, "Tidak memenuhi persyaratan peserta"
		case r < 45:
			e.status, e.decided = "APPROVED", decided
		default:
			e.status = "REGISTERED"
		}
	}
	return e
}

// appraisalPlan is one SKP appraisal.
type appraisalPlan struct {
	p            *person
	kind         string
	year, period int
	results      string // "" for a draft without ratings
	behaviour    string
	status       string
	submitted    time.Time
	decided      time.Time
	returnReason string
}

// ratings draws a pair of ratings: MEETS most often, as in practice.
func (g *gen) ratings() (results, behaviour string) {
	switch r := g.rng.IntN(100); {
	case r < 8:
		results = "BELOW"
	case r < 80:
		results = "MEETS"
	default:
		results = "ABOVE"
	}
	switch r := g.rng.IntN(100); {
	case r < 5:
		behaviour = "BELOW"
	case r < 83:
		behaviour = "MEETS"
	default:
		behaviour = "ABOVE"
	}
	return results, behaviour
}

// appraise makes an appraisal of a period that ended on end, in a workflow
// state drawn from the given percentages of approved, submitted and
// returned (the rest are drafts, half of them not yet rated).
func (g *gen) appraise(p *person, kind string, year, period int, end time.Time, approved, submitted, returned int) appraisalPlan {
	a := appraisalPlan{p: p, kind: kind, year: year, period: period}
	a.results, a.behaviour = g.ratings()
	sub := g.at(end.AddDate(0, 0, g.between(3, 25)))
	dec := g.at(sub.AddDate(0, 0, g.between(1, 14)))
	switch r := g.rng.IntN(100); {
	case r < approved:
		a.status = "APPROVED"
	case r < approved+submitted:
		a.status = "SUBMITTED"
	case r < approved+submitted+returned:
		a.status = "RETURNED"
		a.returnReason = pick(g, appraisalReturnReasons)
	default:
		a.status = "DRAFT"
		if g.chance(50) {
			a.results, a.behaviour = "", ""
		}
	}
	// Nothing happens after the clock: an appraisal decided in the future is
	// still waiting, one submitted in the future is still a draft.
	if (a.status == "APPROVED" || a.status == "RETURNED") && dec.After(g.now) {
		a.status, a.returnReason = "SUBMITTED", ""
	}
	if a.status == "SUBMITTED" && sub.After(g.now) {
		a.status = "DRAFT"
	}
	if a.status != "DRAFT" {
		a.submitted = sub
	}
	if a.status == "APPROVED" || a.status == "RETURNED" {
		a.decided = dec
	}
	return a
}

// planAppraisals gives every employee with a superior an annual appraisal
// of the previous year (if appointed by its end), and about a third of them
// quarterly appraisals for the current year's finished quarters (or, early
// in the year, the last quarter of the previous one).
func (g *gen) planAppraisals(people []*person) []appraisalPlan {
	year := g.today.Year() - 1
	yearEnd := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	var out []appraisalPlan
	for _, p := range people {
		if p.superior == nil || p.cpns.After(yearEnd) {
			continue
		}
		out = append(out, g.appraise(p, "ANNUAL", year, 0, yearEnd, 90, 5, 2))
	}
	type quarter struct{ year, q int }
	var quarters []quarter
	for q := 1; q <= 4; q++ {
		if end := quarterEnd(g.today.Year(), q); end.Before(g.today) {
			quarters = append(quarters, quarter{g.today.Year(), q})
		}
	}
	if len(quarters) == 0 {
		quarters = []quarter{{year, 4}}
	}
	for _, p := range people {
		if p.superior == nil || !g.chance(33) {
			continue
		}
		for i, q := range quarters {
			start := quarterEnd(q.year, q.q).AddDate(0, -3, 1)
			if p.cpns.After(start) {
				continue
			}
			if i == len(quarters)-1 {
				out = append(out, g.appraise(p, "QUARTERLY", q.year, q.q, quarterEnd(q.year, q.q), 35, 30, 10))
			} else {
				out = append(out, g.appraise(p, "QUARTERLY", q.year, q.q, quarterEnd(q.year, q.q), 92, 3, 2))
			}
		}
	}
	return out
}

// quarterEnd is the last day of a quarter.
func quarterEnd(year, q int) time.Time {
	return time.Date(year, time.Month(3*q+1), 0, 0, 0, 0, 0, time.UTC)
}

// workLogPlan is one daily work-log entry.
type workLogPlan struct {
	p        *person
	date     time.Time
	act      activity
	quantity int
	minutes  int
	status   string
	verified time.Time
	note     string
}

var headActivities = []activity{
	{"Memimpin rapat koordinasi unit kerja", "kegiatan", 1, 1},
	{"Memeriksa dan menandatangani naskah dinas", "naskah", 5, 25},
	{"Melakukan monitoring dan evaluasi capaian kinerja unit", "laporan", 1, 1},
	{"Memverifikasi laporan kinerja harian pegawai", "laporan", 5, 30},
}

// activitiesOf lists the daily work a person does.
func activitiesOf(p *person) []activity {
	if p.head != nil {
		return headActivities
	}
	if a, ok := activities[p.job.family]; ok {
		return a
	}
	if a, ok := activities[string(p.group)]; ok {
		return a
	}
	return activities[string(admin)]
}

// planWorkLogs has n active employees file work logs on the working days
// of the last 60 days: one to three entries a day, at most a working day's
// minutes, most verified by the superior.
func (g *gen) planWorkLogs(people []*person, n int) []workLogPlan {
	var candidates []*person
	for _, p := range people {
		if p.status == employee.StatusACTIVE && p.superior != nil && p.superior.status == employee.StatusACTIVE &&
			p.cpns.Before(g.today.AddDate(0, 0, -60)) {
			candidates = append(candidates, p)
		}
	}
	n = min(n, len(candidates))
	picked := g.rng.Perm(len(candidates))[:n]
	slices.Sort(picked) // keep the employees' own order
	chosen := make([]*person, 0, n)
	for _, i := range picked {
		chosen = append(chosen, candidates[i])
	}
	var out []workLogPlan
	for _, p := range chosen {
		acts := activitiesOf(p)
		for d := g.today.AddDate(0, 0, -60); d.Before(g.today); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || g.chance(7) {
				continue
			}
			left := 480
			for range g.between(1, 3) {
				if left < 60 {
					break
				}
				a := pick(g, acts)
				w := workLogPlan{p: p, date: d, act: a, quantity: g.between(a.lo, a.hi), minutes: min(left, 15*g.between(4, 16))}
				left -= w.minutes
				age := int(g.today.Sub(d).Hours() / 24)
				switch r := g.rng.IntN(100); {
				case age <= 2 && r < 80, age > 2 && r < 8:
					w.status = "SUBMITTED"
				case age > 2 && r < 12:
					w.status, w.note = "RETURNED", pick(g, returnNotes)
				default:
					w.status = "VERIFIED"
				}
				if w.status != "SUBMITTED" {
					w.verified = g.at(d.AddDate(0, 0, g.between(1, 3)))
					if w.verified.After(g.now) {
						w.status, w.note, w.verified = "SUBMITTED", "", time.Time{}
					}
				}
				out = append(out, w)
			}
		}
	}
	return out
}
