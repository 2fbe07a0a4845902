// Package migrations holds Backbone's SQL schema as goose migration files,
// embedded in the binary so that a single executable can create and upgrade
// its database. Files are append-only: a released migration is never edited.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed *.sql
var files embed.FS

// FS returns the embedded migration files; storetest names its template
// database after their hash.
func FS() fs.FS { return files }

// Up applies every pending migration. A Postgres session lock serialises
// concurrent callers, so several replicas starting at once migrate only once.
func Up(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	provider, err := newProvider(db, log)
	if err != nil {
		return err
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// Version reports the newest applied migration version.
func Version(ctx context.Context, db *sql.DB, log *slog.Logger) (int64, error) {
	provider, err := newProvider(db, log)
	if err != nil {
		return 0, err
	}
	v, err := provider.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("read migration version: %w", err)
	}
	return v, nil
}

func newProvider(db *sql.DB, log *slog.Logger) (*goose.Provider, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("create migration lock: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, files,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return provider, nil
}

// Status reports the newest applied migration, the newest this build
// embeds, and whether any is not applied yet (out-of-order ones included).
// It takes no lock and applies nothing.
func Status(ctx context.Context, db *sql.DB, log *slog.Logger) (current, latest int64, pending bool, err error) {
	provider, err := newProvider(db, log)
	if err != nil {
		return 0, 0, false, err
	}
	if current, latest, err = provider.GetVersions(ctx); err != nil {
		return 0, 0, false, fmt.Errorf("read migration versions: %w", err)
	}
	if pending, err = provider.HasPending(ctx); err != nil {
		return current, latest, false, fmt.Errorf("check pending migrations: %w", err)
	}
	return current, latest, pending, nil
}
