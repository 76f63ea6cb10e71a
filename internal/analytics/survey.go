package analytics

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"
	"golang.org/x/time/rate"

	"simasn/ent"
	"simasn/ent/surveyresponse"
	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/ikm"
	"simasn/internal/request"
	"simasn/internal/viewer"
)

// ElementMean is the average answer of one service element.
type ElementMean struct {
	// Code is U1 to U9.
	Code string
	// Name is the element (persyaratan, prosedur, …) in English.
	Name string
	// Mean is the average answer, 1–4 (nilai rata-rata per unsur).
	Mean float64
}

// SatisfactionIndex is the community satisfaction index (IKM) of a group of
// survey answers: a unit, a region, a period.
type SatisfactionIndex struct {
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Respondents is the number of answers.
	Respondents int
	// Elements holds the nine element means, U1 to U9.
	Elements []ElementMean
	// Index is the mean of the element means × 25, between 25 and 100.
	Index float64
	// Grade is the quality of service (mutu pelayanan) A–D.
	Grade ikm.Grade
	// Performance is the grade's meaning, e.g. "Baik".
	Performance string
}

// surveyColumns are the columns of the nine elements, in order.
var surveyColumns = [ikm.NumElements]string{
	surveyresponse.FieldU1Requirements, surveyresponse.FieldU2Procedure, surveyresponse.FieldU3Time,
	surveyresponse.FieldU4Cost, surveyresponse.FieldU5Product, surveyresponse.FieldU6Competence,
	surveyresponse.FieldU7Behaviour, surveyresponse.FieldU8Complaints, surveyresponse.FieldU9Facilities,
}

func surveySource(q *ent.SurveyResponseQuery) *source {
	ms := map[Measure]measure{}
	for i, c := range surveyColumns {
		ms[Measure(ikm.Elements[i].Code)] = avg(text(func(b *build) string { return b.C(c) }))
	}
	return &source{
		name: "survey responses",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		unit:     func(b *build) string { return b.C(surveyresponse.FieldUnitID) },
		date:     func(b *build) (string, int) { return b.C(surveyresponse.FieldSubmittedAt), zoneWIB },
		measures: ms,
	}
}

