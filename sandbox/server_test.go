package sandbox_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// bundle is the page's server on the demo, with a stand-in bot (app)
// connected to the fake over Socket Mode.
type bundle struct {
	t     *testing.T
	slack *slacktest.Server
	clock *sandbox.Clock
	page  *httptest.Server
	app   *app
	ticks *ticker
}

func setup(t *testing.T) *bundle {
	t.Helper()
	clock := sandbox.NewClock(nil, 0)
	fake := slacktest.New(t, func(o *slacktest.Options) { o.TeamID = sandbox.TeamID; o.Now = clock.Now })
	sandbox.RegisterDemo(fake, clock.Now())
	st := store.New(storetest.NewDB(t))
	if _, err := sandbox.SeedDemo(context.Background(), st, clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := &bundle{t: t, slack: fake, clock: clock, ticks: &ticker{}}
	srv := sandbox.New(sandbox.Deps{Slack: fake, Store: st, Clock: clock, Ticker: b.ticks, Log: slog.New(slog.DiscardHandler),
		Commands: []sandbox.Command{{Name: "/coalition"}, {Name: "/backbone"}}})
	b.page = httptest.NewServer(srv)
	t.Cleanup(b.page.Close)
	t.Cleanup(srv.Close) // first: it ends the event streams
	b.app = startApp(t, fake)
	return b
}

// get decodes a GET of the page's API into v and returns the status.
func (b *bundle) get(path string, v any) int {
	b.t.Helper()
	res, err := http.Get(b.page.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	return res.StatusCode
}

// post sends body to the page's API and returns the status and answer.
func (b *bundle) post(path string, body any) (int, map[string]any) {
	b.t.Helper()
	raw, _ := json.Marshal(body)
	res, err := http.Post(b.page.URL+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

type message struct {
	TS        string `json:"ts"`
	User      string `json:"user"`
	Bot       bool   `json:"bot"`
	Text      string `json:"text"`
	Ephemeral bool   `json:"ephemeral"`
	Command   bool   `json:"command"`
}

func (b *bundle) conversation(channel, as string) (int, []message) {
	b.t.Helper()
	var out struct{ Messages []message }
	status := b.get("/api/conversation?channel="+channel+"&as="+as, &out)
	return status, out.Messages
}

// waitBotMessage waits until the fake recorded a message whose text
// contains want.
func (b *bundle) waitBotMessage(want string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := b.slack.WaitMessage(ctx, func(m slacktest.Message) bool { return strings.Contains(m.Text, want) }); err != nil {
		b.t.Fatalf("no bot message with %q: %v", want, err)
	}
}

func TestWorkspaceListsTheDemo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var ws struct {
		Name     string
		Users    []struct{ ID, Role, Partner string }
		Channels []struct {
			Name  string
			Group *struct{ Name, Lead string }
		}
	}
	if status := b.get("/api/workspace", &ws); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	roles := map[string]int{}
	for _, u := range ws.Users {
		roles[u.Role]++
	}
	groups := 0
	for _, c := range ws.Channels {
		if c.Group != nil && c.Group.Lead != "" {
			groups++
		}
	}
	if ws.Name != "Valley Youth Health Coalition" || len(ws.Users) != 27 || roles[""] != 1 || groups != 3 {
		t.Errorf("workspace %q: %d people, roles %v, %d channels with their group; want the demo", ws.Name, len(ws.Users), roles, groups)
	}
}

func TestCommandReachesTheBotEscaped(t *testing.T) {
	t.Parallel()
	b := setup(t)
	status, _ := b.post("/api/command", map[string]string{"as": "U0DIANA", "channel": "C0GENERAL", "text": "/coalition who @maria & #youth-recognition"})
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	want := "got who <@U0MARIA|maria> &amp; <#C0YOUTH|youth-recognition>"
	b.waitBotMessage(want)
	_, diana := b.conversation("C0GENERAL", "U0DIANA")
	_, maria := b.conversation("C0GENERAL", "U0MARIA")
	if len(diana) != 2 || !diana[0].Command || diana[1].Text != want || !diana[1].Ephemeral || !diana[1].Bot {
		t.Errorf("Diana sees %+v; want her command, then the bot's answer for her only", diana)
	}
	if len(maria) != 0 {
		t.Errorf("Maria sees %+v; want nothing (ephemeral)", maria)
	}
}

func TestUnknownCommandIsRefusedAsSlackDoes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	status, out := b.post("/api/command", map[string]string{"as": "U0DIANA", "channel": "C0GENERAL", "text": "/frobnicate now"})
	if status != http.StatusBadRequest || !strings.Contains(out["error"].(string), "/frobnicate is not a valid command") {
		t.Errorf("status %d, %v", status, out)
	}
	if calls := b.app.commands(); len(calls) != 0 {
		t.Errorf("the bot got %v", calls)
	}
}

func TestPeopleSeeOnlyWhatSlackShowsThem(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, channel, as string
		want              int
	}{
		{"own DM", b.slack.DMChannel("U0MARIA"), "U0MARIA", http.StatusOK},
		{"someone else's DM", b.slack.DMChannel("U0MARIA"), "U0DIANA", http.StatusForbidden},
		{"private channel, member", "C0BACKBONE", "U0DIANA", http.StatusOK},
		{"private channel, not a member", "C0BACKBONE", "U0MARIA", http.StatusForbidden},
		{"public channel, not a member", "C0STEERING", "U0MARIA", http.StatusOK},
		{"no such channel", "C0NOPE", "U0MARIA", http.StatusForbidden},
		{"no such person", "C0GENERAL", "U0NOBODY", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, _ := b.conversation(tt.channel, tt.as); status != tt.want {
				t.Errorf("status %d, want %d", status, tt.want)
			}
		})
	}
}

func TestModalErrorsStayUnderTheirInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.post("/api/command", map[string]string{"as": "U0DIANA", "channel": "C0GENERAL", "text": "/backbone setup"})
	view := b.modal("U0DIANA")
	submit := func(tz string) (int, map[string]any) {
		return b.post("/api/submit", map[string]any{"as": "U0DIANA", "view_id": view.View.ID,
			"values": map[string]any{"tz": map[string]any{"tz": map[string]string{"type": "plain_text_input", "value": tz}}}})
	}
	if status, out := submit("Mars/Base"); status != http.StatusOK || out["errors"] == nil {
		t.Fatalf("bad timezone: status %d, %v; want its error", status, out)
	}
	if again := b.modal("U0DIANA"); again.Errors["tz"] != "Use a real timezone" {
		t.Errorf("modal errors = %v; want the error under tz", again.Errors)
	}
	if status, out := submit("America/Chicago"); status != http.StatusOK || out["errors"] != nil {
		t.Fatalf("good timezone: status %d, %v", status, out)
	}
	var after struct{ View *json.RawMessage }
	if b.get("/api/modal?as=U0DIANA", &after); after.View != nil {
		t.Errorf("the modal is still open after a good submission")
	}
}

type modalJSON struct {
	View struct {
		ID, Hash string
	}
	Errors map[string]string
}

// modal waits for the person's open modal and returns it.
func (b *bundle) modal(as string) modalJSON {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := b.slack.WaitView(ctx, func(v slacktest.View) bool { return v.UserID == as && v.Method == "views.open" }); err != nil {
		b.t.Fatalf("no modal: %v", err)
	}
	var m modalJSON
	b.get("/api/modal?as="+as, &m)
	return m
}

func TestDMsReachTheBotAsEvents(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dm := b.slack.DMChannel("U0KEVIN")
	if status, out := b.post("/api/message", map[string]string{"as": "U0KEVIN", "channel": dm, "text": "done with the flyers"}); status != http.StatusOK {
		t.Fatalf("status %d, %v", status, out)
	}
	if got := b.app.messages(); len(got) != 1 || got[0] != "done with the flyers" {
		t.Errorf("the bot got %q; want the DM", got)
	}
	if _, msgs := b.conversation(dm, "U0KEVIN"); len(msgs) != 1 || msgs[0].User != "U0KEVIN" {
		t.Errorf("the DM shows %+v", msgs)
	}
}

func TestAdvancingTheClockTicksTheScheduler(t *testing.T) {
	t.Parallel()
	b := setup(t)
	status, out := b.post("/api/clock", map[string]string{"as": "U0PRIYA", "jump": "plus-1d"})
	if status != http.StatusOK || out["tz"] != "Asia/Kolkata" {
		t.Fatalf("status %d, %v", status, out)
	}
	if ran, _ := out["ran"].([]any); len(ran) != 1 {
		t.Errorf("the answer lists %v as run; want the one job the scheduler ran", out["ran"])
	}
	if off := b.clock.Offset(); off < 24*time.Hour-time.Second || off > 24*time.Hour {
		t.Errorf("clock offset %v, want a day", off)
	}
	if ticks := b.ticks.all(); len(ticks) != 1 || ticks[0].Sub(b.clock.Now()) > 0 || b.clock.Now().Sub(ticks[0]) > time.Minute {
		t.Errorf("ticks %v; want one at the new time %v", ticks, b.clock.Now())
	}
	if status, _ := b.post("/api/clock", map[string]string{"as": "U0PRIYA", "jump": "next-full-moon"}); status != http.StatusBadRequest {
		t.Errorf("unknown jump: status %d", status)
	}
}

