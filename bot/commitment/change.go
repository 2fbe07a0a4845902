package commitment

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

// changeResult is what applyChange did.
type changeResult struct {
	Before, After store.Commitment
	// Plan holds the events as stored; none when nothing changed.
	Plan plan
	// NotFound: the commitment does not exist (or not in this team).
	NotFound bool
}

// changed reports whether the change was applied.
func (r changeResult) changed() bool { return len(r.Plan.Events) > 0 }

// note is what to tell the actor when nothing changed.
func (r changeResult) note() string {
	if r.NotFound {
		return "I can't find that commitment any more; nothing changed."
	}
	return r.Plan.Note
}

// applyChange applies ch to commitment id for actor in one transaction:
// the new state, its history entries, an audit row, and the messages it
// causes (the group lead and backbone channel when help is needed, the
// issuer when the owner answers). The commitment is locked first, so
// concurrent clicks are applied one after the other and a repeated one
// changes nothing. also, when set, runs in the same transaction after a
// real change.
func (s *Service) applyChange(ctx context.Context, teamID string, id int64, ch change, actor store.Member,
	also func(tx *store.Tx, r changeResult) error) (changeResult, error) {
	loc, now := s.dir.MemberLoc(actor), s.Now()
	var r changeResult
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.LockCommitment(ctx, teamID, id)
		if errors.Is(err, store.ErrNotFound) {
			r.NotFound = true
			return nil
		}
		if err != nil {
			return err
		}
		r = changeResult{Before: c, After: c, Plan: planChange(c, ch, actor, now.In(loc), dates.Today(now, loc))}
		if !r.changed() {
			return nil
		}
		if err := s.saveChange(ctx, tx, &r, actor); err != nil {
			return err
		}
		if err := s.queueChangeNotices(ctx, tx, r); err != nil {
			return err
		}
		if err := s.queueRefreshes(ctx, tx, r); err != nil {
			return err
		}
		if also != nil {
			return also(tx, r)
		}
		return nil
	})
	return r, err
}

// saveChange writes the planned state, events and audit row.
func (s *Service) saveChange(ctx context.Context, tx *store.Tx, r *changeResult, actor store.Member) error {
	if err := tx.SaveCommitmentState(ctx, r.Plan.After, s.Now()); err != nil {
		return err
	}
	for i, e := range r.Plan.Events {
		saved, err := tx.AddCommitmentEvent(ctx, e)
		if err != nil {
			return err
		}
		r.Plan.Events[i] = saved
	}
	after, err := tx.Commitment(ctx, r.Before.TeamID, r.Before.ID)
	if err != nil {
		return err
	}
	r.After = after
	last := r.Plan.Events[len(r.Plan.Events)-1]
	return tx.Audit(ctx, store.Change{TeamID: after.TeamID, Actor: actor.UserID, Action: "commitment." + last.Kind,
		Entity: "commitment", EntityID: strconv.FormatInt(after.ID, 10), Before: r.Before, After: after})
}

