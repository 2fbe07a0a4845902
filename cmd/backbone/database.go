package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/migrations"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/pgcluster"
)

// database is an open, migrated database and, for the embedded default,
// the PostgreSQL cluster behind it.
type database struct {
	db      *sqlx.DB
	url     string
	cluster *pgcluster.Cluster
}

// openDatabase connects to DATABASE_URL, or starts the embedded cluster
// under DATA_DIR when it is empty, and applies migrations.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*database, error) {
	d := &database{url: cfg.DatabaseURL.Reveal()}
	if cfg.EmbeddedDatabase() {
		dir := filepath.Join(cfg.DataDir, "postgres")
		log.Info("starting the embedded PostgreSQL", "dir", dir)
		cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Log: log, Database: "backbone"})
		if err != nil {
			return nil, fmt.Errorf("start embedded database: %w", err)
		}
		d.cluster, d.url = cluster, cluster.URL("backbone")
	}
	db, err := store.Open(ctx, d.url)
	if err != nil {
		d.close(log)
		return nil, err
	}
	d.db = db
	if err := migrations.Up(ctx, db.DB, log); err != nil {
		d.close(log)
		return nil, err
	}
	return d, nil
}

// close closes the pool and stops the embedded cluster, if any.
func (d *database) close(log *slog.Logger) {
	if d.db != nil {
		d.db.Close()
	}
	if d.cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := d.cluster.Stop(ctx); err != nil {
		log.Error("embedded database did not stop cleanly", "err", err)
		return
	}
	log.Info("embedded PostgreSQL stopped")
}

func migrate(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close(log)
	v, err := migrations.Version(ctx, d.db.DB, log)
	if err != nil {
		return err
	}
	log.Info("database is up to date", "version", v)
	return nil
}
