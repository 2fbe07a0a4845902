package bot_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// TestInstallUseUninstallReinstall goes through a coalition's whole life
// with Backbone through the fake Slack: Add to Slack, a welcome DM and the
// staff role for the installer, a command answered, an uninstall that
// stops all sending at once (the pending message cancelled, never sent),
// and a reinstall that finds the coalition's data with a new token.
func TestInstallUseUninstallReinstall(t *testing.T) {
	t.Parallel()
	m := setupMulti(t)
	ctx := context.Background()

	status, page := newBrowser(t).install(m, secondTeam, secondStaff)
	if status != http.StatusOK || !strings.Contains(page, "early-years") {
		t.Fatalf("the install ended on %d:\n%s", status, page)
	}
	in, err := m.store.Installation(ctx, secondTeam)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(in.BotToken), "xoxb") || in.InstallerID != secondStaff || !strings.Contains(in.Scopes, "chat:write") || in.KeyID != m.keys.PrimaryID() {
		t.Errorf("installation stored as %+v", in)
	}
	waitDM(t, m.second, secondStaff, "/backbone setup")
	if staff, err := m.store.Member(ctx, secondTeam, secondStaff); err != nil || staff.Role != store.RoleBackbone {
		t.Errorf("the installer is %+v (%v), want backbone staff", staff, err)
	}
	if got := commandOn(t, m.second, m.web.URL, secondStaff, secondGeneral, "/commit", "Send the survey draft by "+time.Now().AddDate(0, 1, 0).Format(time.DateOnly)); !strings.Contains(got, "📌") {
		t.Fatalf("/commit in the installed workspace: %s", got)
	}
	if len(m.slack.Messages()) != 0 {
		t.Errorf("the env-token workspace got %d messages of the installed one", len(m.slack.Messages()))
	}

	// A message that Slack keeps refusing stays pending; the uninstall
	// must cancel it rather than let it be retried.
	m.second.FailNext("chat.postMessage", 1000, http.StatusInternalServerError, 0)
	queueDM(t, m, secondTeam, secondPartner, "stuck")
	waitCall(t, m.second, "chat.postMessage", http.StatusInternalServerError)
	m.second.Revoke()
	deliverEvent(t, m.second, m.web.URL, m.second.AppUninstalledEvent())
	waitFor(t, func() bool {
		in, err := m.store.Installation(ctx, secondTeam)
		return err == nil && in.UninstalledAt != nil
	})
	if st, _ := m.store.OutboxByKey(ctx, secondTeam, "test:stuck"); st.Status != "cancelled" {
		t.Errorf("the pending message is %q after the uninstall, want cancelled", st.Status)
	}
	calls := len(m.second.Calls())
	queueDM(t, m, secondTeam, secondPartner, "after") // a job racing the uninstall
	waitFor(t, func() bool {
		st, _ := m.store.OutboxByKey(ctx, secondTeam, "test:after")
		return st.Status == "cancelled"
	})
	if later := m.second.Calls()[calls:]; len(later) != 0 {
		t.Errorf("%d Web API calls reached the workspace after its uninstall, first %s", len(later), later[0].Method)
	}
	if teams, _ := m.store.Teams(ctx); slices.Contains(teams, secondTeam) {
		t.Errorf("the scheduler still lists the uninstalled team: %v", teams)
	}

	m.second.ClearFaults("chat.postMessage")
	status, page = newBrowser(t).install(m, secondTeam, secondStaff)
	if status != http.StatusOK {
		t.Fatalf("the reinstall ended on %d:\n%s", status, page)
	}
	again, _ := m.store.Installation(ctx, secondTeam)
	if again.UninstalledAt != nil || string(again.BotToken) == string(in.BotToken) || !again.InstalledAt.Equal(in.InstalledAt) {
		t.Errorf("after the reinstall: %+v", again)
	}
	waitDMs(t, m.second, secondStaff, "/backbone setup", 2)
	if got := commandOn(t, m.second, m.web.URL, secondStaff, secondGeneral, "/commitments", "mine"); !strings.Contains(got, "survey draft") {
		t.Errorf("the reinstalled coalition lost its commitment: %s", got)
	}
}

