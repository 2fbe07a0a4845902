package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"

	"github.com/lib/pq"

	"github.com/backbone-coalition/backbone/migrations"
)

// templateLock is the advisory lock key serialising template creation
// among test binaries sharing a server.
const templateLock = 0x6261636b626f6e65 // "backbone"

// ensureTemplate returns the name of the migrated template database for the
// current migrations, creating it if no test process has yet. It is built
// under a temporary name and renamed when complete, so a half-migrated
// template is never cloned.
func ensureTemplate(ctx context.Context, admin *sql.DB, base *url.URL) (string, error) {
	hash, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "backbone_tpl_" + hash[:12]
	tx, err := admin.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("begin template lock: %w", err)
	}
	defer tx.Rollback() // releases the lock
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(templateLock)); err != nil {
		return "", fmt.Errorf("lock template: %w", err)
	}
	if err := buildTemplate(ctx, admin, base, name); err != nil {
		return "", err
	}
	return name, nil
}

// buildTemplate creates and migrates template name unless it exists.
// The caller holds the template lock.
func buildTemplate(ctx context.Context, admin *sql.DB, base *url.URL, name string) error {
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("check template: %w", err)
	}
	if exists {
		return nil
	}
	if err := dropPartial(ctx, admin, name); err != nil {
		return err
	}
	tmp := name + "_tmp_" + randomHex(4)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(tmp)); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	u := *base
	u.Path, u.RawPath = "/"+tmp, ""
	if err := migrate(ctx, u.String()); err != nil {
		return err
	}
	// No connections: nothing may hold the template open while it is cloned.
	q := "ALTER DATABASE " + pq.QuoteIdentifier(tmp) + " WITH ALLOW_CONNECTIONS false"
	if _, err := admin.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("close template: %w", err)
	}
	q = "ALTER DATABASE " + pq.QuoteIdentifier(tmp) + " RENAME TO " + pq.QuoteIdentifier(name)
	if _, err := admin.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("rename template: %w", err)
	}
	return nil
}

// dropPartial drops templates a killed process left half-built.
func dropPartial(ctx context.Context, admin *sql.DB, name string) error {
	rows, err := admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, name+"_tmp_")
	if err != nil {
		return fmt.Errorf("list partial templates: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return errors.Join(fmt.Errorf("list partial templates: %w", err), rows.Close())
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list partial templates: %w", err)
	}
	for _, n := range names {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+pq.QuoteIdentifier(n)+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop partial template: %w", err)
		}
	}
	return nil
}

// migrate applies the migrations to the database at dsn.
func migrate(ctx context.Context, dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return fmt.Errorf("open template: %w", err)
	}
	defer db.Close()
	if err := migrations.Up(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	return db.Close()
}

// migrationsHash hashes the names and contents of the migration files.
func migrationsHash() (string, error) {
	fsys, err := migrationFiles()
	if err != nil {
		return "", err
	}
	names, err := fs.Glob(fsys, "*.sql") // sorted, as goose orders them
	if err != nil || len(names) == 0 {
		return "", errors.New("hash migrations: no migration files found")
	}
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("hash migrations: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00%s", name, len(b), b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// migrationFiles returns the migration files embedded in the binary.
func migrationFiles() (fs.FS, error) {
	return migrations.FS(), nil
}
