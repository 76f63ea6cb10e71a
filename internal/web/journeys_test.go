package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
)

// websocketSwitch lets a test drop the page's websockets and keep new ones
// from opening, as a network outage would.
const websocketSwitch = `(() => {
	const Real = window.WebSocket;
	window.__webSockets = [];
	window.__blockWebSockets = false;
	function Switched(url, protocols) {
		if (window.__blockWebSockets) throw new DOMException('the test keeps websockets closed', 'NetworkError');
		const ws = new Real(url, protocols);
		window.__webSockets.push(ws);
		return ws;
	}
	Switched.prototype = Real.prototype;
	Object.assign(Switched, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
	window.WebSocket = Switched;
})();`

// TestJourneys walks each role through the dashboard in a real browser,
// on one server with the demo data.
func TestJourneys(t *testing.T) {
	d := startDemo(t)
	ctx := apitest.Sys()
	c := d.DB.Client
	dinkes := apitest.Must(c.Unit.Query().Where(unit.Code("1.02")).Only(ctx))(t)
	inDinkes := employee.HasUnitWith(unit.PathHasPrefix(dinkes.Path))
	self := apitest.Must(c.Account.Query().Where(account.Username("pegawai")).QueryEmployee().Only(ctx))(t)

	t.Run("complaint from a phone, answered live by the leader", func(t *testing.T) {
		leader := d.tab(t, "leader", desktop, false)
		leader.signIn("kadis.dinkes")
		leader.goTo("#/complaints")
		leader.do("inbox goes live", chromedp.WaitVisible(chromedp.CSS(`#inbox-conn[data-state="live"]`)))

		citizen := d.tab(t, "citizen", phone, false)
		citizen.open("#/report")
		citizen.shot("report-phone")
		citizen.labelled()
		title := fmt.Sprintf("Obat hipertensi kosong %d", time.Now().UnixNano()%100000)
		citizen.do("fill in the complaint",
			chromedp.SendKeys(chromedp.CSS(`#complaint-form input[name=title]`), title),
			chromedp.SendKeys(chromedp.CSS(`#complaint-form textarea[name=body]`), "Sudah tiga kali bulan ini obat hipertensi tidak tersedia di puskesmas."))
		citizen.pickUnit("#complaint-form", "unitID", "Dinas Kesehatan", apitest.GID(dinkes.ID))
		citizen.do("submit the complaint",
			chromedp.Click(chromedp.CSS(`#complaint-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#tracking-id`)))
		trackingID := citizen.text("#tracking-id")
		if key := citizen.text("#access-key"); trackingID == "" || key == "" {
			t.Fatalf("receipt shows tracking ID %q and access key %q, want both", trackingID, key)
		}
		if eval[bool](citizen, `document.documentElement.scrollWidth > window.innerWidth`) {
			t.Error("the receipt is wider than a 360 px phone")
		}
		citizen.shot("receipt-phone")
		citizen.do("follow the complaint",
			chromedp.Click(chromedp.CSS(`#follow`)),
			chromedp.WaitVisible(chromedp.CSS(`#track-conn[data-state="live"]`)))

		// The leader's open inbox shows it without a reload.
		leader.waitText("#inbox-list", title)
		leader.shot("inbox")
		leader.do("open the complaint",
			chromedp.Click(chromedp.Search(fmt.Sprintf(`//div[@id="inbox-list"]//a[normalize-space(text())=%q]`, trackingID))),
			chromedp.WaitVisible(chromedp.CSS(`#verify-form`)))
		leader.do("verify and forward", chromedp.Click(chromedp.CSS(`#verify-form button[type=submit]`)))
		leader.waitText("#complaint-status", "Diverifikasi")
		answer := "Stok obat hipertensi sudah dikirim ke puskesmas pada hari ini."
		leader.do("answer",
			chromedp.WaitVisible(chromedp.CSS(`#respond-form textarea[name=body]`)),
			chromedp.SendKeys(chromedp.CSS(`#respond-form textarea[name=body]`), answer),
			chromedp.Click(chromedp.CSS(`#respond-form button[type=submit]`)))
		leader.waitText("#complaint-status", "Dijawab")
		leader.shot("complaint")

		// The citizen's tracking page shows the answer without a reload.
		citizen.waitText("#track-status", "Dijawab")
		citizen.waitText("#responses", answer)
		citizen.shot("tracking-phone")

		// The same citizen rates the health centre's service (SKM).
		centre := apitest.Must(c.Unit.Query().Where(unit.PathHasPrefix(dinkes.Path), unit.KindEQ(unit.KindHEALTH_CENTRE)).Order(ent.Asc(unit.FieldCode)).First(ctx))(t)
		citizen.goTo("#/survey")
		citizen.pickUnit("#survey-form", "unitID", centre.Name, apitest.GID(centre.ID))
		var answers []chromedp.Action[chromedp.Void]
		for _, k := range []string{"requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaintHandling", "facilities"} {
			answers = append(answers, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#survey-form input[name=%q][value="3"]`, k))))
		}
		answers = append(answers, chromedp.Click(chromedp.CSS(`#survey-form button[type=submit]`)))
		citizen.do("answer the survey", answers...)
		citizen.waitText("#main .success", centre.Name)

		leader.goTo("#/overview")
		leader.do("overview map", chromedp.WaitVisible(chromedp.CSS(`#shortage-map svg.lampung`)), chromedp.WaitVisible(chromedp.CSS(`#headcount .big-number`)))
		if regions := eval[int](leader, `document.querySelectorAll('#shortage-map g.region').length`); regions != 15 {
			t.Errorf("the map shows %d regions, want Lampung's 15", regions)
		}
		leader.shot("overview")
		leader.clean()
		citizen.clean()
	})

	t.Run("the inbox resumes from its cursor after a disconnect", func(t *testing.T) {
		leader := d.tab(t, "leader", desktop, false)
		leader.do("watch the websockets", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: websocketSwitch})
			return err
		}))
		leader.signIn("kadis.dinkes")
		leader.goTo("#/complaints")
		leader.do("inbox goes live", chromedp.WaitVisible(chromedp.CSS(`#inbox-conn[data-state="live"]`)))
		submit := func(title string) {
			d.With(t).Public().MustDo(nil, `mutation($in: SubmitComplaintInput!) { submitComplaint(input: $in) { trackingId } }`, map[string]any{"in": map[string]any{
				"class": "COMPLAINT", "privacy": "PUBLIC", "title": title, "unitID": apitest.GID(dinkes.ID),
				"body": "Antrean di loket pendaftaran sangat panjang sejak pagi hari ini.",
			}})
		}
		// One event first, so that the inbox holds a cursor.
		before := fmt.Sprintf("Antrean panjang di loket %d", time.Now().UnixNano()%100000)
		submit(before)
		leader.waitText("#inbox-list", before)
		eval[chromedp.Void](leader, `void (window.__blockWebSockets = true, window.__webSockets.forEach((ws) => ws.close()))`)
		leader.do("inbox says it is disconnected", chromedp.WaitVisible(chromedp.CSS(`#inbox-conn[data-state="reconnecting"]`)))
		during := fmt.Sprintf("Loket tutup lebih awal %d", time.Now().UnixNano()%100000)
		submit(during)
		leader.do("stay offline a while", chromedp.Sleep(1500*time.Millisecond))
		if strings.Contains(eval[string](leader, `document.querySelector('#inbox-list').textContent`), during) {
			t.Fatal("the complaint reached the inbox while its websocket was down")
		}
		// Back online, the feed replays from the cursor what the outage hid.
		eval[chromedp.Void](leader, `void (window.__blockWebSockets = false)`)
		leader.do("inbox reconnects", chromedp.WaitVisible(chromedp.CSS(`#inbox-conn[data-state="live"]`)))
		leader.waitText("#inbox-list", during)
		leader.clean()
	})

	t.Run("training registration, approval, and a full training", func(t *testing.T) {
		tr := d.MustTraining("WEB-2026-01", dinkes, 1)
		other := apitest.Must(c.Employee.Query().Where(inDinkes, employee.StatusEQ(employee.StatusACTIVE), employee.IDNEQ(self.ID)).Order(ent.Desc(employee.FieldID)).First(ctx))(t)
		d.MustAccount("pegawai2", "EMPLOYEE", nil, other)

		emp := d.tab(t, "employee", desktop, false)
		emp.signIn("pegawai")
		emp.goTo("#/trainings")
		emp.do("register", chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-training=%q]`, tr.Code))))
		emp.waitText("#registered-ok", "menunggu persetujuan")

		hr := d.tab(t, "hr", desktop, false)
		hr.signIn("hr.dinkes")
		hr.goTo("#/trainings")
		hr.do("open the registrations", chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-enrollments=%q]`, tr.Code))),
			chromedp.WaitVisible(chromedp.CSS(`#enrollment-panel button[data-approve]`)))
		hr.do("approve", chromedp.Click(chromedp.CSS(`#enrollment-panel button[data-approve]`)))
		hr.waitText("#enrollment-panel", "Disetujui")

		second := d.tab(t, "second employee", desktop, false)
		second.signInWith("pegawai2", "password-123")
		second.goTo("#/trainings")
		second.do("register for the full training", chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-training=%q]`, tr.Code))))
		second.waitText("#waitlisted", "penuh")
		second.shot("training-full")

		hr.do("reopen the registrations", chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-enrollments=%q]`, tr.Code))),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#enrollment-panel button[data-approve=%q]`, other.Name))))
		hr.do("approve the waitlisted one", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#enrollment-panel button[data-approve=%q]`, other.Name))))
		hr.waitText("#enrollment-panel .decision-msg", "the training is full")
		emp.clean()
		hr.clean()
		second.clean()
	})

	t.Run("analyst aggregate with chart and CSV", func(t *testing.T) {
		dir := t.TempDir()
		a := d.tab(t, "analyst", desktop, false)
		if _, err := chromedp.CallBrowser(a.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
			t.Fatalf("allow downloads: %v", err)
		}
		a.signIn("analis")
		a.goTo("#/analytics")
		a.do("build the aggregate",
			chromedp.WaitVisible(chromedp.CSS(`#aggregate-form input[name=groupBy][value=PROFESSION]`)),
			chromedp.Click(chromedp.CSS(`#aggregate-form input[name=groupBy][value=PROFESSION]`)),
			chromedp.Click(chromedp.CSS(`#aggregate-run`)),
			chromedp.WaitVisible(chromedp.CSS(`#aggregate-result svg.chart`)))
		if rows := eval[int](a, `document.querySelectorAll('#aggregate-result tbody tr').length`); rows < 2 {
			t.Errorf("the aggregate shows %d rows, want several", rows)
		}
		if q := a.text("#aggregate-query"); !strings.Contains(q, "employeeAggregate(") || !strings.Contains(q, "groupBy: [REGION, PROFESSION]") {
			t.Errorf("the GraphQL shown is %q", q)
		}
		a.shot("analytics")
		a.labelled()
		a.do("download the CSV", chromedp.Click(chromedp.CSS(`#csv-download`)),
			chromedp.WaitReady(chromedp.CSS(`#csv-download[data-downloaded]`)))
		var csv []byte
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
			if len(files) == 1 {
				csv, _ = os.ReadFile(files[0])
				if len(csv) > 0 {
					break
				}
			}
		}
		if !strings.Contains(string(csv), "count") || strings.Count(string(csv), "\n") < 2 {
			t.Errorf("downloaded CSV = %.200q, want a header and rows", csv)
		}
		a.clean()
	})

	t.Run("HR transfer with a server-side error on its field", func(t *testing.T) {
		e := apitest.Must(c.Employee.Query().Where(inDinkes, employee.StatusEQ(employee.StatusACTIVE), employee.IDNEQ(self.ID)).Order(ent.Asc(employee.FieldName)).WithUnit().First(ctx))(t)
		target := apitest.Must(c.Unit.Query().Where(unit.PathHasPrefix(dinkes.Path), unit.IDNEQ(e.UnitID), unit.KindEQ(unit.KindHEALTH_CENTRE)).Order(ent.Asc(unit.FieldCode)).First(ctx))(t)
		hr := d.tab(t, "hr", desktop, false)
		hr.signIn("hr.dinkes")
		hr.goTo("#/employees")
		hr.do("search",
			chromedp.WaitVisible(chromedp.CSS(`#employee-search input[name=q]`)),
			chromedp.SendKeys(chromedp.CSS(`#employee-search input[name=q]`), e.Name),
			chromedp.Click(chromedp.CSS(`#employee-search button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#employee-results[data-state="ready"]`)),
			chromedp.Click(chromedp.Search(fmt.Sprintf(`//div[@id="employee-results"]//a[contains(text(), %q)]`, e.Name))),
			chromedp.WaitVisible(chromedp.CSS(`#transfer-form`)))
		// The unit picker starts at the current unit: the server refuses
		// a transfer there, and the page says so on the unit field.
		hr.do("transfer to the same unit",
			chromedp.SendKeys(chromedp.CSS(`#transfer-form input[name="decree.number"]`), "821.2/77/BKD/2026"),
			chromedp.Click(chromedp.CSS(`#transfer-form button[type=submit]`)))
		hr.waitText(`#transfer-form [data-field="toUnitID"] .field-error`, "already works in unit")
		if invalid := eval[string](hr, `document.querySelector('#transfer-form [data-field="toUnitID"] select').getAttribute('aria-invalid') || ''`); invalid != "true" {
			t.Errorf("unit field aria-invalid = %q, want true", invalid)
		}
		hr.shot("transfer-error")
		hr.labelled()
		hr.pickUnit("#transfer-form", "toUnitID", target.Name, apitest.GID(target.ID))
		hr.do("transfer", chromedp.Click(chromedp.CSS(`#transfer-form button[type=submit]`)))
		hr.waitText("#profile-unit", target.Name)
		hr.waitText("#career", "Mutasi")
		hr.goTo("#/units")
		hr.do("unit tree", chromedp.WaitVisible(chromedp.CSS(`#unit-tree details summary`)), chromedp.Click(chromedp.CSS(`#unit-tree details summary`)),
			chromedp.WaitVisible(chromedp.CSS(`#unit-tree details ul li`)))
		hr.shot("units")
		if got := apitest.Must(c.Employee.Get(ctx, e.ID))(t).UnitID; got != target.ID {
			t.Errorf("employee's unit = %d after the transfer, want %d", got, target.ID)
		}
		hr.clean()
	})

	t.Run("an employee cannot reach other employees", func(t *testing.T) {
		stranger := apitest.Must(c.Employee.Query().Where(employee.Not(inDinkes)).First(ctx))(t)
		p := d.tab(t, "employee", phone, false)
		p.signIn("pegawai")
		p.waitText("#profile-name", self.Name)
		p.shot("profile-phone")
		if links := eval[int](p, `document.querySelectorAll('#nav a[href="#/employees"], #nav a[href="#/analytics"], #nav a[href="#/complaints"]').length`); links != 0 {
			t.Errorf("an employee's menu has %d links to others' data, want none", links)
		}
		// Their own work: a work log, their appraisals.
		p.goTo("#/worklogs")
		// The form starts on today in WIB, which the server accepts.
		p.do("file a work log",
			chromedp.WaitVisible(chromedp.CSS(`#worklog-form textarea[name=activity]`)),
			chromedp.SendKeys(chromedp.CSS(`#worklog-form input[name=output]`), "pasien"),
			chromedp.SendKeys(chromedp.CSS(`#worklog-form textarea[name=activity]`), "Pemeriksaan tekanan darah pasien lansia"),
			chromedp.Click(chromedp.CSS(`#worklog-form button[type=submit]`)))
		p.waitText("#my-worklogs", "Pemeriksaan tekanan darah pasien lansia")
		p.shot("worklogs-phone")
		p.goTo("#/appraisals")
		p.do("own appraisals", chromedp.WaitVisible(chromedp.CSS(`#my-appraisals table`)))
		p.goTo("#/employees")
		p.do("employee list refused", chromedp.WaitVisible(chromedp.CSS(`#main .state.error`)))
		p.goTo("#/employees/" + apitest.GID(stranger.ID))
		p.do("stranger's profile refused", chromedp.WaitVisible(chromedp.CSS(`#main .state.error`)))
		body := eval[string](p, `document.body.textContent`)
		if strings.Contains(body, stranger.Name) || strings.Contains(body, stranger.Nip) {
			t.Errorf("the page shows %s (%s), another agency's employee", stranger.Name, stranger.Nip)
		}
		p.clean()
	})

	t.Run("pages load with everything but the server blocked", func(t *testing.T) {
		p := d.tab(t, "offline", desktop, true)
		p.open("#/report")
		bytes := eval[float64](p, `performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((n, e) => n + e.transferSize, 0)`)
		if bytes <= 0 || bytes > 500*1024 {
			t.Errorf("first load transferred %.0f bytes, want some and under 500 KB", bytes)
		}
		t.Logf("first load of / transferred %.0f bytes", bytes)
		p.do("switch to English", chromedp.Click(chromedp.CSS(`#lang`)))
		p.waitText("#nav", "Report a complaint")
		p.waitText("#main h1", "Report a complaint")
		if lang := eval[string](p, `document.documentElement.lang`); lang != "en" {
			t.Errorf("html lang = %q after the switch, want en", lang)
		}
		p.do("back to Indonesian", chromedp.Click(chromedp.CSS(`#lang`)))
		p.waitText("#nav", "Buat pengaduan")
		p.goTo("#/feed")
		p.do("feed", chromedp.WaitVisible(chromedp.CSS(`#public-feed`)))
		p.goTo("#/signin")
		p.do("sign-in", chromedp.WaitVisible(chromedp.CSS(`button.demo-account`)))
		p.shot("signin")
		p.labelled()
		p.do("GraphiQL", chromedp.Navigate(d.URL+"/graphiql"), chromedp.WaitVisible(chromedp.CSS(`.graphiql-container`)))
		p.clean()
	})
}
