package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/auditlog"
	"simasn/ent/competency"
	"simasn/ent/complaint"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/training"
	"simasn/ent/worklog"
	"simasn/graph"
	"simasn/internal/apitest"
)

// auditWorld is the province of the audit-trail test: one agency with its
// head (the leader's employee), scoped to an HR officer and a leader. Each
// recipe builds its own records in it, so recipes do not depend on each
// other's order or outcome.
type auditWorld struct {
	s          *apitest.Server
	region     *ent.Region
	agency     *ent.Unit
	head       *ent.Employee
	hr, leader *apitest.Server
	n          *int
}

// auditCall is one call of a mutation, made as a given viewer.
type auditCall struct {
	as     *apitest.Server
	actor  string // the username the entry must name ("" for the public)
	query  string
	vars   map[string]any
	entity string // the main record's entity
}

func (w *auditWorld) next() int { *w.n++; return *w.n }

// unit returns a new unit below the agency, in the HR officer's and the
// leader's scope.
func (w *auditWorld) unit() *ent.Unit {
	return w.s.MustUnit(fmt.Sprintf("1.02.A%d", w.next()), w.agency, w.region)
}

// account returns a new account and a view of the server as it.
func (w *auditWorld) account(role string, scope *ent.Unit, emp *ent.Employee) (*apitest.Server, string) {
	name := fmt.Sprintf("%s%d", strings.ToLower(strings.ReplaceAll(role, "_", "")), w.next())
	return w.s.AsAccount(w.s.MustAccount(name, role, scope, emp)), name
}

// appraisal returns a new appraisal of a subordinate of the agency's head,
// appraised by the head, in the given status, with both ratings.
func (w *auditWorld) appraisal(t *testing.T, status appraisal.Status) *ent.Appraisal {
	t.Helper()
	e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
	a, err := w.s.DB.Client.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(w.head.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
		SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
		SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).
		SetStatus(status).Save(apitest.Sys())
	if err != nil {
		t.Fatalf("appraisal fixture: %v", err)
	}
	return a
}

// enrollment returns a new enrollment in status st of an employee of the
// agency in a training that started yesterday.
func (w *auditWorld) enrollment(t *testing.T, st enrollment.Status) *ent.Enrollment {
	t.Helper()
	now := *w.s.Now.Load()
	c := w.s.DB.Client
	tr, err := c.Training.Create().SetCode(fmt.Sprintf("T-AUD-%d", w.next())).SetTitle("Pelatihan audit").
		SetCategory(training.CategoryTECHNICAL).SetMethod(training.MethodCLASSICAL).
		SetOrganizerID(w.agency.ID).SetHoursJp(24).SetQuota(10).SetSeatsTaken(1).
		SetRegistrationOpens(now.AddDate(0, 0, -20)).SetRegistrationCloses(now.AddDate(0, 0, -10)).
		SetStartsOn(now.AddDate(0, 0, -1)).SetEndsOn(now.AddDate(0, 0, 2)).Save(apitest.Sys())
	if err != nil {
		t.Fatalf("training fixture: %v", err)
	}
	e := w.s.MustEmployee(w.unit())
	en, err := c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(tr.ID).SetRegisteredAt(now.AddDate(0, 0, -15)).SetStatus(st).Save(apitest.Sys())
	if err != nil {
		t.Fatalf("enrollment fixture: %v", err)
	}
	return en
}

// complaint returns a new public complaint, received (unit nil) or
// verified and forwarded to u, and its access key.
func (w *auditWorld) complaint(u *ent.Unit) (*ent.Complaint, string) {
	return w.s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})
}

// answered returns a complaint answered through the API a moment ago, and
// its access key.
func (w *auditWorld) answered(t *testing.T) (*ent.Complaint, string) {
	t.Helper()
	cm, key := w.complaint(w.unit())
	w.s.With(t).MustDo(nil, `mutation($id: ID!) { respondToComplaint(id: $id, kind: PUBLIC_RESPONSE, body: "Stok obat sudah dipenuhi sejak kemarin.") { id } }`,
		map[string]any{"id": apitest.GID(cm.ID)})
	return cm, key
}

