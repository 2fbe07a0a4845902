// Package perf holds the scenarios of `make bench` (cmd/bench): ack load,
// fan-out, footprint and the large coalition.
//
// Every scenario drives the real binary as a subprocess, the way it runs in
// production, so that the figures include process start, the HTTP server,
// the connection pool and the outbox worker. The harness in this file:
//
//	slack := slacktest.NewServer(slacktest.Options{})   // the fake Slack, in this process
//	defer slack.Close()
//	dbURL, drop, err := perf.NewDatabase(ctx, adminURL)  // a fresh, migrated database
//	defer drop()
//	srv, err := perf.StartServe(ctx, perf.ServeOptions{
//		Binary: "./bin/backbone", DatabaseURL: dbURL, Slack: slack,
//	})                                                   // returns once /readyz answers 200
//	defer srv.Stop()
//	rep, err := srv.HTTP().SlashCommand(ctx, slacktest.Slash{UserID: "U1", ChannelID: "C1", Command: "/report"})
//	peak, err := srv.PeakRSS()                           // bytes, VmHWM of the subprocess
//
// The subprocess runs `backbone serve` in HTTP mode only (SLACK_SIGNING_SECRET
// set, SLACK_APP_TOKEN not), talks to the fake Slack through SLACK_API_URL,
// listens on a free loopback port and runs in a temporary directory, so that
// no .env of the working tree leaks in. Its log goes to a temporary file;
// Logs returns it, and a failed start quotes its tail.
//
// Seed the coalition either through the fake (AddUser, AddChannel) plus
// slash commands, or directly in the database with package store before
// StartServe; the Slack IDs used must exist in the fake for commands that
// look users up.
package perf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// ServeOptions configures StartServe.
type ServeOptions struct {
	// Binary is the backbone executable, such as "./bin/backbone".
	Binary string
	// DatabaseURL is the database the process uses (see NewDatabase).
	DatabaseURL string
	// Slack is the fake Slack the process talks to; its options give the
	// bot token and signing secret.
	Slack *slacktest.Server
	// Env adds or overrides variables of the process's environment, such as
	// LOG_LEVEL or COALITION_TZ.
	Env map[string]string
	// Args replaces the command line after the binary; default "serve".
	Args []string
	// ReadyTimeout bounds the wait for /readyz; default 30 s.
	ReadyTimeout time.Duration
}

// Serve is a running `backbone serve` subprocess.
type Serve struct {
	cmd        *exec.Cmd
	dir        string
	logPath    string
	base       string
	http       *slacktest.HTTPClient
	started    time.Time
	readyAfter time.Duration
	done       chan error
}

// StartServe starts the process and waits until /readyz answers 200.
func StartServe(ctx context.Context, o ServeOptions) (*Serve, error) {
	if o.Slack == nil || o.Binary == "" || o.DatabaseURL == "" {
		return nil, errors.New("start serve: Binary, DatabaseURL and Slack are required")
	}
	bin, err := filepath.Abs(o.Binary)
	if err != nil {
		return nil, fmt.Errorf("start serve: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "backbone-bench-")
	if err != nil {
		return nil, fmt.Errorf("start serve: %w", err)
	}
	s := &Serve{dir: dir, logPath: filepath.Join(dir, "serve.log"), base: "http://" + addr, done: make(chan error, 1)}
	if err := s.start(bin, addr, o); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := s.waitReady(ctx, o.ReadyTimeout); err != nil {
		s.Stop()
		return nil, err
	}
	s.http = o.Slack.HTTP(s.base)
	s.http.Client = NewHTTPClient(64)
	return s, nil
}

func (s *Serve) start(bin, addr string, o ServeOptions) error {
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return fmt.Errorf("start serve: %w", err)
	}
	defer logFile.Close()
	args := o.Args
	if len(args) == 0 {
		args = []string{"serve"}
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = s.dir
	s.cmd.Env = serveEnv(addr, o)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	// Pdeathsig: a bench that dies must not leave a server behind.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	return nil
}

// serveEnv is a minimal environment: PATH and HOME from ours, then the
// bot's configuration, then o.Env.
func serveEnv(addr string, o ServeOptions) []string {
	so := o.Slack.Options()
	env := map[string]string{
		"PATH":                 os.Getenv("PATH"),
		"HOME":                 os.Getenv("HOME"),
		"SLACK_BOT_TOKEN":      so.BotToken,
		"SLACK_SIGNING_SECRET": so.SigningSecret,
		"SLACK_API_URL":        o.Slack.APIURL(),
		"DATABASE_URL":         o.DatabaseURL,
		"HTTP_ADDR":            addr,
		"LOG_LEVEL":            "warn",
	}
	for k, v := range o.Env {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// waitReady polls /readyz every 2 ms: the footprint scenario measures
// time-to-ready, so the poll interval bounds its error.
func (s *Serve) waitReady(ctx context.Context, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/readyz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.readyAfter = time.Since(s.started)
				return nil
			}
		}
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("backbone serve exited before ready (%v); log:\n%s", err, s.LogTail(20))
		case <-ctx.Done():
			return fmt.Errorf("backbone serve not ready after %s; log:\n%s", timeout, s.LogTail(20))
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// HTTP returns a client delivering signed requests to the process; its
// http.Client keeps up to 64 idle connections alive.
func (s *Serve) HTTP() *slacktest.HTTPClient { return s.http }

// BaseURL is the process's "http://127.0.0.1:PORT".
func (s *Serve) BaseURL() string { return s.base }

// PID is the subprocess's process ID.
func (s *Serve) PID() int { return s.cmd.Process.Pid }

// ReadyAfter is the time from starting the process to /readyz answering 200.
func (s *Serve) ReadyAfter() time.Duration { return s.readyAfter }

// RSS is the process's resident set size now, in bytes (VmRSS).
func (s *Serve) RSS() (int64, error) { return procStatus(s.PID(), "VmRSS") }

// PeakRSS is the process's peak resident set size so far, in bytes (VmHWM).
func (s *Serve) PeakRSS() (int64, error) { return procStatus(s.PID(), "VmHWM") }

// Logs returns the path of the process's log file (removed by Stop).
func (s *Serve) Logs() string { return s.logPath }

// LogTail returns the last n lines of the process's log.
func (s *Serve) LogTail(n int) string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Stop sends SIGTERM, waits up to 15 s (then SIGKILL), and removes the
// working directory. It returns the process's exit error, if any.
func (s *Serve) Stop() error {
	defer os.RemoveAll(s.dir)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		err := <-s.done
		s.done <- err
		return fmt.Errorf("backbone serve did not stop within 15 s: %w", err)
	}
}

// NewHTTPClient is a keep-alive client with up to conns connections to the
// one host, so that the client is not the bottleneck under load.
func NewHTTPClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     0,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}
