package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/config"
)

// errUsage marks a mistake in the command line (exit status 2).
var errUsage = errors.New("usage")

// jobRun is `backbone job run JOB [--at RFC3339] [--team T…]`: one job for
// one logical time, through the scheduler's ledger, so a slot that already
// ran is not sent again. The running bot's outbox delivers what it queues.
func jobRun(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("job run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	at := fs.String("at", "", "the logical time, RFC 3339 (default now)")
	team := fs.String("team", "", "the Slack team ID (default: the only one in the database)")
	if len(args) < 2 || args[0] != "run" {
		return fmt.Errorf("%w: backbone job run JOB [--at 2026-11-23T08:00:00-05:00] [--team T…]", errUsage)
	}
	name := args[1]
	if err := fs.Parse(args[2:]); err != nil || fs.NArg() > 0 {
		return fmt.Errorf("%w: backbone job run JOB [--at 2026-11-23T08:00:00-05:00] [--team T…]", errUsage)
	}
	when := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fmt.Errorf("%w: --at takes a time like 2026-11-23T08:00:00-05:00", errUsage)
		}
		when = t
	}
	a, err := newApp(ctx, cfg, log, time.Now)
	if err != nil {
		return err
	}
	defer a.db.close(log)
	if *team == "" {
		if *team, err = onlyTeam(ctx, a); err != nil {
			return err
		}
	}
	if _, ok := a.sched.Job(name); !ok {
		return fmt.Errorf("%w: no job %q; jobs: %v", errUsage, name, jobNames(a))
	}
	out, err := a.sched.RunAt(ctx, *team, name, when)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, kit.JobOutcomeText(name, out))
	return nil
}

func onlyTeam(ctx context.Context, a *app) (string, error) {
	teams, err := a.store.Teams(ctx)
	if err != nil {
		return "", err
	}
	if len(teams) != 1 {
		return "", fmt.Errorf("%w: the database holds %d Slack teams; pick one with --team %v", errUsage, len(teams), teams)
	}
	return teams[0], nil
}

func jobNames(a *app) []string {
	var names []string
	for _, j := range a.sched.Jobs() {
		names = append(names, j.Name)
	}
	return names
}
