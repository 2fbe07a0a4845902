package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/backbone-coalition/backbone/store"
)

// lookback bounds how far back a tick looks for slots to run or record as
// missed.
const lookback = 7 * 24 * time.Hour

var errAlreadyRun = errors.New("slot already in the ledger")

// Scheduler finds due slots and runs them through the ledger. Any number of
// schedulers, in any number of replicas, may tick the same database.
type Scheduler struct {
	store     *store.Store
	log       *slog.Logger
	now       func() time.Time
	defaultTZ *time.Location
	jobs      []Job
	observer  Observer
}

// Observer is told how each run of a job went: outcome "done", "failed" or
// "missed", and how long a run took. The metrics implement it.
type Observer interface {
	JobRun(job, outcome string, took time.Duration)
}

// SetObserver makes o hear about every run; call it before Start.
func (s *Scheduler) SetObserver(o Observer) { s.observer = o }

// observe tells the observer, if any, about a run.
func (s *Scheduler) observe(job, outcome string, took time.Duration) {
	if s.observer != nil {
		s.observer.JobRun(job, outcome, took)
	}
}

// New returns a scheduler for jobs; defaultTZ is the coalition timezone
// before setup gives one.
func New(st *store.Store, log *slog.Logger, now func() time.Time, defaultTZ *time.Location, jobs ...Job) *Scheduler {
	return &Scheduler{store: st, log: log, now: now, defaultTZ: defaultTZ, jobs: jobs}
}

// Add registers jobs, before Start: the features that write the jobs'
// messages are built with the scheduler, so their jobs come after it.
func (s *Scheduler) Add(jobs ...Job) { s.jobs = append(s.jobs, jobs...) }

// Jobs lists the scheduler's jobs.
func (s *Scheduler) Jobs() []Job { return s.jobs }

