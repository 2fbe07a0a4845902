// Command bench runs the scenarios of `make bench` against the backbone
// binary and a PostgreSQL server, and prints their figures one per line
// (see perf.Report):
//
//	go run ./cmd/withpg -- ./bin/bench -backbone ./bin/backbone all
//	./bin/bench -db postgres://… -rate 400 -duration 10s ack
//
// Subcommands: footprint, ack, e2e, fanout, fanout-queue, large, all
// (every one in turn but e2e, which wants a durable cluster:
// WITHPG_DURABLE=1 go run ./cmd/withpg -- ./bin/bench e2e).
// Each scenario creates its own database on the server named by -db
// (default $TEST_DATABASE_URL, as cmd/withpg sets it, else $DATABASE_URL).
// The exit status is 1 when a scenario fails to run, 2 on a usage mistake;
// a missed target is printed as MISSED and does not change it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/backbone-coalition/backbone/perf"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// flags are every scenario's settings; one set serves every subcommand.
type flags struct {
	binary, db string
	ack        perf.AckOptions
	fanout     perf.FanoutOptions
	fanoutQ    perf.FanoutQueueOptions
	e2e        perf.E2EOptions
	footprint  perf.FootprintOptions
	large      perf.LargeOptions
}

func parseFlags(args []string, stderr io.Writer) (flags, []string, error) {
	var f flags
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bench [flags] "+strings.Join(scenarioNames, "|")+"|all")
		fs.PrintDefaults()
	}
	fs.StringVar(&f.binary, "backbone", "./bin/backbone", "the backbone binary to run")
	fs.StringVar(&f.db, "db", defaultDB(), "PostgreSQL admin URL; each scenario creates its database there")
	fs.IntVar(&f.ack.Rate, "rate", 200, "ack: requests per second of the fixed-rate run")
	fs.DurationVar(&f.ack.Duration, "duration", 30*time.Second, "ack: length of the fixed-rate run")
	fs.DurationVar(&f.ack.StepDuration, "step", 5*time.Second, "ack: length of each step of the highest-rate search")
	fs.IntVar(&f.ack.MaxRate, "max-rate", 3000, "ack: highest rate the search tries (0: no search)")
	fs.DurationVar(&f.e2e.StepDuration, "e2e-step", 30*time.Second, "e2e: length of each step (at least 30 s)")
	fs.IntVar(&f.fanout.Commitments, "commitments", 10000, "fanout: open commitments")
	fs.IntVar(&f.fanout.Owners, "owners", 2000, "fanout: people owning them (one reminder DM each)")
	fs.IntVar(&f.fanout.Limit, "limit", 20, "fanout: the fake Slack's workspace-wide limit, messages per second")
	fs.IntVar(&f.fanout.ChannelLimit, "channel-limit", 1, "fanout: the fake Slack's per-channel limit, messages per second")
	fs.IntVar(&f.footprint.Starts, "starts", 5, "footprint: process starts (the median is reported)")
	fs.DurationVar(&f.footprint.Idle, "idle", 10*time.Second, "footprint: idle time before reading RSS")
	fs.StringVar(&f.large.Size, "size", "large", "large: generated coalition size (medium or large)")
	fs.IntVar(&f.large.Tries, "tries", 20, "large: timed tries of each command")
	if err := fs.Parse(args); err != nil {
		return f, nil, err
	}
	rest := fs.Args()
	// Flags may also follow the subcommand: bench ack -rate 400.
	if len(rest) > 1 {
		if err := fs.Parse(rest[1:]); err != nil {
			return f, nil, err
		}
		rest = append(rest[:1], fs.Args()...)
	}
	if len(rest) != 1 {
		fs.Usage()
		return f, nil, errors.New("name one scenario")
	}
	if f.db == "" {
		return f, nil, errors.New("no database: set -db, TEST_DATABASE_URL or DATABASE_URL (or run under go run ./cmd/withpg --)")
	}
	return f, rest, nil
}

func defaultDB() string {
	if v := os.Getenv("TEST_DATABASE_URL"); v != "" {
		return v
	}
	return os.Getenv("DATABASE_URL")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, rest, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "bench:", err)
		}
		return 2
	}
	if _, err := os.Stat(f.binary); err != nil {
		fmt.Fprintf(stderr, "bench: no backbone binary at %s: run make build, or set -backbone\n", f.binary)
		return 2
	}
	env := perf.Env{Binary: f.binary, ServerURL: f.db, Report: perf.NewReport(stdout),
		Log: slog.New(slog.NewTextHandler(stderr, nil))}
	names, err := selected(rest[0])
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	return runAll(ctx, env, f, names, stdout, stderr)
}

var scenarioNames = []string{"footprint", "ack", "e2e", "fanout", "fanout-queue", "large"}

// selected names the scenarios to run: all is every one but e2e, which
// make bench runs on its own against a durable cluster (WITHPG_DURABLE=1).
func selected(name string) ([]string, error) {
	if name == "all" {
		return slices.DeleteFunc(slices.Clone(scenarioNames), func(n string) bool { return n == "e2e" }), nil
	}
	for _, n := range scenarioNames {
		if n == name {
			return []string{n}, nil
		}
	}
	return nil, fmt.Errorf("no scenario %q: use %s or all", name, strings.Join(scenarioNames, ", "))
}

// runAll runs the scenarios in turn; one failing does not stop the others.
func runAll(ctx context.Context, env perf.Env, f flags, names []string, stdout, stderr io.Writer) int {
	code := 0
	fmt.Fprintf(stdout, "bench machine cores=%d go=%s os=%s/%s date=%s\n", runtime.NumCPU(), runtime.Version(),
		runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format(time.DateOnly))
	for _, name := range names {
		start := time.Now()
		env.Log.Info("scenario starting", "scenario", name)
		if err := runOne(ctx, env, f, name); err != nil {
			fmt.Fprintf(stderr, "bench %s: %v\n", name, err)
			fmt.Fprintf(stdout, "bench %s error\n", name)
			code = 1
		}
		env.Log.Info("scenario done", "scenario", name, "took", time.Since(start).Round(time.Second))
		if ctx.Err() != nil {
			return 1
		}
	}
	missed := env.Report.Missed()
	fmt.Fprintf(stdout, "bench summary missed=%d", len(missed))
	if len(missed) > 0 {
		fmt.Fprintf(stdout, " (%s)", strings.Join(missed, ", "))
	}
	fmt.Fprintln(stdout)
	return code
}

func runOne(ctx context.Context, env perf.Env, f flags, name string) error {
	switch name {
	case "ack":
		return perf.Ack(ctx, env, f.ack)
	case "fanout":
		return perf.Fanout(ctx, env, f.fanout)
	case "e2e":
		return perf.E2E(ctx, env, f.e2e)
	case "fanout-queue":
		return perf.FanoutQueue(ctx, env, f.fanoutQ)
	case "footprint":
		return perf.Footprint(ctx, env, f.footprint)
	case "large":
		return runLarge(ctx, env, f.large)
	}
	return fmt.Errorf("no scenario %q", name)
}
