package main_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// embeddedEnv is a configuration with the embedded database in dataDir
// and no Slack.
func embeddedEnv(dataDir string) map[string]string {
	return map[string]string{"DATA_DIR": dataDir, "HTTP_ADDR": "127.0.0.1:0"}
}

var slackNotConfiguredLine = regexp.MustCompile(`(?m)^.*SLACK_BOT_TOKEN.*$`)

// TestEmbeddedDatabaseLifecycle is the acceptance of the embedded database:
// `make run` then Ctrl-C leaves no postgres process running, and a second
// `make run` reuses the data.
func TestEmbeddedDatabaseLifecycle(t *testing.T) {
	t.Parallel()
	dataDir, workDir := t.TempDir(), t.TempDir()

	first := start(t, "first run", workDir, embeddedEnv(dataDir), "serve")
	base := first.baseURL()
	first.waitHTTP(base+"/healthz", 200, startTimeout)
	t.Logf("first run (initdb included): /healthz OK %v after start", time.Since(first.started))
	checkSlackNotConfigured(t, first, base)
	checkPostgresFound(t, dataDir)
	execSQL(t, dataDir, `CREATE TABLE marker (note text NOT NULL); INSERT INTO marker VALUES ('first run')`)

	// Ctrl-C in a terminal signals the whole foreground process group.
	took := first.stopGroup(syscall.SIGINT)
	t.Logf("first run: exit 0 %v after SIGINT", took)
	checkNoPostgres(t, dataDir)

	env := embeddedEnv(dataDir)
	env["LOG_LEVEL"] = "debug" // postgres's own output too
	second := start(t, "second run", workDir, env, "serve")
	base = second.baseURL()
	second.waitHTTP(base+"/healthz", 200, startTimeout)
	t.Logf("second run: /healthz OK %v after start", time.Since(second.started))
	if strings.Contains(second.stderr.String(), "postgres data directory created") {
		t.Errorf("second run created a new data directory")
	}
	if got := querySQL(t, dataDir, `SELECT note FROM marker`); got != "first run" {
		t.Errorf("marker after restart = %q, want %q", got, "first run")
	}
	took = second.stop(syscall.SIGTERM)
	t.Logf("second run: exit 0 %v after SIGTERM", took)
	checkNoPostgres(t, dataDir)
	checkNoPassword(t, dataDir, first, second)
}

// checkNoPassword wants the embedded cluster's password in no output.
func checkNoPassword(t *testing.T, dataDir string, ps ...*process) {
	t.Helper()
	pw, err := os.ReadFile(filepath.Join(dataDir, "postgres", "password"))
	if err != nil || len(bytes.TrimSpace(pw)) == 0 {
		t.Fatalf("read password: %q, %v", pw, err)
	}
	for _, p := range ps {
		if strings.Contains(p.stdout.String()+p.stderr.String(), string(bytes.TrimSpace(pw))) {
			t.Errorf("%s printed the database password", p.name)
		}
	}
}

// TestEmbeddedDatabaseInterruptedWhileStarting sends Ctrl-C at each stage
// of a first start: no postgres may be left, and the next start must work.
func TestEmbeddedDatabaseInterruptedWhileStarting(t *testing.T) {
	t.Parallel()
	for _, stage := range []string{
		"starting the embedded PostgreSQL", // initdb runs
		"postgres data directory created",  // the server starts
		"postgres started",                 // migrations run
	} {
		t.Run(stage, func(t *testing.T) {
			t.Parallel()
			dataDir, workDir := t.TempDir(), t.TempDir()
			p := start(t, "interrupted run", workDir, embeddedEnv(dataDir), "serve")
			p.waitLog(regexp.MustCompile(`msg="`+stage+`"`), startTimeout)
			p.signalGroup(syscall.SIGINT)
			// 0 if the start finished first, else 1 for the failed start.
			if code := p.wait(stopTimeout); code != 0 && code != 1 {
				t.Errorf("exit status %d after SIGINT, want 0 or 1", code)
			}
			checkNoPostgres(t, dataDir)

			next := start(t, "next run", workDir, embeddedEnv(dataDir), "serve")
			next.waitHTTP(next.baseURL()+"/healthz", 200, startTimeout)
			next.stop(syscall.SIGTERM)
			checkNoPostgres(t, dataDir)
		})
	}
}

