package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/dates"
	"simasn/internal/nip"
	"simasn/internal/rank"
	"simasn/internal/viewer"
)

// The demo's random source: a fixed PCG seed ("SIMASN", "LAMPUNG").
const (
	demoSeed1 = 0x53494d41534e
	demoSeed2 = 0x4c414d50554e47
)

// Last year's trainings' random source ("TAHUN", "LALU").
const (
	lastYearSeed1 = 0x544148554e
	lastYearSeed2 = 0x4c414c55
)

// Demo NIPs use the serial numbers 001–499; Scale uses 500–999, so the two
// datasets never collide.
const (
	demoSerialLo, demoSerialHi   = 1, 499
	scaleSerialLo, scaleSerialHi = 500, 999
)

// workLoggers is the number of demo employees who file daily work logs.
const workLoggers = 150

// demoData is the whole demo dataset, planned before anything is written.
type demoData struct {
	now        time.Time
	tree       *tree
	people     []*person
	transfers  int
	trainings  []*trainingPlan
	appraisals []appraisalPlan
	workLogs   []workLogPlan
}

// planDemo generates the demo dataset for the clock now.
func planDemo(now time.Time) (*demoData, error) {
	g := newGen(now, demoSeed1, demoSeed2, demoSerialLo, demoSerialHi)
	regions := newRegions()
	// Three or four health centres and three or four schools (one or two
	// of them vocational) in every region.
	counts := map[*regionPlan][3]int{}
	for _, r := range regions {
		schools := g.between(3, 4)
		smk := schools - 2
		counts[r] = [3]int{g.between(3, 4), schools - smk, smk}
	}
	d := &demoData{now: now, tree: g.planTree(regions, "", func(r *regionPlan) (int, int, int) {
		c := counts[r]
		return c[0], c[1], c[2]
	})}
	d.people = g.staffTree(d.tree)
	superiors(d.tree, d.people)
	d.transfers = g.transfers(d.tree, d.people)
	for _, p := range d.people {
		g.history(p)
	}
	g.mentors(d.people)
	pppkJP := map[*person]map[int]int{}
	d.trainings = g.planTrainings(d.tree, d.people, trainingCatalogue, pppkJP)
	// Last year's trainings draw from their own source, so that adding
	// them left the rest of the demo as it was.
	ly := newGen(now, lastYearSeed1, lastYearSeed2, demoSerialLo, demoSerialHi)
	d.trainings = append(d.trainings, ly.planTrainings(d.tree, d.people, lastYearCatalogue, pppkJP)...)
	d.appraisals = g.planAppraisals(d.people)
	d.workLogs = g.planWorkLogs(d.people, workLoggers)
	// The README's employee, last and from its own source, so that the rest
	// of the demo is as it was without them.
	fx := newGen(now, demoEmployeeSeed1, demoEmployeeSeed2, demoEmployeeSerial, demoEmployeeSerial)
	fx.nips, fx.emails, fx.decrees = g.nips, g.emails, g.decrees
	if p := fx.demoEmployee(d.tree); p != nil {
		d.people = append(d.people, p)
	}
	if g.err != nil {
		return nil, g.err
	}
	if fx.err != nil {
		return nil, fx.err
	}
	return d, nil
}

// DemoEmployeeNIP is the NIP of the demo employee the README looks up: a
// PNS nurse at a health centre of a remote district, born 14 March 1985,
// appointed CPNS in March 2010 — the same on every clock, unlike the rest
// of the demo staff, whose dates follow the seed clock.
const DemoEmployeeNIP = "198503142010031001"

// The README employee's random source ("NIP", "README") and serial.
const (
	demoEmployeeSeed1  = 0x4e4950
	demoEmployeeSeed2  = 0x524541444d45
	demoEmployeeSerial = 1
)

// demoEmployee plans the employee of DemoEmployeeNIP with a career history
// up to now: a nurse at the first health centre of a remote region.
func (g *gen) demoEmployee(t *tree) *person {
	var u *unitPlan
	for _, c := range t.units {
		if c.kind == unit.KindHEALTH_CENTRE && c.region.ref.remote {
			u = c
			break
		}
	}
	if u == nil {
		return nil
	}
	j := jobs["nurse"]
	p := &person{unit: u, job: j, group: j.group, status: employee.StatusACTIVE, empType: employee.EmploymentTypePNS, gender: nip.Male}
	p.edu = j.school[0]
	entryRank, _ := rank.EntryRank(string(p.edu.level))
	p.entry = rankIdx(entryRank)
	p.birth = time.Date(1985, time.March, 14, 0, 0, 0, 0, time.UTC)
	p.cpns = time.Date(2010, time.March, 1, 0, 0, 0, 0, time.UTC)
	p.pns = addMonths(p.cpns, 12)
	n := min(capIdx(j, p.edu)-p.entry, max(0, monthsBetween(p.cpns, g.today)/48))
	p.promos = g.promotionDates(p.cpns, g.today, n)
	g.identity(p)
	if p.nip != DemoEmployeeNIP {
		g.fail(fmt.Errorf("the README's demo employee got NIP %s, want %s", p.nip, DemoEmployeeNIP))
		return nil
	}
	p.superior = u.head
	g.history(p)
	return p
}

