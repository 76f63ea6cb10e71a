package seed

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"

	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/nip"
	"simasn/internal/rank"
)

// Rank indexes (positions in rank.PNSRanks) the rules below refer to.
const (
	idxIIa  = 4
	idxIIIa = 8
	idxIIIb = 9
	idxIIIc = 10
	idxIIId = 11
	idxIVa  = 12
	idxIVb  = 13
	idxIVc  = 14
	idxIVd  = 15
	idxIVe  = 16
)

// rankIdx is the position of a PNS rank in rank.PNSRanks, or -1.
func rankIdx(r string) int {
	i, ok := rank.Order("PNS", r)
	if !ok {
		return -1
	}
	return i
}

// regionPlan is a region the seed writes or finds.
type regionPlan struct {
	ref regionRef
	id  int
}

// unitPlan is a unit the seed writes, with what the generator needs to know
// about it.
type unitPlan struct {
	code, name string
	kind       unit.Kind
	address    string
	region     *regionPlan
	parent     *unitPlan
	depth      int
	agency     bool   // an office of a provincial agency, not a field unit
	category   string // transfer pool: OPD, RS, PKM, SMA or SMK
	roster     []slot
	prior      string
	headTitle  string
	headType   employee.PositionType
	rankLo     int
	rankHi     int
	head       *person
	id         int
}

// remoteField reports whether u is a health centre or school in a remote
// region, which the seed staffs at about half strength.
func (u *unitPlan) remoteField() bool {
	return u.region.ref.remote && (u.kind == unit.KindHEALTH_CENTRE || u.kind == unit.KindSCHOOL)
}

// person is an employee the seed writes.
type person struct {
	unit     *unitPlan
	job      *job      // the job held, or for a head the job held before
	head     *unitPlan // the unit this person heads, if any
	superior *person
	mentor   *person
	id       int
	tier     int

	empType    employee.EmploymentType
	gender     nip.Gender
	nip        string
	birth      time.Time
	name       string
	given      string // for the e-mail address
	family     string
	front      string
	back       string
	edu        schooling
	group      employee.ProfessionGroup
	birthPlace string
	email      string
	phone      string
	address    string
	status     employee.Status
	statusDate time.Time
	cpns       time.Time
	pns        time.Time // zero for CPNS and PPPK

	entry        int         // index of the entry rank in rank.PNSRanks
	grade        string      // PPPK grade, for PPPK only
	promos       []time.Time // effective dates of the rank promotions
	headDate     time.Time   // when appointed head of unit
	origin       *unitPlan   // unit before a transfer
	transferDate time.Time

	// Final record, set by history.
	rank         string
	rankDate     time.Time
	position     string
	ptype        employee.PositionType
	level        *employee.PositionLevel
	positionDate time.Time
	events       []eventPlan
}

// eventPlan is a career event to write.
type eventPlan struct {
	kind      careerevent.Kind
	decree    string
	decreed   time.Time
	effective time.Time
	from, to  string
	fromUnit  *unitPlan
	toUnit    *unitPlan
	notes     string
	recorded  time.Time
}

// gen generates the seed's data from one random source, so that the same
// seed and clock give the same data.
type gen struct {
	rng      *rand.Rand
	now      time.Time
	today    time.Time
	serialLo int
	serialHi int
	nips     map[string]bool
	emails   map[string]int
	decrees  map[string]int
	err      error
}

func newGen(now time.Time, seed1, seed2 uint64, serialLo, serialHi int) *gen {
	now = now.UTC()
	return &gen{
		rng:      rand.New(rand.NewPCG(seed1, seed2)),
		now:      now,
		today:    day(now),
		serialLo: serialLo,
		serialHi: serialHi,
		nips:     map[string]bool{},
		emails:   map[string]int{},
		decrees:  map[string]int{},
	}
}

// fail records the first error; generation continues and the caller checks.
func (g *gen) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

