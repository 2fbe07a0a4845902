package schedules

import (
	"context"
	"fmt"
	"time"
)

// Outcome is what a manual run did in one zone.
type Outcome struct {
	Zone, Slot string
	// Ran is false when the ledger already had the slot.
	Ran      bool
	Messages int
}

// RunAt runs a job now for the latest slot at or before at, in each of its
// zones, through the same ledger as scheduled runs, so a slot that already
// ran is not run twice. It ignores the grace window and a paused schedule:
// an operator asked for it.
func (s *Scheduler) RunAt(ctx context.Context, team, name string, at time.Time) ([]Outcome, error) {
	job, ok := s.Job(name)
	if !ok {
		return nil, fmt.Errorf("no job called %q", name)
	}
	scheds, err := s.schedules(ctx, team, s.now())
	if err != nil {
		return nil, err
	}
	spec, err := ParseSpec(scheds[name].Spec)
	if err != nil {
		return nil, err
	}
	zones, err := s.zones(ctx, team, job)
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			continue
		}
		slots := spec.Slots(at.Add(-lookback), at, loc)
		if len(slots) == 0 {
			continue
		}
		slot := slots[len(slots)-1]
		r := Run{TeamID: team, Job: name, Zone: zone, Loc: loc, Slot: slot.Local, At: slot.At}
		n, ran, err := s.execute(ctx, job, r)
		if err != nil {
			return out, err
		}
		out = append(out, Outcome{Zone: zone, Slot: slot.Local, Ran: ran, Messages: n})
	}
	return out, nil
}