// Demo loads the deterministic demo dataset for Lampung (same data every
// run, given an empty database). It reports progress lines to log (may be
// io.Discard). Runs in one or a few transactions; must finish in well under
// 30 s on SQLite.
//
// The dataset depends only on now: regions, agencies, hospital, health
// centres and schools; about 2,000 employees with career histories; about
// twenty trainings around now (finished, ongoing, open — one of them full
// with a waiting list — upcoming, draft, cancelled) with their enrollments;
// the annual appraisals of the previous year and quarterly ones of the
// current year; work logs of 150 employees over the last 60 days; and 150
// public complaints in every status, written through the complaint desk
// with their responses, notes, ratings and event log (only their tracking
// IDs and access keys are random).
//
// Demo writes everything in a single transaction, so a failure leaves the
// database as it was. It refuses a database that already holds regions,
// units or employees (see Empty).
func Demo(ctx context.Context, c *ent.Client, now time.Time, log io.Writer) (Summary, error) {
	ctx = viewer.System(ctx) // seeding is the server's own work: it passes the access rules and is not audited
	// The bounds on dates (internal/dates) follow the data's own clock.
	ctx = dates.NewContext(ctx, func() time.Time { return now })
	if log == nil {
		log = io.Discard
	}
	start := time.Now()
	empty, err := Empty(ctx, c)
	if err != nil {
		return Summary{}, fmt.Errorf("seed demo: %w", err)
	}
	if !empty {
		return Summary{}, errors.New("seed demo: the database already holds regions, units or employees; the demo loads into an empty database only")
	}
	d, err := planDemo(now)
	if err != nil {
		return Summary{}, fmt.Errorf("seed demo: %w", err)
	}
	fmt.Fprintf(log, "seed: planned %d units, %d employees in %s\n", len(d.tree.units), len(d.people), since(start))
	var sum Summary
	err = inTx(ctx, c, func(c *ent.Client) error {
		var err error
		sum, err = d.write(ctx, c, log)
		return err
	})
	if err != nil {
		return Summary{}, fmt.Errorf("seed demo: %w", err)
	}
	fmt.Fprintf(log, "seed: demo loaded in %s: %s\n", since(start), sum)
	return sum, nil
}

// write writes the planned dataset with the client c.
func (d *demoData) write(ctx context.Context, c *ent.Client, log io.Writer) (Summary, error) {
	var sum Summary
	var err error
	if sum.Regions, err = writeRegions(ctx, c, d.tree.regions); err != nil {
		return sum, err
	}
	if err := writeUnits(ctx, c, d.tree.units); err != nil {
		return sum, err
	}
	sum.Units = len(d.tree.units)
	fmt.Fprintf(log, "seed: %d regions, %d units\n", sum.Regions, sum.Units)
	if err := writePeople(ctx, c, d.people); err != nil {
		return sum, err
	}
	sum.Employees = len(d.people)
	if sum.CareerEvents, err = writeEvents(ctx, c, d.people); err != nil {
		return sum, err
	}
	fmt.Fprintf(log, "seed: %d employees, %d career events (%d transfers)\n", sum.Employees, sum.CareerEvents, d.transfers)
	if sum.Enrollments, err = writeTrainings(ctx, c, d.trainings); err != nil {
		return sum, err
	}
	sum.Trainings = len(d.trainings)
	fmt.Fprintf(log, "seed: %d trainings, %d enrollments\n", sum.Trainings, sum.Enrollments)
	if err := writeAppraisals(ctx, c, d.appraisals); err != nil {
		return sum, err
	}
	sum.Appraisals = len(d.appraisals)
	fmt.Fprintf(log, "seed: %d appraisals\n", sum.Appraisals)
	if err := writeWorkLogs(ctx, c, d.workLogs); err != nil {
		return sum, err
	}
	sum.WorkLogs = len(d.workLogs)
	fmt.Fprintf(log, "seed: %d work logs\n", sum.WorkLogs)
	if sum.Complaints, err = d.writeComplaints(ctx, c, d.now, log); err != nil {
		return sum, err
	}
	n, err := writeWorkforceDemo(ctx, c, d.now)
	if err != nil {
		return sum, err
	}
	fmt.Fprintf(log, "seed: %d workforce-planning, competency and survey records\n", n)
	if n, err = writeAttendanceDemo(ctx, c, d.now); err != nil {
		return sum, err
	}
	fmt.Fprintf(log, "seed: %d attendance, leave and schedule records\n", n)
	n, created, err := writeMeritDemo(ctx, c, d.now)
	if err != nil {
		return sum, err
	}
	sum.Appraisals += created
	fmt.Fprintf(log, "seed: %d merit records (high performers waiting for promotion)\n", n)
	sc, err := writeSuccessionDemo(ctx, c, d.now)
	if err != nil {
		return sum, err
	}
	sum.Units += sc.units
	sum.Trainings += sc.trainings
	sum.Enrollments += sc.enrollments
	fmt.Fprintf(log, "seed: %d succession records (a vacant section head and its candidates)\n", sc.records)
	n, hired, err := writeRecruitmentDemo(ctx, c, d.now)
	if err != nil {
		return sum, err
	}
	sum.Employees += hired
	sum.CareerEvents += hired
	fmt.Fprintf(log, "seed: %d recruitment records (%d CPNS appointed; remote formasi left unfilled)\n", n, hired)
	return sum, nil
}
