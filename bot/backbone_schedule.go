package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/dates"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// JobRunner is the scheduler, as the bot sees it.
type JobRunner interface {
	Jobs() []schedules.Job
	RunAt(ctx context.Context, team, name string, at time.Time) ([]schedules.Outcome, error)
}

// SetJobs connects the scheduler once it exists: its jobs call back into
// the bot to build their messages, so it is created after the bot.
func (b *Bot) SetJobs(j JobRunner) { b.jobs = j }

func (b *Bot) jobNames() []string {
	if b.jobs == nil {
		return nil
	}
	var names []string
	for _, j := range b.jobs.Jobs() {
		names = append(names, j.Name)
	}
	return names
}

func (b *Bot) backboneSchedule(ctx context.Context, req request, rest string) (reply, error) {
	verb, rest := subcommand(rest)
	if b.jobs == nil {
		return reply{}, userErrorf("The scheduler is not running in this process.")
	}
	switch verb {
	case "list", "":
		return b.scheduleList(ctx, req)
	case "set", "pause", "resume":
		return b.scheduleChange(ctx, req, verb, rest)
	}
	return reply{}, userErrorf("`/backbone schedule` takes list, set, pause or resume." + didYouMean(verb, []string{"list", "set", "pause", "resume"}) +
		" For example: `/backbone schedule set reminders \"0 9 * * 1-5\"`")
}

func (b *Bot) ensureSchedules(ctx context.Context, teamID string) ([]store.Schedule, error) {
	for _, j := range b.jobs.Jobs() {
		if err := b.store.EnsureSchedule(ctx, teamID, j.Name, j.DefaultSpec, b.now()); err != nil {
			return nil, err
		}
	}
	return b.store.Schedules(ctx, teamID)
}

func (b *Bot) scheduleList(ctx context.Context, req request) (reply, error) {
	scheds, err := b.ensureSchedules(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	return reply{Text: "Schedules", Blocks: ScheduleBlocks(b.jobs.Jobs(), scheds)}, nil
}

func (b *Bot) scheduleChange(ctx context.Context, req request, verb, rest string) (reply, error) {
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	want := 1
	if verb == "set" {
		want = 2
	}
	if len(a.Positional) != want {
		return reply{}, userErrorf("For example: `/backbone schedule set reminders \"0 9 * * 1-5\"`, `/backbone schedule pause digest`, `/backbone schedule resume digest`.")
	}
	name := strings.ToLower(a.Positional[0].Text)
	scheds, err := b.ensureSchedules(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	var before store.Schedule
	for _, s := range scheds {
		if s.Job == name {
			before = s
		}
	}
	if before.Job == "" {
		return reply{}, userErrorf(fmt.Sprintf("There is no job “%s”.%s Jobs: %s.", escape(name), didYouMean(name, b.jobNames()), strings.Join(b.jobNames(), ", ")))
	}
	after := before
	switch verb {
	case "set":
		spec, err := schedules.ParseSpec(a.Positional[1].Text)
		if err != nil {
			return reply{}, userErrorf(err.Error() + ".")
		}
		after.Spec = spec.String()
	case "pause":
		after.Enabled = false
	case "resume":
		after.Enabled = true
	}
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetSchedule(ctx, after, b.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "schedule." + verb, Entity: "schedule", EntityID: name, Before: before, After: after})
	})
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ `%s` now runs %s.", name, scheduleState(after))}, nil
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
	blocks := append([]slack.Block{header("Schedules")}, packLines(lines, messageBlockBudget, "")...)
	return append(blocks, contextNote("Cron fields: minute hour day-of-month month day-of-week. Change one with `/backbone schedule set reminders \"0 9 * * 1-5\"`."))
}

func (b *Bot) backboneHoliday(ctx context.Context, req request, rest string) (reply, error) {
	verb, rest := subcommand(rest)
	switch verb {
	case "add":
		return b.holidayAdd(ctx, req, rest)
	case "remove":
		return b.holidayRemove(ctx, req, rest)
	case "list", "":
		return b.holidayList(ctx, req)
	}
	return reply{}, userErrorf("`/backbone holiday` takes add, remove or list. For example: `/backbone holiday add 2026-12-25 \"Christmas\"`")
}

