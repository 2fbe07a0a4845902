package scorecard_test

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/scorecard"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
	"github.com/backbone-coalition/backbone/weblink"
)

// bundle is a scorecard served over HTTP on the demo coalition.
type bundle struct {
	st    *store.Store
	links weblink.Links
	site  *httptest.Server
	now   time.Time
	// clock is the scorecard's and the links' time.
	clock *time.Time
}

func setup(t *testing.T) *bundle {
	t.Helper()
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	if _, err := sandbox.SeedDemo(context.Background(), st, now); err != nil {
		t.Fatal(err)
	}
	b := &bundle{st: st, now: now, clock: &now}
	clock := func() time.Time { return *b.clock }
	log := slog.New(slog.DiscardHandler)
	api := slack.New("xoxb-test", slack.OptionAPIURL("http://127.0.0.1:1/api/"))
	clients := workspace.New(workspace.Deps{Fallback: api, APIURL: "http://127.0.0.1:1/api/"})
	env := kit.Env{Store: st, Clients: clients, Log: log, Now: clock, HTTP: http.DefaultClient}
	dir := directory.New(directory.Deps{Store: st, Clients: clients, Log: log, Now: clock, DefaultTZ: time.UTC})
	ind := indicator.New(env, dir, recognition.New(env, dir))
	signer, err := weblink.New([]byte(strings.Repeat("s", 32)))
	if err != nil {
		t.Fatal(err)
	}
	b.links = weblink.Links{Signer: signer}
	ind.Web = b.links
	sc, err := scorecard.New(scorecard.Deps{Store: st, Indicators: ind, Signer: signer, Now: clock, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	b.site = httptest.NewServer(sc.Handler())
	t.Cleanup(b.site.Close)
	b.links.Base = b.site.URL
	return b
}

// browser is an HTTP client with its own cookies that does not follow
// redirects, so tests see them.
func (b *bundle) browser(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get fetches path and returns its status and body.
func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

// signIn signs c in as user through a fresh link.
func (b *bundle) signIn(t *testing.T, c *http.Client, user string) string {
	t.Helper()
	link, err := b.links.Link(sandbox.TeamID, user, *b.clock)
	if err != nil {
		t.Fatal(err)
	}
	status, body, h := get(t, c, link)
	if status != http.StatusSeeOther || h.Get("Location") != "/scorecard/" {
		t.Fatalf("sign-in: %d %s %q", status, h.Get("Location"), body)
	}
	return link
}

func TestSignInLinks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.browser(t)
	if status, body, _ := get(t, c, b.site.URL+"/scorecard/"); status != http.StatusUnauthorized || !strings.Contains(body, "/indicators web") {
		t.Fatalf("without a session: %d, want 401 saying how to sign in", status)
	}
	link := b.signIn(t, c, "U0DIANA")
	status, body, h := get(t, c, b.site.URL+"/scorecard/")
	if status != http.StatusOK || !strings.Contains(body, "Teens who vaped in the past 30 days") || !strings.Contains(body, "Valley Youth Health Coalition") {
		t.Fatalf("overview: %d\n%s", status, body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	// The same link again, from another browser: refused, with a new one offered.
	status, body, _ = get(t, b.browser(t), link)
	if status != http.StatusGone || !strings.Contains(body, "already used") || !strings.Contains(body, "Send me a new link") {
		t.Errorf("reused link: %d\n%s", status, body)
	}
	forged := strings.Replace(link, "t=", "t=x", 1)
	if status, body, _ := get(t, b.browser(t), forged); status != http.StatusUnauthorized || !strings.Contains(body, "This link isn") {
		t.Errorf("forged link: %d\n%s", status, body)
	}
	old, _ := b.links.Link(sandbox.TeamID, "U0SAM", b.now.Add(-16*time.Minute))
	status, body, _ = get(t, b.browser(t), old)
	if status != http.StatusGone || !strings.Contains(body, "expired") || !strings.Contains(body, "Send me a new link") {
		t.Errorf("expired link: %d\n%s", status, body)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	b := setup(t)
	link, _ := b.links.Link(sandbox.TeamID, "U0SAM", b.now)
	resp, err := b.browser(t).Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode || cookies[0].Secure {
		t.Fatalf("cookies %+v: want one HttpOnly, SameSite=Lax, not Secure on http", cookies)
	}
	// A forged cookie is no session.
	c := b.browser(t)
	u, _ := url.Parse(b.site.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "backbone_session", Value: "forged"}})
	if status, _, _ := get(t, c, b.site.URL+"/scorecard/indicators/teen-vaping"); status != http.StatusUnauthorized {
		t.Errorf("forged cookie: %d, want 401", status)
	}
}

func TestPartnerSeesOwnCellsOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.browser(t)
	b.signIn(t, c, "U0SAM") // Greenfield Public Schools reports Greenfield and Montague
	status, body, _ := get(t, c, b.site.URL+"/scorecard/indicators/teen-vaping")
	if status != http.StatusOK {
		t.Fatalf("indicator page: %d", status)
	}
	if dir := os.Getenv("PAGE_OUT"); dir != "" {
		_ = os.WriteFile(dir+"/sam.html", []byte(body), 0o644)
	}
	for _, want := range []string{"<h2 id=\"curve\">", "trend.svg", "Your organization's own values", "21.6%", "suppressed"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q on the page", want)
		}
	}
	rows := readCSV(t, c, b.site.URL+"/scorecard/indicators/teen-vaping/data.csv")
	cells := map[string]string{}
	for _, r := range rows {
		cells[r[0]+"|"+r[2]] = r[3]
	}
	if cells["segment town|Shelburne"] != "suppressed" || cells["own segment|town=Greenfield"] != "21.6%" && cells["own segment|Greenfield"] != "21.6%" {
		t.Errorf("csv cells: %v", cells)
	}
	for k, v := range cells {
		if strings.Contains(k, "Shelburne") && v != "suppressed" {
			t.Errorf("Sam sees Mohawk Trail's Shelburne cell: %s = %s", k, v)
		}
	}
	// Every town is one partner's: Sam may see none of them drawn.
	if status, _, _ := get(t, c, b.site.URL+"/scorecard/indicators/teen-vaping/segments/0.svg"); status != http.StatusNotFound {
		t.Errorf("Sam's segment chart: %d, want 404 (nothing he may see)", status)
	}
	staff := b.browser(t)
	b.signIn(t, staff, "U0DIANA")
	status, svg, h := get(t, staff, b.site.URL+"/scorecard/indicators/teen-vaping/segments/0.svg")
	if status != http.StatusOK || h.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, ">Shelburne<") || !strings.Contains(svg, ">Greenfield<") {
		t.Errorf("staff's segment chart: %d, want every town\n%.400s", status, svg)
	}
}

func TestPublicPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.browser(t)
	if status, body, _ := get(t, c, b.site.URL+"/public"); status != http.StatusOK || !strings.Contains(body, "No indicator is public yet") {
		t.Fatalf("/public before: %d\n%s", status, body)
	}
	page := b.site.URL + "/public/" + sandbox.TeamID + "/teen-vaping"
	if status, _, _ := get(t, c, page); status != http.StatusNotFound {
		t.Errorf("a private indicator's public page: %d, want 404", status)
	}
	ind, err := b.st.IndicatorByKey(context.Background(), sandbox.TeamID, "teen-vaping")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.st.InTx(context.Background(), func(tx *store.Tx) error { return tx.SetIndicatorPublic(context.Background(), ind.ID, true) }); err != nil {
		t.Fatal(err)
	}
	status, body, _ := get(t, c, b.site.URL+"/public")
	if status != http.StatusOK || !strings.Contains(body, "Teens who vaped") || strings.Contains(body, "Parents at prevention workshops") {
		t.Errorf("/public lists only public indicators: %d\n%s", status, body)
	}
	status, body, _ = get(t, c, page)
	if status != http.StatusOK || strings.Contains(body, "Your organization") || strings.Contains(body, "21.6%") || !strings.Contains(body, "suppressed") {
		t.Errorf("public page: %d, want coalition figures only\n%s", status, body)
	}
	if status, _, _ := get(t, c, b.site.URL+"/public/"+sandbox.TeamID+"/parent-workshops/data.csv"); status != http.StatusNotFound {
		t.Errorf("a private indicator's CSV: %d, want 404", status)
	}
}

func TestStoryFormNeedsCSRFAndStaff(t *testing.T) {
	t.Parallel()
	b := setup(t)
	staff := b.browser(t)
	b.signIn(t, staff, "U0DIANA")
	_, body, _ := get(t, staff, b.site.URL+"/scorecard/indicators/teen-vaping")
	csrf := between(body, `name="csrf" value="`, `"`)
	if csrf == "" {
		t.Fatal("no CSRF token on the page")
	}
	post := func(c *http.Client, form url.Values) int {
		resp, err := c.PostForm(b.site.URL+"/scorecard/indicators/teen-vaping/story", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(staff, url.Values{"story": {"forged"}}); got != http.StatusForbidden {
		t.Errorf("no CSRF token: %d, want 403", got)
	}
	if got := post(staff, url.Values{"story": {"Los niños del valle: vaping fell after the spring campaign."}, "csrf": {csrf}}); got != http.StatusSeeOther {
		t.Errorf("staff with token: %d, want 303", got)
	}
	_, body, _ = get(t, staff, b.site.URL+"/scorecard/indicators/teen-vaping")
	if !strings.Contains(body, "Los niños del valle") {
		t.Error("the story was not saved")
	}
	partner := b.browser(t)
	b.signIn(t, partner, "U0SAM")
	_, body, _ = get(t, partner, b.site.URL+"/scorecard/indicators/teen-vaping")
	if strings.Contains(body, "<textarea") {
		t.Error("a partner is offered the story form")
	}
}

func readCSV(t *testing.T, c *http.Client, u string) [][]string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	return rows
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

func TestHealthAndGroupsPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	steering := b.browser(t)
	b.signIn(t, steering, "U0ELLEN")
	status, body, _ := get(t, steering, b.site.URL+"/scorecard/health")
	if status != http.StatusOK || !strings.Contains(body, "Coalition health") || !strings.Contains(body, "Greenfield Public Schools") {
		t.Errorf("health for steering: %d\n%s", status, body)
	}
	rows := readCSV(t, steering, b.site.URL+"/scorecard/health.csv")
	if len(rows) < 2 || rows[0][0] != "partner" {
		t.Errorf("health csv: %v", rows)
	}
	partner := b.browser(t)
	b.signIn(t, partner, "U0SAM")
	if status, _, _ := get(t, partner, b.site.URL+"/scorecard/health"); status != http.StatusForbidden {
		t.Errorf("health for a partner: %d, want 403", status)
	}
	status, body, _ = get(t, partner, b.site.URL+"/scorecard/groups")
	if status != http.StatusOK || !strings.Contains(body, "Parent education") || !strings.Contains(body, "Open commitments") {
		t.Errorf("groups: %d\n%s", status, body)
	}
	if rows := readCSV(t, partner, b.site.URL+"/scorecard/groups.csv"); len(rows) < 2 {
		t.Errorf("groups csv: %v", rows)
	}
}
