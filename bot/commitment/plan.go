package commitment

import (
	"fmt"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

// Change kinds: what someone asks of a commitment, from a button, a modal or
// a DM reply.
const (
	changeDone     = "done"
	changeOnTrack  = "on_track"
	changeNeedHelp = "need_help"
	changeBlocked  = "blocked"
	changeDue      = "due"
	changeDrop     = "drop"
	changeAccept   = "accept"
	changePropose  = "propose"
	changeDecline  = "decline"
)

// change is one request to change a commitment.
type change struct {
	Kind string     `json:"k"`
	Note string     `json:"n,omitempty"`
	Due  dates.Date `json:"-"`
}

// plan is what a change does to a commitment: its state after, and the
// history entries to append. No events means nothing changes; Note then
// says why, and Refused is set when the actor may not make the change.
type plan struct {
	After   store.Commitment
	Events  []store.CommitmentEvent
	Note    string
	Refused bool
}

// planChange decides, without I/O, what actor's change does to c at now;
// today is the actor's calendar date. Changes that would not change
// anything (a second Done, Done after a Drop) plan no events, so double
// clicks and stale buttons leave one history entry per real change.
func planChange(c store.Commitment, ch change, actor store.Member, now time.Time, today dates.Date) plan {
	p := plan{After: c}
	if why := refusalFor(c, ch, actor); why != "" {
		return plan{After: c, Note: why, Refused: true}
	}
	if !c.IsOpen() {
		p.Note = closedNote(c, now.Location())
		return p
	}
	if ch.Kind == changeDrop && c.Acceptance == store.AcceptancePending && actor.UserID == c.OwnerID {
		ch.Kind = changeDecline // the owner dropping what they never accepted declines it
	}
	ev := func(kind, note string) store.CommitmentEvent {
		return store.CommitmentEvent{TeamID: c.TeamID, CommitmentID: c.ID, Actor: actor.UserID, Kind: kind, Note: note, At: now}
	}
	if implicitAccept(c, ch, actor) {
		p.After.Acceptance = store.AcceptanceAccepted
		p.Events = append(p.Events, ev(store.EventAccepted, ""))
	}
	step := planStep(&p, c, ch, today, ev)
	if step == nil {
		return plan{After: c, Note: p.Note}
	}
	p.Events = append(p.Events, *step)
	if !p.After.IsOpen() {
		p.After.CompletedAt = &now
	}
	return p
}

// planStep applies ch to p.After and returns its event, or nil with p.Note
// set when it changes nothing.
func planStep(p *plan, c store.Commitment, ch change, today dates.Date, ev func(kind, note string) store.CommitmentEvent) *store.CommitmentEvent {
	a := &p.After
	switch ch.Kind {
	case changeDone:
		a.Status = store.StatusDone
		return kit.Ptr(ev(store.EventDone, ch.Note))
	case changeDrop:
		if ch.Note == "" {
			p.Note = "Say why it is dropped, so the group knows."
			return nil
		}
		a.Status = store.StatusDropped
		return kit.Ptr(ev(store.EventDropped, ch.Note))
	case changeOnTrack, changeNeedHelp, changeBlocked:
		return planHealth(p, c, ch, ev)
	case changeDue, changePropose:
		return planDue(p, c, ch, today, ev)
	case changeAccept:
		if c.Acceptance != store.AcceptancePending {
			p.Note = "You already answered this one; nothing changed."
			return nil
		}
		a.Acceptance = store.AcceptanceAccepted
		return kit.Ptr(ev(store.EventAccepted, ch.Note))
	case changeDecline:
		if c.Acceptance != store.AcceptancePending {
			p.Note = "You already accepted this one. To give it up, use *Drop* in the ⋯ menu, with a reason."
			return nil
		}
		if ch.Note == "" {
			p.Note = "Say why you can't take it on, so the person who asked knows."
			return nil
		}
		a.Acceptance, a.Status = store.AcceptanceDeclined, store.StatusDropped
		return kit.Ptr(ev(store.EventDeclined, ch.Note))
	}
	p.Note = "I don't know how to do that."
	return nil
}

func planHealth(p *plan, c store.Commitment, ch change, ev func(kind, note string) store.CommitmentEvent) *store.CommitmentEvent {
	health := map[string]string{changeOnTrack: store.HealthOnTrack, changeNeedHelp: store.HealthNeedHelp, changeBlocked: store.HealthBlocked}[ch.Kind]
	if c.Health == health && ch.Note == "" {
		p.Note = "It is already marked " + healthLabel(health) + "; nothing changed."
		return nil
	}
	p.After.Health = health
	return kit.Ptr(ev(health, ch.Note)) // health values double as event kinds
}

func planDue(p *plan, c store.Commitment, ch change, today dates.Date, ev func(kind, note string) store.CommitmentEvent) *store.CommitmentEvent {
	before := dueOf(c.Due)
	switch {
	case ch.Due.IsZero():
		p.Note = "Pick a date."
		return nil
	case ch.Due.Before(today):
		p.Note = fmt.Sprintf("%s is in the past. Pick a date from today on.", ch.Due.Human(today.Time(nil)))
		return nil
	case ch.Due == before && ch.Kind == changeDue:
		p.Note = "It is already due " + ch.Due.Human(today.Time(nil)) + "; nothing changed."
		return nil
	}
	p.After.Due = DueTime(ch.Due)
	kind := store.EventDueChanged
	if ch.Kind == changePropose {
		kind = store.EventDateProposed
		p.After.Acceptance = store.AcceptanceAccepted
	}
	e := ev(kind, ch.Note)
	e.DueBefore, e.DueAfter = c.Due, p.After.Due
	return &e
}

// refusalFor says why actor may not make ch, or "" when they may: the owner
// and backbone staff change a commitment; only the owner answers a request
// made on their behalf.
func refusalFor(c store.Commitment, ch change, actor store.Member) string {
	owner := actor.UserID == c.OwnerID
	if slices.Contains([]string{changeAccept, changePropose, changeDecline}, ch.Kind) && !owner {
		return fmt.Sprintf("Only <@%s> can accept or decline this one — it was made on their behalf.", c.OwnerID)
	}
	if !owner && actor.Role != store.RoleBackbone {
		return fmt.Sprintf("Sorry, only <@%s> (who owns it) and backbone staff can update this commitment. If you can help, tell them in a thread!", c.OwnerID)
	}
	return ""
}

// implicitAccept: the owner updating a commitment that waits for their
// answer has accepted it.
func implicitAccept(c store.Commitment, ch change, actor store.Member) bool {
	return c.Acceptance == store.AcceptancePending && actor.UserID == c.OwnerID &&
		slices.Contains([]string{changeDone, changeOnTrack, changeNeedHelp, changeBlocked, changeDue}, ch.Kind)
}

// closedNote explains why a done or dropped commitment does not change.
func closedNote(c store.Commitment, loc *time.Location) string {
	when := ""
	if c.CompletedAt != nil {
		when = " on " + dates.Of(c.CompletedAt.In(loc)).Human(c.CompletedAt.In(loc))
	}
	switch {
	case c.Acceptance == store.AcceptanceDeclined:
		return fmt.Sprintf("This was declined%s, so nothing changed.", when)
	case c.Status == store.StatusDone:
		return fmt.Sprintf("This was already marked done%s, so nothing changed.", when)
	}
	return fmt.Sprintf("This was dropped%s, so nothing changed. To take it up again, make it anew with `/commit`.", when)
}

func healthLabel(h string) string {
	switch h {
	case store.HealthOnTrack:
		return "on track"
	case store.HealthNeedHelp:
		return "needs help"
	case store.HealthBlocked:
		return "blocked"
	}
	return "no update yet"
}

// dueOf reads a stored due date; nil is the zero Date (no date).
func dueOf(t *time.Time) dates.Date {
	if t == nil {
		return dates.Date{}
	}
	return dates.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// DueTime is a Date as stored: midnight UTC, or nil for no date.
func DueTime(d dates.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time(time.UTC)
	return &t
}
