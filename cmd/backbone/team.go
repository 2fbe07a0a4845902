package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
)

const teamUsage = "backbone team list | backbone team delete TEAM_ID"

// teamCommand is `backbone team list` (the installed workspaces) and
// `backbone team delete TEAM_ID` (every row of a workspace, at once).
func teamCommand(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	switch {
	case len(args) == 1 && args[0] == "list":
		return withStore(ctx, cfg, log, func(st *store.Store) error { return listTeams(ctx, st, stdout) })
	case len(args) == 2 && args[0] == "delete" && strings.HasPrefix(args[1], "T"):
		return withStore(ctx, cfg, log, func(st *store.Store) error { return deleteTeam(ctx, st, args[1], stdout) })
	}
	return fmt.Errorf("%w: %s", errUsage, teamUsage)
}

func withStore(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(*store.Store) error) error {
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close(log)
	return fn(store.New(d.db))
}

func listTeams(ctx context.Context, st *store.Store, stdout io.Writer) error {
	list, err := st.Installations(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "No workspace installed Backbone with Add to Slack.")
	}
	for _, in := range list {
		state := "installed " + in.InstalledAt.UTC().Format(time.DateOnly)
		if in.UninstalledAt != nil {
			state = "uninstalled " + in.UninstalledAt.UTC().Format(time.DateOnly)
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\tinstaller %s\tkey %s\n", in.TeamID, in.TeamName, state, in.InstallerID, in.KeyID)
	}
	return nil
}

func deleteTeam(ctx context.Context, st *store.Store, team string, stdout io.Writer) error {
	deleted, err := st.DeleteTeam(ctx, team)
	if err != nil {
		return err
	}
	if len(deleted) == 0 {
		fmt.Fprintf(stdout, "Nothing to delete: the database holds no row of %s.\n", team)
		return nil
	}
	tables := make([]string, 0, len(deleted))
	var total int64
	for t, n := range deleted {
		tables = append(tables, fmt.Sprintf("%s %d", t, n))
		total += n
	}
	sort.Strings(tables)
	fmt.Fprintf(stdout, "Deleted %d rows of %s: %s.\n", total, team, strings.Join(tables, ", "))
	return nil
}

// rotateKey is `backbone rotate-key`: every installed workspace's token
// sealed under TOKEN_ENCRYPTION_KEY_OLD is sealed again under
// TOKEN_ENCRYPTION_KEY. Run it with both set, then drop the old one.
func rotateKey(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	if cfg.TokenEncryptionKey == "" {
		return fmt.Errorf("%w: set TOKEN_ENCRYPTION_KEY to the new key and TOKEN_ENCRYPTION_KEY_OLD to the old one", errUsage)
	}
	keys, err := keyring(cfg)
	if err != nil {
		return err
	}
	return withStore(ctx, cfg, log, func(st *store.Store) error {
		n, kept, err := reseal(ctx, st, keys)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Re-encrypted %d workspace tokens under the new key; %d were already under it.\n", n, kept)
		return nil
	})
}

// reseal seals again every token not under keys' primary key.
func reseal(ctx context.Context, st *store.Store, keys *secret.Keyring) (resealed, kept int, err error) {
	list, err := st.Installations(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, in := range list {
		if len(in.BotToken) == 0 || secret.SealedUnder(in.BotToken) == keys.PrimaryID() {
			kept++
			continue
		}
		token, err := keys.Open(in.BotToken, in.TeamID)
		if err != nil {
			return resealed, kept, fmt.Errorf("open the token of %s (is TOKEN_ENCRYPTION_KEY_OLD the key it was sealed with?): %w", in.TeamID, err)
		}
		sealed, err := keys.Seal(token, in.TeamID)
		if err != nil {
			return resealed, kept, err
		}
		err = st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ResealToken(ctx, in.TeamID, in.BotToken, sealed, keys.PrimaryID())
			return err
		})
		if err != nil {
			return resealed, kept, err
		}
		resealed++
	}
	return resealed, kept, nil
}
