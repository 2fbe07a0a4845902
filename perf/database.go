package perf

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/lib/pq"

	"github.com/backbone-coalition/backbone/migrations"
)

// NewDatabase creates a database on the server of serverURL (an admin URL,
// such as TEST_DATABASE_URL from cmd/withpg), applies every migration, and
// returns its URL and a function that drops it.
func NewDatabase(ctx context.Context, serverURL string) (dbURL string, drop func(), err error) {
	base, err := url.Parse(serverURL)
	if err != nil || (base.Scheme != "postgres" && base.Scheme != "postgresql") {
		return "", nil, errors.New("new database: the server URL must be a postgres:// URL")
	}
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return "", nil, fmt.Errorf("new database: %w", err)
	}
	name := "bench_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u := *base
	u.Path, u.RawPath = "/"+name, ""
	drop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
		admin.Close()
	}
	if err := migrate(ctx, u.String()); err != nil {
		drop()
		return "", nil, err
	}
	return u.String(), drop, nil
}

func migrate(ctx context.Context, dbURL string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer db.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	return migrations.Up(ctx, db, quiet)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
