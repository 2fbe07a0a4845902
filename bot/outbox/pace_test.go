package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

// A fan-out larger than the workspace limit is spread under it: no 429,
// every message once. Unpaced, eight concurrent sends exceed the limit
// within the first second.
func TestFanOutIsPacedUnderTheWorkspaceLimit(t *testing.T) {
	t.Parallel()
	const rows, limit = 30, 20
	var channels []string
	for i := range rows {
		channels = append(channels, fmt.Sprintf("CP%03d", i))
	}
	b := setup(t, channels...)
	// The fake counts arrivals; a loaded machine can delay one send and
	// bunch it with the next second's. Two posts of slack absorb that
	// jitter; an unpaced worker would still send all 30 at once.
	b.slack.SetRateLimit(limit+2, 0)
	err := b.store.InTx(context.Background(), func(tx *store.Tx) error {
		for i, c := range channels {
			m, err := outbox.Message(team, fmt.Sprintf("fan-%d", i), c, fmt.Sprintf("fan %d", i), nil)
			if err != nil {
				return err
			}
			if _, err := tx.Enqueue(context.Background(), m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b.run(t, outbox.Options{MaxPerSecond: limit})
	for i := range rows {
		b.waitStatus(t, fmt.Sprintf("fan-%d", i), "sent")
	}
	took := time.Since(start)
	limited := 0
	for _, c := range b.slack.Calls() {
		if c.Method == "chat.postMessage" && c.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited > 0 {
		t.Errorf("%d posts answered 429: the pace let a second hold more than %d", limited, limit+2)
	}
	if min := time.Duration(rows-1) * time.Second / limit; took < min {
		t.Errorf("%d posts took %v, faster than %d/s allows (%v)", rows, took, limit, min)
	}
	for i := range rows {
		if n := countSent(b.slack, fmt.Sprintf("fan %d", i)); n != 1 {
			t.Errorf("fan %d delivered %d times", i, n)
		}
	}
}
