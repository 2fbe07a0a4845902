package bot_test

import (
	"context"
	"crypto/rand"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/install"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// The second workspace of the multi-workspace tests, installed with "Add
// to Slack"; the primary (slacktest's default team) is the SLACK_BOT_TOKEN
// workspace with the usual harness people.
const (
	secondTeam    = "T0SECOND"
	secondStaff   = "U2STAFF"
	secondPartner = "U2PARTNER"
	secondGeneral = "C2GENERAL"
)

// multi is a bot in HTTP mode with "Add to Slack", serving the primary
// workspace by its env token and any number of installed ones.
type multi struct {
	t      *testing.T
	slack  *slacktest.Server
	second *slacktest.Server
	store  *store.Store
	bot    *bot.Bot
	sched  *schedules.Scheduler
	web    *httptest.Server
	logs   *testkit.SyncBuffer
	keys   *secret.Keyring
}

type multiOptions struct {
	dbURL string
	now   func() time.Time
	// noWorker leaves the outbox to replicas the test starts.
	noWorker bool
	// mirror gives the second workspace the primary's people and channels,
	// with the same IDs: a query that forgets the team shows at once.
	mirror bool
}

func setupMulti(t *testing.T, opts ...func(*multiOptions)) *multi {
	t.Helper()
	o := multiOptions{now: time.Now}
	for _, fn := range opts {
		fn(&o)
	}
	// The fake signs requests on the bot's clock, which checks their age.
	srv := slacktest.New(t, func(so *slacktest.Options) { so.Now = o.now })
	addPeople(srv)
	second := srv.AddWorkspace(slacktest.Workspace{TeamID: secondTeam, TeamDomain: "early-years"})
	addSecondPeople(second)
	if o.mirror {
		addPeople(second)
	}
	if o.dbURL == "" {
		o.dbURL = storetest.NewURL(t)
	}
	db, err := store.Open(context.Background(), o.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := &multi{t: t, slack: srv, second: second, store: store.New(db), logs: &testkit.SyncBuffer{}, keys: newKeys(t)}
	log := slog.New(slog.NewTextHandler(m.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var handler http.Handler
	m.web = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	m.bot, m.sched = m.newBot(m.store, log, o.now, m.web.URL)
	handler = m.bot.HTTPHandler()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	if !o.noWorker {
		worker := outbox.New(m.store, m.clients(m.store), log, time.Now, outbox.Options{Poll: 20 * time.Millisecond, BackoffBase: 20 * time.Millisecond})
		wg.Go(func() { _ = worker.Run(ctx, nil) })
	}
	t.Cleanup(func() {
		cancel()
		m.web.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = m.bot.Shutdown(sctx)
		wg.Wait()
		checkNoToken(t, "the bot's logs", m.logs.String(), srv, second)
		if t.Failed() {
			t.Logf("the bot's logs:\n%s", m.logs.String())
		}
	})
	return m
}

// newBot builds a bot (a replica) on st, a pool on m's database, and m's
// fake Slack; publicURL is where it is reached.
func (m *multi) newBot(st *store.Store, log *slog.Logger, now func() time.Time, publicURL string) (*bot.Bot, *schedules.Scheduler) {
	sched := schedules.New(st, discardLog(), now, time.UTC)
	o := m.slack.Options()
	b := bot.New(bot.Deps{Store: st, API: m.primaryAPI(), Clients: m.clients(st), Log: log, Now: now, SigningSecret: o.SigningSecret,
		Admins: []string{adminID}, Scheduler: sched, Keys: m.keys,
		Install: &install.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, PublicURL: publicURL, APIURL: m.slack.APIURL()}})
	sched.Add(append(b.Jobs(), schedules.Housekeeping(schedules.DefaultOutboxRetention))...)
	return b, sched
}

func (m *multi) primaryAPI() *slack.Client {
	return slack.New(m.slack.Options().BotToken, slack.OptionAPIURL(m.slack.APIURL()))
}

func (m *multi) clients(st *store.Store) *workspace.Clients {
	return workspace.New(workspace.Deps{Store: st, Keys: m.keys, Fallback: m.primaryAPI(), APIURL: m.slack.APIURL()})
}

func newKeys(t *testing.T) *secret.Keyring {
	t.Helper()
	raw := make([]byte, secret.KeySize)
	_, _ = rand.Read(raw)
	k, err := secret.NewKeyring(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addSecondPeople(srv *slacktest.Server) {
	for _, u := range []slacktest.User{
		{ID: secondStaff, Name: "ines", RealName: "Ines Installer", TZ: "Pacific/Auckland", TZOffset: 46800},
		{ID: secondPartner, Name: "olu", RealName: "Olu Partner", TZ: "Africa/Lagos", TZOffset: 3600},
	} {
		srv.AddUser(u)
	}
	srv.AddChannel(slacktest.Channel{ID: secondGeneral, Name: "general", Members: []string{secondStaff, secondPartner}, BotIsMember: true})
}

// browser is an installer's browser: it keeps cookies and follows Slack's
// redirect back to the bot.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (b *browser) get(u string) (int, string) {
	b.t.Helper()
	resp, err := b.client.Get(u)
	if err != nil {
		b.t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var addButton = regexp.MustCompile(`id="add-to-slack" href="([^"]+)"`)

// consentURL opens the install page and returns its Add to Slack link.
func (b *browser) consentURL(m *multi) string {
	b.t.Helper()
	status, page := b.get(m.web.URL + "/slack/install")
	link := addButton.FindStringSubmatch(page)
	if status != http.StatusOK || link == nil {
		b.t.Fatalf("install page: %d\n%s", status, page)
	}
	return html.UnescapeString(link[1])
}

// install goes through the whole "Add to Slack" flow for team as user and
// returns the final page.
func (b *browser) install(m *multi, team, user string) (int, string) {
	b.t.Helper()
	return b.get(withParams(b.consentURL(m), url.Values{"team": {team}, "user": {user}}))
}

func withParams(u string, extra url.Values) string {
	parsed, _ := url.Parse(u)
	q := parsed.Query()
	for k, v := range extra {
		q[k] = v
	}
	parsed.RawQuery = q.Encode()
	return parsed.String()
}

// commandOn sends a slash command to the bot over HTTP as workspace srv,
// and returns its answer through the response_url.
func commandOn(t *testing.T, srv *slacktest.Server, web, user, channel, command, text string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	before := len(srv.Messages())
	rep, err := srv.HTTP(web).SlashCommand(ctx, slacktest.Slash{UserID: user, ChannelID: channel, Command: command, Text: text})
	if err != nil || rep.Status != http.StatusOK {
		t.Fatalf("%s %s: %v (status %d)", command, text, err, rep.Status)
	}
	msg, err := waitMessage(ctx, srv, before, func(m slacktest.Message) bool {
		return m.ViaResponseURL && (m.User == user || m.InChannel && m.Channel == channel)
	})
	if err != nil {
		t.Fatalf("%s %s: no answer: %v", command, text, err)
	}
	return flatten(msg)
}

// waitMessage waits for a message of srv, recorded after the first
// `after`, that matches.
func waitMessage(ctx context.Context, srv *slacktest.Server, after int, match func(slacktest.Message) bool) (slacktest.Message, error) {
	for {
		msgs := srv.Messages()
		for _, m := range msgs[min(after, len(msgs)):] {
			if match(m) {
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return slacktest.Message{}, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// checkNoToken fails t when text holds any bot token of the workspaces, or
// anything shaped like one.
func checkNoToken(t *testing.T, what, text string, servers ...*slacktest.Server) {
	t.Helper()
	for _, s := range servers {
		if tok := s.BotToken(); strings.Contains(text, tok) {
			t.Errorf("%s hold the bot token of %s", what, s.Options().TeamID)
		}
	}
	if strings.Contains(text, "xoxb-") || strings.Contains(text, "xapp-") {
		t.Errorf("%s hold something shaped like a token:\n%s", what, text)
	}
}
