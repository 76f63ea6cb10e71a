package web_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"simasn/internal/apitest"
	"simasn/internal/auth"
	"simasn/internal/seed"
	"simasn/internal/server"
	"simasn/internal/testdb"
	"simasn/internal/web"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// The browser tests drive Debian's chromium through the dashboard, against
// the real server on the demo data. Without Chromium they skip, except
// under CI=true, where they fail. SIMASN_SCREENSHOTS=dir saves the README's
// screenshots; a failing journey saves one to the directory it logs.

// chromiumPath finds the browser, or stops the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SIMASN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal("chromium is not installed: the browser journeys cannot run (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: skipping the browser journeys (apt-get install chromium to run them)")
	return ""
}

// demo is the server and browser the journeys share.
type demo struct {
	*apitest.Server
	browser context.Context
	shots   string // SIMASN_SCREENSHOTS, or ""
	fails   string // where failure screenshots go
}

// startDemo serves the dashboard on the demo data (without an anonymous
// viewer: a caller without a token is the public) and starts Chromium.
func startDemo(t *testing.T) *demo {
	t.Helper()
	path := chromiumPath(t)
	var accounts []web.Account
	for _, a := range auth.DemoAccounts {
		accounts = append(accounts, web.Account{Username: a.Username, Password: a.Password, Role: string(a.Role), Note: a.Note})
	}
	s := apitest.Start(t, testdb.SQLite(t), func(o *server.Options) {
		o.Web = web.Handler(web.Config{Demo: true, DemoAccounts: accounts})
		o.Introspection = true // as in demo mode, for GraphiQL
		o.Auth.AllowDemoAccounts()
	})
	if _, err := seed.Demo(apitest.Sys(), s.DB.Client, *s.Now.Load(), io.Discard); err != nil {
		t.Fatalf("load the demo data: %v", err)
	}
	if err := auth.CreateDemoAccounts(apitest.Sys(), s.DB.Client); err != nil {
		t.Fatalf("create the demo accounts: %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("lang", "id-ID"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start chromium %s: %v", path, err)
	}
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	d := &demo{Server: s, browser: browser, shots: os.Getenv("SIMASN_SCREENSHOTS")}
	if d.fails = os.Getenv("SIMASN_ARTIFACTS"); d.fails == "" {
		d.fails = filepath.Join(os.TempDir(), "simasn-browser-failures")
	}
	return d
}

// page is one browser tab, as one user.
type page struct {
	t    *testing.T
	d    *demo
	ctx  context.Context
	name string
	size [2]int64

	mu       sync.Mutex
	problems []string // console errors, exceptions, failed loads
	foreign  []string // requests to anything but the server
}

// viewport sizes.
var (
	desktop = [2]int64{1280, 900}
	phone   = [2]int64{360, 740}
)

// tab opens a tab of the given size, as one user. With offline set, every
// request to anything but the server fails, and is recorded.
func (d *demo) tab(t *testing.T, name string, size [2]int64, offline bool) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(d.browser)
	p := &page{t: t, d: d, ctx: ctx, name: name, size: size}
	serverHost := mustHost(t, d.URL)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab %s: %v", name, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.Type == chromedp.ConsoleException {
				p.problem(fmt.Sprintf("console %s: %s %s", m.Type, m.Text, m.URL))
			}
		}
	}()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{})
			return err
		}),
	}
	steps = append(steps, p.viewport(size[1]))
	if offline {
		paused := chromedp.Events(ctx, fetch.RequestPaused)
		go func() {
			for ev, err := range paused {
				if err != nil {
					return
				}
				u, err := url.Parse(ev.Request.URL)
				if err == nil && (u.Host == serverHost || u.Scheme == "data" || u.Scheme == "blob") {
					_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
					continue
				}
				p.mu.Lock()
				p.foreign = append(p.foreign, ev.Request.URL)
				p.mu.Unlock()
				_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			}
		}()
		steps = append(steps, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
			return err
		}))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		cancel()
		t.Fatalf("set up tab %s: %v", name, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			p.saveFailure()
		}
		cancel()
	})
	return p
}

