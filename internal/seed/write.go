package seed

import (
	"context"
	"fmt"
	"time"

	"simasn/ent"
	entappraisal "simasn/ent/appraisal"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/region"
	"simasn/ent/training"
	"simasn/ent/worklog"
	"simasn/internal/appraisal"
	"simasn/internal/webhook"
)

// batchSize is the number of rows Scale writes per transaction.
const batchSize = 1000

// maxParams bounds the parameters of one INSERT statement. The pure-Go
// SQLite driver binds positional parameters in time quadratic in their
// number: one INSERT of 1,000 employees (28,000 parameters) takes several
// times as long as fourteen of about 70. PostgreSQL is indifferent, or
// slightly faster with the smaller statements too.
const maxParams = 2000

// Columns per row of the tables written in bulk.
const (
	unitColumns       = 10
	employeeColumns   = 28
	eventColumns      = 11
	enrollmentColumns = 11
	appraisalColumns  = 18
	workLogColumns    = 12
)

// rowsPerInsert is how many rows of a table one INSERT carries.
func rowsPerInsert(columns int) int { return min(batchSize, maxParams/columns) }

// inBatches calls fn with consecutive slices of xs of at most size items.
func inBatches[T any](xs []T, size int, fn func([]T) error) error {
	for lo := 0; lo < len(xs); lo += size {
		if err := fn(xs[lo:min(lo+size, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}

// writeRegions creates the regions that have no id yet and reports how many.
func writeRegions(ctx context.Context, c *ent.Client, regions []*regionPlan) (int, error) {
	var todo []*regionPlan
	var builders []*ent.RegionCreate
	for _, r := range regions {
		if r.id != 0 {
			continue
		}
		kind := region.KindREGENCY
		if r.ref.city {
			kind = region.KindCITY
		}
		todo = append(todo, r)
		builders = append(builders, c.Region.Create().SetCode(r.ref.code).SetName(r.ref.fullName()).SetKind(kind).SetRemote(r.ref.remote))
	}
	if len(builders) == 0 {
		return 0, nil
	}
	saved, err := c.Region.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("create regions: %w", err)
	}
	for i, r := range saved {
		todo[i].id = r.ID
	}
	return len(saved), nil
}

// writeUnits creates the units level by level: the path hook reads each
// unit's parent, which must exist first.
func writeUnits(ctx context.Context, c *ent.Client, units []*unitPlan) error {
	for depth := 0; ; depth++ {
		var level []*unitPlan
		for _, u := range units {
			if u.depth == depth {
				level = append(level, u)
			}
		}
		if len(level) == 0 {
			return nil
		}
		err := inBatches(level, rowsPerInsert(unitColumns), func(us []*unitPlan) error {
			builders := make([]*ent.UnitCreate, len(us))
			for i, u := range us {
				b := c.Unit.Create().SetCode(u.code).SetName(u.name).SetKind(u.kind).SetRegionID(u.region.id)
				if u.address != "" {
					b.SetAddress(u.address)
				}
				if u.parent != nil {
					b.SetParentID(u.parent.id)
				}
				builders[i] = b
			}
			saved, err := c.Unit.CreateBulk(builders...).Save(ctx)
			if err != nil {
				return fmt.Errorf("create units at depth %d: %w", depth, err)
			}
			for i, u := range saved {
				us[i].id = u.ID
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// employeeCreate is the builder of a person's employee record.
func (p *person) employeeCreate(c *ent.Client) *ent.EmployeeCreate {
	b := c.Employee.Create().
		SetNip(p.nip).
		SetName(p.name).
		SetEmploymentType(p.empType).
		SetRank(p.rank).
		SetRankDate(p.rankDate).
		SetPositionName(p.position).
		SetPositionType(p.ptype).
		SetNillablePositionLevel(p.level).
		SetPositionDate(p.positionDate).
		SetProfessionGroup(p.group).
		SetEducationLevel(p.edu.level).
		SetUnitID(p.unit.id).
		SetStatus(p.status).
		SetBirthDate(p.birth).
		SetBirthPlace(p.birthPlace).
		SetGender(employee.Gender(p.gender)).
		SetCpnsDate(p.cpns).
		SetEmail(p.email).
		SetPhone(p.phone).
		SetAddress(p.address)
	if p.front != "" {
		b.SetFrontTitle(p.front)
	}
	if p.back != "" {
		b.SetBackTitle(p.back)
	}
	if p.edu.major != "" {
		b.SetEducationMajor(p.edu.major)
	}
	if !p.pns.IsZero() {
		b.SetPnsDate(p.pns)
	}
	if p.superior != nil {
		b.SetSuperiorID(p.superior.id)
	}
	if p.mentor != nil {
		b.SetMentorID(p.mentor.id)
	}
	return b
}

// writePeople creates employees, superiors and mentors before those who
// refer to them.
func writePeople(ctx context.Context, c *ent.Client, people []*person) error {
	for _, tier := range tiers(people) {
		err := inBatches(tier, rowsPerInsert(employeeColumns), func(ps []*person) error {
			builders := make([]*ent.EmployeeCreate, len(ps))
			for i, p := range ps {
				builders[i] = p.employeeCreate(c)
			}
			saved, err := c.Employee.CreateBulk(builders...).Save(ctx)
			if err != nil {
				return fmt.Errorf("create employees: %w", err)
			}
			for i, e := range saved {
				ps[i].id = e.ID
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeEvents creates the career histories of people already written and
// reports how many events it wrote.
func writeEvents(ctx context.Context, c *ent.Client, people []*person) (int, error) {
	var builders []*ent.CareerEventCreate
	for _, p := range people {
		for _, e := range p.events {
			b := c.CareerEvent.Create().
				SetEmployeeID(p.id).
				SetKind(e.kind).
				SetDecreeNumber(e.decree).
				SetDecreeDate(e.decreed).
				SetEffectiveDate(e.effective).
				SetRecordedAt(e.recorded)
			if e.from != "" {
				b.SetFromValue(e.from)
			}
			if e.to != "" {
				b.SetToValue(e.to)
			}
			if e.notes != "" {
				b.SetNotes(e.notes)
			}
			if e.fromUnit != nil {
				b.SetFromUnitID(e.fromUnit.id)
			}
			if e.toUnit != nil {
				b.SetToUnitID(e.toUnit.id)
			}
			builders = append(builders, b)
		}
	}
	// One ordering lock of the career log for the whole transaction.
	ctx = webhook.InOneTransaction(ctx)
	err := inBatches(builders, rowsPerInsert(eventColumns), func(bs []*ent.CareerEventCreate) error {
		if err := c.CareerEvent.CreateBulk(bs...).Exec(ctx); err != nil {
			return fmt.Errorf("create career events: %w", err)
		}
		return nil
	})
	return len(builders), err
}

// trainingCreate is the builder of a training, with no seat taken yet.
func (t *trainingPlan) trainingCreate(c *ent.Client, quota int) *ent.TrainingCreate {
	sp := t.spec
	b := c.Training.Create().
		SetCode(t.code).
		SetTitle(sp.title).
		SetDescription(sp.desc).
		SetCategory(training.Category(sp.category)).
		SetMethod(training.Method(sp.method)).
		SetOrganizerID(t.organizer.id).
		SetHoursJp(sp.hours).
		SetQuota(quota).
		SetSeatsTaken(0).
		SetRegistrationOpens(t.opens).
		SetRegistrationCloses(t.closes).
		SetStartsOn(t.starts).
		SetEndsOn(t.ends).
		SetStatus(training.Status(t.status))
	if len(sp.targets) > 0 {
		b.SetTargetProfessions(sp.targets)
	}
	return b
}

// enrollmentCreate is the builder of an enrollment.
func (e *enrollPlan) enrollmentCreate(c *ent.Client, employeeID, trainingID int) *ent.EnrollmentCreate {
	b := c.Enrollment.Create().
		SetEmployeeID(employeeID).
		SetTrainingID(trainingID).
		SetStatus(enrollment.Status(e.status)).
		SetRegisteredAt(e.registered)
	if !e.decided.IsZero() {
		b.SetDecidedAt(e.decided)
	}
	if !e.completed.IsZero() {
		b.SetCompletedAt(e.completed).SetScore(e.score)
	}
	if e.cert != "" {
		b.SetCertificateNumber(e.cert)
	}
	if e.note != "" {
		b.SetNote(e.note)
	}
	return b
}

// writeTrainings creates the trainings and their enrollments and sets each
// training's seats_taken to the enrollments that hold a seat. It reports
// the number of enrollments.
func writeTrainings(ctx context.Context, c *ent.Client, trainings []*trainingPlan) (int, error) {
	builders := make([]*ent.TrainingCreate, len(trainings))
	for i, t := range trainings {
		builders[i] = t.trainingCreate(c, t.spec.quota)
	}
	saved, err := c.Training.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("create trainings: %w", err)
	}
	var enrollments []*ent.EnrollmentCreate
	for i, t := range trainings {
		t.id = saved[i].ID
		for _, e := range t.enrollments {
			enrollments = append(enrollments, e.enrollmentCreate(c, e.p.id, t.id))
		}
	}
	err = inBatches(enrollments, rowsPerInsert(enrollmentColumns), func(bs []*ent.EnrollmentCreate) error {
		if err := c.Enrollment.CreateBulk(bs...).Exec(ctx); err != nil {
			return fmt.Errorf("create enrollments: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	ids := make([]int, len(trainings))
	for i, t := range trainings {
		ids[i] = t.id
	}
	if err := recountSeats(ctx, c, ids); err != nil {
		return 0, err
	}
	return len(enrollments), nil
}

// seatHolding are the enrollment statuses that take a seat of the quota.
var seatHolding = []enrollment.Status{enrollment.StatusREGISTERED, enrollment.StatusAPPROVED, enrollment.StatusCOMPLETED, enrollment.StatusFAILED}

// recountSeats sets each training's seats_taken to the number of its
// enrollments that hold a seat, as the database has them.
func recountSeats(ctx context.Context, c *ent.Client, trainingIDs []int) error {
	for _, id := range trainingIDs {
		n, err := c.Enrollment.Query().Where(enrollment.TrainingID(id), enrollment.StatusIn(seatHolding...)).Count(ctx)
		if err != nil {
			return fmt.Errorf("count seats of training %d: %w", id, err)
		}
		if err := c.Training.UpdateOneID(id).SetSeatsTaken(n).Exec(ctx); err != nil {
			return fmt.Errorf("count seats of training %d: %w", id, err)
		}
	}
	return nil
}

// appraisalCreate is the builder of an appraisal; the predicate is the one
// the PermenPANRB 6/2022 matrix gives for the ratings.
func (a *appraisalPlan) appraisalCreate(c *ent.Client, appraiseeID, appraiserID int) (*ent.AppraisalCreate, error) {
	start, end, err := appraisal.PeriodBounds(appraisal.PeriodKind(a.kind), a.year, a.period)
	if err != nil {
		return nil, fmt.Errorf("appraisal period: %w", err)
	}
	b := c.Appraisal.Create().
		SetAppraiseeID(appraiseeID).
		SetAppraiserID(appraiserID).
		SetPeriodKind(entappraisal.PeriodKind(a.kind)).
		SetYear(a.year).
		SetPeriod(a.period).
		SetPeriodStart(start).
		SetPeriodEnd(end).
		SetStatus(entappraisal.Status(a.status))
	if a.results != "" {
		p, err := appraisal.PredicateOf(appraisal.Rating(a.results), appraisal.Rating(a.behaviour))
		if err != nil {
			return nil, err
		}
		b.SetResultsRating(entappraisal.ResultsRating(a.results)).
			SetBehaviourRating(entappraisal.BehaviourRating(a.behaviour)).
			SetPredicate(entappraisal.Predicate(p)).
			SetResultsNotes(resultsNotes[a.results]).
			SetBehaviourNotes(behaviourNotes[a.behaviour])
	}
	if a.returnReason != "" {
		b.SetReturnReason(a.returnReason)
	}
	if !a.submitted.IsZero() {
		b.SetSubmittedAt(a.submitted)
	}
	if !a.decided.IsZero() {
		b.SetDecidedAt(a.decided)
	}
	return b, nil
}

var resultsNotes = map[string]string{
	"ABOVE": "Seluruh rencana hasil kerja tercapai melampaui target, disertai inovasi yang berdampak pada layanan unit.",
	"MEETS": "Rencana hasil kerja tercapai sesuai target dan ekspektasi pimpinan.",
	"BELOW": "Sebagian rencana hasil kerja tidak mencapai target; perlu rencana perbaikan dan pendampingan.",
}

var behaviourNotes = map[string]string{
	"ABOVE": "Menjadi teladan dalam nilai BerAKHLAK: berorientasi pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif dan kolaboratif.",
	"MEETS": "Perilaku kerja sesuai nilai-nilai BerAKHLAK.",
	"BELOW": "Perlu pembinaan pada aspek disiplin dan kolaborasi dalam nilai BerAKHLAK.",
}

// writeAppraisals creates appraisals of people already written.
func writeAppraisals(ctx context.Context, c *ent.Client, plans []appraisalPlan) error {
	builders := make([]*ent.AppraisalCreate, len(plans))
	for i := range plans {
		a := &plans[i]
		b, err := a.appraisalCreate(c, a.p.id, a.p.superior.id)
		if err != nil {
			return err
		}
		builders[i] = b
	}
	return inBatches(builders, rowsPerInsert(appraisalColumns), func(bs []*ent.AppraisalCreate) error {
		if err := c.Appraisal.CreateBulk(bs...).Exec(ctx); err != nil {
			return fmt.Errorf("create appraisals: %w", err)
		}
		return nil
	})
}

// writeWorkLogs creates work logs of people already written.
func writeWorkLogs(ctx context.Context, c *ent.Client, plans []workLogPlan) error {
	builders := make([]*ent.WorkLogCreate, len(plans))
	for i, w := range plans {
		b := c.WorkLog.Create().
			SetEmployeeID(w.p.id).
			SetDate(w.date).
			SetActivity(w.act.text).
			SetOutput(w.act.output).
			SetQuantity(w.quantity).
			SetMinutes(w.minutes).
			SetStatus(worklog.Status(w.status))
		if w.status != "SUBMITTED" {
			b.SetVerifierID(w.p.superior.id).SetVerifiedAt(w.verified)
		}
		if w.note != "" {
			b.SetVerifierNote(w.note)
		}
		builders[i] = b
	}
	return inBatches(builders, rowsPerInsert(workLogColumns), func(bs []*ent.WorkLogCreate) error {
		if err := c.WorkLog.CreateBulk(bs...).Exec(ctx); err != nil {
			return fmt.Errorf("create work logs: %w", err)
		}
		return nil
	})
}

// since formats the time elapsed since start for progress lines.
func since(start time.Time) string {
	return time.Since(start).Round(time.Millisecond).String()
}
