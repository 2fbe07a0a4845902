package main

import (
	"context"
	"fmt"

	"github.com/backbone-coalition/backbone/perf"
)

// runLarge runs the large-coalition scenario and prints its figures.
func runLarge(ctx context.Context, env perf.Env, o perf.LargeOptions) error {
	o.Binary, o.ServerURL = env.Binary, env.ServerURL
	res, err := perf.Large(ctx, o)
	if err != nil {
		return err
	}
	r := env.Report
	r.Note("large", "size="+res.Size, fmt.Sprintf("tries=%d", o.Tries))
	r.Duration("large", "seed", res.SeedTime, nil)
	for _, t := range res.Timings {
		if t.Tries != o.Tries {
			r.Note("large", t.Name+"_tries="+fmt.Sprint(t.Tries), "reason=slow")
		}
		r.Duration("large", t.Name+"_median", t.Median, perf.Below(perf.Millis(t.Target)))
		r.Duration("large", t.Name+"_max", t.Max, nil)
		if t.Failures > 0 {
			r.Figure("large", t.Name+"_failures", float64(t.Failures), perf.UnitNone, perf.AtMost(0))
			env.Log.Warn("large: failed tries", "command", t.Name, "err", t.LastError)
		}
	}
	r.Bytes("large", "peak_rss", res.PeakRSS, perf.Below(float64(res.PeakRSSTarget)/(1<<20)))
	return nil
}
