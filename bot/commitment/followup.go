package commitment

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// QueueReminders sends, to each member living in the run's timezone, one DM
// listing their open items due within the lead window or overdue — unless
// it is a weekend (and weekend reminders are off), a coalition holiday, or
// they are away. The dedupe key holds the local date: one DM per person
// per day, whatever runs.
//
// The run names the commitments and nothing more, in one statement: each
// DM is rendered when it is sent (RenderReminder), from the commitments as
// they are then, so a run for thousands of owners queues in a fraction of a
// second and an item done in the meantime is not reminded.
func (s *Service) QueueReminders(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
	day := r.Day()
	set, skip, err := s.reminderDay(ctx, tx, r.TeamID, day)
	if err != nil || skip {
		return 0, err
	}
	until := day.AddDate(0, 0, set.ReminderLeadDays())
	due, err := tx.ReminderDueIDs(ctx, r.TeamID, r.Zone, day, until)
	if err != nil {
		return 0, err
	}
	// ReminderDueIDs keeps the owners whose timezone is the run's zone, each
	// one's items together.
	var msgs []store.OutboxMessage
	for from := 0; from < len(due); {
		owner, to := due[from].OwnerID, from
		var ids []int64
		for ; to < len(due) && due[to].OwnerID == owner; to++ {
			ids = append(ids, due[to].ID)
		}
		key := fmt.Sprintf("reminder:%s:%s", owner, day.Format(time.DateOnly))
		msg, err := outbox.Rendered(r.TeamID, key, owner, outbox.Render{Kind: RenderReminder, Commitments: ids, Zone: r.Zone})
		if err != nil {
			return 0, err
		}
		msgs = append(msgs, msg)
		from = to
	}
	queued, err := tx.EnqueueAll(ctx, msgs)
	return len(queued), err
}

// RenderReminder is the kind of the reminder DMs' Render.
const RenderReminder = "reminder"

// Renderers render the DMs queued to be rendered at send time.
func (s *Service) Renderers() map[string]outbox.Renderer {
	return map[string]outbox.Renderer{RenderReminder: s.renderReminder}
}

// renderReminder is a reminder DM as of now: the run's commitments still
// open and still the recipient's, linked in the order shown so that
// replies in its thread find them. With none left it sends nothing.
func (s *Service) renderReminder(ctx context.Context, row store.OutboxRow, r outbox.Render) (string, []slack.Block, error) {
	if len(r.Commitments) == 0 {
		return "", nil, outbox.ErrNothingToSend
	}
	open, owner := store.StatusOpen, row.Channel
	var items []store.Commitment
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		items, err = tx.Commitments(ctx, row.TeamID, store.CommitmentFilter{IDs: r.Commitments, Status: &open, OwnerID: &owner})
		if err != nil || len(items) == 0 {
			return err
		}
		return tx.RelinkMessage(ctx, row.TeamID, row.DedupeKey, commitmentIDs(items))
	})
	if err != nil {
		return "", nil, err
	}
	if len(items) == 0 {
		return "", nil, outbox.ErrNothingToSend
	}
	loc, err := time.LoadLocation(r.Zone)
	if err != nil {
		loc = s.dir.DefaultTZ()
	}
	l := CommitmentList{Title: "Due soon: your commitments", Items: items, Total: len(items),
		Note: "Click a button to update each one, or reply in this thread (e.g. `done`, `moved to Friday`).", Hint: "See them all with `/commitments mine`."}
	v := CommitmentView{Now: s.Now().In(loc), Viewer: owner, HideOwner: true}
	text := fmt.Sprintf("You have %s due soon", kit.Plural(len(items), "commitment", "commitments"))
	return text, CommitmentListBlocks(l, v, listBlockBudget, listTextBudget), nil
}

