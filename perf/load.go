package perf

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// LoadResult is what one open-loop run measured.
type LoadResult struct {
	Rate     int
	Sent     int
	Elapsed  time.Duration
	Latency  Summary
	Errors   int
	Statuses map[int]int
}

// OpenLoop sends rate requests per second for d, each at its scheduled time
// whatever became of the earlier ones, and measures each latency from its
// scheduled time to its reply: a slow reply delays no later request, and a
// stalled sender shows up in the latencies instead of hiding (no coordinated
// omission). next(i) returns the i-th request.
func OpenLoop(ctx context.Context, client *slacktest.HTTPClient, rate int, d time.Duration, next func(i int) slacktest.Slash) LoadResult {
	total := int(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	res := LoadResult{Rate: rate, Sent: total, Statuses: map[int]int{}}
	lat := make([]time.Duration, total)
	failed := make([]bool, total)
	status := make([]int, total)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < total; {
		now := time.Now()
		// Send every request whose time has come: after a late wake-up the
		// loop catches up rather than shifting the schedule.
		for ; i < total && !start.Add(time.Duration(i)*interval).After(now); i++ {
			n, scheduled := i, start.Add(time.Duration(i)*interval)
			wg.Go(func() {
				rep, err := client.SlashCommand(ctx, next(n))
				lat[n] = time.Since(scheduled)
				status[n] = rep.Status
				failed[n] = err != nil || rep.Status != http.StatusOK || len(rep.Body) > 0 && isErrorBody(rep.Body)
			})
		}
		if i < total {
			time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
		}
		if ctx.Err() != nil {
			res.Sent = i
			break
		}
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	for i := range res.Sent {
		res.Statuses[status[i]]++
		if failed[i] {
			res.Errors++
		}
	}
	res.Latency = Summarize(lat[:res.Sent])
	return res
}

// isErrorBody reports an ack that carries the bot's generic failure text.
// A slash command's ack is normally empty: the answer goes to response_url.
func isErrorBody(body []byte) bool { return botFailed(string(body)) }

// botFailed reports the bot's answer to an unexpected failure (bot.somethingWentWrong).
func botFailed(text string) bool { return strings.HasPrefix(text, "Something went wrong") }
