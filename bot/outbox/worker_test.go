package outbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const team = "T0BACKBONE"

type bundle struct {
	slack *slacktest.Server
	store *store.Store
	api   *slack.Client
}

func setup(t *testing.T, channels ...string) bundle {
	t.Helper()
	srv := slacktest.New(t)
	for _, c := range channels {
		srv.AddChannel(slacktest.Channel{ID: c, Name: "chan-" + c, BotIsMember: true})
	}
	o := srv.Options()
	api := slack.New(o.BotToken, slack.OptionAPIURL(srv.APIURL()))
	return bundle{slack: srv, store: store.New(storetest.NewDB(t)), api: api}
}

// run starts a worker until the test ends.
func (b bundle) run(t *testing.T, opts outbox.Options) {
	t.Helper()
	if opts.Poll == 0 {
		opts.Poll = 10 * time.Millisecond
	}
	if opts.BackoffBase == 0 {
		opts.BackoffBase = 10 * time.Millisecond
	}
	w := outbox.New(b.store, workspace.Single(b.api), slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx, nil) }()
	t.Cleanup(func() { cancel(); <-done })
}

func (b bundle) enqueue(t *testing.T, key, channel string) {
	t.Helper()
	m, err := outbox.Message(team, key, channel, "message "+key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Enqueue(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

// waitStatus waits until the row's status is want.
func (b bundle) waitStatus(t *testing.T, key, want string) store.OutboxStatus {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		st, err := b.store.OutboxByKey(context.Background(), team, key)
		if err == nil && st.Status == want {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("row %s: status %q (err %v), want %q", key, st.Status, err, want)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition
	}
}

func (b bundle) posts(text string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range b.slack.Calls() {
		if c.Method == "chat.postMessage" && c.Params.Get("text") == text {
			out = append(out, c)
		}
	}
	return out
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	b.slack.FailNext("chat.postMessage", 1, 429, 2*time.Second)
	b.run(t, outbox.Options{})
	b.enqueue(t, "k429", "C1")
	st := b.waitStatus(t, "k429", "sent")
	calls := b.posts("message k429")
	if len(calls) != 2 || st.Attempts != 1 {
		t.Fatalf("calls=%d attempts=%d, want one 429 (not counted as an attempt) then one success", len(calls), st.Attempts)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 2*time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 2", gap)
	}
	if n := countSent(b.slack, "message k429"); n != 1 {
		t.Errorf("delivered %d times", n)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	b.slack.FailNext("chat.postMessage", 3, 500, 0)
	b.run(t, outbox.Options{})
	b.enqueue(t, "k500", "C1")
	st := b.waitStatus(t, "k500", "sent")
	if len(b.posts("message k500")) != 4 || st.Attempts != 4 {
		t.Errorf("calls=%d attempts=%d, want three 500s then a success", len(b.posts("message k500")), st.Attempts)
	}
	if n := countSent(b.slack, "message k500"); n != 1 {
		t.Errorf("delivered %d times", n)
	}
	if st.TS == "" {
		t.Error("the ts Slack returned was not recorded")
	}
}

func TestPermanentErrorsFailAtOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	b.run(t, outbox.Options{})
	tests := []struct{ key, channel, reason string }{
		{"unknown-channel", "C0NOWHERE", "channel_not_found"},
		{"injected", "C1", "is_archived"},
	}
	for _, tt := range tests {
		if tt.key == "injected" {
			b.slack.FailWithError("chat.postMessage", 1, "is_archived")
		}
		b.enqueue(t, tt.key, tt.channel)
		st := b.waitStatus(t, tt.key, "failed")
		if st.LastError != tt.reason || st.Attempts != 1 {
			t.Errorf("%s: reason %q after %d attempts, want %q after 1", tt.key, st.LastError, st.Attempts, tt.reason)
		}
	}
	if n := len(b.posts("message unknown-channel")); n != 1 {
		t.Errorf("a permanent failure was tried %d times", n)
	}
}

func TestSameKeyIsQueuedOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	b.enqueue(t, "once", "C1")
	b.enqueue(t, "once", "C1")
	if n, _ := b.store.OutboxPending(context.Background()); n != 1 {
		t.Errorf("%d rows pending for one key", n)
	}
}

func TestPostsToOneChannelAreSpaced(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	for i := range 3 {
		b.enqueue(t, fmt.Sprintf("paced-%d", i), "C1")
	}
	b.run(t, outbox.Options{PerChannel: 300 * time.Millisecond})
	b.waitStatus(t, "paced-2", "sent")
	var at []time.Time
	for _, c := range b.slack.Calls() {
		if c.Method == "chat.postMessage" {
			at = append(at, c.At)
		}
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < 300*time.Millisecond {
			t.Errorf("posts %d and %d to one channel %v apart", i-1, i, gap)
		}
	}
}

func TestTwoWorkersDeliverEachRowOnce(t *testing.T) {
	t.Parallel()
	const rows, channels = 1000, 50
	var ids []string
	for c := range channels {
		ids = append(ids, fmt.Sprintf("C%03d", c))
	}
	b := setup(t, ids...)
	msgs := make([]store.OutboxMessage, 0, rows)
	for i := range rows {
		m, err := outbox.Message(team, fmt.Sprintf("bulk-%d", i), ids[i%channels], fmt.Sprintf("bulk %d", i), nil)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	err := b.store.InTx(context.Background(), func(tx *store.Tx) error {
		for _, m := range msgs {
			if _, err := tx.Enqueue(context.Background(), m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := outbox.Options{PerChannel: time.Millisecond, Concurrency: 8}
	b.run(t, opts)
	b.run(t, opts)
	start := time.Now()
	deadline := start.Add(60 * time.Second)
	for {
		n, err := b.store.OutboxPending(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d rows still pending", n)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	t.Logf("two workers delivered %d rows in %v", rows, time.Since(start))
	seen := map[string]int{}
	for _, m := range b.slack.Messages() {
		seen[m.Text]++
	}
	for i := range rows {
		if n := seen[fmt.Sprintf("bulk %d", i)]; n != 1 {
			t.Errorf("row %d delivered %d times", i, n)
		}
	}
}

// countSent counts the messages with text the fake accepted.
func countSent(srv *slacktest.Server, text string) int {
	n := 0
	for _, m := range srv.Messages() {
		if m.Text == text {
			n++
		}
	}
	return n
}

// sends counts the deliveries a worker reports, by method and outcome.
type sends struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *sends) Sent(method, outcome string, _ time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n[method+" "+outcome]++
}

func (s *sends) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[key]
}

// The worker reports each delivery with its outcome, a 429 included.
func TestWorkerReportsEachSend(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1", "C2")
	b.slack.FailNext("chat.postMessage", 1, 429, time.Second)
	b.slack.FailWithError("chat.postMessage", 1, "channel_not_found")
	obs := &sends{n: map[string]int{}}
	b.enqueue(t, "a", "C1")
	b.run(t, outbox.Options{Observer: obs, Concurrency: 1})
	b.waitStatus(t, "a", "failed")
	b.enqueue(t, "b", "C2")
	b.waitStatus(t, "b", "sent")
	want := map[string]int{"chat.postMessage rate_limited": 1, "chat.postMessage permanent_error": 1, "chat.postMessage ok": 1}
	for k, n := range want {
		if got := obs.count(k); got != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got, n, obs.n)
		}
	}
}
