package slackgate

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// clock is a settable clock for the rests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestRetryAfterRestsTheMethodForTheTeam: after one 429 with Retry-After
// 3 s, calls of that method do not reach the server until 3 s have passed;
// other methods, and the same method of another team, still do.
func TestRetryAfterRestsTheMethodForTheTeam(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	limitNext := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits[r.URL.Path]++
		if r.URL.Path == "/api/users.info" && limitNext {
			limitNext = false
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/auth.test" {
			_, _ = w.Write([]byte(`{"ok":true,"team_id":"T1","user_id":"U0"}`))
			return
		}
		_, _ = w.Write([]byte(`{"ok":true,"user":{"id":"U1"}}`))
	}))
	defer srv.Close()
	c := &clock{t: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
	g := New(srv.Client(), c.now)
	g.SetTeam("T1")
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/api/"), slack.OptionHTTPClient(g))
	ctx := context.Background()
	wantLimited := func(ctx context.Context, wantAfter time.Duration) {
		t.Helper()
		_, err := api.GetUserInfoContext(ctx, "U1")
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != wantAfter {
			t.Fatalf("users.info: got %v, want a rate limit of %s", err, wantAfter)
		}
	}
	wantLimited(ctx, 3*time.Second) // Slack's own 429
	c.add(1500 * time.Millisecond)
	wantLimited(ctx, 2*time.Second) // the gate's: 1.5 s left, rounded up
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Errorf("auth.test during users.info's rest: %v", err)
	}
	if _, err := api.GetUserInfoContext(WithTeam(ctx, "T2"), "U1"); err != nil {
		t.Errorf("users.info of another team during T1's rest: %v", err)
	}
	if _, err := api.GetUserInfoContext(WithTeam(ctx, "T1"), "U1"); err == nil {
		t.Errorf("users.info of T1 named in the context got through its rest")
	}
	if got := g.Resting("T1", "users.info"); got != 1500*time.Millisecond {
		t.Errorf("Resting = %s, want 1.5s", got)
	}
	c.add(1500 * time.Millisecond)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Errorf("users.info once the rest passed: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	// 1 limited + 1 for T2 + 1 after the rest; the two during it never left.
	if hits["/api/users.info"] != 3 || hits["/api/auth.test"] != 1 {
		t.Errorf("server saw %v, want users.info 3 times and auth.test once", hits)
	}
}

func TestMethodOf(t *testing.T) {
	for path, want := range map[string]string{
		"/api/chat.postMessage": "chat.postMessage", "/api/": "", "/response/abc": "", "/api/a/b": "", "/upload/x": "",
	} {
		req, _ := http.NewRequest(http.MethodPost, "http://slack.invalid"+path, nil)
		if got := methodOf(req); got != want {
			t.Errorf("methodOf(%s) = %q, want %q", path, got, want)
		}
	}
}

// TestForKeysEveryCallWithItsTeam: two workspaces' clients share one gate
// (one per process, as serve builds it): a 429 rests the method for the
// team whose client got it, and the other team's client still calls.
func TestForKeysEveryCallWithItsTeam(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if token == "" {
			token = r.FormValue("token")
		}
		calls[token]++
		if token == "xoxb-one" && calls[token] == 1 {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true,"user":{"id":"U1"}}`))
	}))
	defer srv.Close()
	c := &clock{t: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
	g := New(srv.Client(), c.now)
	one := slack.New("xoxb-one", slack.OptionAPIURL(srv.URL+"/api/"), slack.OptionHTTPClient(g.For("T1")))
	two := slack.New("xoxb-two", slack.OptionAPIURL(srv.URL+"/api/"), slack.OptionHTTPClient(g.For("T2")))
	ctx := context.Background()
	var rl *slack.RateLimitedError
	if _, err := one.GetUserInfoContext(ctx, "U1"); !errors.As(err, &rl) {
		t.Fatalf("first users.info of T1: %v, want Slack's 429", err)
	}
	// The context names another team: the client's own team still wins.
	if _, err := one.GetUserInfoContext(WithTeam(ctx, "T2"), "U1"); !errors.As(err, &rl) || rl.RetryAfter != 5*time.Second {
		t.Errorf("users.info of T1 during its rest: %v, want the gate's 429", err)
	}
	if _, err := two.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Errorf("users.info of T2 during T1's rest: %v", err)
	}
	if got := g.Resting("T1", "users.info"); got != 5*time.Second {
		t.Errorf("T1 rests %s, want 5s", got)
	}
	if got := g.Resting("T2", "users.info"); got != 0 {
		t.Errorf("T2 rests %s, want 0", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["xoxb-one"] != 1 || calls["xoxb-two"] != 1 {
		t.Errorf("calls reaching Slack %v, want one per token", calls)
	}
}
