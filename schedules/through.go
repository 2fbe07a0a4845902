package schedules

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Ran is one slot that RunThrough ran.
type Ran struct {
	Team, Job, Zone, Slot string
	At                    time.Time
	Messages              int
}

// pending is one slot RunThrough has to run.
type pending struct {
	job   Job
	order int
	run   Run
}

// RunThrough runs, in time order, every slot of every team's enabled jobs
// in (from, to], each at its own time, exactly as a scheduler that had been
// running all along would have: before each slot, advance moves the
// caller's clock to it (the sandbox's simulated clock). The grace window
// does not apply — none of these slots was missed — and slots already in
// the ledger are skipped. Real downtime is still handled by Tick.
func (s *Scheduler) RunThrough(ctx context.Context, from, to time.Time, advance func(time.Time)) ([]Ran, error) {
	if !to.After(from) {
		return nil, nil
	}
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var due []pending
	for _, team := range teams {
		p, err := s.slotsBetween(ctx, team, from, to)
		if err != nil {
			return nil, err
		}
		due = append(due, p...)
	}
	slices.SortStableFunc(due, func(a, b pending) int {
		return cmp.Or(a.run.At.Compare(b.run.At), cmp.Compare(a.order, b.order))
	})
	var ran []Ran
	var errs []error
	for _, p := range due {
		advance(p.run.At)
		n, did, err := s.execute(ctx, p.job, p.run)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if did {
			ran = append(ran, Ran{Team: p.run.TeamID, Job: p.run.Job, Zone: p.run.Zone, Slot: p.run.Slot, At: p.run.At, Messages: n})
		}
	}
	return ran, errors.Join(errs...)
}

// slotsBetween lists the team's slots in (from, to], of every enabled job
// in each of its zones.
func (s *Scheduler) slotsBetween(ctx context.Context, team string, from, to time.Time) ([]pending, error) {
	scheds, err := s.schedules(ctx, team, from)
	if err != nil {
		return nil, err
	}
	var out []pending
	for i, job := range s.jobs {
		sc, ok := scheds[job.Name]
		if !ok || !sc.Enabled {
			continue
		}
		spec, err := ParseSpec(sc.Spec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", job.Name, err)
		}
		zones, err := s.zones(ctx, team, job)
		if err != nil {
			return nil, err
		}
		for _, zone := range zones {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				continue
			}
			start := from
			if sc.Since.After(start) {
				start = sc.Since // no slot before the schedule existed
			}
			for _, slot := range spec.Slots(start, to, loc) {
				out = append(out, pending{job: job, order: i, run: Run{TeamID: team, Job: job.Name, Zone: zone, Loc: loc, Slot: slot.Local, At: slot.At}})
			}
		}
	}
	return out, nil
}
