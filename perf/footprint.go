package perf

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// FootprintOptions configures the footprint scenario.
type FootprintOptions struct {
	// Starts is how many times the process is started; the median
	// time-to-ready is reported. Default 5.
	Starts int
	// Idle is how long the process idles before its RSS is read. Default 10 s.
	Idle time.Duration
}

// Footprint measures the time from process start to /readyz OK with an
// external, already migrated database (median of Starts), and the resident
// memory after Idle with nothing to do.
func Footprint(ctx context.Context, env Env, o FootprintOptions) error {
	if o.Starts <= 0 {
		o.Starts = 5
	}
	if o.Idle <= 0 {
		o.Idle = 10 * time.Second
	}
	slack := slacktest.NewServer(slacktest.Options{})
	defer slack.Close()
	dbURL, drop, err := NewDatabase(ctx, env.ServerURL)
	if err != nil {
		return err
	}
	defer drop()
	var readies []time.Duration
	var last *Serve
	for i := range o.Starts {
		srv, err := StartServe(ctx, ServeOptions{Binary: env.Binary, DatabaseURL: dbURL, Slack: slack})
		if err != nil {
			return fmt.Errorf("start %d: %w", i+1, err)
		}
		readies = append(readies, srv.ReadyAfter())
		if i < o.Starts-1 {
			if err := srv.Stop(); err != nil {
				return fmt.Errorf("stop %d: %w", i+1, err)
			}
			continue
		}
		last = srv
	}
	defer last.Stop()
	slices.Sort(readies)
	env.Report.Note("footprint", fmt.Sprintf("starts=%d", o.Starts), "database=external")
	env.Report.Duration("footprint", "ready_median", readies[len(readies)/2], Below(500))
	env.Report.Duration("footprint", "ready_max", readies[len(readies)-1], nil)
	env.Log.Info("footprint: idling", "for", o.Idle)
	select {
	case <-time.After(o.Idle):
	case <-ctx.Done():
		return ctx.Err()
	}
	rss, err := last.RSS()
	if err != nil {
		return err
	}
	peak, err := last.PeakRSS()
	if err != nil {
		return err
	}
	env.Report.Bytes("footprint", "idle_rss", rss, Below(40))
	env.Report.Bytes("footprint", "peak_rss", peak, nil)
	return nil
}