// SatisfactionIndexes computes the satisfaction index (IKM, PermenPANRB
// 14/2017) of the survey answers matching where, grouped by groupBy (by
// default the unit surveyed; also REGION, REMOTE, YEAR, QUARTER, MONTH):
// the element means in SQL, then the index and grade (internal/ikm).
// HR officers and leaders see their subtree's units.
func SatisfactionIndexes(ctx context.Context, c *ent.Client, where *ent.SurveyResponseWhereInput, groupBy []Dimension, unitLevel *int, now time.Time) ([]*SatisfactionIndex, error) {
	q, err := surveyQuery(ctx, c, where)
	if err != nil {
		return nil, err
	}
	if groupBy == nil {
		groupBy = DefaultSatisfactionGroupBy
	}
	var measures []Measure
	for _, e := range ikm.Elements {
		measures = append(measures, Measure(e.Code))
	}
	groups, err := (&query{src: surveySource(q), groupBy: groupBy, level: unitLevel, measures: measures, now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []*SatisfactionIndex
	for _, g := range groups {
		if g.Count == 0 {
			continue // no answers: no index
		}
		s := &SatisfactionIndex{Key: g.Key, Respondents: g.Count}
		var means [ikm.NumElements]float64
		for i, e := range ikm.Elements {
			means[i] = deref(g.Values[i].Value)
			s.Elements = append(s.Elements, ElementMean{Code: e.Code, Name: e.Name, Mean: means[i]})
		}
		s.Index = ikm.Index(means)
		if s.Grade, err = ikm.GradeOf(s.Index); err != nil {
			return nil, fmt.Errorf("satisfaction index: %w", err)
		}
		s.Performance = s.Grade.Performance()
		out = append(out, s)
	}
	return out, nil
}

// SurveySubmission is one citizen's answer to the satisfaction survey
// about a service unit: the nine elements (1 poor to 4 very good) and,
// optionally, who answered and a comment.
type SurveySubmission struct {
	// UnitID is the service unit surveyed.
	UnitID int
	// The nine elements, U1 to U9.
	Requirements, Procedure, Time, Cost, Product, Competence, Behaviour, ComplaintHandling, Facilities int
	// RespondentGender, RespondentAge and RespondentEducation describe the
	// respondent, if they say.
	RespondentGender    *surveyresponse.RespondentGender
	RespondentAge       *int
	RespondentEducation *string
	// Comment holds suggestions.
	Comment *string
}

func (s SurveySubmission) answers() ikm.Answers {
	return ikm.Answers{s.Requirements, s.Procedure, s.Time, s.Cost, s.Product, s.Competence, s.Behaviour, s.ComplaintHandling, s.Facilities}
}

// answerFields are the GraphQL names of the nine answers, in order.
var answerFields = [ikm.NumElements]string{"requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaintHandling", "facilities"}

// SurveyReceipt acknowledges a survey answer.
type SurveyReceipt struct {
	// SubmittedAt is when the answer was recorded.
	SubmittedAt time.Time
	// UnitName is the unit the answer is about.
	UnitName string
}

// SurveyDesk takes the public's survey answers: it limits how often one
// client address may answer, validates the answer and stores it. It is
// safe for concurrent use.
type SurveyDesk struct {
	every time.Duration
	burst int

	mu      sync.Mutex
	clients map[string]*rate.Limiter
}

// Default survey limits: a burst of 10 answers per client address, then
// one every 30 seconds (120 an hour) — room for a kiosk in a busy health
// centre, too little for a script to skew an index.
const (
	DefaultSurveyBurst = 10
	DefaultSurveyEvery = 30 * time.Second
)

// NewSurveyDesk returns a desk that allows burst answers per client
// address, refilled at one per every.
func NewSurveyDesk(every time.Duration, burst int) *SurveyDesk {
	return &SurveyDesk{every: every, burst: burst, clients: map[string]*rate.Limiter{}}
}

// allow reports whether client may submit at now, and if not when to retry.
func (d *SurveyDesk) allow(client string, now time.Time) (bool, time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	l := d.clients[client]
	if l == nil {
		if len(d.clients) > 100_000 {
			d.clients = map[string]*rate.Limiter{} // bound memory under a flood of addresses
		}
		l = rate.NewLimiter(rate.Every(d.every), d.burst)
		d.clients[client] = l
	}
	r := l.ReserveN(now, 1)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return false, wait
	}
	return true, 0
}

// Submit records a survey answer from the public. Every attempt counts
// against the client address's limit; over it, RATE_LIMITED with
// RetryAfter. An answer outside 1–4, an unknown unit or an overlong text is
// BAD_USER_INPUT naming the field. The answer is written as the system: the
// access rules let no one else create survey responses, and this is the one
// door through which the public may.
func (d *SurveyDesk) Submit(ctx context.Context, c *ent.Client, in SurveySubmission, now time.Time) (*SurveyReceipt, error) {
	if ok, wait := d.allow(request.ClientAddr(ctx), now); !ok {
		return nil, &apperr.Error{Code: apperr.RateLimited, RetryAfter: wait,
			Message: fmt.Sprintf("too many survey answers from your address; try again in %s", wait.Round(time.Second))}
	}
	for i, v := range in.answers() {
		if v < ikm.Lowest || v > ikm.Highest {
			return nil, apperr.Invalid(answerFields[i], "rate %s (%s) from %d (poor) to %d (very good), not %d", ikm.Elements[i].Name, ikm.Elements[i].Term, ikm.Lowest, ikm.Highest, v)
		}
	}
	if a := in.RespondentAge; a != nil && (*a < 10 || *a > 120) {
		return nil, apperr.Invalid("respondentAge", "an age is between 10 and 120, not %d", *a)
	}
	if e := in.RespondentEducation; e != nil && utf8.RuneCountInString(*e) > 20 {
		return nil, apperr.Invalid("respondentEducation", "the education level has at most 20 characters, e.g. SMA or S1")
	}
	if s := in.Comment; s != nil && utf8.RuneCountInString(*s) > 2000 {
		return nil, apperr.Invalid("comment", "the comment has at most 2,000 characters")
	}
	sys := viewer.System(ctx)
	u, err := c.Unit.Query().Where(unit.ID(in.UnitID)).Select(unit.FieldID, unit.FieldName).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("unitID", "unit %d does not exist", in.UnitID)
	}
	if err != nil {
		return nil, fmt.Errorf("submit survey: %w", err)
	}
	a := in.answers()
	create := c.SurveyResponse.Create().SetUnitID(u.ID).SetSubmittedAt(now).
		SetU1Requirements(a[0]).SetU2Procedure(a[1]).SetU3Time(a[2]).SetU4Cost(a[3]).SetU5Product(a[4]).
		SetU6Competence(a[5]).SetU7Behaviour(a[6]).SetU8Complaints(a[7]).SetU9Facilities(a[8]).
		SetNillableRespondentGender(in.RespondentGender).SetNillableRespondentAge(in.RespondentAge)
	if e := in.RespondentEducation; e != nil {
		create.SetRespondentEducation(strings.TrimSpace(*e))
	}
	if s := in.Comment; s != nil {
		create.SetComment(strings.TrimSpace(*s))
	}
	r, err := create.Save(sys)
	if err != nil {
		return nil, wrap("submit survey", err)
	}
	return &SurveyReceipt{SubmittedAt: r.SubmittedAt, UnitName: u.Name}, nil
}
