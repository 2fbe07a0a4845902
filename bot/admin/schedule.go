package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

func (s *Service) jobNames() []string {
	if s.jobs == nil {
		return nil
	}
	var names []string
	for _, j := range s.jobs.Jobs() {
		names = append(names, j.Name)
	}
	return names
}

func (s *Service) backboneSchedule(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, rest := kit.Subcommand(rest)
	if s.jobs == nil {
		return kit.Reply{}, kit.Sorry("The scheduler is not running in this process.")
	}
	switch verb {
	case "list", "":
		return s.scheduleList(ctx, req)
	case "set", "pause", "resume":
		return s.scheduleChange(ctx, req, verb, rest)
	}
	return kit.Reply{}, kit.Sorry("`/backbone schedule` takes list, set, pause or resume." + kit.DidYouMean(verb, []string{"list", "set", "pause", "resume"}) +
		" For example: `/backbone schedule set reminders \"0 9 * * 1-5\"`")
}

func (s *Service) ensureSchedules(ctx context.Context, teamID string) ([]store.Schedule, error) {
	for _, j := range s.jobs.Jobs() {
		if err := s.Store.EnsureSchedule(ctx, teamID, j.Name, j.DefaultSpec, s.Now()); err != nil {
			return nil, err
		}
	}
	return s.Store.Schedules(ctx, teamID)
}

func (s *Service) scheduleList(ctx context.Context, req kit.Request) (kit.Reply, error) {
	scheds, err := s.ensureSchedules(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: "Schedules", Blocks: ScheduleBlocks(s.jobs.Jobs(), scheds)}, nil
}

func (s *Service) scheduleChange(ctx context.Context, req kit.Request, verb, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	want := 1
	if verb == "set" {
		want = 2
	}
	if len(a.Positional) != want {
		return kit.Reply{}, kit.Sorry("For example: `/backbone schedule set reminders \"0 9 * * 1-5\"`, `/backbone schedule pause digest`, `/backbone schedule resume digest`.")
	}
	name := strings.ToLower(a.Positional[0].Text)
	if !slices.Contains(s.jobNames(), name) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is no job “%s”.%s Jobs: %s.", kit.Escape(name), kit.DidYouMean(name, s.jobNames()), strings.Join(s.jobNames(), ", ")))
	}
	var spec schedules.Spec
	if verb == "set" {
		// Read before anything is written: a refused spec changes nothing.
		if spec, err = schedules.ParseSpec(a.Positional[1].Text); err != nil {
			return kit.Reply{}, kit.Sorry(kit.Escape(err.Error()) + ".")
		}
	}
	scheds, err := s.ensureSchedules(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	var before store.Schedule
	for _, sc := range scheds {
		if sc.Job == name {
			before = sc
		}
	}
	after := before
	switch verb {
	case "set":
		after.Spec = spec.String()
	case "pause":
		after.Enabled = false
	case "resume":
		after.Enabled = true
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetSchedule(ctx, after, s.Now()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "schedule." + verb, Entity: "schedule", EntityID: name, Before: before, After: after})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ `%s` now runs %s.", name, scheduleState(after))}, nil
}

func scheduleState(s store.Schedule) string {
	if !s.Enabled {
		return "*never* (paused; `/backbone schedule resume " + s.Job + "` turns it back on)"
	}
	return "at `" + s.Spec + "`"
}

// ScheduleBlocks lists jobs with their schedules.
func ScheduleBlocks(jobs []schedules.Job, scheds []store.Schedule) []slack.Block {
	byJob := map[string]store.Schedule{}
	for _, s := range scheds {
		byJob[s.Job] = s
	}
	var lines []string
	for _, j := range jobs {
		s := byJob[j.Name]
		zone := "coalition time"
		if j.PerMember {
			zone = "each person's own time"
		}
		state := fmt.Sprintf("`%s` (%s)", s.Spec, zone)
		if !s.Enabled {
			state = "⏸ paused — was " + state
		}
		lines = append(lines, fmt.Sprintf("• *%s* — %s\n      %s", j.Name, j.Description, state))
	}
	blocks := append([]slack.Block{kit.Header("Schedules")}, kit.PackLines(lines, kit.MessageBlockBudget, "")...)
	return append(blocks, kit.ContextNote("Cron fields: minute hour day-of-month month day-of-week. Change one with `/backbone schedule set reminders \"0 9 * * 1-5\"`."))
}

func (s *Service) backboneHoliday(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, rest := kit.Subcommand(rest)
	switch verb {
	case "add":
		return s.holidayAdd(ctx, req, rest)
	case "remove":
		return s.holidayRemove(ctx, req, rest)
	case "list", "":
		return s.holidayList(ctx, req)
	}
	return kit.Reply{}, kit.Sorry("`/backbone holiday` takes add, remove or list. For example: `/backbone holiday add 2026-12-25 \"Christmas\"`")
}

