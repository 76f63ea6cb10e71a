package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/dates"
	"simasn/internal/viewer"
)

// ScalePrefix starts the code of every unit Scale creates, keeping them
// apart from the demo's units.
const ScalePrefix = "S."

// scaleSeed1 with n seeds the scale dataset's random source.
const scaleSeed1 = 0x5343414c45

// maxQuota is the schema's bound on a training's quota.
const maxQuota = 100000

// scaleTitles name the scale dataset's trainings.
var scaleTitles = []struct{ title, category, method string }{
	{"Pelatihan Teknis Penyusunan SKP dan Manajemen Kinerja ASN", "TECHNICAL", "E_LEARNING"},
	{"Pelatihan Pelayanan Prima", "SOCIO_CULTURAL", "E_LEARNING"},
	{"Pelatihan Wawasan Kebangsaan dan Nilai-Nilai Bela Negara", "SOCIO_CULTURAL", "BLENDED"},
	{"Pelatihan Literasi Digital dan Keamanan Informasi bagi ASN", "TECHNICAL", "E_LEARNING"},
	{"Pelatihan Coaching dan Mentoring", "MANAGERIAL", "BLENDED"},
	{"Pelatihan Penguatan Kompetensi Jabatan Fungsional", "FUNCTIONAL", "E_LEARNING"},
}

// member is what Scale keeps of an employee once written.
type member struct {
	id       int
	superior int // 0 when none
	cpns     time.Time
	active   bool
	pppk     bool
}

func memberOf(p *person) member {
	m := member{id: p.id, cpns: p.cpns, active: p.status == employee.StatusACTIVE, pppk: p.empType == employee.EmploymentTypePPPK}
	if p.superior != nil {
		m.superior = p.superior.id
	}
	return m
}

