package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestImportDraftIsClaimedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	var id int64
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.SaveImportDraft(ctx, store.ImportDraft{TeamID: "T1", UserID: "U1", Kind: "partners", Filename: "p.csv", Content: []byte("name,sector\n")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false} {
		var got bool
		err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			got, err = tx.ClaimImportDraft(ctx, "T1", id, time.Now())
			return err
		})
		if err != nil || got != want {
			t.Errorf("claim #%d = %v, %v; want %v", i+1, got, err, want)
		}
	}
	if n, err := st.DeleteImportDrafts(ctx, "T2", time.Now().Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("another team's sweep deleted %d, %v", n, err)
	}
	if n, err := st.DeleteImportDrafts(ctx, "T1", time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("sweep deleted %d, %v; want 1", n, err)
	}
}

// TestFallbackChannel: a member Slack refuses a DM with is reached in their
// first working group's channel, else in connect_channel, else nowhere.
func TestFallbackChannel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	ch := func() string {
		t.Helper()
		c, err := st.FallbackChannel(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := ch(); c != "" {
		t.Errorf("with no group nor setting: %q", c)
	}
	err := st.InTx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "T1", "connect_channel", "CSHARED") })
	if err != nil {
		t.Fatal(err)
	}
	if c := ch(); c != "CSHARED" {
		t.Errorf("with the setting: %q", c)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, name := range []string{"First", "Second"} {
			g, err := tx.AddGroup(ctx, store.WorkingGroup{TeamID: "T1", Name: name, ChannelID: "C" + name})
			if err != nil {
				return err
			}
			if _, err := tx.JoinGroup(ctx, g.ID, "T1", "U1"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := ch(); c != "CFirst" {
		t.Errorf("in two groups: %q, want the first one's channel", c)
	}
}
