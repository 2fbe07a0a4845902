package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// nested is JSON nested depth arrays deep.
func nested(depth int) json.RawMessage {
	return json.RawMessage(strings.Repeat("[", depth) + strings.Repeat("]", depth))
}

// withField returns the JSON object raw with one more field.
func withField(t *testing.T, raw []byte, key string, v any) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m[key] = v
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// slowAckHarness is setup's harness, but the fake Slack's complaints about
// late acks are collected in lateAcks instead of failing the test:
// slack-go reads and parses a whole envelope before the bot sees it, and
// for a 1 MiB one that takes seconds under the race detector on a busy
// machine (tens of milliseconds otherwise).
func slowAckHarness(t *testing.T) (*harness, *violationLog) {
	t.Helper()
	late := &violationLog{t: t}
	srv := slacktest.New(t, func(o *slacktest.Options) { o.Violations = late.add })
	addPeople(srv)
	db, err := store.Open(context.Background(), storetest.NewURL(t))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &testkit.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	api := slack.New(srv.Options().BotToken, slack.OptionAppLevelToken(srv.Options().AppToken), slack.OptionAPIURL(srv.APIURL()))
	b := bot.New(bot.Deps{Store: store.New(db), API: api, Log: log, Now: time.Now, Admins: []string{adminID}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.RunSocketMode(ctx, socketmode.New(api)) }()
	t.Cleanup(func() {
		cancel()
		<-done
		_ = b.Shutdown(context.Background())
		if t.Failed() {
			t.Logf("the bot's logs:\n%s", logs.String())
		}
	})
	h := &harness{t: t, slack: srv, store: store.New(db), bot: b, logs: logs, ctx: ctx}
	wctx, wcancel := h.timeout()
	defer wcancel()
	if err := srv.WaitConnected(wctx); err != nil {
		t.Fatalf("bot never connected over Socket Mode: %v", err)
	}
	return h, late
}

// violationLog fails the test on every violation but a late ack.
type violationLog struct {
	t        *testing.T
	mu       sync.Mutex
	lateAcks int
}

func (v *violationLog) add(err error) {
	if strings.Contains(err.Error(), "acked after") {
		v.mu.Lock()
		v.lateAcks++
		v.mu.Unlock()
		return
	}
	v.t.Errorf("slacktest: %v", err)
}

// TestOversizedOrDeepSocketEnvelopeIsRefused sends envelopes over Socket
// Mode that HTTP mode would refuse: a payload over 1 MiB, or JSON nested
// deeper than 64. Each is acked (or Slack would send it again), logged, and
// not handled; the connection stays up.
func TestOversizedOrDeepSocketEnvelopeIsRefused(t *testing.T) {
	t.Parallel()
	h, late := slowAckHarness(t)
	slash := func() []byte {
		form := h.slack.SlashForm(slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/coalition", Text: "help"})
		fields := map[string]string{}
		for k := range form {
			fields[k] = form.Get(k)
		}
		b, _ := json.Marshal(fields)
		return b
	}
	click := func() []byte {
		form, _ := url.ParseQuery(string(h.clickBody("nothing:here")))
		return []byte(form.Get("payload"))
	}
	event := func(id string) []byte { return h.eventBody(id, nil) }
	// padded grows payload to one byte over the limit.
	padded := func(payload []byte) []byte {
		over := withField(t, payload, "pad", "")
		return withField(t, payload, "pad", strings.Repeat("x", 1<<20+1-len(over)))
	}
	tests := []struct {
		name, envType string
		payload       []byte
	}{
		{"slash command of 1 MiB and a byte", "slash_commands", padded(slash())},
		{"slash command nested 100 deep", "slash_commands", withField(t, slash(), "pad", nested(100))},
		{"click of 1 MiB and a byte", "interactive", padded(click())},
		{"click nested 65 deep", "interactive", withField(t, click(), "pad", nested(64))},
		{"event of 1 MiB and a byte", "events_api", padded(event("Ev0BIG"))},
		{"event nested 1,000 deep", "events_api", withField(t, event("Ev0DEEP"), "pad", nested(1000))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(h.ctx, 60*time.Second)
			defer cancel()
			msgs := len(h.slack.Messages())
			if _, err := h.slack.RawEnvelope(ctx, tt.envType, tt.payload); err != nil {
				t.Fatalf("envelope not acked: %v", err)
			}
			if err := h.bot.WaitIdle(ctx); err != nil {
				t.Fatal(err)
			}
			if n := countRows(t, h, "slack_events") + countRows(t, h, "members"); n != 0 {
				t.Errorf("the envelope was handled: %d rows", n)
			}
			if got := h.slack.Messages()[msgs:]; len(got) != 0 {
				t.Errorf("the envelope was answered: %q", got[0].Text)
			}
		})
	}
	logs := h.logs.String()
	if got := strings.Count(logs, "socket mode: envelope refused"); got != len(tests) {
		t.Errorf("%d log lines for refused envelopes, want %d", got, len(tests))
	}
	if contains(logs, "connection lost") || h.slack.Connections() != 1 {
		t.Errorf("the connection did not stay up (%d open)", h.slack.Connections())
	}
	mustContain(t, h.command(partnerID, generalID, "/coalition", "help"), "/coalition")
	t.Logf("%d of %d envelopes acked after Slack's 3 s", late.lateAcks, len(tests))
}

// TestDeepJSONIsRefusedOverHTTP: HTTP mode already refuses bodies over
// 1 MiB; JSON nested deeper than 64 is refused with 400 before it is
// parsed, and never handled. Slack's own payloads nest a dozen levels.
func TestDeepJSONIsRefusedOverHTTP(t *testing.T) {
	t.Parallel()
	h := setup(t)
	clickWith := func(v any) []byte {
		form, _ := url.ParseQuery(string(h.clickBody("nothing:here")))
		return []byte(url.Values{"payload": {string(withField(t, []byte(form.Get("payload")), "pad", v))}}.Encode())
	}
	tests := []struct {
		name string
		req  signedPost
		want int
	}{
		{"event nested 65 deep", signedPost{"/slack/events", jsonType, h.eventBody("Ev0DEEP65", map[string]any{"pad": nested(64)})}, http.StatusBadRequest},
		{"event nested 200,000 deep", signedPost{"/slack/events", jsonType, h.eventBody("Ev0DEEPEST", map[string]any{"pad": "x"})}, http.StatusBadRequest},
		{"click nested 100 deep", signedPost{"/slack/interactive", formType, clickWith(nested(100))}, http.StatusBadRequest},
		{"event nested 20 deep", signedPost{"/slack/events", jsonType, h.eventBody("Ev0DEEP20", map[string]any{"pad": nested(18)})}, http.StatusOK},
		{"click nested 20 deep", signedPost{"/slack/interactive", formType, clickWith(nested(18))}, http.StatusOK},
	}
	// 200,000 levels fit in 1 MiB; json.Marshal would refuse to write them.
	tests[1].req.body = []byte(strings.Replace(string(tests[1].req.body), `"x"`, string(nested(200000)), 1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := h.timeout()
			defer cancel()
			hd := h.slack.SignedHeaders(tt.req.body)
			hd.Set("Content-Type", tt.req.contentType)
			r, err := h.http.Post(ctx, tt.req.path, tt.req.body, hd)
			if err != nil || r.Status != tt.want {
				t.Errorf("status %d err %v, want %d", r.Status, err, tt.want)
			}
		})
	}
	ctx, cancel := h.timeout()
	defer cancel()
	if err := h.bot.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	var deep int
	if err := h.store.DB().Get(&deep, `SELECT count(*) FROM slack_events WHERE event_id IN ('Ev0DEEP65', 'Ev0DEEPEST')`); err != nil || deep != 0 {
		t.Errorf("%d deep events handled (%v), want none", deep, err)
	}
}
