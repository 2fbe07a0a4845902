package perf

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// FanoutQueueOptions configures the fan-out queueing scenario.
type FanoutQueueOptions struct {
	// Owners are the sizes tried, each with five commitments per owner;
	// default 2,000 and 20,000.
	Owners []int
}

// FanoutQueue measures only the time to queue a reminders run (the
// command to its answer) for each size of Owners, each on a fresh
// database; the DMs are not waited for (the fanout scenario does that).
// It checks the time grows no faster than the recipients (linear).
func FanoutQueue(ctx context.Context, env Env, o FanoutQueueOptions) error {
	if len(o.Owners) == 0 {
		o.Owners = []int{2000, 20000}
	}
	r := env.Report
	var first time.Duration
	for i, owners := range o.Owners {
		queued, err := queueOnce(ctx, env, owners)
		if err != nil {
			return err
		}
		target := time.Duration(owners) * 150 * time.Microsecond // 300 ms per 2,000
		if owners >= 20000 {
			target = 3 * time.Second
		}
		r.Duration("fanout_queue", fmt.Sprintf("queue_%d", owners), queued, Below(Millis(target)))
		if i == 0 {
			first = queued
			continue
		}
		// Linear: per recipient, the larger run is no slower than the first.
		per := func(d time.Duration, n int) float64 { return float64(d) / float64(n) }
		r.Figure("fanout_queue", fmt.Sprintf("per_recipient_%d_vs_%d", owners, o.Owners[0]),
			per(queued, owners)/per(first, o.Owners[0]), UnitNone, AtMost(1.10))
	}
	return nil
}

// queueOnce seeds owners with five commitments each, starts serve, runs
// the reminders job and returns the time to its answer.
func queueOnce(ctx context.Context, env Env, owners int) (time.Duration, error) {
	fo := FanoutOptions{Owners: owners, Commitments: 5 * owners}.withDefaults()
	fake := slacktest.NewServer(slacktest.Options{TeamID: fanoutTeam})
	defer fake.Close()
	dbURL, drop, err := NewDatabase(ctx, env.ServerURL)
	if err != nil {
		return 0, err
	}
	defer drop()
	seedStart := time.Now()
	if err := seedFanout(ctx, dbURL, fake, fo); err != nil {
		return 0, err
	}
	env.Log.Info("fanout_queue: seeded", "owners", owners, "took", time.Since(seedStart).Round(time.Millisecond))
	srv, err := StartServe(ctx, ServeOptions{Binary: env.Binary, DatabaseURL: dbURL, Slack: fake,
		Env: map[string]string{"BACKBONE_ADMINS": fanoutStaff, "SLACK_MAX_SENDS_PER_SECOND": "20"}})
	if err != nil {
		return 0, err
	}
	defer srv.Stop()
	fake.SetRateLimit(20, 1)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	start := time.Now()
	rep, err := srv.HTTP().SlashCommand(ctx, slacktest.Slash{UserID: fanoutStaff, ChannelID: "C0FANOPS",
		Command: "/backbone", Text: "job run reminders"})
	if err != nil || rep.Status != http.StatusOK {
		return 0, fmt.Errorf("job run reminders: status %d: %v", rep.Status, err)
	}
	answer, err := fake.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL && m.Channel == "C0FANOPS" })
	if err != nil {
		return 0, fmt.Errorf("job run reminders: no answer: %w", err)
	}
	queued := time.Since(start)
	if !strings.Contains(answer.Text, fmt.Sprint(owners)) {
		return 0, fmt.Errorf("job run reminders answered %q, not %d messages", answer.Text, owners)
	}
	return queued, nil
}