// between returns a uniform integer in [lo, hi].
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// chance reports true with probability percent/100.
func (g *gen) chance(percent int) bool { return g.rng.IntN(100) < percent }

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// halve scales a head-count by one half, rounding at random so that the
// expectation is exact.
func (g *gen) halve(n int) int {
	return int(float64(n)*0.5 + g.rng.Float64())
}

// Calendar helpers. Every date is midnight UTC.

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func addMonths(t time.Time, n int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(n), t.Day(), 0, 0, 0, 0, time.UTC)
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// periodOnOrBefore is the last promotion period (1 April or 1 October) on
// or before t: PNS ranks rise on those two dates only.
func periodOnOrBefore(t time.Time) time.Time {
	switch {
	case t.Month() >= time.October:
		return time.Date(t.Year(), time.October, 1, 0, 0, 0, 0, time.UTC)
	case t.Month() >= time.April:
		return time.Date(t.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year()-1, time.October, 1, 0, 0, 0, 0, time.UTC)
}

// clampPast keeps a timestamp at or before the seed's clock.
func (g *gen) clampPast(t time.Time) time.Time {
	if t.After(g.now) {
		return g.now
	}
	return t
}

// at is a working-hours time on the given day.
func (g *gen) at(d time.Time) time.Time {
	return d.Add(time.Duration(g.between(8*60, 16*60)) * time.Minute)
}

// promotionDates spreads at most n promotions between start and end, at
// most one every four years for regular rises, on the April and October
// promotion periods.
func (g *gen) promotionDates(start, end time.Time, n int) []time.Time {
	if n <= 0 {
		return nil
	}
	span := monthsBetween(start, end) - 3
	step := min(48, span/n)
	if step < 24 {
		step = 24
	}
	var out []time.Time
	for k := 1; k <= n; k++ {
		d := periodOnOrBefore(addMonths(start, k*step+g.between(-3, 3)))
		if len(out) > 0 && !d.After(out[len(out)-1]) {
			d = addMonths(out[len(out)-1], 6)
		}
		if !d.After(start) || d.After(end) {
			break
		}
		out = append(out, d)
	}
	return out
}

// entryAge is a plausible age at first appointment for a schooling.
func (g *gen) entryAge(s schooling, front string) int {
	var a int
	switch s.level {
	case sSLTA:
		a = g.between(19, 25)
	case sD3:
		a = g.between(21, 28)
	case sS2:
		a = g.between(27, 34)
	case sS3:
		a = g.between(30, 35)
	default:
		a = g.between(23, 31)
	}
	if front != "" { // doctors and dentists finish their profession later
		a = min(a+2, 35)
	}
	return a
}

// capIdx is the highest PNS rank a non-managerial employee reaches in a job.
func capIdx(j *job, s schooling) int {
	if j.capIdx > 0 {
		return j.capIdx
	}
	switch j.ptype {
	case keahlian:
		return idxIVb
	case keterampilan:
		return idxIIId
	}
	switch s.level {
	case sSLTA:
		return idxIIIb
	case sD3:
		return idxIIIc
	case sD4, sS1:
		return idxIIId
	}
	return idxIVa
}

// pppkGrades maps education to the grade a PPPK is contracted at.
var pppkGrades = map[employee.EducationLevel]string{
	sSLTA: "V", sD3: "VII", sD4: "IX", sS1: "IX", sS2: "X", sS3: "XI",
}

// positionAt is the position a job gives at a PNS rank index (ignored for
// PPPK, who hold the first level of their job).
func positionAt(j *job, pppk bool, idx int) (string, employee.PositionType, *employee.PositionLevel) {
	if j.ptype == pelaksana {
		return j.family, pelaksana, nil
	}
	l := levelAt(j.ptype, idx)
	if pppk {
		l = employee.PositionLevelAHLI_PERTAMA
		if j.ptype == keterampilan {
			l = employee.PositionLevelTERAMPIL
		}
	}
	return j.family + " " + levelNames[l], j.ptype, &l
}

// levelAt is the functional level (jenjang) that goes with a rank.
func levelAt(t employee.PositionType, idx int) employee.PositionLevel {
	if t == keterampilan {
		switch {
		case idx <= idxIIa:
			return employee.PositionLevelPEMULA
		case idx < idxIIIa:
			return employee.PositionLevelTERAMPIL
		case idx <= idxIIIb:
			return employee.PositionLevelMAHIR
		}
		return employee.PositionLevelPENYELIA
	}
	switch {
	case idx <= idxIIIb:
		return employee.PositionLevelAHLI_PERTAMA
	case idx <= idxIIId:
		return employee.PositionLevelAHLI_MUDA
	case idx <= idxIVc:
		return employee.PositionLevelAHLI_MADYA
	}
	return employee.PositionLevelAHLI_UTAMA
}

var levelNames = map[employee.PositionLevel]string{
	employee.PositionLevelAHLI_PERTAMA: "Ahli Pertama",
	employee.PositionLevelAHLI_MUDA:    "Ahli Muda",
	employee.PositionLevelAHLI_MADYA:   "Ahli Madya",
	employee.PositionLevelAHLI_UTAMA:   "Ahli Utama",
	employee.PositionLevelPEMULA:       "Pemula",
	employee.PositionLevelTERAMPIL:     "Terampil",
	employee.PositionLevelMAHIR:        "Mahir",
	employee.PositionLevelPENYELIA:     "Penyelia",
}

func (g *gen) pickSchool(options []schooling) schooling {
	total := 0
	for _, o := range options {
		total += o.w
	}
	r := g.rng.IntN(total)
	for _, o := range options {
		if r < o.w {
			return o
		}
		r -= o.w
	}
	return options[len(options)-1]
}

func (g *gen) pickGender(femalePercent int) nip.Gender {
	if g.chance(femalePercent) {
		return nip.Female
	}
	return nip.Male
}

// staff generates a non-managerial employee of a unit in a job.
func (g *gen) staff(u *unitPlan, j *job) *person {
	p := &person{unit: u, job: j, group: j.group, status: employee.StatusACTIVE}
	p.gender = g.pickGender(j.female)
	p.edu = g.pickSchool(j.school)
	switch r := g.rng.IntN(100); {
	case r < j.cpns:
		p.empType = employee.EmploymentTypeCPNS
	case r < j.cpns+j.pppk:
		p.empType = employee.EmploymentTypePPPK
	default:
		p.empType = employee.EmploymentTypePNS
	}
	entryRank, _ := rank.EntryRank(string(p.edu.level))
	p.entry = rankIdx(entryRank)
	age := g.entryAge(p.edu, j.front)
	bup := cmp.Or(j.bup, 58)
	switch p.empType {
	case employee.EmploymentTypeCPNS:
		p.cpns = firstOfMonth(addMonths(g.today, -g.between(1, 11)))
		p.birth = p.cpns.AddDate(-age, 0, -g.rng.IntN(365))
	case employee.EmploymentTypePPPK:
		p.grade = pppkGrades[p.edu.level]
		p.cpns = time.Date(g.today.Year()-g.between(1, 4), time.Month(g.between(1, 12)), 1, 0, 0, 0, 0, time.UTC)
		p.birth = p.cpns.AddDate(-g.between(age, max(age, 45)), 0, -g.rng.IntN(365))
	default:
		end := g.today
		switch r := g.rng.IntN(1000); {
		case r < 12: // retired this year at the retirement age
			p.status = employee.StatusRETIRED
			p.statusDate = firstOfMonth(addMonths(g.today, -g.between(1, 11)))
			p.birth = addMonths(p.statusDate, -bup*12-1).AddDate(0, 0, g.rng.IntN(28))
			p.cpns = firstOfMonth(addMonths(p.birth.AddDate(age, 0, 0), g.between(1, 11)))
			end = p.statusDate
		default:
			months := g.between(24, min(34*12, (bup-1-age)*12))
			p.cpns = firstOfMonth(addMonths(g.today, -months))
			p.birth = p.cpns.AddDate(-age, 0, -g.rng.IntN(365))
			if r < 30 && months >= 48 { // on leave outside state responsibility
				p.status = employee.StatusON_LEAVE
				p.statusDate = firstOfMonth(addMonths(g.today, -g.between(1, 18)))
				end = p.statusDate
			}
		}
		p.pns = addMonths(p.cpns, 12)
		n := min(capIdx(j, p.edu)-p.entry, max(0, (monthsBetween(p.cpns, end)-g.between(0, 18))/48))
		p.promos = g.promotionDates(p.cpns, end, n)
	}
	g.identity(p)
	return p
}

// headOf generates the head of a unit: a PNS whose rank fits the post,
// with the service years the promotions to it take.
func (g *gen) headOf(u *unitPlan) *person {
	j := jobs[u.prior]
	p := &person{unit: u, job: j, head: u, group: j.group, status: employee.StatusACTIVE, empType: employee.EmploymentTypePNS}
	p.gender = g.pickGender(j.female * 6 / 10)
	var firsts []schooling
	for _, s := range j.school {
		if s.level == sS1 || s.level == sD4 || s.level == sS2 {
			firsts = append(firsts, s)
		}
	}
	p.edu = g.pickSchool(firsts)
	entryRank, _ := rank.EntryRank(string(p.edu.level))
	p.entry = rankIdx(entryRank)
	target := max(g.between(u.rankLo, u.rankHi), p.entry+1)
	n := target - p.entry
	age := g.entryAge(p.edu, j.front)
	bup := 58
	if u.headType == employee.PositionTypeJPT_MADYA || u.headType == employee.PositionTypeJPT_PRATAMA || u.kind == unit.KindSCHOOL {
		bup = 60
	}
	months := n*40 + g.between(6, 48)
	months = min(months, (bup-2-age)*12)
	p.cpns = firstOfMonth(addMonths(g.today, -months))
	p.birth = p.cpns.AddDate(-age, 0, -g.rng.IntN(365))
	p.pns = addMonths(p.cpns, 12)
	p.promos = g.promotionDates(p.cpns, g.today, n)
	// Appointed to the post a few years ago, well into the career.
	p.headDate = firstOfMonth(addMonths(g.today, -g.between(3, min(60, months/3))))

	// Heads add a master's degree more often the higher the post.
	upgrade := 35
	switch u.headType {
	case employee.PositionTypeJPT_MADYA, employee.PositionTypeJPT_PRATAMA:
		upgrade = 90
	case employee.PositionTypeADMINISTRATOR:
		upgrade = 60
	}
	if p.edu.level != sS2 && g.chance(upgrade) {
		m := masters[j.group]
		p.edu = schooling{level: sS2, major: m.major, back: strings.TrimPrefix(p.edu.back+", "+m.back, ", ")}
	}
	if (u.headType == employee.PositionTypeJPT_MADYA || u.headType == employee.PositionTypeJPT_PRATAMA) && g.chance(15) {
		p.edu = schooling{level: sS3, major: "Ilmu Administrasi Publik", back: p.edu.back}
	}
	g.identity(p)
	return p
}

// identity gives a person a name, titles, a NIP and contact data.
func (g *gen) identity(p *person) {
	g.naming(p)
	kind := nip.PNS
	if p.empType == employee.EmploymentTypePPPK {
		kind = nip.PPPK
	}
	for try := 0; ; try++ {
		number, err := nip.Build(kind, p.birth, p.cpns.Year(), int(p.cpns.Month()), p.gender, g.between(g.serialLo, g.serialHi))
		if err != nil {
			g.fail(fmt.Errorf("build NIP for %s: %w", p.name, err))
			return
		}
		if !g.nips[number] {
			g.nips[number] = true
			p.nip = number
			break
		}
		if try > 10 { // a crowded birth date: move on a day
			p.birth = p.birth.AddDate(0, 0, 1)
		}
	}
	parsed, err := nip.Parse(p.nip, kind)
	if err != nil {
		g.fail(fmt.Errorf("NIP %s: %w", p.nip, err))
		return
	}
	p.birth = parsed.BirthDate
	p.titles()
	p.birthPlace = pick(g, birthPlaces)
	if g.chance(35) {
		p.birthPlace = p.unit.region.ref.seat
		if p.unit.region.ref.city {
			p.birthPlace = p.unit.region.ref.name
		}
	}
	local := asciiLower(p.given)
	if p.family != "" {
		local += "." + asciiLower(p.family)
	}
	g.emails[local]++
	if n := g.emails[local]; n > 1 {
		local = fmt.Sprintf("%s%d", local, n)
	}
	p.email = local + "@lampungprov.go.id"
	p.phone = fmt.Sprintf("+62 8%s-%04d-%04d", pick(g, phonePrefixes), g.rng.IntN(10000), g.rng.IntN(10000))
	town := pick(g, p.unit.region.ref.towns)
	place := p.unit.region.ref.fullName()
	p.address = fmt.Sprintf("%s No. %d, %s, %s", pick(g, streets), g.between(1, 150), town, place)
}

// naming draws a realistic Indonesian name.
func (g *gen) naming(p *person) {
	male := p.gender == nip.Male
	if p.birth.Year() < 1975 && g.chance(12) { // single names belong to an older generation
		single := femaleSingle
		if male {
			single = maleSingle
		}
		p.given = pick(g, single)
		p.name = p.given
		return
	}
	firsts, middles, own := femaleNames, femaleMiddle, femaleFamily
	if male {
		firsts, middles, own = maleNames, maleMiddle, maleFamily
	}
	first := pick(g, firsts)
	parts := []string{first}
	if male && g.chance(12) {
		parts = []string{"Muhammad", first}
	}
	if g.chance(25) {
		if m := pick(g, middles); m != first {
			parts = append(parts, m)
		}
	}
	family := pick(g, familyNames)
	if g.chance(35) || (!male && g.chance(35)) {
		family = pick(g, own)
	}
	if family != first {
		parts = append(parts, family)
	}
	p.given = first
	p.family = parts[len(parts)-1]
	if len(parts) == 1 {
		p.family = ""
	}
	p.name = strings.Join(parts, " ")
}

// titles sets the academic titles: those of the schooling, with the titles
// used before 1993 (Drs./Dra., Ir.) for older graduates of a first degree.
func (p *person) titles() {
	p.front, p.back = p.job.front, p.edu.back
	if p.birth.Year()+23 < 1993 && p.front == "" {
		first, rest, _ := strings.Cut(p.back, ", ")
		old := ""
		switch first {
		case "S.Pd.", "S.E.", "S.Sos.", "S.I.P.", "S.A.P.":
			old = "Drs."
			if p.gender == nip.Female {
				old = "Dra."
			}
		case "S.T.", "S.P.":
			old = "Ir."
		}
		if old != "" {
			p.front, p.back = old, rest
		}
	}
	if p.edu.level == sS3 {
		p.front = strings.TrimSpace("Dr. " + p.front)
	}
}

func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decree numbers a decree (SK) the way the BKD does: archive class,
// running number in the year, issuer and year, e.g. 823/0412/BKD/2019.
func (g *gen) decree(class string, date time.Time) string {
	key := fmt.Sprintf("%s/%d", class, date.Year())
	g.decrees[key]++
	return fmt.Sprintf("%s/%04d/BKD/%d", class, g.decrees[key], date.Year())
}

// event adds a career event with its decree, signed a few weeks before the
// effective date and recorded a few days after signing.
func (g *gen) event(p *person, kind careerevent.Kind, class string, effective time.Time, from, to, notes string) *eventPlan {
	decreed := effective.AddDate(0, 0, -g.between(14, 60))
	p.events = append(p.events, eventPlan{
		kind:      kind,
		decree:    g.decree(class, decreed),
		decreed:   decreed,
		effective: effective,
		from:      from,
		to:        to,
		notes:     notes,
		recorded:  g.clampPast(g.at(decreed.AddDate(0, 0, g.between(1, 20)))),
	})
	return &p.events[len(p.events)-1]
}

// history writes a person's career history (appointment, promotions,
// moves up the functional levels, appointment as head, transfer, status
// change) and sets the current record to where the history ends, so that
// rank, unit and position always equal the latest event's.
func (g *gen) history(p *person) {
	pppk := p.empType == employee.EmploymentTypePPPK
	idx := p.entry
	pos, ptype, level := positionAt(p.job, pppk, idx)
	posDate := p.cpns
	startUnit := p.unit
	if p.origin != nil {
		startUnit = p.origin
	}
	notes := fmt.Sprintf("Pengangkatan CPNS, pangkat %s (%s)", rank.Title(rank.PNSRanks[idx]), rank.PNSRanks[idx])
	class := "813"
	if pppk {
		notes = "Pengangkatan PPPK, golongan " + p.grade
		class = "800.1.2.2"
	}
	ev := g.event(p, careerevent.KindAPPOINTMENT, class, p.cpns, "", pos, notes)
	ev.toUnit = startUnit

	// The later moments in date order; ties keep this order.
	type moment struct {
		at   time.Time
		kind int // 0 promotion, 1 head, 2 transfer, 3 status
	}
	var moments []moment
	for _, d := range p.promos {
		moments = append(moments, moment{d, 0})
	}
	if p.head != nil {
		moments = append(moments, moment{p.headDate, 1})
	}
	if p.origin != nil {
		moments = append(moments, moment{p.transferDate, 2})
	}
	if p.status != employee.StatusACTIVE {
		moments = append(moments, moment{p.statusDate, 3})
	}
	slices.SortStableFunc(moments, func(a, b moment) int { return a.at.Compare(b.at) })
	headed := false
	for _, m := range moments {
		switch m.kind {
		case 0:
			from, to := rank.PNSRanks[idx], rank.PNSRanks[idx+1]
			kindNote := "Kenaikan pangkat reguler"
			if p.head != nil && headed {
				kindNote = "Kenaikan pangkat jabatan struktural"
			}
			g.event(p, careerevent.KindRANK_PROMOTION, "823", m.at, from, to, kindNote)
			idx++
			if !headed && p.job.ptype != pelaksana {
				if next, t, l := positionAt(p.job, false, idx); next != pos {
					g.event(p, careerevent.KindPOSITION_CHANGE, "821", m.at, pos, next, "Kenaikan jenjang jabatan fungsional")
					pos, ptype, level, posDate = next, t, l, m.at
				}
			}
		case 1:
			g.event(p, careerevent.KindPOSITION_CHANGE, "821.2", m.at, pos, p.unit.headTitle, "Pelantikan dalam jabatan "+p.unit.headTitle)
			pos, ptype, posDate, headed = p.unit.headTitle, p.unit.headType, m.at, true
			level = nil
		case 2:
			note := "Mutasi atas permintaan sendiri"
			if p.origin.region.ref.remote && !p.unit.region.ref.remote {
				note = "Mutasi atas permintaan sendiri dari daerah terpencil"
			} else if g.chance(40) {
				note = "Mutasi dalam rangka pemerataan dan kebutuhan organisasi"
			}
			ev := g.event(p, careerevent.KindTRANSFER, "824", m.at, pos, pos, note)
			ev.fromUnit, ev.toUnit = p.origin, p.unit
		case 3:
			if p.status == employee.StatusRETIRED {
				g.event(p, careerevent.KindSTATUS_CHANGE, "882", m.at, "ACTIVE", "RETIRED", "Pensiun karena mencapai batas usia pensiun")
			} else {
				g.event(p, careerevent.KindSTATUS_CHANGE, "851", m.at, "ACTIVE", string(p.status), "Cuti di luar tanggungan negara")
			}
		}
	}
	if headed && p.unit.headType == keahlian {
		l := levelAt(keahlian, idx)
		level = &l
	}
	p.rank, p.rankDate = rank.PNSRanks[idx], p.cpns
	if len(p.promos) > 0 {
		p.rankDate = p.promos[len(p.promos)-1]
	}
	if pppk {
		p.rank = p.grade
	}
	p.position, p.ptype, p.level, p.positionDate = pos, ptype, level, posDate
}
