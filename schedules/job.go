package schedules

import (
	"context"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// Run is one run of a job: the slot it serves.
type Run struct {
	TeamID string
	Job    string
	// Zone is the IANA timezone the slot is read in; Loc is it loaded.
	Zone string
	Loc  *time.Location
	// Slot is the local wall time, "2026-11-23 09:00".
	Slot string
	// At is the slot's instant: the logical "now" of the run.
	At time.Time
}

// Day is the run's local calendar date, at midnight UTC (a civil date).
func (r Run) Day() time.Time {
	l := r.At.In(r.Loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// Job is a unit of scheduled work.
type Job struct {
	Name        string
	Description string
	DefaultSpec string
	// Grace is how late a slot may still run after downtime; zero means
	// until the end of the slot's local day. Older slots are recorded missed.
	Grace time.Duration
	// PerMember jobs run in each member's own timezone: a slot per zone.
	PerMember bool
	// Run does the work inside the ledger claim's transaction, so its
	// messages are queued if and only if the slot is marked done. It
	// returns how many messages it queued.
	Run func(ctx context.Context, tx *store.Tx, r Run) (int, error)
	// Sweep, when set, runs once Run's transaction has committed, outside
	// any transaction, for work done in many short ones (deleting old rows
	// in small batches). It returns how many rows it handled. A sweep cut
	// short by a crash or an error leaves the rest to the next slot: its
	// error is logged and counted, and the slot stays done.
	Sweep func(ctx context.Context, st *store.Store, r Run) (int, error)
}

// deadline is the last instant slot may still run.
func (j Job) deadline(slot Slot, loc *time.Location) time.Time {
	if j.Grace > 0 {
		return slot.At.Add(j.Grace)
	}
	l := slot.At.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
}
