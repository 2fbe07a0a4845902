package home

import (
	"time"

	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

var commitNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// sampleCommitment is an open commitment due in d days from commitNow.
func sampleCommitment(id int64, owner string, d int, text string) store.Commitment {
	c := store.Commitment{ID: id, TeamID: "T1", OwnerID: owner, CreatedBy: owner, Text: text, Status: store.StatusOpen,
		Health: store.HealthNone, Acceptance: store.AcceptanceAccepted, GroupName: "Youth recognition", CreatedAt: commitNow}
	if d != 0 {
		c.Due = commitment.DueTime(dates.Of(commitNow).AddDays(d))
	}
	return c
}