// Scale builds a scale dataset of n employees (plus the reference
// regions/units if missing, and per employee about 2 appraisals and 2
// enrollments in a handful of trainings with big quotas), with batched
// inserts (CreateBulk, ~1000 rows per batch, each batch its own
// transaction), printing a progress bar to progress (a single line redrawn
// with \r, e.g. "employees  45000/100000 [=========>          ] 45% 12.3k/s",
// and a final newline). Deterministic for a given n.
//
// Scale reuses the 15 regions when they exist and creates those missing.
// Its unit tree repeats the demo's agencies, hospital, health centres and
// schools — more of the latter as n grows — under codes starting with
// ScalePrefix, and its NIPs use the serial numbers 500–999 while the
// demo's use 001–499, so a scale dataset can join the demo data without
// collision. A database holds at most one scale dataset: Scale refuses a
// database that already has units coded ScalePrefix…. Every unit has a
// head, so n must be at least twice the number of units (a few hundred).
//
// Each employee gets a career history as in the demo, the head of their
// unit as superior (and, for a CPNS, as mentor); the annual appraisal of the previous year and
// a quarterly one of the latest finished quarter (when appointed by then);
// one enrollment in a finished training and, when active, one in a
// training open for registration. Batches already committed stay when a
// later one fails.
func Scale(ctx context.Context, c *ent.Client, n int, now time.Time, progress io.Writer) (Summary, error) {
	ctx = viewer.System(ctx) // seeding is the server's own work: it passes the access rules and is not audited
	// The bounds on dates (internal/dates) follow the data's own clock.
	ctx = dates.NewContext(ctx, func() time.Time { return now })
	if progress == nil {
		progress = io.Discard
	}
	var sum Summary
	if n < 1 {
		return sum, fmt.Errorf("seed scale: n must be positive, got %d", n)
	}
	present, err := c.Unit.Query().Where(unit.CodeHasPrefix(ScalePrefix)).Exist(ctx)
	if err != nil {
		return sum, fmt.Errorf("seed scale: %w", err)
	}
	if present {
		return sum, fmt.Errorf("seed scale: the database already holds a scale dataset (units coded %s…); load another into a database without one", ScalePrefix)
	}
	g := newGen(now, scaleSeed1, uint64(n), scaleSerialLo, scaleSerialHi)

	// Reference data: regions, units and their heads, in one transaction.
	regions := newRegions()
	found, err := c.Region.Query().All(ctx)
	if err != nil {
		return sum, fmt.Errorf("seed scale: regions: %w", err)
	}
	for _, r := range regions {
		for _, f := range found {
			if f.Code == r.ref.code {
				r.id = f.ID
			}
		}
	}
	k := min(60, max(2, n/2500))
	t := g.planTree(regions, ScalePrefix, func(*regionPlan) (int, int, int) { return k, k, max(1, k/2) })
	if n < 2*len(t.units) {
		return sum, fmt.Errorf("seed scale: n = %d is too small: the scale unit tree has %d units, each with a head, and needs at least %d employees", n, len(t.units), 2*len(t.units))
	}
	heads := g.staffHeads(t)
	if g.err != nil {
		return sum, fmt.Errorf("seed scale: %w", g.err)
	}
	err = inTx(ctx, c, func(c *ent.Client) error {
		var err error
		if sum.Regions, err = writeRegions(ctx, c, regions); err != nil {
			return err
		}
		if err := writeUnits(ctx, c, t.units); err != nil {
			return err
		}
		if err := writePeople(ctx, c, heads); err != nil {
			return err
		}
		sum.CareerEvents, err = writeEvents(ctx, c, heads)
		return err
	})
	if err != nil {
		return sum, fmt.Errorf("seed scale: reference data: %w", err)
	}
	sum.Units = len(t.units)
	sum.Employees = len(heads)

	members, events, err := g.scaleStaff(ctx, c, t, heads, n, progress)
	sum.Employees += len(members) - len(heads)
	sum.CareerEvents += events
	if err != nil {
		return sum, fmt.Errorf("seed scale: %w", err)
	}
	if sum.Trainings, sum.Enrollments, err = g.scaleTrainings(ctx, c, t, members, progress); err != nil {
		return sum, fmt.Errorf("seed scale: %w", err)
	}
	if sum.Appraisals, err = g.scaleAppraisals(ctx, c, members, progress); err != nil {
		return sum, fmt.Errorf("seed scale: %w", err)
	}
	return sum, nil
}

// staffHeads generates the heads of all units with their superiors and
// histories.
func (g *gen) staffHeads(t *tree) []*person {
	heads := make([]*person, len(t.units))
	for i, u := range t.units {
		u.head = g.headOf(u)
		heads[i] = u.head
	}
	superiors(t, heads)
	for _, h := range heads {
		g.history(h)
	}
	return heads
}

// scaleStaff writes staff in batches until there are n employees, spread
// over the units in proportion to their rosters (remote health centres and
// schools at half strength). It returns every employee written, heads
// first, and the number of career events.
func (g *gen) scaleStaff(ctx context.Context, c *ent.Client, t *tree, heads []*person, n int, progress io.Writer) ([]member, int, error) {
	var units []*unitPlan
	var cumulative []float64
	total := 0.0
	for _, u := range t.units {
		w := 0.0
		for _, s := range u.roster {
			w += float64(s.lo+s.hi) / 2
		}
		if u.remoteField() {
			w /= 2
		}
		if w > 0 {
			total += w
			units = append(units, u)
			cumulative = append(cumulative, total)
		}
	}
	members := make([]member, 0, n)
	for _, h := range heads {
		members = append(members, memberOf(h))
	}
	b := newBar(progress, "employees", n)
	b.add(len(heads))
	defer b.finish()
	events := 0
	for len(members) < n {
		batch := make([]*person, min(batchSize, n-len(members)))
		for i := range batch {
			u := units[min(len(units)-1, sort.SearchFloat64s(cumulative, g.rng.Float64()*total))]
			p := g.staff(u, g.rosterJob(u))
			p.superior = u.head
			if p.empType == employee.EmploymentTypeCPNS {
				p.mentor = u.head
			}
			g.history(p)
			batch[i] = p
		}
		if g.err != nil {
			return members, events, g.err
		}
		err := inTx(ctx, c, func(c *ent.Client) error {
			if err := writePeople(ctx, c, batch); err != nil {
				return err
			}
			n, err := writeEvents(ctx, c, batch)
			events += n
			return err
		})
		if err != nil {
			return members, events, err
		}
		for _, p := range batch {
			members = append(members, memberOf(p))
		}
		b.add(len(batch))
	}
	return members, events, nil
}

