package outbox

import (
	"context"
	"math"
	"sync"
	"time"
)

// windowMargin widens the one-second window the pacer keeps under its
// limit: Slack (and the fake) count posts by arrival, a little after the
// pacer lets them start, and not always in the same delay.
const windowMargin = 25 * time.Millisecond

// pacer spaces sends evenly across every goroutine of a worker, and never
// lets more than perSecond start within a second (plus windowMargin), so
// that a fan-out stays under Slack's workspace-wide limit instead of running
// into 429s and pausing. Even spacing alone is not enough: a send the
// scheduler starts late lands closer to the ones after it. The pacer runs on
// the real clock, not the worker's logical one: it paces traffic, which
// happens in real time.
type pacer struct {
	interval time.Duration
	window   int // sends allowed per window; 0 when perSecond < 1

	mu     sync.Mutex
	next   time.Time   // even spacing: when the next send may start
	recent []time.Time // start times of the last window sends, oldest first
}

// newPacer returns a pacer for perSecond sends, or nil (no pacing) for 0.
func newPacer(perSecond float64) *pacer {
	if perSecond <= 0 {
		return nil
	}
	return &pacer{interval: time.Duration(float64(time.Second) / perSecond), window: int(math.Floor(perSecond))}
}

// wait returns when a send may start, and counts it as started; it gives
// up when ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	for {
		at, ok := p.take()
		if ok {
			return nil
		}
		t := time.NewTimer(time.Until(at))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// take counts a send starting now if its turn has come, or says when it
// will: waiters woken together race here, and the losers wait again.
func (p *pacer) take() (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	at := p.next
	if p.window > 0 && len(p.recent) == p.window {
		if w := p.recent[0].Add(time.Second + windowMargin); w.After(at) {
			at = w
		}
	}
	if at.After(now) {
		return at, false
	}
	p.next = now.Add(p.interval)
	if p.window > 0 {
		if len(p.recent) == p.window {
			p.recent = p.recent[1:]
		}
		p.recent = append(p.recent, now)
	}
	return now, true
}

// batch caps how many rows a claim takes so that the last one's turn is
// about a second away, far inside its lease.
func (p *pacer) batch(limit int) int {
	if p == nil {
		return limit
	}
	return max(1, min(limit, p.window))
}