// queueChangeNotices tells the people a change concerns.
func (s *Service) queueChangeNotices(ctx context.Context, tx *store.Tx, r changeResult) error {
	for _, e := range r.Plan.Events {
		var err error
		switch e.Kind {
		case store.EventNeedHelp, store.EventBlocked:
			err = s.queueHelpNotices(ctx, tx, r.After, e)
		case store.EventAccepted, store.EventDateProposed, store.EventDeclined:
			err = s.queueAnswerNotice(ctx, tx, r.After, e)
		case store.EventDone:
			err = s.recognition.QueueDoneThanks(ctx, tx, r.After)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// queueHelpNotices tells the working group's lead (by DM) and the backbone
// staff (in the coalition's backbone channel) that an owner needs help.
func (s *Service) queueHelpNotices(ctx context.Context, tx *store.Tx, c store.Commitment, e store.CommitmentEvent) error {
	text, blocks := HelpNotice(c, e, s.Now())
	key := "help:" + strconv.FormatInt(e.ID, 10)
	if c.GroupLead != "" && c.GroupLead != c.OwnerID && c.GroupLead != e.Actor {
		if _, err := kit.Queue(ctx, tx, kit.Message{TeamID: c.TeamID, Key: key + ":lead", Channel: c.GroupLead, Text: text, Blocks: blocks}); err != nil {
			return err
		}
	}
	co, err := tx.Coalition(ctx, c.TeamID)
	if err := kit.OrNotFound(err); err != nil {
		return err
	}
	if co.BackboneChannel == "" {
		return nil
	}
	_, err = kit.Queue(ctx, tx, kit.Message{TeamID: c.TeamID, Key: key + ":backbone", Channel: co.BackboneChannel, Text: text, Blocks: blocks})
	return err
}

// queueAnswerNotice tells whoever committed on the owner's behalf what the
// owner answered.
func (s *Service) queueAnswerNotice(ctx context.Context, tx *store.Tx, c store.Commitment, e store.CommitmentEvent) error {
	if c.CreatedBy == c.OwnerID || c.CreatedBy == e.Actor {
		return nil
	}
	text := AnswerNotice(c, e, s.Now())
	_, err := kit.Queue(ctx, tx, kit.Message{TeamID: c.TeamID, Key: "answer:" + strconv.FormatInt(e.ID, 10), Channel: c.CreatedBy, Text: text})
	return err
}

// HelpNotice is the message telling a lead and the backbone staff that an
// owner needs help or is blocked.
func HelpNotice(c store.Commitment, e store.CommitmentEvent, now time.Time) (string, []slack.Block) {
	what := "needs help with"
	if e.Kind == store.EventBlocked {
		what = "is blocked on"
	}
	text := fmt.Sprintf("🆘 <@%s> %s %s", c.OwnerID, what, kit.Truncate(c.Text, 200))
	line := fmt.Sprintf("🆘 <@%s> %s *%s* (%s", c.OwnerID, what, kit.UserText(c.Text), dueOrNoDate(c, now))
	if c.GroupName != "" {
		line += ", " + kit.Escape(c.GroupName)
	}
	line += ")"
	if e.Note != "" {
		line += "\n> " + kit.UserText(e.Note)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(kit.Mrkdwn(line), nil, nil),
		kit.ContextNote(fmt.Sprintf("Can you help? Reach out to <@%s>. Their open items: `/commitments <@%s>`", c.OwnerID, c.OwnerID)),
	}
	return text, blocks
}

// AnswerNotice tells the issuer of a commitment made on someone's behalf
// what the owner answered.
func AnswerNotice(c store.Commitment, e store.CommitmentEvent, now time.Time) string {
	task := "*" + kit.UserText(c.Text) + "*"
	switch e.Kind {
	case store.EventDateProposed:
		return fmt.Sprintf("📅 <@%s> took on %s, with another date: %s (you had %s).", c.OwnerID, task,
			kit.OrDefault(dueOf(e.DueAfter).Human(now), "no date"), kit.OrDefault(dueOf(e.DueBefore).Human(now), "no date")) + quoted(e.Note)
	case store.EventDeclined:
		return fmt.Sprintf("🙅 <@%s> declined %s.", c.OwnerID, task) + quoted(e.Note)
	}
	return fmt.Sprintf("👍 <@%s> accepted %s — %s.", c.OwnerID, task, dueOrNoDate(c, now))
}

func quoted(note string) string {
	if note == "" {
		return ""
	}
	return "\n> " + kit.UserText(note)
}

// changeSummary tells the actor what their change did.
func changeSummary(r changeResult, now time.Time) string {
	if !r.changed() {
		return r.note()
	}
	c, task := r.After, "*"+kit.UserText(r.After.Text)+"*"
	last := r.Plan.Events[len(r.Plan.Events)-1]
	switch last.Kind {
	case store.EventDone:
		return "✅ Marked done: " + task + ". Thank you!"
	case store.EventOnTrack:
		return "🟢 Marked on track: " + task + "."
	case store.EventNeedHelp, store.EventBlocked:
		return helpSummary(c, last, task)
	case store.EventDueChanged:
		return fmt.Sprintf("📅 New date for %s: %s (was %s).", task, dueOf(last.DueAfter).Human(now), kit.OrDefault(dueOf(last.DueBefore).Human(now), "no date"))
	case store.EventDropped:
		return "🗑️ Dropped " + task + "."
	case store.EventAccepted:
		return "👍 Accepted " + task + issuerTold(c) + "."
	case store.EventDateProposed:
		return fmt.Sprintf("📅 Accepted %s with a new date, %s%s.", task, dueOf(last.DueAfter).Human(now), issuerTold(c))
	case store.EventDeclined:
		return "🙅 Declined " + task + issuerTold(c) + "."
	}
	return "Saved."
}

func helpSummary(c store.Commitment, e store.CommitmentEvent, task string) string {
	label := "🆘 Asked for help with "
	if e.Kind == store.EventBlocked {
		label = "⛔ Marked blocked: "
	}
	told := "backbone staff have been told"
	if c.GroupLead != "" && c.GroupLead != c.OwnerID {
		told = fmt.Sprintf("<@%s> (the group's lead) and backbone staff have been told", c.GroupLead)
	}
	return label + task + "; " + told + "."
}

func issuerTold(c store.Commitment) string {
	if c.CreatedBy == c.OwnerID {
		return ""
	}
	return fmt.Sprintf("; <@%s> has been told", c.CreatedBy)
}