// holidayDate reads a holiday's date, which may be today or later.
func (b *Bot) holidayDate(ctx context.Context, teamID, text string) (time.Time, error) {
	d, err := dates.Parse(text, b.now(), b.coalitionLocation(ctx, teamID))
	if err != nil {
		var de *dates.Error
		if errors.As(err, &de) {
			return time.Time{}, userErrorf(de.Msg)
		}
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil
}

func (b *Bot) holidayAdd(ctx context.Context, req request, rest string) (reply, error) {
	const example = "`/backbone holiday add 2026-12-25 \"Christmas\"`"
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) < 2 {
		return reply{}, userErrorf("Give the date and a name: " + example)
	}
	day, err := b.holidayDate(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return reply{}, err
	}
	name, err := checkName(nameArg(a.Positional[1:]), "holiday", example)
	if err != nil {
		return reply{}, err
	}
	h := store.Holiday{TeamID: req.TeamID, Day: day, Name: name}
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddHoliday(ctx, h); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "holiday.add", Entity: "holiday", EntityID: day.Format(time.DateOnly), After: h})
	})
	if errors.Is(err, store.ErrConflict) {
		return reply{}, userErrorf(fmt.Sprintf("%s is already a holiday. Remove it first with `/backbone holiday remove %s`.", day.Format(time.DateOnly), day.Format(time.DateOnly)))
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ No reminders on %s (%s).", day.Format("Mon 2 Jan 2006"), escape(name))}, nil
}

func (b *Bot) holidayRemove(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) != 1 {
		return reply{}, userErrorf("Give the holiday's date: `/backbone holiday remove 2026-12-25`")
	}
	day, err := b.holidayDate(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return reply{}, err
	}
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RemoveHoliday(ctx, req.TeamID, day); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "holiday.remove", Entity: "holiday", EntityID: day.Format(time.DateOnly)})
	})
	if errors.Is(err, store.ErrNotFound) {
		return reply{}, userErrorf(fmt.Sprintf("%s is not a holiday. See them with `/backbone holiday list`.", day.Format(time.DateOnly)))
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ %s is a working day again.", day.Format("Mon 2 Jan 2006"))}, nil
}

func (b *Bot) holidayList(ctx context.Context, req request) (reply, error) {
	hs, err := b.store.Holidays(ctx, req.TeamID, b.now().AddDate(0, 0, -1))
	if err != nil {
		return reply{}, err
	}
	if len(hs) == 0 {
		return reply{Text: "No holidays ahead. Add one with `/backbone holiday add 2026-12-25 \"Christmas\"`."}, nil
	}
	var lines []string
	for _, h := range hs {
		lines = append(lines, fmt.Sprintf("• %s — %s", h.Day.Format("Mon 2 Jan 2006"), escape(h.Name)))
	}
	return reply{Text: "Holidays", Blocks: append([]slack.Block{header("Holidays: no reminders")}, packLines(lines, messageBlockBudget, "")...)}, nil
}

func (b *Bot) backboneJob(ctx context.Context, req request, rest string) (reply, error) {
	const example = "`/backbone job run digest` (or `at=2026-11-23T08:00:00-05:00` to replay a past slot)"
	verb, rest := subcommand(rest)
	if verb != "run" || b.jobs == nil {
		return reply{}, userErrorf("Run a job now with " + example)
	}
	a, err := parseArgs(rest, "at")
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) != 1 {
		return reply{}, userErrorf("Name the job: " + example + ". Jobs: " + strings.Join(b.jobNames(), ", ") + ".")
	}
	name := strings.ToLower(a.Positional[0].Text)
	at := b.now()
	if tok, ok := a.Named["at"]; ok {
		if at, err = time.Parse(time.RFC3339, tok.Text); err != nil {
			return reply{}, userErrorf("`at=` takes a date and time with its offset, like `at=2026-11-23T08:00:00-05:00`.")
		}
	}
	if _, ok := b.jobByName(name); !ok {
		return reply{}, userErrorf(fmt.Sprintf("There is no job “%s”.%s Jobs: %s.", escape(name), didYouMean(name, b.jobNames()), strings.Join(b.jobNames(), ", ")))
	}
	out, err := b.jobs.RunAt(ctx, req.TeamID, name, at)
	if err != nil {
		return reply{}, err
	}
	return reply{Text: JobOutcomeText(name, out)}, nil
}

func (b *Bot) jobByName(name string) (schedules.Job, bool) {
	for _, j := range b.jobs.Jobs() {
		if j.Name == name {
			return j, true
		}
	}
	return schedules.Job{}, false
}

// JobOutcomeText says what a manual run did.
func JobOutcomeText(name string, out []schedules.Outcome) string {
	if len(out) == 0 {
		return fmt.Sprintf("`%s` has no slot at or before that time; nothing ran.", name)
	}
	var lines []string
	for _, o := range out {
		if o.Ran {
			lines = append(lines, fmt.Sprintf("✅ %s (%s): ran, %s queued", o.Slot, o.Zone, plural(o.Messages, "message", "messages")))
		} else {
			lines = append(lines, fmt.Sprintf("↩️ %s (%s): already ran (or was missed); not sent again", o.Slot, o.Zone))
		}
	}
	return fmt.Sprintf("`%s`:\n%s", name, strings.Join(lines, "\n"))
}