func (w *auditWorld) competency(t *testing.T) *ent.Competency {
	t.Helper()
	c, err := w.s.DB.Client.Competency.Create().SetCode(fmt.Sprintf("TEK-A%d", w.next())).SetName("Kegawatdaruratan").SetKind(competency.KindTECHNICAL).Save(apitest.Sys())
	if err != nil {
		t.Fatalf("competency fixture: %v", err)
	}
	return c
}

// idVar is the variables of a mutation that takes one id.
func idVar(x int) map[string]any { return map[string]any{"id": apitest.GID(x)} }

// auditRecipes holds, for each audited mutation, how to call it
// successfully: the records it needs and a valid call as a viewer who may
// make it.
var auditRecipes = map[string]func(t *testing.T, w *auditWorld) auditCall{
	"createAccount": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Account",
			query: `mutation($u: String!) { createAccount(input: {username: $u, role: ANALYST}, password: "long-enough-pw") { id } }`,
			vars:  map[string]any{"u": fmt.Sprintf("baru%d", w.next())}}
	},
	"createWebhookEndpoint": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "WebhookEndpoint",
			query: `mutation { createWebhookEndpoint(input: {url: "https://sms.example.go.id/hook", secret: "0123456789abcdef0123456789abcdef"}) { id } }`}
	},
	"updateWebhookEndpoint": func(t *testing.T, w *auditWorld) auditCall {
		ep := apitest.Must(w.s.DB.Client.WebhookEndpoint.Create().SetURL("https://wa.example.go.id/hook").SetSecret("0123456789abcdef0123456789abcdef").Save(apitest.Sys()))(t)
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "WebhookEndpoint",
			query: `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {active: false}) { id } }`, vars: idVar(ep.ID)}
	},
	"updateAccount": func(t *testing.T, w *auditWorld) auditCall {
		acc := w.s.MustAccount(fmt.Sprintf("lama%d", w.next()), "ANALYST", nil, nil)
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Account",
			query: `mutation($id: ID!) { updateAccount(id: $id, input: {active: false}) { id } }`, vars: idVar(acc.ID)}
	},
	"resetPassword": func(t *testing.T, w *auditWorld) auditCall {
		acc := w.s.MustAccount(fmt.Sprintf("lupa%d", w.next()), "ANALYST", nil, nil)
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Account",
			query: `mutation($id: ID!) { resetPassword(id: $id, newPassword: "another-long-password-2026") }`, vars: idVar(acc.ID)}
	},
	"changePassword": func(t *testing.T, w *auditWorld) auditCall {
		as, name := w.account("ANALYST", nil, nil)
		return auditCall{as: as, actor: name, entity: "Account",
			query: `mutation { changePassword(currentPassword: "password-123", newPassword: "a-new-long-password-2026") }`}
	},
	"createRegion": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Region",
			query: `mutation($code: String!) { createRegion(input: {code: $code, name: "Kabupaten Baru", kind: REGENCY}) { id } }`,
			vars:  map[string]any{"code": fmt.Sprintf("19.%02d", w.next()%100)}}
	},
	"updateRegion": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Region",
			query: `mutation($id: ID!) { updateRegion(id: $id, input: {remote: true}) { id } }`, vars: idVar(w.region.ID)}
	},
	"createUnit": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Unit",
			query: `mutation($p: ID!, $r: ID!, $code: String!) { createUnit(input: {code: $code, name: "Seksi Baru", kind: DIVISION, parentID: $p, regionID: $r}) { id } }`,
			vars:  map[string]any{"p": apitest.GID(w.agency.ID), "r": apitest.GID(w.region.ID), "code": fmt.Sprintf("1.02.N%d", w.next())}}
	},
	"updateUnit": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Unit",
			query: `mutation($id: ID!) { updateUnit(id: $id, input: {name: "Seksi Berganti Nama"}) { id } }`, vars: idVar(w.unit().ID)}
	},
	"moveUnit": func(t *testing.T, w *auditWorld) auditCall {
		u, to := w.unit(), w.unit()
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Unit",
			query: `mutation($id: ID!, $p: ID) { moveUnit(id: $id, parentID: $p) { id } }`, vars: map[string]any{"id": apitest.GID(u.ID), "p": apitest.GID(to.ID)}}
	},
	"createEmployee": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
			query: `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
			vars:  map[string]any{"input": employeeInput(apitest.NewNIP(t), w.unit().ID)}}
	},
	"updateEmployee": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
			query: `mutation($id: ID!) { updateEmployee(id: $id, input: {name: "Siti Aminah"}) { id } }`, vars: idVar(w.s.MustEmployee(w.unit()).ID)}
	},
	"transferEmployee": func(t *testing.T, w *auditWorld) auditCall {
		e, to := w.s.MustEmployee(w.unit()), w.unit()
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee", query: transfer,
			vars: map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(to.ID), "decree": decree()}}}
	},
	"promoteEmployee": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
			query: `mutation($input: PromoteEmployeeInput!) { promoteEmployee(input: $input) { id } }`,
			vars:  map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toRank": "III/b", "decree": decree()}}}
	},
	"changeEmployeePosition": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
			query: `mutation($input: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $input) { id } }`,
			vars:  map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "Kepala Seksi Mutasi", "positionType": "PENGAWAS", "decree": decree()}}}
	},
	"changeEmployeeStatus": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Employee",
			query: `mutation($input: ChangeEmployeeStatusInput!) { changeEmployeeStatus(input: $input) { id } }`,
			vars:  map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "status": "ON_LEAVE", "decree": decree()}}}
	},
	"imposeDisciplinaryPenalty": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "DisciplinaryPenalty",
			query: `mutation($input: ImposeDisciplinaryPenaltyInput!) { imposeDisciplinaryPenalty(input: $input) { id } }`,
			vars:  map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "kind": "ALLOWANCE_CUT_6_MONTHS", "decree": decree()}}}
	},
	"createTraining": func(t *testing.T, w *auditWorld) auditCall {
		now := *w.s.Now.Load()
		day := func(d int) string { return now.AddDate(0, 0, d).UTC().Truncate(24 * time.Hour).Format(time.RFC3339) }
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Training",
			query: `mutation($input: CreateTrainingInput!) { createTraining(input: $input) { id } }`,
			vars: map[string]any{"input": map[string]any{
				"code": fmt.Sprintf("LATSAR-%d", w.next()), "title": "Pelatihan Dasar CPNS", "category": "FUNCTIONAL", "method": "BLENDED",
				"hoursJp": 40, "quota": 120, "organizerID": apitest.GID(w.agency.ID),
				"registrationOpens": day(1), "registrationCloses": day(10), "startsOn": day(20), "endsOn": day(30),
			}}}
	},
	"updateTraining": func(t *testing.T, w *auditWorld) auditCall {
		tr := w.s.MustTraining(fmt.Sprintf("T-UPD-%d", w.next()), w.agency, 10)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Training",
			query: `mutation($id: ID!) { updateTraining(id: $id, input: {title: "Pelatihan Baru"}) { id } }`, vars: idVar(tr.ID)}
	},
	"registerForTraining": func(t *testing.T, w *auditWorld) auditCall {
		tr := w.s.MustTraining(fmt.Sprintf("T-REG-%d", w.next()), w.agency, 10)
		e := w.s.MustEmployee(w.unit())
		as, name := w.account("EMPLOYEE", nil, e)
		return auditCall{as: as, actor: name, entity: "Enrollment", query: register,
			vars: map[string]any{"t": apitest.GID(tr.ID), "e": apitest.GID(e.ID)}}
	},
	"decideEnrollment": func(t *testing.T, w *auditWorld) auditCall {
		en := w.enrollment(t, enrollment.StatusREGISTERED)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Enrollment",
			query: `mutation($id: ID!) { decideEnrollment(id: $id, decision: REJECT) { id } }`, vars: idVar(en.ID)}
	},
	"completeEnrollment": func(t *testing.T, w *auditWorld) auditCall {
		en := w.enrollment(t, enrollment.StatusAPPROVED)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Enrollment",
			query: `mutation($id: ID!) { completeEnrollment(id: $id, passed: true, score: 88, certificateNumber: "STTPP/2026/09/001") { id } }`, vars: idVar(en.ID)}
	},
	"withdrawEnrollment": func(t *testing.T, w *auditWorld) auditCall {
		en := w.enrollment(t, enrollment.StatusREGISTERED)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Enrollment",
			query: `mutation($id: ID!) { withdrawEnrollment(id: $id, note: "dinas luar") { id } }`, vars: idVar(en.ID)}
	},
	"createAppraisal": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Appraisal", query: createAppraisal,
			vars: map[string]any{"input": map[string]any{"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(w.head.ID), "periodKind": "ANNUAL", "year": 2025}}}
	},
	"updateAppraisal": func(t *testing.T, w *auditWorld) auditCall {
		a := w.appraisal(t, appraisal.StatusDRAFT)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Appraisal",
			query: `mutation($id: ID!) { updateAppraisal(id: $id, input: {resultsRating: ABOVE, behaviourRating: ABOVE}) { id } }`, vars: idVar(a.ID)}
	},
	"submitAppraisal": func(t *testing.T, w *auditWorld) auditCall {
		a := w.appraisal(t, appraisal.StatusDRAFT)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Appraisal",
			query: `mutation($id: ID!) { submitAppraisal(id: $id) { id } }`, vars: idVar(a.ID)}
	},
	"approveAppraisal": func(t *testing.T, w *auditWorld) auditCall {
		a := w.appraisal(t, appraisal.StatusSUBMITTED)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Appraisal",
			query: `mutation($id: ID!) { approveAppraisal(id: $id) { id } }`, vars: idVar(a.ID)}
	},
	"returnAppraisal": func(t *testing.T, w *auditWorld) auditCall {
		a := w.appraisal(t, appraisal.StatusSUBMITTED)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Appraisal",
			query: `mutation($id: ID!) { returnAppraisal(id: $id, reason: "target terlalu rendah") { id } }`, vars: idVar(a.ID)}
	},
	"logWork": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
		as, name := w.account("EMPLOYEE", nil, e)
		return auditCall{as: as, actor: name, entity: "WorkLog",
			query: `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`,
			vars: map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "date": w.s.Now.Load().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour).Format(time.RFC3339),
				"activity": "Memverifikasi usulan kenaikan pangkat", "output": "berkas", "quantity": 12, "minutes": 90}}}
	},
	"verifyWorkLog": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit(), apitest.WithSuperior(w.head))
		l, err := w.s.DB.Client.WorkLog.Create().SetEmployeeID(e.ID).SetDate(w.s.Now.Load().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour)).
			SetActivity("Posyandu").SetOutput("kegiatan").SetQuantity(1).SetMinutes(120).SetStatus(worklog.StatusSUBMITTED).Save(apitest.Sys())
		if err != nil {
			t.Fatalf("work log fixture: %v", err)
		}
		return auditCall{as: w.leader, actor: "leader.audit", entity: "WorkLog",
			query: `mutation($id: ID!) { verifyWorkLog(id: $id, approve: true) { id } }`, vars: idVar(l.ID)}
	},
	"createFormation": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Formation",
			query: `mutation($in: CreateFormationInput!) { createFormation(input: $in) { id } }`,
			vars: map[string]any{"in": map[string]any{"unitID": apitest.GID(w.unit().ID), "year": 2027, "positionName": "Guru Fisika Ahli Pertama",
				"positionType": "FUNGSIONAL_KEAHLIAN", "professionGroup": "EDUCATION", "needed": 3}}}
	},
	"updateFormation": func(t *testing.T, w *auditWorld) auditCall {
		f, err := w.s.DB.Client.Formation.Create().SetUnitID(w.unit().ID).SetYear(2027).SetPositionName("Perawat Ahli Pertama").
			SetPositionType(formation.PositionTypeFUNGSIONAL_KEAHLIAN).SetProfessionGroup(formation.ProfessionGroupHEALTH).SetNeeded(2).Save(apitest.Sys())
		if err != nil {
			t.Fatalf("formation fixture: %v", err)
		}
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Formation",
			query: `mutation($id: ID!) { updateFormation(id: $id, input: {needed: 5}) { id } }`, vars: idVar(f.ID)}
	},
	"createCompetency": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Competency",
			query: `mutation($code: String!) { createCompetency(input: {code: $code, name: "Kegawatdaruratan", kind: TECHNICAL}) { id } }`,
			vars:  map[string]any{"code": fmt.Sprintf("TEK-N%d", w.next())}}
	},
	"updateCompetency": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Competency",
			query: `mutation($id: ID!) { updateCompetency(id: $id, input: {name: "Kegawatdaruratan Medis"}) { id } }`, vars: idVar(w.competency(t).ID)}
	},
	"createCompetencyRequirement": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "CompetencyRequirement",
			query: `mutation($c: ID!) { createCompetencyRequirement(input: {competencyID: $c, positionName: "Perawat Ahli Pertama", level: 3}) { id } }`,
			vars:  map[string]any{"c": apitest.GID(w.competency(t).ID)}}
	},
	"updateCompetencyRequirement": func(t *testing.T, w *auditWorld) auditCall {
		r, err := w.s.DB.Client.CompetencyRequirement.Create().SetCompetencyID(w.competency(t).ID).SetPositionName("Perawat Ahli Pertama").SetLevel(3).Save(apitest.Sys())
		if err != nil {
			t.Fatalf("requirement fixture: %v", err)
		}
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "CompetencyRequirement",
			query: `mutation($id: ID!) { updateCompetencyRequirement(id: $id, input: {level: 4}) { id } }`, vars: idVar(r.ID)}
	},
	"recordCompetencyAssessment": func(t *testing.T, w *auditWorld) auditCall {
		e := w.s.MustEmployee(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "CompetencyAssessment",
			query: `mutation($e: ID!, $c: ID!) { recordCompetencyAssessment(input: {employeeID: $e, competencyID: $c, level: 3, assessedAt: "2026-06-01T00:00:00Z", method: "Uji kompetensi"}) { id } }`,
			vars:  map[string]any{"e": apitest.GID(e.ID), "c": apitest.GID(w.competency(t).ID)}}
	},
	"tagTrainingCompetencies": func(t *testing.T, w *auditWorld) auditCall {
		tr := w.s.MustTraining(fmt.Sprintf("T-TAG-%d", w.next()), w.agency, 10)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Training",
			query: `mutation($t: ID!, $c: [ID!]!) { tagTrainingCompetencies(trainingID: $t, competencyIDs: $c) { id } }`,
			vars:  map[string]any{"t": apitest.GID(tr.ID), "c": []string{apitest.GID(w.competency(t).ID)}}}
	},
	"verifyComplaint": func(t *testing.T, w *auditWorld) auditCall {
		cm, _ := w.complaint(nil)
		return auditCall{as: w.s, actor: w.s.Admin.Username, entity: "Complaint",
			query: `mutation($id: ID!, $u: ID!) { verifyComplaint(id: $id, unitID: $u) { id } }`, vars: map[string]any{"id": apitest.GID(cm.ID), "u": apitest.GID(w.unit().ID)}}
	},
	"forwardComplaint": func(t *testing.T, w *auditWorld) auditCall {
		cm, _ := w.complaint(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Complaint",
			query: `mutation($id: ID!, $u: ID!) { forwardComplaint(id: $id, unitID: $u) { id } }`, vars: map[string]any{"id": apitest.GID(cm.ID), "u": apitest.GID(w.unit().ID)}}
	},
	"assignComplaint": func(t *testing.T, w *auditWorld) auditCall {
		u := w.unit()
		cm, _ := w.complaint(u)
		officer := w.s.MustEmployee(u)
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Complaint",
			query: `mutation($id: ID!, $o: ID!) { assignComplaint(id: $id, officerID: $o) { id } }`, vars: map[string]any{"id": apitest.GID(cm.ID), "o": apitest.GID(officer.ID)}}
	},
	"respondToComplaint": func(t *testing.T, w *auditWorld) auditCall {
		cm, _ := w.complaint(w.unit())
		return auditCall{as: w.leader, actor: "leader.audit", entity: "ComplaintResponse",
			query: `mutation($id: ID!) { respondToComplaint(id: $id, kind: INTERNAL_NOTE, body: "Cek stok gudang farmasi.") { id } }`, vars: idVar(cm.ID)}
	},
	"submitComplaint": func(t *testing.T, w *auditWorld) auditCall {
		liftSubmitLimit(t)
		return auditCall{as: w.s.Public(), actor: "public", entity: "Complaint", query: submitComplaint,
			vars: map[string]any{"in": complaintInput()}}
	},
	"rateComplaint": func(t *testing.T, w *auditWorld) auditCall {
		cm, key := w.answered(t)
		return auditCall{as: w.s.Public(), actor: "public", entity: "Complaint",
			query: `mutation($tid: String!, $key: String!) { rateComplaint(trackingId: $tid, accessKey: $key, rating: 4, comment: "Cepat ditanggapi") { id } }`,
			vars:  map[string]any{"tid": cm.TrackingID, "key": key}}
	},
	"objectToComplaint": func(t *testing.T, w *auditWorld) auditCall {
		cm, key := w.answered(t)
		return auditCall{as: w.s.Public(), actor: "public", entity: "Complaint",
			query: `mutation($tid: String!, $key: String!) { objectToComplaint(trackingId: $tid, accessKey: $key, reason: "Obat masih kosong sampai hari ini.") { id } }`,
			vars:  map[string]any{"tid": cm.TrackingID, "key": key}}
	},
	"submitSurveyResponse": func(t *testing.T, w *auditWorld) auditCall {
		return auditCall{as: w.s.Public(), actor: "public", entity: "SurveyResponse",
			query: `mutation($in: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $in) { submittedAt } }`,
			vars: map[string]any{"in": map[string]any{"unitID": apitest.GID(w.unit().ID), "requirements": 4, "procedure": 3, "time": 2, "cost": 4, "product": 3,
				"competence": 4, "behaviour": 4, "complaintHandling": 3, "facilities": 2}}}
	},
	"changeComplaintStatus": func(t *testing.T, w *auditWorld) auditCall {
		cm, _ := w.complaint(w.unit())
		return auditCall{as: w.hr, actor: "hr.audit", entity: "Complaint",
			query: `mutation($id: ID!) { changeComplaintStatus(id: $id, status: IN_PROGRESS) { id } }`, vars: idVar(cm.ID)}
	},
}

// auditExempt lists the mutations that deliberately leave no audit entry,
// with the reason. Every other mutation needs a recipe above.
var auditExempt = map[string]string{
	"login": "signing in changes no HR data: the limiter's counts live in memory, lock-outs go to the log",
}

// TestAuditTrailEveryMutation calls every mutation of the schema through
// the HTTP handler and checks that it leaves exactly one audit entry
// naming the operation, the actor, the main record and the request; a
// mutation without a recipe or an exemption fails the test, so a new
// mutation cannot go unaudited unnoticed.
func TestAuditTrailEveryMutation(t *testing.T) {
	t.Parallel()
	var names []string
	for _, f := range graph.NewExecutableSchema(graph.Config{}).Schema().Mutation.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			names = append(names, f.Name)
		}
	}
	for name := range auditRecipes {
		if !slices.Contains(names, name) {
			t.Errorf("audit recipe for %s, which the schema no longer has", name)
		}
		if _, ok := auditExempt[name]; ok {
			t.Errorf("%s has a recipe and an exemption", name)
		}
	}
	for name := range auditExempt {
		if !slices.Contains(names, name) {
			t.Errorf("audit exemption for %s, which the schema no longer has", name)
		}
	}
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAuditWorld(t, dsn)
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				recipe, ok := auditRecipes[name]
				if !ok {
					if _, ok := auditExempt[name]; !ok {
						t.Fatalf("mutation %s has no audit recipe and no exemption: add one to auditRecipes (or, with the reason, to auditExempt)", name)
					}
					return
				}
				w := *w
				w.s = w.s.With(t)
				call := recipe(t, &w)
				before := w.auditIDs(t, name)
				call.as.With(t).MustDo(nil, call.query, call.vars)
				entries := w.newEntries(t, name, before)
				if len(entries) != 1 {
					t.Fatalf("%s left %d audit entries, want 1", name, len(entries))
				}
				e := entries[0]
				if e.Actor != call.actor {
					t.Errorf("actor = %q, want %q", e.Actor, call.actor)
				}
				if e.Entity != call.entity || e.EntityID == 0 {
					t.Errorf("entity = %s %d, want a %s", e.Entity, e.EntityID, call.entity)
				}
				if e.RequestID == "" {
					t.Error("the entry has no request id")
				}
				if len(e.Changes) == 0 {
					t.Error("the entry records no changes")
				}
			})
		}
	})
}

func newAuditWorld(t *testing.T, dsn string) *auditWorld {
	s := apitest.Start(t, dsn)
	w := &auditWorld{s: s, n: new(int)}
	w.region = s.MustRegion("18.71", false)
	w.agency = s.MustUnit("1.02", nil, w.region)
	w.head = s.MustEmployee(w.agency)
	w.hr = s.AsAccount(s.MustAccount("hr.audit", "HR_OFFICER", w.agency, nil))
	w.leader = s.AsAccount(s.MustAccount("leader.audit", "LEADER", w.agency, w.head))
	return w
}

// auditIDs returns the ids of the entries for action.
func (w *auditWorld) auditIDs(t *testing.T, action string) []int {
	t.Helper()
	ids, err := w.s.DB.Client.AuditLog.Query().Where(auditlog.Action(action)).IDs(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// newEntries returns the entries for action not among before.
func (w *auditWorld) newEntries(t *testing.T, action string, before []int) []*ent.AuditLog {
	t.Helper()
	es, err := w.s.DB.Client.AuditLog.Query().Where(auditlog.Action(action), auditlog.IDNotIn(before...)).All(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestAuditTrailRefused: a refused or failed mutation leaves no entry,
// whether it is refused before it writes or after some of its writes.
func TestAuditTrailRefused(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newAuditWorld(t, dsn)
		analyst, _ := w.account("ANALYST", nil, nil)
		for _, tc := range []struct {
			name, code string
			call       func(t *testing.T, w *auditWorld) auditCall
		}{
			{"createEmployee as an analyst", "FORBIDDEN", func(t *testing.T, w *auditWorld) auditCall {
				c := auditRecipes["createEmployee"](t, w)
				c.as = analyst
				return c
			}},
			{"resetPassword as an HR officer", "FORBIDDEN", func(t *testing.T, w *auditWorld) auditCall {
				c := auditRecipes["resetPassword"](t, w)
				c.as = w.hr
				return c
			}},
			{"registerForTraining of a colleague, who does not exist for the employee", "BAD_USER_INPUT", func(t *testing.T, w *auditWorld) auditCall {
				c := auditRecipes["registerForTraining"](t, w)
				c.vars["e"] = apitest.GID(w.s.MustEmployee(w.unit()).ID)
				return c
			}},
			{"transferEmployee to a unit out of scope", "FORBIDDEN", func(t *testing.T, w *auditWorld) auditCall {
				c := auditRecipes["transferEmployee"](t, w)
				c.vars["input"].(map[string]any)["toUnitID"] = apitest.GID(w.s.MustUnit(fmt.Sprintf("5.0%d", w.next()), nil, w.region).ID)
				return c
			}},
			{"decideEnrollment approving into a full training", "BAD_USER_INPUT", func(t *testing.T, w *auditWorld) auditCall {
				en := w.enrollment(t, enrollment.StatusWAITLISTED)
				apitest.Check(w.s.DB.Client.Training.UpdateOneID(en.TrainingID).SetQuota(1).SetSeatsTaken(1).Exec(apitest.Sys()))(t)
				c := auditRecipes["decideEnrollment"](t, w)
				c.query, c.vars = `mutation($id: ID!) { decideEnrollment(id: $id, decision: APPROVE) { id } }`, idVar(en.ID)
				return c
			}},
			{"approveAppraisal by its appraiser", "FORBIDDEN", func(t *testing.T, w *auditWorld) auditCall {
				c := auditRecipes["approveAppraisal"](t, w)
				c.as = w.leader // the head appraises every fixture appraisal
				return c
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := *w
				w.s = w.s.With(t)
				call := tc.call(t, &w)
				before, err := w.s.DB.Client.AuditLog.Query().Count(apitest.Sys())
				if err != nil {
					t.Fatal(err)
				}
				call.as.With(t).MustFail(tc.code, "", call.query, call.vars)
				if got, err := w.s.DB.Client.AuditLog.Query().Count(apitest.Sys()); err != nil || got != before {
					t.Errorf("audit entries = %d (%v) after a refused call, want %d", got, err, before)
				}
			})
		}
	})
}
