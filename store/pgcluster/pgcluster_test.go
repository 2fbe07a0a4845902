package pgcluster_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/store/pgcluster"
)

// helperEnv names the variable that turns the test binary into a process
// that starts a cluster in the given directory and waits to be killed.
const helperEnv = "PGCLUSTER_TEST_HELPER_DIR"

func TestStartStopRestart(t *testing.T) {
	t.Parallel()
	dir, logs := t.TempDir(), &testkit.SyncBuffer{}
	opts := pgcluster.Options{Dir: dir, Database: "backbone", Log: newLogger(logs)}

	c := start(t, opts)
	exec1(t, c.URL("backbone"), `CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)`)
	pid := serverPID(t, dir)
	stop(t, c)
	if err := c.Stop(t.Context()); err != nil {
		t.Errorf("second Stop = %v, want nil", err)
	}
	assertGone(t, pid)

	c = start(t, opts)
	if got := queryInt(t, c.URL("backbone"), `SELECT x FROM kept`); got != 42 {
		t.Errorf("after restart kept.x = %d, want 42", got)
	}
	stop(t, c)
	assertNoSecret(t, logs.String(), password(t, c))
}

func TestStartStopsServerStillRunning(t *testing.T) {
	t.Parallel()
	opts := pgcluster.Options{Dir: t.TempDir(), Throwaway: true}
	first := start(t, opts)
	firstPID := serverPID(t, opts.Dir)

	second := start(t, opts)

	assertGone(t, firstPID)
	if got := queryInt(t, second.URL("postgres"), `SELECT 1`); got != 1 {
		t.Errorf("SELECT 1 = %d", got)
	}
	if err := first.Stop(t.Context()); err != nil {
		t.Errorf("Stop of the replaced cluster = %v", err)
	}
	stop(t, second)
}

func TestStartRemovesStalePIDFile(t *testing.T) {
	t.Parallel()
	opts := pgcluster.Options{Dir: t.TempDir(), Throwaway: true}
	stop(t, start(t, opts))
	// Our own pid: alive, but not a postgres, as after a reboot.
	stale := fmt.Sprintf("%d\n%s\n", os.Getpid(), filepath.Join(opts.Dir, "pgdata"))
	if err := os.WriteFile(filepath.Join(opts.Dir, "pgdata", "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}

	stop(t, start(t, opts))
}

func TestServerDiesWithKilledOwner(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	helper := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	helper.Env = append(os.Environ(), helperEnv+"="+dir)
	helper.Stderr = os.Stderr
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ready") {
		_ = helper.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	pid := serverPID(t, dir)

	_ = helper.Process.Kill()
	_ = helper.Wait()

	assertGone(t, pid)
	stop(t, start(t, pgcluster.Options{Dir: dir, Throwaway: true}))
}

// TestHelperProcess is the process TestServerDiesWithKilledOwner kills.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process for TestServerDiesWithKilledOwner")
	}
	if _, err := pgcluster.Start(t.Context(), pgcluster.Options{Dir: dir, Throwaway: true}); err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	select {}
}

func start(t *testing.T, opts pgcluster.Options) *pgcluster.Cluster {
	t.Helper()
	began := time.Now()
	c, err := pgcluster.Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("Start took %v", time.Since(began))
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
}

func stop(t *testing.T, c *pgcluster.Cluster) {
	t.Helper()
	if err := c.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

func exec1(t *testing.T, dsn, query string) {
	t.Helper()
	db := open(t, dsn)
	if _, err := db.ExecContext(t.Context(), query); err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}

func queryInt(t *testing.T, dsn, query string) int {
	t.Helper()
	var n int
	if err := open(t, dsn).QueryRowContext(t.Context(), query).Scan(&n); err != nil {
		t.Fatalf("query %q: %v", query, err)
	}
	return n
}

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// serverPID reads the running server's pid from its lock file.
func serverPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "pgdata", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(line)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// assertGone waits a little for pid to disappear; an unreaped child of
// another process counts as gone.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) || isZombie(pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("postgres %d still running", pid)
}

func isZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return strings.HasPrefix(after, "Z")
}

func password(t *testing.T, c *pgcluster.Cluster) string {
	t.Helper()
	u, err := url.Parse(c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	return pw
}

func assertNoSecret(t *testing.T, logs, secret string) {
	t.Helper()
	if secret == "" || strings.Contains(logs, secret) {
		t.Errorf("password %q empty or in logs:\n%s", secret, logs)
	}
}

func newLogger(w *testkit.SyncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
