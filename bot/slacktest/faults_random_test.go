package slacktest

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// statuses posts n distinct messages and returns the status of each answer.
func statuses(t *testing.T, s *Server, n int) []int {
	t.Helper()
	api, ctx := apiClient(s), testCtx(t)
	from := len(s.Calls())
	for i := range n {
		_, _, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText(fmt.Sprintf("message %d", i), false))
	}
	var got []int
	for _, c := range s.Calls()[from:] {
		got = append(got, c.Status)
	}
	return got
}

func TestRandomFaultsShareAndSeed(t *testing.T) {
	t.Parallel()
	const n = 400
	faults := RandomFaults{Seed: 7, RateLimited: 0.3, ServerError: 0.1, Methods: []string{"chat.postMessage"}}
	runs := make([][]int, 2)
	for i := range runs {
		s := setup(t)
		s.SetRandomFaults(faults)
		runs[i] = statuses(t, s, n)
		limited, failed := s.RandomFaultCounts()
		count := map[int]int{}
		for _, st := range runs[i] {
			count[st]++
		}
		if count[http.StatusTooManyRequests] != limited || count[http.StatusInternalServerError] != failed ||
			count[http.StatusOK] != n-limited-failed {
			t.Errorf("statuses %v, counts %d×429 %d×500", count, limited, failed)
		}
		// 400 draws: 30% ± 7 points and 10% ± 5 points hold for any fair seed.
		if limited < 92 || limited > 148 || failed < 20 || failed > 60 {
			t.Errorf("%d×429 and %d×500 of %d calls, want about 120 and 40", limited, failed, n)
		}
		if c := s.Calls(); c[len(c)-1].Status == http.StatusOK && len(s.Messages()) != count[http.StatusOK] {
			t.Errorf("%d messages stored for %d successful posts", len(s.Messages()), count[http.StatusOK])
		}
	}
	if fmt.Sprint(runs[0]) != fmt.Sprint(runs[1]) {
		t.Error("the same seed gave different faults")
	}

	s := setup(t)
	s.SetRandomFaults(faults)
	s.SetRandomFaults(RandomFaults{})
	for _, st := range statuses(t, s, 20) {
		if st != http.StatusOK {
			t.Fatalf("status %d after the random mode was turned off", st)
		}
	}
}

func TestRandomFaultsSpareOtherMethods(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.SetRandomFaults(RandomFaults{Seed: 1, ServerError: 1, Methods: []string{"chat.update"}})
	if got := statuses(t, s, 5); fmt.Sprint(got) != "[200 200 200 200 200]" {
		t.Errorf("chat.postMessage statuses %v, want all 200", got)
	}
	s.SetRandomFaults(RandomFaults{Seed: 1, ServerError: 1})
	if _, _, err := apiClient(s).StartSocketModeContext(testCtx(t)); err != nil {
		t.Errorf("apps.connections.open failed in random mode: %v", err)
	}
}

func TestRetryAfterWindows(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := setup(t, func(o *Options) { o.Now = clock.Now })
	api, ctx := apiClient(s), testCtx(t)
	post := func(text string) error {
		_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(text, false))
		return err
	}
	s.FailNext("chat.postMessage", 1, http.StatusTooManyRequests, 2*time.Second)
	var rl *slack.RateLimitedError
	if err := post("first"); !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("first post: %v, want a 2 s rate limit", err)
	}
	clock.Advance(500 * time.Millisecond)
	if err := post("second"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(500 * time.Millisecond)
	if err := post("first"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if err := post("first"); err != nil {
		t.Fatal(err)
	}
	w := s.RetryAfterWindows()
	if len(w) != 1 || w[0].Limited.Params.Get("text") != "first" || w[0].Limited.RetryAfter != 2*time.Second {
		t.Fatalf("windows %+v, want the 2 s one of \"first\"", w)
	}
	if len(w[0].Repeats) != 1 || len(w[0].Others) != 1 || w[0].Others[0].Params.Get("text") != "second" {
		t.Errorf("during the window: repeats %+v, others %+v; want the retry of \"first\" at 1 s, and \"second\"",
			w[0].Repeats, w[0].Others)
	}
}

func TestDropSocketsLosingAcksRedelivers(t *testing.T) {
	t.Parallel()
	s := setup(t, func(o *Options) { o.PingInterval = 50 * time.Millisecond })
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	// Sent while acks are lost: handled, then redelivered after the drop.
	s.LoseAcks()
	acked := make(chan Ack, 1)
	go func() {
		ack, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone", Text: "once"})
		if err != nil {
			t.Error(err)
		}
		acked <- ack
	}()
	first := bot.next(t, ctx)
	if err := s.waitFor(ctx, func() bool { return s.st.lostAcks == 1 }); err != nil {
		t.Fatal(err)
	}
	s.DropSockets()
	again := bot.next(t, ctx)
	ack := <-acked
	if first.Request.EnvelopeID != ack.EnvelopeID || again.Request.EnvelopeID != ack.EnvelopeID ||
		first.Request.RetryAttempt != 0 || again.Request.RetryAttempt != 1 || again.Request.RetryReason != "timeout" {
		t.Errorf("deliveries %+v then %+v, want envelope %s twice, retry_attempt 0 then 1 (timeout)",
			first.Request, again.Request, ack.EnvelopeID)
	}
}

func TestEnvelopeIDsDifferBetweenServers(t *testing.T) {
	t.Parallel()
	a, b := setup(t), setup(t)
	if ea, eb := a.newEnvelope("x").id, b.newEnvelope("x").id; ea == eb {
		t.Errorf("both servers' first envelope is %s", ea)
	}
}
