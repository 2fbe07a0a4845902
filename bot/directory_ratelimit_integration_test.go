package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// TestNewcomersBurstUnderTierLimits: 300 people the bot never heard of
// (they joined after its users.list, and no team_join reached it) each send
// their first /commit at once, with the fake holding the bot to Slack's
// tiers (users.info 100 a minute, users.list 20). Every command is stored
// and answered, none with an error; no call comes before a Retry-After has
// passed; and every newcomer's real profile is filled in afterwards.
func TestNewcomersBurstUnderTierLimits(t *testing.T) {
	h := setup(t, func(o *harnessOptions) { o.keepDirectory = true })
	h.slack.EnforceTiers(slacktest.SlackTiers())
	ctx, cancel := context.WithTimeout(h.ctx, 3*time.Minute)
	defer cancel()
	team := h.slack.Options().TeamID
	// The start's users.list has read the harness's people.
	if err := waitUntil(ctx, func() bool { return h.slack.TierCalls("users.list") > 0 }); err != nil {
		t.Fatalf("no users.list at start: %v", err)
	}
	const n = 300
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("U1NEW%04d", i)
		h.slack.AddUser(slacktest.User{ID: ids[i], Name: fmt.Sprintf("new%d", i), RealName: fmt.Sprintf("Newcomer %d", i), DisplayName: fmt.Sprintf("Newcomer %d", i),
			TZ: "Asia/Tokyo", TZOffset: 32400})
	}
	before := len(h.slack.Messages())
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 10 {
		wg.Go(func() {
			for i := w; i < n; i += 10 {
				_, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: ids[i], ChannelID: generalID, Command: "/commit",
					Text: fmt.Sprintf("Call the principals about parent night %d in 2 weeks", i)})
				if err != nil {
					errs <- fmt.Errorf("/commit of %s: %w", ids[i], err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sent := time.Since(start)
	answers := func() []slacktest.Message {
		var out []slacktest.Message
		for _, m := range h.slack.Messages()[before:] {
			if m.ViaResponseURL {
				out = append(out, m)
			}
		}
		return out
	}
	if err := waitUntil(ctx, func() bool { return len(answers()) >= n }); err != nil {
		t.Fatalf("%d of %d commands answered: %v", len(answers()), n, err)
	}
	for _, m := range answers() {
		if strings.Contains(m.Text, kit.SomethingWentWrong) || !m.InChannel {
			t.Errorf("answer %q (in channel %v), want the commitment posted", m.Text, m.InChannel)
		}
	}
	for _, id := range ids {
		cs, err := h.store.Commitments(ctx, team, store.CommitmentFilter{OwnerID: &id})
		if err != nil || len(cs) != 1 {
			t.Errorf("%s owns %d commitments (%v), want 1", id, len(cs), err)
		}
	}
	limited := 0
	for _, c := range h.slack.Calls() {
		if c.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	infoOK := h.slack.TierCalls("users.info")
	if limited == 0 || infoOK >= n {
		t.Errorf("users.info answered %d times and 429 %d times: the test did not reach the tier limit", infoOK, limited)
	}
	if early := h.slack.EarlyCalls(); len(early) > 0 {
		t.Errorf("%d calls came before their Retry-After passed, first %s at %s", len(early), early[0].Method, early[0].At)
	}
	// The profiles the rate limit kept from the commands arrive later.
	var stale []string
	err := waitUntil(ctx, func() bool {
		stale = stale[:0]
		for _, id := range ids {
			m, err := h.store.Member(ctx, team, id)
			if err != nil || m.TZ != "Asia/Tokyo" || !strings.HasPrefix(m.DisplayName, "Newcomer") {
				stale = append(stale, id)
			}
		}
		return len(stale) == 0
	})
	if err != nil {
		t.Errorf("%d newcomers still lack their profile, such as %v", len(stale), stale[:min(len(stale), 3)])
	}
	t.Logf("300 first commands sent in %s; users.info %d answered, 429s %d, users.list %d; all answered and filled in %s",
		sent.Round(time.Millisecond), infoOK, limited, h.slack.TierCalls("users.list"), time.Since(start).Round(time.Millisecond))
}

// waitUntil polls done every 20 ms until it holds or ctx ends.
func waitUntil(ctx context.Context, done func() bool) error {
	for !done() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}
