package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
)

// seedDemo writes the demo coalition into the sandbox's database, which
// the sandbox also does by itself when it starts empty.
func seedDemo(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
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

// listening reports whether a server answers on addr.
func listening(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}