func TestEventsStreamTellsOfChanges(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.page.URL+"/api/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := bufio.NewScanner(res.Body)
	next := func() string {
		for events.Scan() {
			if line := events.Text(); strings.HasPrefix(line, "event: ") {
				return line
			}
		}
		return "stream ended: " + errString(events.Err())
	}
	if got := next(); got != "event: change" {
		t.Fatalf("first event %q", got)
	}
	b.post("/api/message", map[string]string{"as": "U0KEVIN", "channel": "C0YOUTH", "text": "flyers are printed"})
	if got := next(); got != "event: change" {
		t.Errorf("after a message: %q", got)
	}
}

func errString(err error) string {
	if err == nil {
		return "EOF"
	}
	return err.Error()
}

// ticker records the scheduler's ticks.
type ticker struct {
	mu    sync.Mutex
	ticks []time.Time
}

func (tk *ticker) Tick(_ context.Context, now time.Time) error {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	tk.ticks = append(tk.ticks, now)
	return nil
}

// RunThrough records the move as a tick at its end; the scheduler's own
// tests run the slots (schedules.TestRunThroughRunsEverySlotPassed).
func (tk *ticker) RunThrough(_ context.Context, _, to time.Time, advance func(time.Time)) ([]schedules.Ran, error) {
	advance(to)
	return []schedules.Ran{{Job: "reminders", Zone: "Asia/Kolkata", At: to, Messages: 1}}, nil
}

func (tk *ticker) all() []time.Time {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	return append([]time.Time(nil), tk.ticks...)
}

// app stands in for the bot: it answers /coalition with the text it got,
// opens a modal for /backbone whose "tz" input it validates, and records
// the DMs it gets.
type app struct {
	api *slack.Client
	sm  *socketmode.Client

	mu    sync.Mutex
	cmds  []string
	inbox []string
}

func startApp(t *testing.T, fake *slacktest.Server) *app {
	t.Helper()
	o := fake.Options()
	api := slack.New(o.BotToken, slack.OptionAppLevelToken(o.AppToken), slack.OptionAPIURL(fake.APIURL()))
	a := &app{api: api, sm: socketmode.New(api)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.sm.RunContext(ctx) })
	wg.Go(func() { a.serve(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx); err != nil {
		t.Fatalf("stand-in bot not connected: %v", err)
	}
	return a
}

func (a *app) serve(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-a.sm.Events:
			a.handle(ctx, evt)
		}
	}
}

func (a *app) handle(ctx context.Context, evt socketmode.Event) {
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		a.sm.Ack(*evt.Request)
		a.command(ctx, data)
	case slack.InteractionCallback:
		a.sm.Ack(*evt.Request, a.validate(data))
	case slackevents.EventsAPIEvent:
		if m, ok := data.InnerEvent.Data.(*slackevents.MessageEvent); ok {
			a.mu.Lock()
			a.inbox = append(a.inbox, m.Text)
			a.mu.Unlock()
		}
		a.sm.Ack(*evt.Request)
	}
}

func (a *app) command(ctx context.Context, cmd slack.SlashCommand) {
	a.mu.Lock()
	a.cmds = append(a.cmds, cmd.Command+" "+cmd.Text)
	a.mu.Unlock()
	if cmd.Command == "/coalition" {
		_ = slack.PostWebhookContext(ctx, cmd.ResponseURL, &slack.WebhookMessage{Text: "got " + cmd.Text})
		return
	}
	in := slack.NewInputBlock("tz", slack.NewTextBlockObject(slack.PlainTextType, "Timezone", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "tz"))
	_, _ = a.api.OpenViewContext(ctx, cmd.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "setup",
		Title:  slack.NewTextBlockObject(slack.PlainTextType, "Setup", false, false),
		Submit: slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{in}}})
}

// validate answers a view submission: errors for a bad timezone.
func (a *app) validate(cb slack.InteractionCallback) any {
	if cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	if _, err := time.LoadLocation(cb.View.State.Values["tz"]["tz"].Value); err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"tz": "Use a real timezone"})
	}
	return nil
}

func (a *app) commands() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.cmds...)
}

func (a *app) messages() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.inbox...)
}
