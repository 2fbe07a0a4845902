// Package storetest gives each test its own freshly migrated PostgreSQL
// database, cloned in milliseconds from a template migrated once.
//
// The server is TEST_DATABASE_URL (a URL, not a key=value string, of a role
// allowed to CREATE DATABASE) when set, as `make test` does through
// cmd/withpg; otherwise a throwaway pgcluster started on first use. Every
// package using storetest must stop that cluster from its TestMain:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// shared is the server all tests of this test binary use. It is
// package-level because a test helper has nowhere else to keep state for
// the whole process: the first NewURL sets it up, Main tears it down.
var shared struct {
	once sync.Once
	srv  *server
	err  error
}

// Main runs the tests, then stops the throwaway server if one was started.
// Call it from TestMain; TestMain then returns and the test binary exits
// with m.Run's status.
func Main(m *testing.M) {
	m.Run()
	shared.once.Do(func() { shared.err = errors.New("storetest used after Main returned") })
	if shared.srv == nil {
		return
	}
	if err := shared.srv.close(); err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
	}
}

// NewDB returns a connection to a new migrated database that is closed
// and dropped when the test ends.
func NewDB(t testing.TB) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open("postgres", NewURL(t))
	if err != nil {
		t.Fatalf("storetest: open database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// NewURL returns the URL of a new migrated database, for tests that hand
// it to another process; the database is dropped when the test ends, so
// close any connection to it first.
func NewURL(t testing.TB) string {
	t.Helper()
	shared.once.Do(func() { shared.srv, shared.err = newServer(context.Background()) })
	if shared.err != nil {
		t.Fatalf("storetest: %v", shared.err)
	}
	name, err := shared.srv.createDB(t.Context())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		// t.Context is already cancelled while cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := shared.srv.dropDB(ctx, name); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	return shared.srv.url(name)
}
