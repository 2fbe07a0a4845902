package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// Users and channels every harness knows.
const (
	adminID    = "U0ADMIN"
	partnerID  = "U0PARTNER"
	steeringID = "U0STEER"
	leadID     = "U0LEAD"
	botUserID  = "U0BOTUSER"
	generalID  = "C0GENERAL"
	youthID    = "C0YOUTH"
	normsID    = "C0NORMS"
)

// harness is a bot connected over Socket Mode (and serving HTTP mode) to a
// fake Slack, on its own database, with its outbox worker running.
type harness struct {
	t *testing.T
	// sched runs the bot's jobs on the harness clock; nothing ticks it.
	sched *schedules.Scheduler
	slack *slacktest.Server
	store *store.Store
	bot   *bot.Bot
	http  *slacktest.HTTPClient
	logs  *testkit.SyncBuffer
	ctx   context.Context
}

type harnessOptions struct {
	dbURL string // a database URL; default a fresh one
	now   func() time.Time
	// hostile turns off checkShownText: the hostile corpus quotes back
	// literal markup people typed, escaped, which is right there.
	hostile bool
	// perChannel spaces the outbox's posts to one channel; default the
	// worker's second.
	perChannel time.Duration
}

func setup(t *testing.T, opts ...func(*harnessOptions)) *harness {
	t.Helper()
	o := harnessOptions{now: time.Now}
	for _, fn := range opts {
		fn(&o)
	}
	srv := slacktest.New(t)
	addPeople(srv)
	if o.dbURL == "" {
		o.dbURL = storetest.NewURL(t)
	}
	db, err := store.Open(context.Background(), o.dbURL)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	logs := &testkit.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sopts := srv.Options()
	api := slack.New(sopts.BotToken, slack.OptionAppLevelToken(sopts.AppToken), slack.OptionAPIURL(srv.APIURL()))
	sched := schedules.New(st, discardLog(), o.now, time.UTC)
	b := bot.New(bot.Deps{Store: st, API: api, Log: log, Now: o.now, SigningSecret: sopts.SigningSecret, Admins: []string{adminID}, Scheduler: sched})
	sched.Add(append(b.Jobs(), schedules.Housekeeping(schedules.DefaultOutboxRetention))...)
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, slack: srv, store: st, bot: b, sched: sched, logs: logs, ctx: ctx}
	web := httptest.NewServer(b.HTTPHandler())
	h.http = srv.HTTP(web.URL)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = b.RunSocketMode(ctx, socketmode.New(api)) }()
	worker := outbox.New(st, workspace.Single(api), log, time.Now, outbox.Options{Poll: 20 * time.Millisecond, BackoffBase: 20 * time.Millisecond, PerChannel: o.perChannel})
	go func() { defer wg.Done(); _ = worker.Run(ctx, nil) }()
	t.Cleanup(func() {
		cancel()
		web.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = b.Shutdown(sctx)
		wg.Wait()
		if !o.hostile {
			checkShownText(t, srv)
		}
		if strings.Contains(logs.String(), "xox") {
			t.Errorf("a token leaked into the logs:\n%s", logs.String())
		} else if t.Failed() {
			t.Logf("the bot's logs:\n%s", logs.String())
		}
	})
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := srv.WaitConnected(wctx); err != nil {
		t.Fatalf("bot never connected over Socket Mode: %v", err)
	}
	return h
}

func addPeople(srv *slacktest.Server) {
	for _, u := range []slacktest.User{
		{ID: adminID, Name: "ana", RealName: "Ana Staff", TZ: "America/New_York", TZOffset: -18000},
		{ID: partnerID, Name: "pat", RealName: "Pat Partner", TZ: "America/Los_Angeles", TZOffset: -28800},
		{ID: steeringID, Name: "sam", RealName: "Sam Steering", TZ: "Asia/Kolkata", TZOffset: 19800},
		{ID: leadID, Name: "lee", RealName: "Lee Lead", TZ: "Europe/Berlin", TZOffset: 3600},
		{ID: "U0ROBOT", Name: "robot", RealName: "Some Bot", IsBot: true},
		{ID: "U0GONE", Name: "gone", RealName: "Gone Person", Deleted: true},
	} {
		srv.AddUser(u)
	}
	members := []string{adminID, partnerID, steeringID, leadID}
	for _, c := range []slacktest.Channel{
		{ID: generalID, Name: "general", Members: members, BotIsMember: true},
		{ID: youthID, Name: "youth-recognition", Members: members, BotIsMember: true},
		{ID: normsID, Name: "community-norms", Members: members, BotIsMember: true},
	} {
		srv.AddChannel(c)
	}
}

func (h *harness) timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(h.ctx, 10*time.Second)
}

// command sends a slash command over Socket Mode and returns the text of
// the bot's answer through the response_url (text and blocks flattened).
func (h *harness) command(user, channel, command, text string) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: user, ChannelID: channel, Command: command, Text: text}); err != nil {
		h.t.Fatalf("%s %s: %v", command, text, err)
	}
	m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool {
		return m.ViaResponseURL && (m.User == user || m.InChannel && m.Channel == channel)
	})
	if err != nil {
		h.t.Fatalf("%s %s: no answer: %v", command, text, err)
	}
	return flatten(m)
}

// waitNew waits for a message recorded after the first `after` ones that
// matches. (The fake's WaitMessage calls match under its lock, so match
// could not look at the log itself.)
func (h *harness) waitNew(ctx context.Context, after int, match func(slacktest.Message) bool) (slacktest.Message, error) {
	for {
		msgs := h.slack.Messages()
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

// flatten is a message's text and every text in its blocks, for assertions.
func flatten(m slacktest.Message) string {
	var sb strings.Builder
	sb.WriteString(m.Text)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				sb.WriteString("\n" + s)
			}
			for k, c := range x {
				if k != "text" || !isString(c) {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var blocks any
	if json.Unmarshal(m.Blocks, &blocks) == nil {
		walk(blocks)
	}
	return sb.String()
}

func isString(v any) bool { _, ok := v.(string); return ok }

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("answer lacks %q:\n%s", w, got)
		}
	}
}

// runJob runs the bot's job name for r inside tx, as the scheduler would.
func runJob(ctx context.Context, h *harness, tx *store.Tx, name string, r schedules.Run) (int, error) {
	h.t.Helper()
	job, ok := h.sched.Job(name)
	if !ok {
		h.t.Fatalf("the bot has no job %q", name)
	}
	return job.Run(ctx, tx, r)
}

// checkShownText fails t for every message the bot sent, in every test,
// that would show people raw markup: a live broadcast, a mention escaped
// twice or kept with its label inside a quote, bold nested in bold.
func checkShownText(t *testing.T, srv *slacktest.Server) {
	t.Helper()
	for _, m := range srv.Messages() {
		for _, text := range append([]string{m.Text}, testkit.BlockTexts(m.Blocks)...) {
			for _, p := range testkit.ShownTextProblems(text) {
				t.Errorf("the bot sent %s (%s in %s)", p, m.Method, m.Channel)
			}
		}
	}
}
