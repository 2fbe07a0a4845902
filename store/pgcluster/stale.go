package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clearStalePID deals with a postmaster.pid left by a run that did not shut
// down: a server still running from pgdata is stopped, and the file is
// removed unless the server removed it itself.
func clearStalePID(ctx context.Context, pgdata string, log *slog.Logger) error {
	file := filepath.Join(pgdata, "postmaster.pid")
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read postmaster.pid: %w", err)
	}
	if pid := firstLinePID(b); isServerOf(pid, pgdata) {
		log.Warn("stopping postgres left running by an earlier run", "pid", pid, "dir", pgdata)
		if err := stopOrphan(ctx, pid, pgdata); err != nil {
			return err
		}
	}
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale postmaster.pid: %w", err)
	}
	return nil
}

// firstLinePID parses the pid on the first line of postmaster.pid, or 0.
func firstLinePID(b []byte) int {
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// isServerOf reports whether pid is a live postgres started with -D pgdata.
func isServerOf(pid int, pgdata string) bool {
	if pid <= 0 {
		return false
	}
	args := processArgs(pid)
	if len(args) == 0 {
		return false
	}
	if name := filepath.Base(args[0]); name != "postgres" && name != "postmaster" {
		return false
	}
	i := slices.Index(args, "-D")
	return i >= 0 && i+1 < len(args) && filepath.Clean(args[i+1]) == filepath.Clean(pgdata)
}

// stopOrphan stops a server we did not start: fast shutdown, then
// immediate shutdown if it lingers.
func stopOrphan(ctx context.Context, pid int, pgdata string) error {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT} {
		if err := syscall.Kill(pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("signal leftover postgres %d: %w", pid, err)
		}
		if waitUntil(ctx, 30*time.Second, func() bool { return !isServerOf(pid, pgdata) }) {
			return nil
		}
	}
	return fmt.Errorf("leftover postgres %d did not stop", pid)
}

// waitUntil polls cond until it holds, ctx ends or timeout passes, and
// reports whether cond held.
func waitUntil(ctx context.Context, timeout time.Duration, cond func() bool) bool {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(pollInterval):
		}
	}
	return true
}
