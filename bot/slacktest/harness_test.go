package slacktest

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Unix(1700000000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// violations collects reported violations for tests that expect some.
type violations struct {
	mu   sync.Mutex
	errs []error
}

func (v *violations) add(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.errs = append(v.errs, err)
}

func (v *violations) list() []error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]error(nil), v.errs...)
}

// skipAck tells the test bot not to ack an envelope.
type skipAck struct{}

// testBot is a minimal Socket Mode app on slack-go: it acks every request at
// once with the payload ack returns, then hands the event to the test.
type testBot struct {
	api    *slack.Client
	sm     *socketmode.Client
	events chan socketmode.Event
}

func apiClient(s *Server) *slack.Client {
	o := s.Options()
	return slack.New(o.BotToken, slack.OptionAppLevelToken(o.AppToken), slack.OptionAPIURL(s.APIURL()))
}

func startBot(t *testing.T, s *Server, ack func(socketmode.Event) any) *testBot {
	t.Helper()
	b := &testBot{api: apiClient(s), events: make(chan socketmode.Event, 100)}
	b.sm = socketmode.New(b.api, socketmode.OptionLog(log.New(io.Discard, "", 0)))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.sm.RunContext(ctx) })
	wg.Go(func() { b.loop(ctx, ack) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

func (b *testBot) loop(ctx context.Context, ack func(socketmode.Event) any) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-b.sm.Events:
			if evt.Request == nil || evt.Type == socketmode.EventTypeHello {
				continue
			}
			var payload any
			if ack != nil {
				payload = ack(evt)
			}
			b.events <- evt // before the ack, so the test sees it once the ack is in
			if _, skip := payload.(skipAck); !skip {
				_ = b.sm.Ack(*evt.Request, payload)
			}
		}
	}
}

// next returns the next request the bot received.
func (b *testBot) next(t *testing.T, ctx context.Context) socketmode.Event {
	t.Helper()
	select {
	case evt := <-b.events:
		return evt
	case <-ctx.Done():
		t.Fatalf("no event: %v", ctx.Err())
		return socketmode.Event{}
	}
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// slackErr returns the Slack error code of err, or "".
func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// setup starts a fake with one user, one channel the bot is in, and
// violations failing the test.
func setup(t *testing.T, opts ...func(*Options)) *Server {
	t.Helper()
	s := New(t, opts...)
	s.AddUser(User{ID: "U1", Name: "ada", RealName: "Ada Lovelace", TZ: "Europe/London"})
	s.AddChannel(Channel{ID: "C1", Name: "general", Members: []string{"U1"}, BotIsMember: true})
	return s
}
