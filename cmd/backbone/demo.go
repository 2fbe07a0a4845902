package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
)

const demoUsage = "backbone demo seed [--size small|medium|large] [--team T…]"

// seedDemo is `backbone demo seed`: the sandbox's demo coalition (small,
// the default), or a generated coalition at scale (medium, large).
func seedDemo(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	size := fs.String("size", sandbox.SizeSmall, "small, medium or large")
	team := fs.String("team", "", "the Slack team ID of a generated coalition")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return fmt.Errorf("%w: %s", errUsage, demoUsage)
	}
	switch {
	case !slices.Contains(sandbox.Sizes(), *size):
		return fmt.Errorf("%w: --size is small, medium or large, not %q", errUsage, *size)
	case *size != sandbox.SizeSmall:
		return seedLarge(ctx, cfg, log, *size, *team, stdout)
	case *team != "":
		return fmt.Errorf("%w: the small demo always goes into the sandbox's own team; --team is for --size medium or large", errUsage)
	}
	return seedSandbox(ctx, cfg, log, stdout)
}

// demoExit maps a demo seed's error to an exit status: 2 for usage mistakes.
func demoExit(err error, stderr io.Writer, log *slog.Logger) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "backbone demo:", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	}
	log.Error("demo seed failed", "err", err)
	return 1
}

// seedSandbox writes the demo coalition into the sandbox's database, which
// the sandbox also does by itself when it starts empty.
func seedSandbox(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	if listening(cfg.HTTPAddr) {
		// Starting the embedded database would stop the running one's.
		return fmt.Errorf("something, probably the sandbox, answers on HTTP_ADDR %s: stop it first (the sandbox writes the demo by itself when its database is empty)", cfg.HTTPAddr)
	}
	cfg, clock, err := openSandbox(cfg, log)
	if err != nil {
		return err
	}
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close(log)
	seeded, err := sandbox.SeedDemo(ctx, store.New(d.db), clock.Now())
	switch {
	case err != nil:
		return err
	case seeded:
		fmt.Fprintf(stdout, "Wrote the demo coalition into the sandbox's database under %s. Start it with: backbone sandbox\n", cfg.DataDir)
	default:
		fmt.Fprintf(stdout, "The sandbox under %s already has a coalition: nothing written. Delete that directory to start over.\n", cfg.DataDir)
	}
	return nil
}

// seedLarge generates a coalition of the given size into the database
// serve uses, under a team that must be empty, and says what it wrote.
func seedLarge(ctx context.Context, cfg config.Config, log *slog.Logger, size, team string, stdout io.Writer) error {
	if team == "" {
		team = sandbox.LargeTeamID
	}
	plan, err := sandbox.BulkPlan(size, team, time.Now())
	if err != nil {
		return err
	}
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close(log)
	start := time.Now()
	res, err := store.New(d.db).SeedBulk(ctx, plan)
	if errors.Is(err, store.ErrTeamNotEmpty) {
		return fmt.Errorf("%w: team %s already has a coalition or members, and generated rows never mix with real ones; pick another with --team", errUsage, team)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Generated a %s coalition for team %s in %s:\n", size, team, time.Since(start).Round(100*time.Millisecond))
	for _, t := range res.Tables {
		fmt.Fprintf(stdout, "  %-20s %9d rows  %6.1f s\n", t, res.Rows[t], res.Took[t].Seconds())
	}
	fmt.Fprintf(stdout, "  %-20s %9s       %6.1f s\n", "VACUUM ANALYZE", "", res.Took["VACUUM ANALYZE"].Seconds())
	fmt.Fprintf(stdout, "Staff member: %s; every generated member's ID starts with %s.\n", plan.UserID(1), plan.UserPrefix)
	return nil
}

// listening reports whether a server answers on addr.
func listening(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}
