package store

import (
	"context"
	"reflect"

	entgo "entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/careerevent"
	"simasn/ent/enrollment"
	"simasn/ent/intercept"
)

// orderLists gives the reads of appraisals, enrollments and career events
// that ask for no order — the eager loads behind an employee's
// appraisals, enrollments and careerEvents — a defined order: appraisals
// and enrollments as they were recorded (by id), career events oldest
// first as the schema promises (by effective date, then id). Without it their order was whatever the plan gave (the
// physical order on a small table, an index's order on a large one), and
// the compiled reads of internal/sqljson, which write the same lists in
// this order, could not give the same bytes. Only whole-record reads (All)
// without an order or query modifiers get it: paginated reads keep their
// own, and grouped or counted ones none.
func orderLists(c *ent.Client) {
	c.Appraisal.Intercept(intercept.TraverseAppraisal(orderBy[*ent.AppraisalQuery](appraisal.ByID())))
	c.Enrollment.Intercept(intercept.TraverseEnrollment(orderBy[*ent.EnrollmentQuery](enrollment.ByID())))
	c.CareerEvent.Intercept(intercept.TraverseCareerEvent(orderBy[*ent.CareerEventQuery](careerevent.ByEffectiveDate(), careerevent.ByID())))
}

func orderBy[Q interface{ Order(...O) Q }, O ~func(*sql.Selector)](by ...O) func(context.Context, Q) error {
	return func(ctx context.Context, q Q) error {
		if qc := entgo.QueryFromContext(ctx); qc == nil || qc.Op != entgo.OpQueryAll {
			return nil
		}
		v := reflect.ValueOf(q).Elem()
		order, mods := v.FieldByName("order"), v.FieldByName("modifiers")
		if !order.IsValid() || !mods.IsValid() || order.Len() > 0 || mods.Len() > 0 {
			return nil
		}
		q.Order(by...)
		return nil
	}
}
