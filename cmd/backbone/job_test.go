package main_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestJobRunUsesTheLedger(t *testing.T) {
	t.Parallel()
	url := storetest.NewURL(t)
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = store.New(db).InTx(context.Background(), func(tx *store.Tx) error {
		return tx.SaveCoalition(context.Background(), store.Coalition{TeamID: "T0JOB", Name: "Test", Timezone: "America/New_York"})
	})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": url}
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC).Format(time.RFC3339)
	first := run(t, env, "job", "run", "escalations", "--at", at)
	if first.code != 0 || !strings.Contains(first.stdout, "2026-11-24 09:30 (America/New_York): ran") {
		t.Fatalf("first run: exit %d\n%s\n%s", first.code, first.stdout, first.stderr)
	}
	again := run(t, env, "job", "run", "escalations", "--at", at)
	if again.code != 0 || !strings.Contains(again.stdout, "already ran") {
		t.Errorf("second run: exit %d\n%s\n%s", again.code, again.stdout, again.stderr)
	}
	for _, args := range [][]string{
		{"job", "run", "nope"},
		{"job", "run", "escalations", "--at", "yesterday"},
		{"job", "walk"},
	} {
		if r := run(t, env, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
}
