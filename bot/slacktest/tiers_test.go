package slacktest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestTierLimitAndEarlyCalls: users.info answers 100 calls in a minute,
// then 429 with the Retry-After until the first call leaves the window; a
// call before that Retry-After passes is answered 429 again and recorded.
func TestTierLimitAndEarlyCalls(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	s := setup(t, func(o *Options) { o.Now = clock })
	s.EnforceTiers(SlackTiers())
	ctx := testCtx(t)
	api := slack.New(s.Options().BotToken, slack.OptionAPIURL(s.APIURL()))
	for i := range Tier4PerMinute {
		if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
			t.Fatalf("call %d of the minute: %v", i+1, err)
		}
		advance(100 * time.Millisecond) // 100 calls over 10 s
	}
	advance(20*time.Second + 500*time.Millisecond) // 30.5 s after the first
	var rl *slack.RateLimitedError
	if _, err := api.GetUserInfoContext(ctx, "U1"); !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second {
		t.Fatalf("call 101: %v, want a 429 with Retry-After 30 s (the first call leaves the window in 29.5 s)", err)
	}
	if n := len(s.EarlyCalls()); n != 0 {
		t.Fatalf("%d early calls before any came early", n)
	}
	advance(29 * time.Second)
	if _, err := api.GetUserInfoContext(ctx, "U1"); !errors.As(err, &rl) {
		t.Fatalf("a call 1 s before the Retry-After passed got %v, want 429", err)
	}
	if early := s.EarlyCalls(); len(early) != 1 || early[0].Method != "users.info" {
		t.Fatalf("early calls %+v, want the one users.info", early)
	}
	advance(time.Second)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("a call once the Retry-After passed: %v", err)
	}
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Fatalf("auth.test is not limited here: %v", err)
	}
}

// TestUsersListPages: users.list returns everyone once, a page at a time,
// in the order slack-go's pagination follows.
func TestUsersListPages(t *testing.T) {
	t.Parallel()
	s := setup(t)
	for i := range 449 {
		s.AddUser(User{ID: fmt.Sprintf("U2%04d", i), Name: fmt.Sprintf("p%d", i), TZ: "Asia/Tokyo"})
	}
	ctx := testCtx(t)
	api := slack.New(s.Options().BotToken, slack.OptionAPIURL(s.APIURL()))
	page := api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	seen, pages := map[string]bool{}, 0
	for {
		next, err := page.Next(ctx)
		if page.Done(err) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range next.Users {
			if seen[u.ID] {
				t.Errorf("%s listed twice", u.ID)
			}
			seen[u.ID] = true
		}
		page = next
	}
	if len(seen) != 450 || pages != 3 {
		t.Errorf("%d people in %d pages, want 450 in 3", len(seen), pages)
	}
}
