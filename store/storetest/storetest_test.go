package storetest_test

import (
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestDatabasesAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := storetest.NewDB(t), storetest.NewDB(t)

	if nameA, nameB := currentDatabase(t, a), currentDatabase(t, b); nameA == nameB {
		t.Fatalf("both tests got database %q", nameA)
	}
	_, err := a.ExecContext(t.Context(),
		`INSERT INTO outbox (team_id, dedupe_key, channel, payload) VALUES ('T1', 'k', 'C1', '{}')`)
	if err != nil {
		t.Fatal(err)
	}
	if got := countOutbox(t, a); got != 1 {
		t.Errorf("outbox rows in a = %d, want 1", got)
	}
	if got := countOutbox(t, b); got != 0 {
		t.Errorf("outbox rows in b = %d, want 0", got)
	}
}

func TestNewURLDroppedAfterTest(t *testing.T) {
	t.Parallel()
	var name string
	t.Run("uses", func(t *testing.T) {
		db, err := sqlx.Open("postgres", storetest.NewURL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		name = currentDatabase(t, db)
	})

	var exists bool
	err := storetest.NewDB(t).GetContext(t.Context(), &exists, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name)
	if err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s still exists after its test", name)
	}
}

func TestCreateManyDatabases(t *testing.T) {
	t.Parallel()
	const n = 20
	storetest.NewURL(t) // the first waits for the server and template
	start := time.Now()
	for range n {
		storetest.NewURL(t)
	}
	elapsed := time.Since(start)
	t.Logf("created %d databases in %v (%v each)", n, elapsed, elapsed/n)
}

func currentDatabase(t *testing.T, db *sqlx.DB) string {
	t.Helper()
	var name string
	if err := db.GetContext(t.Context(), &name, `SELECT current_database()`); err != nil {
		t.Fatal(err)
	}
	return name
}

func countOutbox(t *testing.T, db *sqlx.DB) int {
	t.Helper()
	var n int
	if err := db.GetContext(t.Context(), &n, `SELECT count(*) FROM outbox`); err != nil {
		t.Fatal(err)
	}
	return n
}
