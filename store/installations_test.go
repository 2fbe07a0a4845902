package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestInstallationSaveReinstallUninstall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := store.Installation{TeamID: "T1", BotUserID: "UB1", BotToken: []byte{1, 2}, KeyID: "k1", Scopes: "commands", InstallerID: "U1"}
	save := func(in store.Installation, at time.Time) {
		t.Helper()
		if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.SaveInstallation(ctx, in, at) }); err != nil {
			t.Fatal(err)
		}
	}
	save(in, now)
	pending := seedOutbox(t, st, "T1", "waiting", "pending", now, 0)
	other := seedOutbox(t, st, "T2", "elsewhere", "pending", now, 0)
	var cancelled int64
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		cancelled, err = tx.Uninstall(ctx, "T1", now.Add(time.Hour))
		return err
	})
	if err != nil || cancelled != 1 {
		t.Fatalf("uninstall cancelled %d rows, %v; want 1", cancelled, err)
	}
	if got := outboxStatus(t, st, pending); got != "cancelled" {
		t.Errorf("T1's pending row is %s, want cancelled", got)
	}
	if got := outboxStatus(t, st, other); got != "pending" {
		t.Errorf("T2's pending row is %s after T1 left, want pending", got)
	}
	if teams, _ := st.UninstalledBefore(ctx, now.Add(2*time.Hour)); len(teams) != 1 || teams[0] != "T1" {
		t.Errorf("uninstalled teams: %v", teams)
	}
	in.Scopes, in.BotToken = "commands,chat:write", []byte{3}
	save(in, now.Add(48*time.Hour))
	got, err := st.Installation(ctx, "T1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Scopes != "commands,chat:write" || got.UninstalledAt != nil || !got.InstalledAt.Equal(now) || string(got.BotToken) != "\x03" {
		t.Errorf("after the reinstall: %+v", got)
	}
	if _, err := st.Installation(ctx, "T9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown team: %v", err)
	}
}

// TestDeleteTeamEmptiesOneTeamOnly seeds two full coalitions and deletes
// one: every row of it goes, none of the other.
func TestDeleteTeamEmptiesOneTeamOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC)
	for _, team := range []string{"T0GOES", "T0STAYS"} {
		plan, err := sandbox.BulkPlan(sandbox.SizeMedium, team, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SeedBulk(ctx, plan); err != nil {
			t.Fatal(err)
		}
		seedOutbox(t, st, team, "sent-"+team, "sent", now, time.Hour)
	}
	before, err := st.TeamRows(ctx, "T0STAYS")
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := st.DeleteTeam(ctx, "T0GOES")
	if err != nil {
		t.Fatal(err)
	}
	if deleted["commitments"] == 0 || deleted["members"] == 0 || deleted["outbox"] == 0 || deleted["reports"] == 0 {
		t.Errorf("deleted %v", deleted)
	}
	if left, _ := st.TeamRows(ctx, "T0GOES"); len(left) != 0 {
		t.Errorf("rows left of the deleted team: %v", left)
	}
	after, _ := st.TeamRows(ctx, "T0STAYS")
	for table, n := range before {
		if after[table] != n {
			t.Errorf("the other team's %s went from %d to %d rows", table, n, after[table])
		}
	}
	if _, err := st.DB().Exec(`DELETE FROM reports WHERE team_id = 'T0STAYS'`); err == nil {
		t.Error("reports are no longer append-only outside a team deletion")
	}
	if missing, err := st.TeamTablesMissing(ctx); err != nil || len(missing) != 0 {
		t.Errorf("tables keyed by team_id that DeleteTeam misses: %v, %v", missing, err)
	}
}

func outboxStatus(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	var s string
	if err := st.DB().Get(&s, `SELECT status FROM outbox WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return s
}
