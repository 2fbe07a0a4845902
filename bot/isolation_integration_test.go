package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// isolationStep is one user action of the replayed slice, run in both
// workspaces; {M} is the workspace's marker, {D} a due date.
type isolationStep struct {
	user, channel, command, text string
}

// isolationScript is a broad slice of the integration suite's actions, one
// or more per feature: commitments (record, list, meeting, away), shout-outs,
// coalition and membership, the audit log, the digest, indicators (list,
// export as a file), and status. Each runs with the same user and channel
// IDs in both workspaces.
var isolationScript = []isolationStep{
	{adminID, generalID, "/meeting", "start {M} planning"},
	{adminID, generalID, "/commit", "Book the {M} hall by {D}"},
	{partnerID, generalID, "/commit", "Send the {M} flyers by {D}"},
	{leadID, generalID, "/commit", "Draft the {M} MOU by {D}"},
	{adminID, generalID, "/meeting", "end"},
	{partnerID, generalID, "/commitments", "mine"},
	{adminID, generalID, "/commitments", ""},
	{adminID, generalID, "/shoutout", "<@U0LEAD|lee> Thank you for the {M} parent night!"},
	{adminID, generalID, "/backbone", "member <@U0STEER> away=2026-12-05"},
	{adminID, generalID, "/backbone", "member list"},
	{adminID, generalID, "/coalition", "who"},
	{adminID, generalID, "/backbone", "audit 20"},
	{adminID, generalID, "/backbone", "status"},
	{adminID, generalID, "/digest", "preview"},
	{adminID, generalID, "/indicators", ""},
	{adminID, generalID, "/indicators", "export"},
}

// TestWorkspacesStayApart replays isolationScript in the SLACK_BOT_TOKEN
// workspace and in an installed one that has the very same user and
// channel IDs, the two interleaved step by step, then a Home tab, a DM reply
// and a day of scheduled jobs in each. No message, view or file of one may
// reach the other, and no row of one team may carry the other's words.
func TestWorkspacesStayApart(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)} // a Monday
	m := setupMulti(t, func(o *multiOptions) { o.now, o.mirror = c.now, true })
	if status, page := newBrowser(t).install(m, secondTeam, adminID); status != http.StatusOK {
		t.Fatalf("install: %d\n%s", status, page)
	}
	workspaces := []struct {
		srv    *slacktest.Server
		team   string
		marker string
	}{{m.slack, m.slack.Options().TeamID, "alphaqx"}, {m.second, secondTeam, "bravoqx"}}
	for i, step := range isolationScript {
		var wg sync.WaitGroup
		for _, w := range workspaces {
			text := strings.NewReplacer("{M}", w.marker, "{D}", "2026-12-02").Replace(step.text)
			wg.Go(func() {
				got := commandOn(t, w.srv, m.web.URL, step.user, step.channel, step.command, text)
				if step.command == "/commit" && !strings.Contains(got, w.marker) {
					t.Errorf("step %d in %s, %s %s: the answer lacks the marker: %s", i, w.team, step.command, text, got)
				}
			})
		}
		wg.Wait()
	}
	for _, w := range workspaces {
		deliverHome(t, w.srv, m.web.URL, partnerID)
	}
	for at := c.now(); at.Before(time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)); at = at.Add(15 * time.Minute) {
		c.set(at)
		if err := m.sched.Tick(context.Background(), at); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return pendingOutbox(t, m.store) == 0 })
	for i, w := range workspaces {
		other := workspaces[1-i]
		if n := len(w.srv.Messages()); n < len(isolationScript) {
			t.Errorf("%s recorded only %d messages", w.team, n)
		}
		checkWorkspaceHas(t, w.srv, w.marker, other.marker)
		checkRowsHave(t, m.store, w.team, w.marker, other.marker)
	}
	reminders := 0
	for _, msg := range m.second.Messages() {
		if strings.Contains(msg.Text, "due soon") {
			reminders++
		}
	}
	if reminders == 0 {
		t.Error("the installed workspace got no reminder: the jobs did not run for it")
	}
}

func deliverHome(t *testing.T, srv *slacktest.Server, web, user string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	before := len(srv.Views())
	if rep, err := srv.HTTP(web).AppHomeOpened(ctx, user); err != nil || rep.Status != http.StatusOK {
		t.Fatalf("app_home_opened: %v (%d)", err, rep.Status)
	}
	waitFor(t, func() bool { return len(srv.Views()) > before })
}

// checkWorkspaceHas fails when anything the workspace got (a message, a
// view, a file) carries the other workspace's marker.
func checkWorkspaceHas(t *testing.T, srv *slacktest.Server, own, other string) {
	t.Helper()
	var seen []string
	for _, msg := range srv.Messages() {
		seen = append(seen, flatten(msg))
	}
	for _, v := range srv.Views() {
		seen = append(seen, string(v.JSON), string(v.Blocks), v.PrivateMetadata)
	}
	for _, f := range srv.Files() {
		seen = append(seen, string(f.Content), f.InitialComment, f.Title)
	}
	all := strings.Join(seen, "\n")
	if strings.Contains(all, other) {
		t.Errorf("%s received the other workspace's %q", srv.Options().TeamID, other)
	}
	if !strings.Contains(all, own) {
		t.Errorf("%s never saw its own %q: the check proves nothing", srv.Options().TeamID, own)
	}
}

// checkRowsHave fails when a row of team, in any table keyed by team,
// carries the other team's marker.
func checkRowsHave(t *testing.T, st *store.Store, team, own, other string) {
	t.Helper()
	rows, err := st.TeamRows(context.Background(), team)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for table := range rows {
		var texts []string
		if err := st.DB().Select(&texts, fmt.Sprintf(`SELECT t::text FROM %s t WHERE team_id = $1`, table), team); err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			if strings.Contains(s, other) {
				t.Errorf("%s's %s row holds the other team's %q: %.200s", team, table, other, s)
			}
			all.WriteString(s)
		}
	}
	if !strings.Contains(all.String(), own) {
		t.Errorf("%s's rows never hold its own %q: the check proves nothing", team, own)
	}
}
