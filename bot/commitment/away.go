package commitment

import (
	"time"

	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

// ownerAway is the note shown beside an owner who said they are away
// today (in now's timezone): "🌴 away until Tue 15 Dec"; "" otherwise.
func ownerAway(c store.Commitment, now time.Time) string {
	if !c.OwnerAwayOn(calendarDay(now)) {
		return ""
	}
	return "🌴 away until " + dates.Of(*c.OwnerAwayUntil).Human(now)
}

// calendarDay is now's date as stored: midnight UTC.
func calendarDay(now time.Time) time.Time {
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}
