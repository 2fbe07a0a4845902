package perf

import (
	"context"
	"io"
	"log/slog"
)

// Env is what every scenario gets: where the binary and the database
// server are, and where figures and progress go.
type Env struct {
	// Binary is the backbone executable.
	Binary string
	// ServerURL is a PostgreSQL admin URL; each scenario creates its own
	// database there (NewDatabase).
	ServerURL string
	Report    *Report
	// Log receives progress, on stderr; figures go to Report.
	Log *slog.Logger
}

// Scenario is one `bench` subcommand.
type Scenario struct {
	Name string
	Run  func(ctx context.Context, env Env) error
}

// discardLog is a logger for code that wants one but whose output does not
// matter here.
func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
