//go:build faults

package main_test

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const (
	// flakyRecipients is the size of the reminders run delivered through
	// the failing Slack.
	flakyRecipients = 120
	// clock formats call times in messages.
	clock = "15:04:05.000"
	// flakyInFlight bounds the other posts that may reach Slack during a
	// Retry-After: those already on their way when the worker read the
	// 429, the rest of its batch of 8 (the default concurrency). A worker
	// ignoring Retry-After would send its 20 a second on.
	flakyInFlight = 7
)

// TestFaultSlackErrors delivers a reminders run through a Slack that answers
// 30% of calls 429 (Retry-After: 1) and 10% 500. Every reminder arrives
// exactly once, and no request repeats a rate-limited one before its
// Retry-After has passed. FAULT_SEED replays a run's draws.
func TestFaultSlackErrors(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("FAULT_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("FAULT_SEED=%d", seed)
	fake := slacktest.New(t)
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	reminders := seedReminderRun(t, st, fake, fake.Options().TeamID, time.Now(), flakyRecipients)
	fake.SetRandomFaults(slacktest.RandomFaults{Seed: seed, RateLimited: 0.3, ServerError: 0.1, RetryAfter: time.Second})

	began := time.Now()
	p := start(t, "backbone serve", t.TempDir(), serveEnv(t, fake, dbURL), "serve")
	p.eventually(5*time.Minute, "every reminder delivered, outbox drained", func() (bool, string) {
		got, pending := len(remindersByUser(fake, reminders.users)), pendingRows(t, st)
		return got == flakyRecipients && pending == 0, fmt.Sprintf("%d recipients reminded, %d outbox rows pending", got, pending)
	})
	took := time.Since(began)
	checkRemindedOnce(t, fake, reminders)
	checkLedger(t, st, reminders)
	windows := fake.RetryAfterWindows()
	maxOthers, repeats := 0, 0
	for _, w := range windows {
		repeats += len(w.Repeats)
		if len(w.Repeats) > 0 {
			t.Errorf("Retry-After not honoured: the request limited at %s for %v was repeated %d times within it, first at %s",
				w.Limited.At.Format(clock), w.Limited.RetryAfter, len(w.Repeats), w.Repeats[0].At.Format(clock))
		}
		if len(w.Others) > flakyInFlight {
			t.Errorf("Retry-After not honoured: %d other posts came during the %v after the 429 at %s, more than the %d in flight",
				len(w.Others), w.Limited.RetryAfter, w.Limited.At.Format(clock), flakyInFlight)
		}
		maxOthers = max(maxOthers, len(w.Others))
	}
	limited, failed := fake.RandomFaultCounts()
	calls := 0
	for _, c := range fake.Calls() {
		if c.Method == "chat.postMessage" {
			calls++
		}
	}
	t.Logf("%d reminders delivered once each in %v: %d chat.postMessage calls, %d answered 429, %d answered 500",
		flakyRecipients, took.Round(time.Millisecond), calls, limited, failed)
	t.Logf("during the %d Retry-After windows: %d repeats of a limited request, at most %d other posts in one (already on their way)",
		len(windows), repeats, maxOthers)
	p.stop(syscall.SIGTERM)
}
