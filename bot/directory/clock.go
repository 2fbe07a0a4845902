package directory

import (
	"context"
	"errors"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// The one clock of the bot, read three ways: a member's timezone
// (MemberLoc), the coalition's time (CoalitionNow), and a job run's
// recipient's timezone (ZoneOf).

// DefaultTZ is the coalition timezone until setup sets one (COALITION_TZ).
func (d *Directory) DefaultTZ() *time.Location { return d.defaultTZ }

// Coalition returns the team's coalition; before setup, an empty one in
// the default timezone (COALITION_TZ).
func (d *Directory) Coalition(ctx context.Context, teamID string) (store.Coalition, error) {
	c, err := d.store.Coalition(ctx, teamID)
	if errors.Is(err, store.ErrNotFound) {
		c.Timezone = d.defaultTZ.String()
		return c, nil
	}
	return c, err
}

// CoalitionLoc is the coalition's timezone.
func (d *Directory) CoalitionLoc(ctx context.Context, teamID string) *time.Location {
	c, err := d.Coalition(ctx, teamID)
	return d.LocationOf(c, err)
}

// LocationOf is c's timezone, or the default when c could not be read.
func (d *Directory) LocationOf(c store.Coalition, err error) *time.Location {
	if err != nil {
		return d.defaultTZ
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return d.defaultTZ
	}
	return loc
}

// CoalitionNow is the coalition's local time, which decides periods.
func (d *Directory) CoalitionNow(ctx context.Context, teamID string) time.Time {
	return d.now().In(d.CoalitionLoc(ctx, teamID))
}

// MemberLoc is a member's timezone, or the default one.
func (d *Directory) MemberLoc(m store.Member) *time.Location {
	if m.TZ != "" {
		if loc, err := time.LoadLocation(m.TZ); err == nil {
			return loc
		}
	}
	return d.defaultTZ
}

// ZoneOf is userID's timezone as read in tx, or fallback (a job run's zone).
func ZoneOf(ctx context.Context, tx *store.Tx, teamID, userID string, fallback *time.Location) *time.Location {
	m, err := tx.Member(ctx, teamID, userID)
	if err != nil {
		return fallback
	}
	if loc, err := time.LoadLocation(m.TZ); err == nil {
		return loc
	}
	return fallback
}

// Day is t's calendar day, as stored: midnight UTC of the date t shows.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