// TestEmbeddedDatabaseStoppedAfterFailedStart has serve fail after its
// postgres started (METRICS_ADDR is taken: HTTP_ADDR is bound first, before
// the database, so that the links the bot sends know the address): the
// postgres must stop too.
func TestEmbeddedDatabaseStoppedAfterFailedStart(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dataDir := t.TempDir()
	env := embeddedEnv(dataDir)
	env["METRICS_ADDR"] = taken.Addr().String()

	r := run(t, env, "serve")
	if r.code != 1 || !strings.Contains(r.stderr, "METRICS_ADDR "+taken.Addr().String()) {
		t.Errorf("exit %d; want 1 and an error naming METRICS_ADDR", r.code)
	}
	if !strings.Contains(r.stderr, `msg="postgres started"`) {
		t.Errorf("postgres did not start first: the test checks nothing")
	}
	checkNoPostgres(t, dataDir)
}

// checkSlackNotConfigured wants /readyz to say Slack is not configured and
// the log to tell, in one line, which variables to set.
func checkSlackNotConfigured(t *testing.T, p *process, base string) {
	t.Helper()
	status, body, err := get(base + "/readyz")
	if err != nil || status != 503 || !strings.Contains(body, "slack: not configured") {
		t.Errorf("/readyz = %d %q, %v; want 503 saying slack: not configured", status, body, err)
	}
	if strings.Contains(body, "database") {
		t.Errorf("/readyz reports a database problem: %q", body)
	}
	p.waitLog(slackNotConfiguredLine, stopTimeout)
	lines := slackNotConfiguredLine.FindAllString(p.stderr.String(), -1)
	if len(lines) != 1 || !strings.Contains(lines[0], "SLACK_APP_TOKEN") || !strings.Contains(lines[0], "SLACK_SIGNING_SECRET") {
		t.Errorf("want one log line naming SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_SIGNING_SECRET, got %q", lines)
	}
}

// TestEmbeddedDatabaseDiesWithKilledBackbone kills backbone with SIGKILL,
// which it cannot handle: its postgres must die too, and the next start on
// the same data directory must work.
func TestEmbeddedDatabaseDiesWithKilledBackbone(t *testing.T) {
	t.Parallel()
	dataDir, workDir := t.TempDir(), t.TempDir()

	killed := start(t, "killed run", workDir, embeddedEnv(dataDir), "serve")
	killed.waitHTTP(killed.baseURL()+"/healthz", 200, startTimeout)
	checkPostgresFound(t, dataDir)
	execSQL(t, dataDir, `CREATE TABLE marker (note text NOT NULL); INSERT INTO marker VALUES ('killed run')`)
	killed.signal(syscall.SIGKILL)
	if code := killed.wait(stopTimeout); code != -1 {
		t.Fatalf("exit status %d after SIGKILL, want -1 (killed)", code)
	}
	sent := time.Now()
	waitNoPostgres(t, dataDir, 10*time.Second)
	t.Logf("postgres gone %v after backbone was killed", time.Since(sent))

	next := start(t, "run after kill", workDir, embeddedEnv(dataDir), "serve")
	next.waitHTTP(next.baseURL()+"/healthz", 200, startTimeout)
	if got := querySQL(t, dataDir, `SELECT note FROM marker`); got != "killed run" {
		t.Errorf("marker after restart = %q, want %q", got, "killed run")
	}
	next.stop(syscall.SIGTERM)
	checkNoPostgres(t, dataDir)
}

// stopGroup signals the process group, as a terminal's Ctrl-C does, and
// waits for a clean exit.
func (p *process) stopGroup(sig syscall.Signal) time.Duration {
	p.t.Helper()
	sent := time.Now()
	p.signalGroup(sig)
	if code := p.wait(stopTimeout); code != 0 {
		p.t.Fatalf("%s exited with status %d after %v, want 0", p.name, code, sig)
	}
	return time.Since(sent)
}

// signalGroup sends sig to the process group backbone leads.
func (p *process) signalGroup(sig syscall.Signal) {
	p.t.Helper()
	if err := syscall.Kill(-p.cmd.Process.Pid, sig); err != nil {
		p.t.Fatalf("signal process group of %s: %v", p.name, err)
	}
}