// Job finds a job by name.
func (s *Scheduler) Job(name string) (Job, bool) {
	for _, j := range s.jobs {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

// Start ticks every 30 seconds until ctx ends, starting with an immediate
// tick (which catches up on slots missed while the process was down).
// robfig/cron only provides the tick; Tick recovers every job's panics
// itself, so cron's Recover/SkipIfStillRunning pitfalls never arise.
func (s *Scheduler) Start(ctx context.Context) {
	tick := func() {
		if err := s.Tick(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler tick", "err", err)
		}
	}
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.Schedule(cron.Every(30*time.Second), cron.FuncJob(tick))
	tick()
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
}

// Tick runs every slot due at now, for every team and job.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) error {
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, team := range teams {
		if err := s.tickTeam(ctx, team, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Scheduler) tickTeam(ctx context.Context, team string, now time.Time) error {
	scheds, err := s.schedules(ctx, team, now)
	if err != nil {
		return err
	}
	var errs []error
	for _, job := range s.jobs {
		sc, ok := scheds[job.Name]
		if !ok || !sc.Enabled {
			continue
		}
		if err := s.tickJob(ctx, team, job, sc, now); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", job.Name, err))
		}
	}
	return errors.Join(errs...)
}

// schedules returns the team's schedules, creating missing ones with their
// defaults.
func (s *Scheduler) schedules(ctx context.Context, team string, now time.Time) (map[string]store.Schedule, error) {
	for _, j := range s.jobs {
		if err := s.store.EnsureSchedule(ctx, team, j.Name, j.DefaultSpec, now); err != nil {
			return nil, err
		}
	}
	list, err := s.store.Schedules(ctx, team)
	if err != nil {
		return nil, err
	}
	m := make(map[string]store.Schedule, len(list))
	for _, sc := range list {
		m[sc.Job] = sc
	}
	return m, nil
}

func (s *Scheduler) tickJob(ctx context.Context, team string, job Job, sc store.Schedule, now time.Time) error {
	spec, err := ParseSpec(sc.Spec)
	if err != nil {
		return err // refused when set; only a hand-edited row gets here
	}
	from := now.Add(-lookback)
	if sc.Since.After(from) {
		from = sc.Since
	}
	done, err := s.store.LedgerSlots(ctx, team, job.Name, from, now)
	if err != nil {
		return err
	}
	zones, err := s.zones(ctx, team, job)
	if err != nil {
		return err
	}
	var errs []error
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			continue // a member's unknown timezone: nothing to schedule there
		}
		for _, slot := range spec.Slots(from, now, loc) {
			if done[zone+" "+slot.Local] {
				continue
			}
			r := Run{TeamID: team, Job: job.Name, Zone: zone, Loc: loc, Slot: slot.Local, At: slot.At}
			if now.After(job.deadline(slot, loc)) {
				s.recordMissed(ctx, r)
				continue
			}
			if _, _, err := s.execute(ctx, job, r); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// zones lists the timezones a job's slots are read in for a team.
func (s *Scheduler) zones(ctx context.Context, team string, job Job) ([]string, error) {
	if job.PerMember {
		return s.store.MemberZones(ctx, team)
	}
	c, err := s.store.Coalition(ctx, team)
	if errors.Is(err, store.ErrNotFound) {
		return []string{s.defaultTZ.String()}, nil
	}
	if err != nil {
		return nil, err
	}
	return []string{c.Timezone}, nil
}

func (s *Scheduler) recordMissed(ctx context.Context, r Run) {
	wrote, err := s.store.RecordSlot(ctx, store.JobRun{TeamID: r.TeamID, Job: r.Job, Zone: r.Zone, Slot: r.Slot, Status: "missed", SlotAt: r.At,
		Error: "the bot was not running in time"})
	if err != nil {
		s.log.Error("missed slot not recorded", "job", r.Job, "slot", r.Slot, "zone", r.Zone, "err", err)
		return
	}
	if wrote {
		s.observe(r.Job, "missed", 0)
		s.log.Warn("slot missed: too late to run, recorded as missed", "team_id", r.TeamID, "job", r.Job, "slot", r.Slot, "zone", r.Zone)
	}
}

// execute claims r's slot and runs the job in one transaction. It reports
// how many messages it queued and whether the job ran; a slot already in the
// ledger is not an error.
func (s *Scheduler) execute(ctx context.Context, job Job, r Run) (int, bool, error) {
	ledger := store.JobRun{TeamID: r.TeamID, Job: r.Job, Zone: r.Zone, Slot: r.Slot, SlotAt: r.At}
	started := time.Now() // durations on the real clock, whatever s.now says
	var sent int
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		claimed, err := tx.ClaimSlot(ctx, ledger)
		if err != nil {
			return err
		}
		if !claimed {
			return errAlreadyRun
		}
		if sent, err = safeRun(ctx, job, tx, r); err != nil {
			return err
		}
		return tx.SetRunMessages(ctx, ledger, sent)
	})
	switch {
	case errors.Is(err, errAlreadyRun):
		return 0, false, nil
	case err != nil:
		s.log.Error("job failed; its slot is recorded as failed and the next slot will run", "job", r.Job, "team_id", r.TeamID, "slot", r.Slot, "zone", r.Zone, "err", err)
		ledger.Status, ledger.Error = "failed", err.Error()
		if _, rerr := s.store.RecordSlot(ctx, ledger); rerr != nil {
			s.log.Error("failed slot not recorded", "job", r.Job, "err", rerr)
		}
		s.observe(r.Job, "failed", time.Since(started))
		return 0, false, fmt.Errorf("%s %s %s: %w", r.Job, r.Zone, r.Slot, err)
	}
	log := s.log.With("job", r.Job, "team_id", r.TeamID, "slot", r.Slot, "zone", r.Zone)
	if job.Sweep != nil {
		swept, err := job.Sweep(ctx, s.store, r)
		if err != nil {
			log.Error("job's sweep stopped; the next slot takes up the rest", "swept", swept, "err", err)
			s.observe(r.Job, "failed", time.Since(started))
			return sent, true, fmt.Errorf("%s %s %s: sweep: %w", r.Job, r.Zone, r.Slot, err)
		}
		log = log.With("swept", swept)
	}
	log.Info("job ran", "messages", sent)
	s.observe(r.Job, "done", time.Since(started))
	return sent, true, nil
}

// safeRun runs the job, turning a panic into an error.
func safeRun(ctx context.Context, job Job, tx *store.Tx, r Run) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in job %s: %v\n%s", job.Name, p, debug.Stack())
		}
	}()
	return job.Run(ctx, tx, r)
}