// rosterJob draws a job from a unit's roster, weighted by head-count.
func (g *gen) rosterJob(u *unitPlan) *job {
	total := 0
	for _, s := range u.roster {
		total += s.lo + s.hi
	}
	r := g.rng.IntN(total)
	for _, s := range u.roster {
		if r < s.lo+s.hi {
			return jobs[s.job]
		}
		r -= s.lo + s.hi
	}
	return jobs[u.roster[len(u.roster)-1].job]
}

// scaleTrainings creates as many finished and open trainings as the quotas
// need and enrolls every employee in one finished training (if appointed
// before it opened) and, when active, in one open training.
func (g *gen) scaleTrainings(ctx context.Context, c *ent.Client, t *tree, members []member, progress io.Writer) (int, int, error) {
	half := max(3, (len(members)+maxQuota*9/10-1)/(maxQuota*9/10))
	var plans []*trainingPlan
	for i := range 2 * half {
		st := scaleTitles[i%len(scaleTitles)]
		sp := trainingSpec{
			title: fmt.Sprintf("%s Angkatan %d", st.title, i/len(scaleTitles)+1), category: st.category, method: st.method,
			desc: "Pelatihan daring massal bagi seluruh ASN Pemerintah Provinsi Lampung.", hours: 20 + 4*(i%2), days: 5,
		}
		if i < half {
			sp.state, sp.ago = "finished", 30+300*i/half
		} else {
			sp.state, sp.ago = "open", 3+i%5
		}
		tp := &trainingPlan{spec: sp, organizer: t.bpsdm}
		g.schedule(tp)
		tp.code = fmt.Sprintf("S-PLT-%d-%03d", tp.starts.Year(), i+1)
		plans = append(plans, tp)
	}
	// Assign first, so that every quota is known before the trainings exist.
	type assignment struct{ finished, open int }
	assigned := make([]assignment, len(members))
	counts := make([]int, len(plans))
	enrollments := 0
	for i, m := range members {
		a := assignment{g.rng.IntN(half), half + g.rng.IntN(half)}
		fin, open := plans[a.finished], plans[a.open]
		// A PPPK has at most 24 JP a year: one training.
		if !m.cpns.Before(fin.opens) || (m.pppk && fin.starts.Year() == open.starts.Year()) {
			a.finished = -1
		} else {
			counts[a.finished]++
			enrollments++
		}
		if !m.active {
			a.open = -1
		} else {
			counts[a.open]++
			enrollments++
		}
		assigned[i] = a
	}
	err := inTx(ctx, c, func(c *ent.Client) error {
		builders := make([]*ent.TrainingCreate, len(plans))
		for i, tp := range plans {
			builders[i] = tp.trainingCreate(c, min(maxQuota, max(10, counts[i]+counts[i]/10+10)))
		}
		saved, err := c.Training.CreateBulk(builders...).Save(ctx)
		if err != nil {
			return fmt.Errorf("create trainings: %w", err)
		}
		for i, s := range saved {
			plans[i].id = s.ID
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}

	type row struct {
		e        enrollPlan
		employee int
		training int // index into plans
	}
	b := newBar(progress, "enrollments", enrollments)
	defer b.finish()
	next := make([]int, len(plans)) // enrollments so far per training
	var buf []row
	flush := func() error {
		err := inTx(ctx, c, func(c *ent.Client) error {
			builders := make([]*ent.EnrollmentCreate, len(buf))
			touched := make([]bool, len(plans))
			for i, r := range buf {
				builders[i] = r.e.enrollmentCreate(c, r.employee, plans[r.training].id)
				touched[r.training] = true
			}
			err := inBatches(builders, rowsPerInsert(enrollmentColumns), func(bs []*ent.EnrollmentCreate) error {
				return c.Enrollment.CreateBulk(bs...).Exec(ctx)
			})
			if err != nil {
				return fmt.Errorf("create enrollments: %w", err)
			}
			// Seats move with their enrollments, in the same transaction.
			var ids []int
			for i, tp := range plans {
				if touched[i] {
					ids = append(ids, tp.id)
				}
			}
			return recountSeats(ctx, c, ids)
		})
		b.add(len(buf))
		buf = buf[:0]
		return err
	}
	for i, m := range members {
		for _, ti := range []int{assigned[i].finished, assigned[i].open} {
			if ti < 0 {
				continue
			}
			buf = append(buf, row{g.enroll(plans[ti], nil, next[ti]), m.id, ti})
			next[ti]++
			if len(buf) == batchSize {
				if err := flush(); err != nil {
					return len(plans), 0, err
				}
			}
		}
	}
	if len(buf) > 0 {
		if err := flush(); err != nil {
			return len(plans), 0, err
		}
	}
	return len(plans), enrollments, nil
}

// scaleAppraisals writes the annual appraisal of the previous year and a
// quarterly appraisal of the latest finished quarter for every employee
// with a superior who was appointed by the period's start (the annual one:
// by its end).
func (g *gen) scaleAppraisals(ctx context.Context, c *ent.Client, members []member, progress io.Writer) (int, error) {
	year := g.today.Year() - 1
	yearEnd := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	qYear, q := year, 4
	for i := 1; i <= 4; i++ {
		if quarterEnd(g.today.Year(), i).Before(g.today) {
			qYear, q = g.today.Year(), i
		}
	}
	qEnd := quarterEnd(qYear, q)
	qStart := qEnd.AddDate(0, -3, 1)
	total := 0
	for _, m := range members {
		if m.superior == 0 {
			continue
		}
		if !m.cpns.After(yearEnd) {
			total++
		}
		if !m.cpns.After(qStart) {
			total++
		}
	}
	type row struct {
		a                    appraisalPlan
		appraisee, appraiser int
	}
	b := newBar(progress, "appraisals", total)
	defer b.finish()
	var buf []row
	flush := func() error {
		err := inTx(ctx, c, func(c *ent.Client) error {
			builders := make([]*ent.AppraisalCreate, len(buf))
			for i := range buf {
				ab, err := buf[i].a.appraisalCreate(c, buf[i].appraisee, buf[i].appraiser)
				if err != nil {
					return err
				}
				builders[i] = ab
			}
			err := inBatches(builders, rowsPerInsert(appraisalColumns), func(bs []*ent.AppraisalCreate) error {
				return c.Appraisal.CreateBulk(bs...).Exec(ctx)
			})
			if err != nil {
				return fmt.Errorf("create appraisals: %w", err)
			}
			return nil
		})
		b.add(len(buf))
		buf = buf[:0]
		return err
	}
	for _, m := range members {
		if m.superior == 0 {
			continue
		}
		if !m.cpns.After(yearEnd) {
			buf = append(buf, row{g.appraise(nil, "ANNUAL", year, 0, yearEnd, 90, 5, 2), m.id, m.superior})
		}
		if !m.cpns.After(qStart) {
			buf = append(buf, row{g.appraise(nil, "QUARTERLY", qYear, q, qEnd, 40, 30, 10), m.id, m.superior})
		}
		if len(buf) >= batchSize {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if len(buf) > 0 {
		if err := flush(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// inTx runs fn with a transactional client and commits, or rolls back when
// fn fails.
func inTx(ctx context.Context, c *ent.Client, fn func(*ent.Client) error) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
