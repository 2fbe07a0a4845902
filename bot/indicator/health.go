package indicator

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// HealthDays is the span coalition health looks back over.
const HealthDays = 90

// healthReader is the store's read of partner health, in a transaction or
// not.
type healthReader interface {
	PartnerHealth(ctx context.Context, w store.DigestWindow, since time.Time, closed []store.CadencePeriod) ([]store.PartnerHealth, error)
}

// CoalitionHealth reads each partner's health over the HealthDays before
// now (in the coalition's time): the reports it sent of those it owed for
// the periods closed then, leaving out those closed under grace days ago,
// and its commitments done on time of those due.
func CoalitionHealth(ctx context.Context, r healthReader, teamID string, now time.Time, grace int) ([]store.PartnerHealth, error) {
	today := directory.Day(now) // due dates are stored as UTC midnights
	w := store.DigestWindow{TeamID: teamID, From: now.AddDate(0, 0, -7), To: now, Today: today, Zone: now.Location().String()}
	since := today.AddDate(0, 0, -HealthDays)
	return r.PartnerHealth(ctx, w, since, ClosedPeriods(since, today, grace, now.Location()))
}

// LastClosedPeriods is, for each cadence, the last period that has closed
// by now: the one partners owe.
func LastClosedPeriods(now time.Time) []store.CadencePeriod {
	var out []store.CadencePeriod
	for _, c := range measure.Cadences() {
		out = append(out, cadencePeriod(measure.LastClosed(c, now), now.Location()))
	}
	return out
}

// cadencePeriod is p as the store's queries take it: closed at the start
// of its closing day in the coalition's time, loc.
func cadencePeriod(p measure.Period, loc *time.Location) store.CadencePeriod {
	d := p.ClosedOn()
	return store.CadencePeriod{Cadence: p.Cadence, Period: p.String(), Closes: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)}
}

// ClosedPeriods lists the periods of every cadence that closed on a day
// in [since, today], leaving out those closed less than grace days ago:
// partners are still within the time the prompts give them.
func ClosedPeriods(since, today time.Time, grace int, loc *time.Location) []store.CadencePeriod {
	var out []store.CadencePeriod
	last := today.AddDate(0, 0, -grace)
	for _, c := range measure.Cadences() {
		for p := measure.LastClosed(c, today); !p.ClosedOn().Before(since); p = p.Prev() {
			if !p.ClosedOn().After(last) {
				out = append(out, cadencePeriod(p, loc))
			}
		}
	}
	return out
}

// HealthLines is one line per partner: reports sent of those owed, and
// commitments done on time of those due.
func HealthLines(hs []store.PartnerHealth) []string {
	var lines []string
	for _, h := range hs {
		lines = append(lines, fmt.Sprintf("• *%s* — 📝 reports %s · ✅ on time %s",
			kit.Escape(h.Name), rate(h.Sent, h.Owed, "none owed"), rate(h.OnTime, h.Due, "none due")))
	}
	return lines
}

// rate is "5/6 (83%)", or none when nothing counts.
func rate(n, of int, none string) string {
	if of == 0 {
		return none
	}
	return fmt.Sprintf("%d/%d (%d%%)", n, of, (100*n+of/2)/of)
}
