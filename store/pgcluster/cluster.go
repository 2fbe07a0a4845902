// Package pgcluster runs a private PostgreSQL server owned by this process:
// the embedded default when DATABASE_URL is empty, and the server for tests.
// It needs the PostgreSQL server binaries installed (see FindBinDir).
package pgcluster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/lib/pq"
)

const (
	superuser      = "backbone"
	host           = "127.0.0.1"
	maxConnections = 200
	startTimeout   = 60 * time.Second
	stopGrace      = 10 * time.Second // after SIGQUIT, before SIGKILL
	pollInterval   = 10 * time.Millisecond
	portAttempts   = 5
)

// errPortInUse reports that another process took the port we picked.
var errPortInUse = errors.New("port already in use")

// Options configures Start.
type Options struct {
	// Dir holds the cluster: Dir/pgdata (the data directory) and
	// Dir/password (the superuser's password, made at first start).
	Dir string
	// BinDir holds initdb and postgres; "" means FindBinDir.
	BinDir string
	// Log receives progress at info level and the server's own output at
	// debug level. nil discards.
	Log *slog.Logger
	// Database is created at start if missing; "" creates none.
	Database string
	// Throwaway trades durability for speed (no fsync at all), for
	// clusters whose data nobody will miss, such as tests.
	Throwaway bool
	// Port is the TCP port to listen on; 0 picks a free one. A restart on
	// the same port keeps clients' URLs valid (the fault tests need that).
	Port int
}

// Cluster is a running PostgreSQL server started by Start.
type Cluster struct {
	dir      string
	port     int
	password string
	log      *slog.Logger
	cmd      *exec.Cmd
	out      *lineLog

	done    chan struct{} // closed when the server has exited
	waitErr error         // the server's exit status, set before done closes

	stopOnce sync.Once
	stopErr  error
}

// Start starts the cluster in o.Dir, creating it on the first run, and
// returns once it accepts connections on a free port of 127.0.0.1 and
// o.Database exists. As root, the server runs as the postgres user (or
// nobody), since PostgreSQL refuses to run as root.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	acct, err := serverAccount()
	if err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	if err := prepareDir(o.Dir, acct); err != nil {
		return nil, err
	}
	password, err := initialize(ctx, o, acct)
	if err != nil {
		return nil, err
	}
	if err := clearStalePID(ctx, filepath.Join(o.Dir, "pgdata"), o.Log); err != nil {
		return nil, err
	}
	return launch(ctx, o, acct, password)
}

func (o Options) withDefaults() (Options, error) {
	if o.Dir == "" {
		return o, errors.New("start postgres: no directory given")
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return o, fmt.Errorf("start postgres: %w", err)
	}
	o.Dir = dir
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.BinDir == "" {
		o.BinDir, err = FindBinDir()
	}
	return o, err
}

// prepareDir creates dir and lets the server's user reach it.
func prepareDir(dir string, acct *account) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create cluster directory: %w", err)
	}
	return acct.ensureReachable(dir)
}

// launch starts the server on a free port, picking another if someone
// takes the port between our choice and the server's bind.
func launch(ctx context.Context, o Options, acct *account, password string) (*Cluster, error) {
	if o.Port != 0 {
		return launchOnce(ctx, o, acct, password, o.Port)
	}
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		c, err := launchOnce(ctx, o, acct, password, port)
		if !errors.Is(err, errPortInUse) || attempt == portAttempts {
			return c, err
		}
		o.Log.Debug("postgres port taken, retrying", "attempt", attempt)
	}
}