// TestInstallRefusesForgedReplayedAndForeignRedirects: the redirect works
// once, in the browser that started it, with a code of this app.
func TestInstallRefusesForgedReplayedAndForeignRedirects(t *testing.T) {
	t.Parallel()
	m := setupMulti(t)
	ctx := context.Background()
	redirect := m.web.URL + "/slack/oauth_redirect"

	b := newBrowser(t)
	consent := b.consentURL(m)
	state := mustParse(t, consent).Query().Get("state")
	code, _ := m.slack.Authorize(secondTeam, secondStaff, "commands")
	for _, tc := range []struct {
		name string
		b    *browser
		url  string
	}{
		{"forged state", b, redirect + "?" + url.Values{"state": {"made-up"}, "code": {code}}.Encode()},
		{"state of another browser", newBrowser(t), redirect + "?" + url.Values{"state": {state}, "code": {code}}.Encode()},
	} {
		if status, page := tc.b.get(tc.url); status != http.StatusBadRequest || !strings.Contains(page, "expired, was already used, or was started in another browser") {
			t.Errorf("%s: %d\n%s", tc.name, status, page)
		}
	}

	// A code Slack issued to another app, on a genuine state.
	b = newBrowser(t)
	foreign := withParams(b.consentURL(m), url.Values{"client_id": {"another-app"}, "team": {secondTeam}, "user": {secondStaff}})
	if status, page := b.get(foreign); status != http.StatusBadRequest || !strings.Contains(page, "invalid_code") {
		t.Errorf("a code for another client: %d\n%s", status, page)
	}

	// The genuine flow, then its redirect replayed in the same browser.
	b = newBrowser(t)
	consent = withParams(b.consentURL(m), url.Values{"team": {secondTeam}, "user": {secondStaff}})
	stop := &http.Client{Jar: b.client.Jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := stop.Get(consent)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if status, _ := b.get(back); status != http.StatusOK {
		t.Fatalf("the genuine install: %d", status)
	}
	if status, _ := b.get(back); status != http.StatusBadRequest {
		t.Errorf("the replayed redirect answered %d, want 400", status)
	}
	if status, page := newBrowser(t).get(redirect + "?error=access_denied&state=x"); status != http.StatusOK || !strings.Contains(page, "cancelled") {
		t.Errorf("a cancelled install: %d\n%s", status, page)
	}
	list, _ := m.store.Installations(ctx)
	if len(list) != 1 {
		t.Errorf("%d installations, want the one genuine", len(list))
	}
	checkNoToken(t, "the bot's logs", m.logs.String(), m.slack, m.second)
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// queueDM queues a DM for user in team as a job would.
func queueDM(t *testing.T, m *multi, team, user, key string) {
	t.Helper()
	if _, err := m.store.Enqueue(context.Background(), store.OutboxMessage{TeamID: team, DedupeKey: "test:" + key, Channel: user, Payload: []byte(`{"text":"` + key + `"}`)}); err != nil {
		t.Fatal(err)
	}
}

func deliverEvent(t *testing.T, srv *slacktest.Server, web string, ev map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if rep, err := srv.HTTP(web).Event(ctx, ev); err != nil || rep.Status != http.StatusOK {
		t.Fatalf("deliver %v: %v (%d)", ev["type"], err, rep.Status)
	}
}

func waitCall(t *testing.T, srv *slacktest.Server, method string, status int) {
	t.Helper()
	waitFor(t, func() bool {
		for _, c := range srv.Calls() {
			if c.Method == method && c.Status == status {
				return true
			}
		}
		return false
	})
}

func waitDM(t *testing.T, srv *slacktest.Server, user, text string) {
	t.Helper()
	waitDMs(t, srv, user, text, 1)
}

// waitDMs waits until user got n DMs containing text.
func waitDMs(t *testing.T, srv *slacktest.Server, user, text string, n int) {
	t.Helper()
	waitFor(t, func() bool {
		got := 0
		for _, msg := range srv.Messages() {
			if msg.User == user && !msg.Ephemeral && !msg.ViaResponseURL && strings.Contains(flatten(msg), text) {
				got++
			}
		}
		return got >= n
	})
}