// viewport sets the tab's size with the given height: a phone (under 600
// px wide) as a touch device in portrait.
func (p *page) viewport(height int64) chromedp.Action[chromedp.Void] {
	if p.size[0] < 600 {
		return chromedp.EmulateViewport(p.size[0], height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(p.size[0], height)
}

func mustHost(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func (p *page) problem(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, s)
}

// do runs steps with a deadline, failing the test with what went wrong.
func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s (%s): %v", what, p.name, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s (%s): %v", expr, p.name, err)
	}
	return v
}

// open loads a route of the dashboard and waits until it has started.
func (p *page) open(route string) {
	p.t.Helper()
	p.do("open "+route, chromedp.Navigate(p.d.URL+"/"+route), chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)))
}

// goTo switches route within the page, as a link would.
func (p *page) goTo(route string) {
	p.t.Helper()
	eval[chromedp.Void](p, fmt.Sprintf("void (location.hash = %q)", route))
}

// signIn signs in with a demo account's one-click button.
func (p *page) signIn(username string) {
	p.t.Helper()
	p.open("#/signin")
	p.do("sign in as "+username,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`button.demo-account[data-username=%q]`, username))),
		chromedp.WaitVisible(chromedp.CSS(`#signout`)))
}

// signInWith signs in through the form.
func (p *page) signInWith(username, password string) {
	p.t.Helper()
	p.open("#/signin")
	p.do("sign in with the form as "+username,
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), username),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#signin-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#signout`)))
}

// waitText waits until the element's text contains want.
func (p *page) waitText(sel, want string) {
	p.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q); })()`, sel, want)
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		p.t.Fatalf("wait for %q in %s (%s): %v", want, sel, p.name, err)
	}
}

// text returns an element's text.
func (p *page) text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("read %s (%s): %v", sel, p.name, err)
	}
	return strings.TrimSpace(s)
}

// pickUnit types into a unit picker's search box and selects the unit.
func (p *page) pickUnit(form, name, search, unitID string) {
	p.t.Helper()
	sel := fmt.Sprintf(`%s [data-field=%q]`, form, name)
	p.do("pick unit "+search,
		chromedp.SendKeys(chromedp.CSS(sel+` input[type=search]`), search),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`%s select option[value=%q]`, sel, unitID))),
		chromedp.SetValue(chromedp.CSS(sel+` select`), unitID))
}

// shot saves a README screenshot when SIMASN_SCREENSHOTS is set.
func (p *page) shot(name string) {
	p.t.Helper()
	if p.d.shots == "" {
		return
	}
	// The whole page, up to 1,800 px, in a viewport that tall (so that the
	// sticky header stays on top).
	height := min(max(int64(eval[float64](p, `document.documentElement.scrollHeight`)), p.size[1]), 1800)
	p.do("grow for the screenshot", p.viewport(height), chromedp.Sleep(400*time.Millisecond))
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	p.do("restore the viewport", p.viewport(p.size[1]))
	if err := os.MkdirAll(p.d.shots, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.d.shots, name+".png"), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) saveFailure() {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("no failure screenshot of %s: %v", p.name, err)
		return
	}
	_ = os.MkdirAll(p.d.fails, 0o755)
	file := filepath.Join(p.d.fails, strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name()+"-"+p.name)+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.t.Logf("no failure screenshot of %s: %v", p.name, err)
		return
	}
	p.t.Logf("screenshot of %s at the failure: %s", p.name, file)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.problems {
		p.t.Logf("%s: %s", p.name, s)
	}
}

// unlabelled lists the visible form controls and buttons of the page that
// have no accessible name (GraphiQL's editor is not ours to judge).
const unlabelled = `location.pathname === '/graphiql' ? [] : [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
	.filter((e) => e.offsetParent !== null)
	.filter((e) => e.tagName === 'BUTTON'
		? !(e.textContent.trim() || e.getAttribute('aria-label'))
		: !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))
	.map((e) => e.outerHTML.slice(0, 120))`

// labelled fails the test if the page shows a control without a name.
func (p *page) labelled() {
	p.t.Helper()
	for _, html := range eval[[]string](p, unlabelled) {
		p.t.Errorf("%s: a control without a label: %s", p.name, html)
	}
}

// clean fails the test if the page logged errors or warnings, reached
// outside the server, or shows a control without a name.
func (p *page) clean() {
	p.t.Helper()
	p.labelled()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.problems {
		p.t.Errorf("%s: %s", p.name, s)
	}
	for _, u := range p.foreign {
		p.t.Errorf("%s requested %s, outside the server", p.name, u)
	}
}
