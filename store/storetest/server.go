package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"

	"github.com/backbone-coalition/backbone/store/pgcluster"
)

// tempPrefix starts the names of throwaway cluster directories; the
// owning process's pid follows, so leftovers of dead processes can go.
const tempPrefix = "backbone-storetest-"

// server is a PostgreSQL server where tests get databases.
type server struct {
	admin    *sql.DB  // a role allowed to CREATE DATABASE
	base     *url.URL // admin URL; tests' URLs differ in the path only
	template string
	strategy string             // CREATE DATABASE option, "" before PostgreSQL 15
	cluster  *pgcluster.Cluster // nil with TEST_DATABASE_URL
}

// newServer connects to TEST_DATABASE_URL or starts a throwaway cluster,
// then makes sure the migrated template exists.
func newServer(ctx context.Context) (*server, error) {
	s := &server{}
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		var err error
		if raw, err = s.startCluster(ctx); err != nil {
			return nil, err
		}
	}
	if err := s.connect(ctx, raw); err != nil {
		return nil, errors.Join(err, s.close())
	}
	template, err := ensureTemplate(ctx, s.admin, s.base)
	if err != nil {
		return nil, errors.Join(err, s.close())
	}
	s.template = template
	return s, nil
}

// startCluster starts a throwaway cluster in a new temporary directory and
// returns its admin URL.
func (s *server) startCluster(ctx context.Context) (string, error) {
	removeLeftovers()
	dir, err := os.MkdirTemp(pgcluster.TempDir(), tempPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", fmt.Errorf("create cluster directory: %w", err)
	}
	s.cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Throwaway: true})
	if err != nil {
		return "", errors.Join(err, os.RemoveAll(dir))
	}
	return s.cluster.URL("postgres"), nil
}

// removeLeftovers deletes cluster directories of test processes that died
// without Main cleaning up (their server died with them).
func removeLeftovers() {
	dirs, _ := filepath.Glob(filepath.Join(pgcluster.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), tempPrefix), "-")
		if n, err := strconv.Atoi(pid); err == nil && errors.Is(syscall.Kill(n, 0), syscall.ESRCH) {
			_ = os.RemoveAll(dir)
		}
	}
}

// connect opens the admin connection.
func (s *server) connect(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("TEST_DATABASE_URL must be a postgres:// URL")
	}
	s.base = u
	s.admin, err = sql.Open("postgres", raw)
	if err != nil {
		return fmt.Errorf("open admin connection: %w", err)
	}
	var version int
	if err := s.admin.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
		return fmt.Errorf("connect to test server: %w", err)
	}
	if version >= 150000 {
		// The default WAL_LOG strategy writes the whole template to the WAL;
		// copying files costs a checkpoint, cheap without fsync: 10 ms, not 50.
		s.strategy = " STRATEGY = FILE_COPY"
	}
	return nil
}

// url returns the URL of database name on the server.
func (s *server) url(name string) string {
	u := *s.base
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// createDB clones the template into a new database and returns its name.
func (s *server) createDB(ctx context.Context) (string, error) {
	name := "test_" + randomHex(8)
	q := "CREATE DATABASE " + pq.QuoteIdentifier(name) + " TEMPLATE " + pq.QuoteIdentifier(s.template) + s.strategy
	if _, err := s.admin.ExecContext(ctx, q); err != nil {
		return "", fmt.Errorf("create test database: %w", err)
	}
	return name, nil
}

// dropDB drops database name, closing any connection left to it.
func (s *server) dropDB(ctx context.Context, name string) error {
	if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop test database: %w", err)
	}
	return nil
}

// close disconnects and, for a throwaway cluster, stops it and deletes it.
func (s *server) close() error {
	var errs []error
	if s.admin != nil {
		errs = append(errs, s.admin.Close())
	}
	if s.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		errs = append(errs, s.cluster.Stop(ctx), os.RemoveAll(s.cluster.Dir()))
	}
	return errors.Join(errs...)
}

// randomHex returns n random bytes as lowercase hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}
