// Command withpg runs a command with TEST_DATABASE_URL set to the admin URL
// of a PostgreSQL server: the one already set, or else a throwaway cluster
// it starts first and deletes afterwards. It exits with the command's status.
//
//	go run ./cmd/withpg -- go test ./...
//
// The throwaway cluster lives in memory (/dev/shm) with fsync and
// synchronous_commit off; WITHPG_DURABLE=1 starts it on disk with
// PostgreSQL's durable defaults instead, for benchmarks of the database's
// real cost (make bench's e2e scenario).
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/backbone-coalition/backbone/store/pgcluster"
)

const envVar = "TEST_DATABASE_URL"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	code := exitCode(run(ctx, os.Args[1:], log), log)
	stop()
	os.Exit(code)
}

// run starts a cluster unless TEST_DATABASE_URL is set, then runs the
// command. ctx, cancelled by a signal, only aborts the start: once the
// command runs, signals are forwarded to it instead.
func run(ctx context.Context, args []string, log *slog.Logger) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return errors.New("usage: withpg -- command [arg...]")
	}
	if os.Getenv(envVar) != "" {
		return command(args, nil)
	}
	durable := os.Getenv("WITHPG_DURABLE") == "1"
	parent := pgcluster.TempDir()
	if durable {
		parent = os.TempDir()
	}
	dir, err := os.MkdirTemp(parent, "backbone-withpg-")
	if err != nil {
		return fmt.Errorf("create cluster directory: %w", err)
	}
	defer removeDir(dir, log)
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Throwaway: !durable, Log: log})
	if err != nil {
		return err
	}
	defer stopCluster(ctx, cluster, log)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err)
	}
	return command(args, []string{envVar + "=" + cluster.URL("postgres")})
}

// command runs args with extra environment, forwarding SIGINT and SIGTERM.
func command(args, env []string) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run command: %w", err)
	}
	done := make(chan struct{})
	defer close(done)
	go forward(sigs, done, cmd.Process)
	return cmd.Wait()
}

// forward relays signals to p until done is closed.
func forward(sigs <-chan os.Signal, done <-chan struct{}, p *os.Process) {
	for {
		select {
		case sig := <-sigs:
			_ = p.Signal(sig) // fails only once p has exited
		case <-done:
			return
		}
	}
}

func stopCluster(ctx context.Context, c *pgcluster.Cluster, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := c.Stop(ctx); err != nil {
		log.Error("stop postgres", "error", err)
	}
}

func removeDir(dir string, log *slog.Logger) {
	if err := os.RemoveAll(dir); err != nil {
		log.Error("remove cluster directory", "error", err)
	}
}

// exitCode maps run's result to our exit status: the command's own, 128+n
// if signal n killed it (as shells do), 1 for our own failures.
func exitCode(err error, log *slog.Logger) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return exit.ExitCode()
	}
	log.Error("withpg failed", "error", err)
	return 1
}