// checkPostgresFound makes sure the leftover scan sees the running server,
// so that its finding nothing later means something.
func checkPostgresFound(t *testing.T, dataDir string) {
	t.Helper()
	if len(processesIn(dataDir)) == 0 {
		t.Fatalf("no process found in %s while the embedded postgres runs", dataDir)
	}
	if pid, _ := serverInfo(t, dataDir); !alive(pid) {
		t.Fatalf("postmaster.pid names pid %d, which is not running", pid)
	}
}

// checkNoPostgres wants no process left in dataDir, right away.
func checkNoPostgres(t *testing.T, dataDir string) {
	t.Helper()
	waitNoPostgres(t, dataDir, 0)
}

// waitNoPostgres waits until no process's command line or working
// directory refers to dataDir, and the pid in postmaster.pid, if the file
// remains, is not alive. It kills what is left when it gives up.
func waitNoPostgres(t *testing.T, dataDir string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		left := processesIn(dataDir)
		if pid, ok := leftPID(dataDir); ok && alive(pid) {
			left = append(left, leftover{pid, "pid of postmaster.pid"})
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			var lines []string
			for _, l := range left {
				_ = syscall.Kill(l.pid, syscall.SIGKILL) // ours: they run in our temporary directory
				lines = append(lines, fmt.Sprintf("pid %d: %s", l.pid, l.what))
			}
			t.Fatalf("processes left running in %s (now killed):\n%s", dataDir, strings.Join(lines, "\n"))
		}
		time.Sleep(pollInterval)
	}
}

// leftover is a process found running in a data directory.
type leftover struct {
	pid  int
	what string
}

// processesIn lists the live processes whose command line or working
// directory refers to dir (zombies have neither).
func processesIn(dir string) []leftover {
	dir = resolve(dir)
	entries, _ := os.ReadDir("/proc")
	var found []leftover
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		cmdline := strings.ReplaceAll(strings.TrimRight(string(b), "\x00"), "\x00", " ")
		cwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
		if within(cwd, dir) || strings.Contains(cmdline+" ", dir+"/") || strings.Contains(cmdline+" ", dir+" ") {
			found = append(found, leftover{pid, fmt.Sprintf("%q in %s", cmdline, cwd)})
		}
	}
	return found
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

func resolve(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}

// alive reports whether pid is a process that is not a zombie.
func alive(pid int) bool {
	if pid <= 0 || errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, state, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(state, "Z")
}

func postmasterPIDFile(dataDir string) string {
	return filepath.Join(dataDir, "postgres", "pgdata", "postmaster.pid")
}

// leftPID returns the pid in postmaster.pid, if the file exists.
func leftPID(dataDir string) (int, bool) {
	b, err := os.ReadFile(postmasterPIDFile(dataDir))
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	return pid, err == nil
}

// serverInfo reads the running server's pid and port from postmaster.pid.
func serverInfo(t *testing.T, dataDir string) (pid, port int) {
	t.Helper()
	b, err := os.ReadFile(postmasterPIDFile(dataDir))
	if err != nil {
		t.Fatalf("embedded postgres is not running: %v", err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		t.Fatalf("postmaster.pid too short: %q", b)
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, err2 := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err := errors.Join(err1, err2); err != nil {
		t.Fatalf("parse postmaster.pid %q: %v", b, err)
	}
	return pid, port
}

// embeddedURL is the URL of the running embedded cluster's backbone
// database, from the password file and postmaster.pid.
func embeddedURL(t *testing.T, dataDir string) string {
	t.Helper()
	pw, err := os.ReadFile(filepath.Join(dataDir, "postgres", "password"))
	if err != nil {
		t.Fatal(err)
	}
	_, port := serverInfo(t, dataDir)
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("backbone", strings.TrimSpace(string(pw))),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Path:     "/backbone",
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

func execSQL(t *testing.T, dataDir, query string) {
	t.Helper()
	db := openDB(t, embeddedURL(t, dataDir))
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), query); err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}

func querySQL(t *testing.T, dataDir, query string) string {
	t.Helper()
	db := openDB(t, embeddedURL(t, dataDir))
	defer db.Close()
	var s string
	if err := db.QueryRowContext(t.Context(), query).Scan(&s); err != nil {
		t.Fatalf("query %q: %v", query, err)
	}
	return s
}