func commitmentIDs(cs []store.Commitment) []int64 {
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// reminderDay reads the settings and says whether day gets no reminders.
func (s *Service) reminderDay(ctx context.Context, tx *store.Tx, teamID string, day time.Time) (settings.Values, bool, error) {
	raw, err := tx.Settings(ctx, teamID)
	if err != nil {
		return settings.Values{}, false, err
	}
	set := settings.From(raw)
	if wd := day.Weekday(); (wd == time.Saturday || wd == time.Sunday) && !set.WeekendReminders() {
		return set, true, nil
	}
	holiday, err := tx.IsHoliday(ctx, teamID, day)
	return set, holiday, err
}

// queueCommitmentDM queues a DM listing commitments with their buttons, and
// links it to them so replies in its thread find them.
func (s *Service) queueCommitmentDM(ctx context.Context, tx *store.Tx, r schedules.Run, owner, key, text string, l CommitmentList) (int, error) {
	v := CommitmentView{Now: r.At.In(directory.ZoneOf(ctx, tx, r.TeamID, owner, r.Loc)), Viewer: owner, HideOwner: true}
	blocks := CommitmentListBlocks(l, v, listBlockBudget, listTextBudget)
	queued, err := kit.Queue(ctx, tx, kit.Message{TeamID: r.TeamID, Key: key, Channel: owner, Text: text, Blocks: blocks, Commitments: commitmentIDs(l.Items)})
	if err != nil || !queued {
		return 0, err
	}
	return 1, nil
}

// byOwner splits commitments sorted by owner into one slice per owner.
func byOwner(cs []store.Commitment) [][]store.Commitment {
	var out [][]store.Commitment
	for i, c := range cs {
		if i == 0 || c.OwnerID != cs[i-1].OwnerID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

// QueueCheckins asks, halfway between a group's last meeting and its next
// one, each owner of an open item from that meeting how it is going.
func (s *Service) QueueCheckins(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
	day := r.Day()
	meetings, err := tx.CheckinMeetings(ctx, r.TeamID, day)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range meetings {
		if !midpoint(dates.Of(m.EndedAt.In(r.Loc)), dates.Of(*m.NextMeeting), dates.Of(day)) {
			continue
		}
		n, err := s.queueCheckin(ctx, tx, r, m)
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

// midpoint reports whether today is halfway (rounded down) from last to next.
func midpoint(last, next, today dates.Date) bool {
	span := int(next.Time(time.UTC).Sub(last.Time(time.UTC)).Hours() / 24)
	return span >= 2 && today.Equal(last.AddDays(span/2))
}

func (s *Service) queueCheckin(ctx context.Context, tx *store.Tx, r schedules.Run, m store.Meeting) (int, error) {
	open := store.StatusOpen
	cs, err := tx.Commitments(ctx, r.TeamID, store.CommitmentFilter{MeetingID: &m.ID, Status: &open})
	if err != nil {
		return 0, err
	}
	sortByOwner(cs)
	sent := 0
	for _, items := range byOwner(cs) {
		owner := items[0].OwnerID
		if items[0].OwnerAwayOn(r.Day()) {
			continue // away: no check-in, as no reminders
		}
		next := dates.Of(*m.NextMeeting).Human(r.At.In(r.Loc))
		l := CommitmentList{Title: "Halfway check-in", Items: items, Total: len(items),
			Note: fmt.Sprintf("We're halfway to the next *%s* meeting (%s). How are these going? One click each is enough.", kit.Escape(items[0].GroupName), next)}
		key := fmt.Sprintf("checkin:%d:%s", m.ID, owner)
		n, err := s.queueCommitmentDM(ctx, tx, r, owner, key, "Halfway check-in: how are your commitments going?", l)
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

// sortByOwner groups by owner, keeping the store's due-date order within.
func sortByOwner(cs []store.Commitment) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].OwnerID < cs[j].OwnerID })
}

const actionCommitmentNudge = "commitment:nudge"

// QueueEscalations tells backbone staff, once a day, about items overdue by
// the escalation threshold and calls for help nobody has answered.
func (s *Service) QueueEscalations(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
	raw, err := tx.Settings(ctx, r.TeamID)
	if err != nil {
		return 0, err
	}
	day := r.Day()
	days := settings.From(raw).EscalationDays()
	es, err := tx.Escalations(ctx, r.TeamID, day.AddDate(0, 0, 1-days))
	if err != nil || len(es) == 0 {
		return 0, err
	}
	text, blocks := EscalationMessage(es, days, r.At.In(r.Loc))
	targets, err := s.staffTargets(ctx, tx, r.TeamID)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, to := range targets {
		msg, err := outbox.Message(r.TeamID, fmt.Sprintf("escalation:%s:%s", day.Format(time.DateOnly), to), to, text, blocks)
		if err != nil {
			return sent, err
		}
		if queued, err := tx.Enqueue(ctx, msg); err != nil {
			return sent, err
		} else if queued {
			sent++
		}
	}
	return sent, nil
}

// staffTargets is the backbone channel, or every staff member's DM.
func (s *Service) staffTargets(ctx context.Context, tx *store.Tx, teamID string) ([]string, error) {
	c, err := tx.Coalition(ctx, teamID)
	if err := kit.OrNotFound(err); err != nil {
		return nil, err
	}
	if c.BackboneChannel != "" {
		return []string{c.BackboneChannel}, nil
	}
	role := store.RoleBackbone
	staff, err := tx.Members(ctx, teamID, store.MemberFilter{Role: &role})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range staff {
		ids = append(ids, m.UserID)
	}
	return ids, nil
}

// EscalationMessage lists what needs staff attention, oldest first, each
// with a Nudge button.
func EscalationMessage(es []store.Escalation, days int, now time.Time) (string, []slack.Block) {
	text := fmt.Sprintf("%s need your attention", kit.Plural(len(es), "item", "items"))
	blocks := []slack.Block{kit.Header("Needs attention"),
		kit.ContextNote(fmt.Sprintf("Overdue by %d days or more, and calls for help nobody has answered. *Nudge* sends the owner a friendly DM in your name.", days))}
	for i, e := range es {
		if len(blocks) >= kit.MessageBlockBudget {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more. See them with `/commitments overdue`.", len(es)-i)))
			break
		}
		var nudge *slack.Accessory // none for an owner who is away
		if ownerAway(e.Commitment, now) == "" {
			nudge = slack.NewAccessory(slack.NewButtonBlockElement(fmt.Sprintf("%s#%d", actionCommitmentNudge, e.ID), fmt.Sprint(e.ID), kit.Plain("Nudge")))
		}
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(escalationLine(e, now), 2900)), nil, nudge))
	}
	return text, blocks
}

func escalationLine(e store.Escalation, now time.Time) string {
	why := "overdue since " + dates.Of(e.Since).Human(now)
	switch e.Reason {
	case store.HealthNeedHelp:
		why = "🆘 asked for help " + dates.Of(e.Since.In(now.Location())).Human(now)
	case store.HealthBlocked:
		why = "⛔ blocked since " + dates.Of(e.Since.In(now.Location())).Human(now)
	}
	group := ""
	if e.GroupName != "" {
		group = " · " + kit.Escape(e.GroupName)
	}
	away := ""
	if a := ownerAway(e.Commitment, now); a != "" {
		away = " · " + a + " (no nudge until then)"
	}
	return fmt.Sprintf("<@%s>: %s\n_%s%s_%s", e.OwnerID, kit.UserText(e.Text), why, group, away)
}