// holidayDate reads a holiday's date, which may be today or later.
func (s *Service) holidayDate(ctx context.Context, teamID, text string) (time.Time, error) {
	d, err := dates.Parse(text, s.Now(), s.dir.CoalitionLoc(ctx, teamID))
	if err != nil {
		var de *dates.Error
		if errors.As(err, &de) {
			return time.Time{}, kit.Sorry(de.Msg)
		}
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil
}

func (s *Service) holidayAdd(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	const example = "`/backbone holiday add 2026-12-25 \"Christmas\"`"
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) < 2 {
		return kit.Reply{}, kit.Sorry("Give the date and a name: " + example)
	}
	day, err := s.holidayDate(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return kit.Reply{}, err
	}
	name, err := checkName(kit.NameArg(a.Positional[1:]), "holiday", example)
	if err != nil {
		return kit.Reply{}, err
	}
	h := store.Holiday{TeamID: req.TeamID, Day: day, Name: name}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddHoliday(ctx, h); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "holiday.add", Entity: "holiday", EntityID: day.Format(time.DateOnly), After: h})
	})
	if errors.Is(err, store.ErrConflict) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("%s is already a holiday. Remove it first with `/backbone holiday remove %s`.", day.Format(time.DateOnly), day.Format(time.DateOnly)))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ No reminders on %s (%s).", day.Format("Mon 2 Jan 2006"), kit.Escape(name))}, nil
}

func (s *Service) holidayRemove(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) != 1 {
		return kit.Reply{}, kit.Sorry("Give the holiday's date: `/backbone holiday remove 2026-12-25`")
	}
	day, err := s.holidayDate(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return kit.Reply{}, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RemoveHoliday(ctx, req.TeamID, day); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "holiday.remove", Entity: "holiday", EntityID: day.Format(time.DateOnly)})
	})
	if errors.Is(err, store.ErrNotFound) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("%s is not a holiday. See them with `/backbone holiday list`.", day.Format(time.DateOnly)))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ %s is a working day again.", day.Format("Mon 2 Jan 2006"))}, nil
}

func (s *Service) holidayList(ctx context.Context, req kit.Request) (kit.Reply, error) {
	hs, err := s.Store.Holidays(ctx, req.TeamID, s.Now().AddDate(0, 0, -1))
	if err != nil {
		return kit.Reply{}, err
	}
	if len(hs) == 0 {
		return kit.Reply{Text: "No holidays ahead. Add one with `/backbone holiday add 2026-12-25 \"Christmas\"`."}, nil
	}
	var lines []string
	for _, h := range hs {
		lines = append(lines, fmt.Sprintf("• %s — %s", h.Day.Format("Mon 2 Jan 2006"), kit.Escape(h.Name)))
	}
	return kit.Reply{Text: "Holidays", Blocks: append([]slack.Block{kit.Header("Holidays: no reminders")}, kit.PackLines(lines, kit.MessageBlockBudget, "")...)}, nil
}

func (s *Service) backboneJob(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	const example = "`/backbone job run digest` (or `at=2026-11-23T08:00:00-05:00` to replay a past slot)"
	verb, rest := kit.Subcommand(rest)
	if verb != "run" || s.jobs == nil {
		return kit.Reply{}, kit.Sorry("Run a job now with " + example)
	}
	a, err := kit.ParseArgs(rest, "at")
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) != 1 {
		return kit.Reply{}, kit.Sorry("Name the job: " + example + ". Jobs: " + strings.Join(s.jobNames(), ", ") + ".")
	}
	name := strings.ToLower(a.Positional[0].Text)
	at := s.Now()
	if tok, ok := a.Named["at"]; ok {
		if at, err = time.Parse(time.RFC3339, tok.Text); err != nil {
			return kit.Reply{}, kit.Sorry("`at=` takes a date and time with its offset, like `at=2026-11-23T08:00:00-05:00`.")
		}
	}
	if _, ok := s.jobByName(name); !ok {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is no job “%s”.%s Jobs: %s.", kit.Escape(name), kit.DidYouMean(name, s.jobNames()), strings.Join(s.jobNames(), ", ")))
	}
	out, err := s.jobs.RunAt(ctx, req.TeamID, name, at)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: kit.JobOutcomeText(name, out)}, nil
}

func (s *Service) jobByName(name string) (schedules.Job, bool) {
	for _, j := range s.jobs.Jobs() {
		if j.Name == name {
			return j, true
		}
	}
	return schedules.Job{}, false
}
