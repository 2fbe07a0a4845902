// Package store is Backbone's PostgreSQL storage: every SQL statement of the
// project lives here. It knows nothing of Slack; callers pass plain values.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// ErrNotFound is returned when the requested row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write would break a uniqueness rule.
var ErrConflict = errors.New("already exists")

// querier is what both a pool and a transaction can do.
type querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
}

// reader holds the read queries, shared by Store and Tx so a handler reads
// the "before" state inside the transaction that changes it.
type reader struct{ q querier }

// Store is the project's handle on its database.
type Store struct {
	reader
	db *sqlx.DB
}

// New wraps an open database.
func New(db *sqlx.DB) *Store { return &Store{reader: reader{q: db}, db: db} }

// Open connects to url and checks the connection, within ctx.
func Open(ctx context.Context, url string) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", interpret(err))
	}
	return db, nil
}

// DB exposes the underlying handle, for migrations and tests.
func (s *Store) DB() *sqlx.DB { return s.db }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Tx is one transaction: one user action, with its audit and outbox rows.
type Tx struct {
	reader
	tx *sqlx.Tx
}

// InTx runs fn in a transaction, committed when fn returns nil and rolled
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", interpret(err))
	}
	if err := fn(&Tx{reader: reader{q: tx}, tx: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", interpret(err))
	}
	return nil
}

// interpret translates driver errors into the package's sentinel errors.
func interpret(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return fmt.Errorf("%w: %s", ErrConflict, pqErr.Constraint)
	}
	return err
}
