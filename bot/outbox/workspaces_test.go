package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
)

// clientsByTeam gives each team its own client: package workspace's
// Clients without a database.
type clientsByTeam map[string]*slack.Client

func (c clientsByTeam) Client(_ context.Context, team string) (*slack.Client, error) {
	if api, ok := c[team]; ok {
		return api, nil
	}
	return nil, workspace.ErrNotInstalled
}

// TestOneWorkspacesRetryAfterDoesNotHoldAnother: a 429 with a 30 s
// Retry-After in one workspace holds that workspace's messages only; the
// other's go out at once.
func TestOneWorkspacesRetryAfterDoesNotHoldAnother(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	second := b.slack.AddWorkspace(slacktest.Workspace{TeamID: "T0OTHER"})
	second.AddChannel(slacktest.Channel{ID: "C2", BotIsMember: true})
	code, _ := b.slack.Authorize("T0OTHER", "U1", "chat:write")
	o := b.slack.Options()
	resp, err := slack.GetOAuthV2ResponseContext(context.Background(), &http.Client{Timeout: 5 * time.Second}, o.ClientID, o.ClientSecret, code, "", slack.OAuthOptionAPIURL(b.slack.APIURL()))
	if err != nil {
		t.Fatal(err)
	}
	clients := clientsByTeam{team: b.api, "T0OTHER": slack.New(resp.AccessToken, slack.OptionAPIURL(b.slack.APIURL()))}
	b.slack.FailNext("chat.postMessage", 1, 429, 30*time.Second)
	w := outbox.New(b.store, clients, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now, outbox.Options{Poll: 10 * time.Millisecond, BackoffBase: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx, nil) }()
	t.Cleanup(func() { cancel(); <-done })

	b.enqueue(t, "storm", "C1")
	waitRow(t, b.store, team, "storm", func(st store.OutboxStatus) bool { return st.LastError == "rate limited" })
	b.enqueue(t, "held", "C1")
	for _, key := range []string{"other-1", "other-2"} {
		m, _ := outbox.Message("T0OTHER", key, "C2", key, nil)
		if _, err := b.store.Enqueue(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	began := time.Now()
	for _, key := range []string{"other-1", "other-2"} {
		waitRow(t, b.store, "T0OTHER", key, func(st store.OutboxStatus) bool { return st.Status == "sent" })
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("the other workspace's messages took %v behind a 30 s Retry-After", took)
	}
	for _, key := range []string{"storm", "held"} {
		if st, _ := b.store.OutboxByKey(context.Background(), team, key); st.Status != "pending" {
			t.Errorf("%s is %s inside its workspace's Retry-After, want pending", key, st.Status)
		}
	}
	if n := len(second.Messages()); n != 2 {
		t.Errorf("the other workspace got %d messages, want 2", n)
	}
}

func waitRow(t *testing.T, st *store.Store, team, key string, ok func(store.OutboxStatus) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, err := st.OutboxByKey(context.Background(), team, key)
		if err == nil && ok(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("row %s of %s: %+v (%v)", key, team, s, err)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition
	}
}
