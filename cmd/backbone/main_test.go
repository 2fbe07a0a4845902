// End-to-end tests of the backbone binary. It is built once per test
// process and run as a subprocess in a temporary working directory (so no
// developer .env is read) with an explicit environment.
package main_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) {
	storetest.Main(m)
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

const (
	// testVersion is linked into the binary, as the Makefile links the
	// git version.
	testVersion = "v0.0.0-e2e"
	// testCommit is linked into the binary as the Makefile links the
	// commit.
	testCommit = "0123456789ab"
	// pollInterval is the pause between two looks at a condition.
	pollInterval = 20 * time.Millisecond
	// startTimeout bounds a start, initdb of a new embedded cluster included.
	startTimeout = 60 * time.Second
	// stopTimeout is how long a signalled backbone may take to exit.
	stopTimeout = 15 * time.Second
)

// built is the binary under test, built on first use.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

// binary returns the path of the backbone binary, building it the first
// time; with the race detector on in the test, the binary has it too.
func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(buildBinary)
	if built.err != nil {
		t.Fatalf("build backbone: %v", built.err)
	}
	return built.path
}

func buildBinary() {
	built.dir, built.err = os.MkdirTemp("", "backbone-e2e-")
	if built.err != nil {
		return
	}
	built.path = filepath.Join(built.dir, "backbone")
	args := []string{"build", "-ldflags", "-X main.version=" + testVersion + " -X main.commit=" + testCommit, "-o", built.path}
	if raceEnabled() {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		built.err = fmt.Errorf("%w\n%s", err, out)
	}
}

func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	return ok && slices.Contains(info.Settings, debug.BuildSetting{Key: "-race", Value: "true"})
}

// process is a running backbone whose output is captured and which is
// killed, if still running, when the test ends.
type process struct {
	t       *testing.T
	name    string
	cmd     *exec.Cmd
	stdout  testkit.SyncBuffer
	stderr  testkit.SyncBuffer
	started time.Time
	exited  chan struct{}
}

// start runs backbone with args in dir, with PATH and env as its only
// environment. name labels its output, printed if the test fails.
func start(t *testing.T, name, dir string, env map[string]string, args ...string) *process {
	t.Helper()
	return startBinary(t, binary(t), name, dir, env, args...)
}

// startBinary is start with the binary at path.
func startBinary(t *testing.T, path, name, dir string, env map[string]string, args ...string) *process {
	t.Helper()
	p := &process{t: t, name: name, exited: make(chan struct{})}
	p.cmd = exec.Command(path, args...)
	p.cmd.Dir = dir
	p.cmd.Env = environ(env)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	p.cmd.SysProcAttr = sysProcAttr()
	p.cmd.WaitDelay = 2 * time.Second
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.cleanup)
	return p
}

// environ returns PATH (to find the PostgreSQL binaries) and env. GORACE
// spares a race-enabled binary its 1 s sleep at exit.
func environ(env map[string]string) []string {
	vars := []string{"PATH=" + os.Getenv("PATH"), "GORACE=atexit_sleep_ms=0"}
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	slices.Sort(vars)
	return vars
}

func (p *process) cleanup() {
	select {
	case <-p.exited:
	default:
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	if p.t.Failed() {
		p.t.Logf("%s (%v)\n--- stdout:\n%s--- stderr:\n%s", p.name, p.cmd.ProcessState, p.stdout.String(), p.stderr.String())
	}
}

// running reports whether the process has not exited yet.
func (p *process) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// wait waits for the process to exit and returns its exit status, -1 when
// a signal killed it.
func (p *process) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		p.t.Fatalf("%s still running after %v", p.name, timeout)
		return 0
	}
}

// stop sends sig and waits for the exit, which must be a clean one within
// stopTimeout; it returns how long the process took to exit.
func (p *process) stop(sig syscall.Signal) time.Duration {
	p.t.Helper()
	sent := time.Now()
	p.signal(sig)
	if code := p.wait(stopTimeout); code != 0 {
		p.t.Fatalf("%s exited with status %d after %v, want 0", p.name, code, sig)
	}
	return time.Since(sent)
}

// signal sends sig to the process.
func (p *process) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signal %s: %v", p.name, err)
	}
}

// eventually polls cond until it holds. It fails the test when timeout
// passes or the process exits first; cond's message says what it last saw.
func (p *process) eventually(timeout time.Duration, what string, cond func() (bool, string)) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		switch {
		case ok:
			return
		case !p.running():
			p.t.Fatalf("%s exited (%v) before %s; last: %s", p.name, p.cmd.ProcessState, what, last)
		case time.Now().After(deadline):
			p.t.Fatalf("%s: no %s within %v; last: %s", p.name, what, timeout, last)
		}
		time.Sleep(pollInterval)
	}
}

// waitLog waits for a line of stderr matching re and returns its submatches.
func (p *process) waitLog(re *regexp.Regexp, timeout time.Duration) []string {
	p.t.Helper()
	var m []string
	p.eventually(timeout, "log line matching "+re.String(), func() (bool, string) {
		m = re.FindStringSubmatch(p.stderr.String())
		return m != nil, "(see stderr)"
	})
	return m
}

var servingLine = regexp.MustCompile(`msg="backbone is serving".* http_addr=(\S+)`)

// baseURL waits until the server listens and returns its URL. Tests give
// HTTP_ADDR port 0 and read the port the log reports, so parallel tests
// never race for a port.
func (p *process) baseURL() string {
	p.t.Helper()
	return "http://" + p.waitLog(servingLine, startTimeout)[1]
}

// waitHTTP polls url until it answers status and returns the body.
func (p *process) waitHTTP(url string, status int, timeout time.Duration) string {
	p.t.Helper()
	var body string
	p.eventually(timeout, fmt.Sprintf("%d from %s", status, url), func() (bool, string) {
		got, b, err := get(url)
		body = b
		return err == nil && got == status, fmt.Sprintf("status %d, body %q, err %v", got, b, err)
	})
	return body
}

var httpClient = &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

func get(url string) (int, string, error) {
	resp, err := httpClient.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// result is what a backbone run that exits by itself produced.
type result struct {
	code           int
	stdout, stderr string
}

// run runs backbone to completion in a new empty working directory.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return runIn(t, t.TempDir(), env, args...)
}

func runIn(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	p := start(t, "backbone "+strings.Join(args, " "), dir, env, args...)
	code := p.wait(startTimeout)
	return result{code: code, stdout: p.stdout.String(), stderr: p.stderr.String()}
}
