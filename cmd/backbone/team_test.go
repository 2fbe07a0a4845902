package main_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestRotateKeyThenTeamDelete seals two workspaces' tokens under an old
// key, rotates to a new one (the old then no longer needed), lists the
// teams and deletes one of them.
func TestRotateKeyThenTeamDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.NewURL(t)
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := store.New(db)
	oldRaw, newRaw := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	old, _ := secret.NewKeyring(oldRaw)
	for _, team := range []string{"T0ONE", "T0TWO"} {
		sealed, _ := old.Seal("xoxb-"+team+"-secret", team)
		err := st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.SaveInstallation(ctx, store.Installation{TeamID: team, TeamName: strings.ToLower(team), BotUserID: "UB", BotToken: sealed,
				KeyID: secret.SealedUnder(sealed), InstallerID: "U1"}, time.Now()); err != nil {
				return err
			}
			return tx.SaveCoalition(ctx, store.Coalition{TeamID: team, Name: team, Timezone: "UTC"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b64 := base64.StdEncoding.EncodeToString
	env := map[string]string{"DATABASE_URL": url, "TOKEN_ENCRYPTION_KEY": b64(newRaw), "TOKEN_ENCRYPTION_KEY_OLD": b64(oldRaw)}
	r := run(t, env, "rotate-key")
	if r.code != 0 || !strings.Contains(r.stdout, "Re-encrypted 2 workspace tokens") {
		t.Fatalf("rotate-key: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if again := run(t, env, "rotate-key"); !strings.Contains(again.stdout, "Re-encrypted 0 workspace tokens under the new key; 2 were already") {
		t.Errorf("a second rotate-key: %s%s", again.stdout, again.stderr)
	}
	fresh, _ := secret.NewKeyring(newRaw)
	for _, team := range []string{"T0ONE", "T0TWO"} {
		in, _ := st.Installation(ctx, team)
		if tok, err := fresh.Open(in.BotToken, team); err != nil || tok != "xoxb-"+team+"-secret" || in.KeyID != fresh.PrimaryID() {
			t.Errorf("%s after the rotation: %v, key %s", team, err, in.KeyID)
		}
	}
	delete(env, "TOKEN_ENCRYPTION_KEY_OLD")
	list := run(t, env, "team", "list")
	if list.code != 0 || !strings.Contains(list.stdout, "T0ONE\tt0one\tinstalled") || !strings.Contains(list.stdout, "T0TWO") {
		t.Errorf("team list: exit %d\n%s\n%s", list.code, list.stdout, list.stderr)
	}
	del := run(t, env, "team", "delete", "T0ONE")
	if del.code != 0 || !strings.Contains(del.stdout, "Deleted 2 rows of T0ONE: coalitions 1, installations 1.") {
		t.Errorf("team delete: exit %d\n%s\n%s", del.code, del.stdout, del.stderr)
	}
	if rows, _ := st.TeamRows(ctx, "T0ONE"); len(rows) != 0 {
		t.Errorf("rows left of T0ONE: %v", rows)
	}
	if rows, _ := st.TeamRows(ctx, "T0TWO"); rows["installations"] != 1 || rows["coalitions"] != 1 {
		t.Errorf("T0TWO after T0ONE's deletion: %v", rows)
	}
	for _, args := range [][]string{{"team"}, {"team", "delete"}, {"team", "delete", "not-a-team"}, {"team", "purge", "T0TWO"}} {
		if r := run(t, env, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
	for _, out := range []result{r, list, del} {
		if strings.Contains(out.stdout+out.stderr, "xoxb") {
			t.Errorf("a command printed a token:\n%s%s", out.stdout, out.stderr)
		}
	}
}

func TestManifestHasTheRedirectURLWithAClientID(t *testing.T) {
	t.Parallel()
	const redirect = `"https://backbone.example.org/slack/oauth_redirect"`
	with := run(t, map[string]string{"SLACK_CLIENT_ID": "123.456"}, "manifest", "--http-url", "https://backbone.example.org/")
	if with.code != 0 || !strings.Contains(with.stdout, redirect) || !strings.Contains(with.stdout, `"app_uninstalled"`) {
		t.Errorf("manifest with a client ID: exit %d\n%s%s", with.code, with.stdout, with.stderr)
	}
	without := run(t, nil, "manifest", "--http-url", "https://backbone.example.org")
	if without.code != 0 || strings.Contains(without.stdout, "redirect_urls") {
		t.Errorf("manifest without a client ID: exit %d\n%s%s", without.code, without.stdout, without.stderr)
	}
}