func launchOnce(ctx context.Context, o Options, acct *account, password string, port int) (*Cluster, error) {
	c := &Cluster{dir: o.Dir, port: port, password: password, log: o.Log, done: make(chan struct{})}
	start := time.Now()
	if err := c.spawn(o, acct); err != nil {
		return nil, err
	}
	if err := c.ready(ctx, o.Database); err != nil {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
		defer cancel()
		_ = c.Stop(stopCtx) // the start error says more
		return nil, err
	}
	o.Log.Info("postgres started", "dir", o.Dir, "port", port, "pid", c.cmd.Process.Pid,
		"duration_ms", time.Since(start).Milliseconds())
	return c, nil
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("find free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// spawn starts postgres. The goroutine that starts it stays locked to its
// OS thread until the server exits: the parent-death signal is tied to
// the thread, and Go may otherwise retire it while we still run.
func (c *Cluster) spawn(o Options, acct *account) error {
	c.out = newLineLog(o.Log, "postgres")
	c.cmd = exec.Command(filepath.Join(o.BinDir, "postgres"), serverArgs(o, c.port)...)
	configure(c.cmd, acct, c.out)
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := c.cmd.Start(); err != nil {
			started <- fmt.Errorf("run postgres: %w", err)
			return
		}
		started <- nil
		c.waitErr = c.cmd.Wait()
		close(c.done)
	}()
	return <-started
}

// serverArgs returns the postgres command line: TCP on 127.0.0.1 only, no
// Unix socket, and no durability for a throwaway cluster.
func serverArgs(o Options, port int) []string {
	args := []string{
		"-D", filepath.Join(o.Dir, "pgdata"),
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=" + host,
		"-c", "unix_socket_directories=",
		"-c", "max_connections=" + strconv.Itoa(maxConnections),
	}
	if o.Throwaway {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	return args
}

// ready waits until the server accepts connections, then creates database.
func (c *Cluster) ready(ctx context.Context, database string) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	// lib/pq ignores ctx while connecting; a timeout stops a wait for
	// someone else's listener on our port that never answers.
	db, err := sql.Open("postgres", c.URL("postgres")+"&connect_timeout=2")
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	defer db.Close()
	if err := c.waitAccepting(ctx, db); err != nil {
		return err
	}
	return createDatabase(ctx, db, database)
}

// waitAccepting polls until db connects to our server, the server exits,
// or ctx ends.
func (c *Cluster) waitAccepting(ctx context.Context, db *sql.DB) error {
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return c.checkIdentity(ctx, db)
		}
		if !stillStarting(err) {
			return c.refused(err)
		}
		select {
		case <-c.done:
			return c.startFailure()
		case <-ctx.Done():
			return fmt.Errorf("wait for postgres: %w\n%s", ctx.Err(), c.out.Tail())
		case <-time.After(pollInterval):
		}
	}
}

// checkIdentity makes sure db reached our server, not another one that
// took the port first (ours then fails to bind and exits).
func (c *Cluster) checkIdentity(ctx context.Context, db *sql.DB) error {
	var dataDir string
	if err := db.QueryRowContext(ctx, `SHOW data_directory`).Scan(&dataDir); err != nil {
		return fmt.Errorf("query postgres: %w", err)
	}
	if dataDir != filepath.Join(c.dir, "pgdata") {
		return fmt.Errorf("port %d serves %s: %w", c.port, dataDir, errPortInUse)
	}
	return nil
}

// refused explains a connection the server turned down: another server
// on our port (ours then exits at once), or a real problem.
func (c *Cluster) refused(err error) error {
	select {
	case <-c.done:
		return c.startFailure()
	case <-time.After(time.Second):
		return fmt.Errorf("connect to postgres: %w", err)
	}
}

// stillStarting reports whether a failed connection may succeed later:
// nothing listens yet, or the server says it is starting up.
func stillStarting(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "57P03" // cannot_connect_now
	}
	return true
}

// startFailure explains why the server exited while starting.
func (c *Cluster) startFailure() error {
	if c.out.contains("Address already in use") {
		return fmt.Errorf("start postgres on port %d: %w", c.port, errPortInUse)
	}
	return fmt.Errorf("postgres exited while starting: %v\n%s", c.waitErr, c.out.Tail())
}

// createDatabase creates name unless it exists or is "".
func createDatabase(ctx context.Context, db *sql.DB, name string) error {
	if name == "" {
		return nil
	}
	var exists bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil {
		return fmt.Errorf("check database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name))
	var pqErr *pq.Error
	if err != nil && !(errors.As(err, &pqErr) && pqErr.Code == "42P04") { // duplicate_database: someone beat us
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// URL returns the superuser's URL for database db. It holds the password:
// do not log it.
func (c *Cluster) URL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(superuser, c.password),
		Host:     net.JoinHostPort(host, strconv.Itoa(c.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Dir returns the cluster directory (absolute).
func (c *Cluster) Dir() string {
	return c.dir
}

// Stop shuts the server down: fast shutdown (SIGINT), then immediate
// shutdown (SIGQUIT) if ctx ends first. Later calls return the first
// call's result.
func (c *Cluster) Stop(ctx context.Context) error {
	c.stopOnce.Do(func() { c.stopErr = c.stop(ctx) })
	return c.stopErr
}

func (c *Cluster) stop(ctx context.Context) error {
	start := time.Now()
	c.signal(syscall.SIGINT)
	select {
	case <-c.done:
	case <-ctx.Done():
		c.log.Warn("postgres slow to stop, sending SIGQUIT", "dir", c.dir)
		c.signal(syscall.SIGQUIT)
		c.awaitExit()
	}
	if c.waitErr != nil {
		return fmt.Errorf("stop postgres: %w\n%s", c.waitErr, c.out.Tail())
	}
	c.log.Info("postgres stopped", "dir", c.dir, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// awaitExit waits for the server to exit, killing it if it lingers.
func (c *Cluster) awaitExit() {
	select {
	case <-c.done:
	case <-time.After(stopGrace):
		c.signal(syscall.SIGKILL)
		<-c.done
	}
}

// signal sends sig to the server; an exited server needs none.
func (c *Cluster) signal(sig syscall.Signal) {
	if err := c.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		c.log.Warn("signal postgres", "signal", sig.String(), "error", err)
	}
}
