package commitment

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

func TestPlanChange(t *testing.T) {
	t.Parallel()
	owner := store.Member{TeamID: "T1", UserID: "U0OWNER", Role: store.RolePartner}
	staff := store.Member{TeamID: "T1", UserID: "U0STAFF", Role: store.RoleBackbone}
	other := store.Member{TeamID: "T1", UserID: "U0OTHER", Role: store.RoleSteering}
	today := dates.Of(commitNow)
	due := DueTime(today.AddDays(4))
	done := commitNow.Add(-time.Hour)
	open := store.Commitment{ID: 7, TeamID: "T1", OwnerID: owner.UserID, CreatedBy: owner.UserID, Text: "Send flyers", Due: due,
		Status: store.StatusOpen, Health: store.HealthNone, Acceptance: store.AcceptanceAccepted}
	with := func(f func(*store.Commitment)) store.Commitment { c := open; f(&c); return c }
	pending := with(func(c *store.Commitment) { c.Acceptance, c.CreatedBy = store.AcceptancePending, staff.UserID })
	isDone := with(func(c *store.Commitment) { c.Status, c.CompletedAt = store.StatusDone, &done })
	dropped := with(func(c *store.Commitment) { c.Status, c.CompletedAt = store.StatusDropped, &done })
	onTrack := with(func(c *store.Commitment) { c.Health = store.HealthOnTrack })

	tests := []struct {
		name    string
		c       store.Commitment
		ch      change
		actor   store.Member
		events  []string // kinds, in order
		status  string
		accept  string
		note    string // substring of the note when nothing changes
		refused bool
	}{
		{"owner marks done", open, change{Kind: changeDone}, owner, []string{store.EventDone}, store.StatusDone, store.AcceptanceAccepted, "", false},
		{"staff marks done", open, change{Kind: changeDone}, staff, []string{store.EventDone}, store.StatusDone, store.AcceptanceAccepted, "", false},
		{"someone else is refused", open, change{Kind: changeDone}, other, nil, store.StatusOpen, store.AcceptanceAccepted, "only <@U0OWNER>", true},
		{"done twice changes nothing", isDone, change{Kind: changeDone}, owner, nil, store.StatusDone, store.AcceptanceAccepted, "already marked done", false},
		{"done after drop changes nothing", dropped, change{Kind: changeDone}, owner, nil, store.StatusDropped, store.AcceptanceAccepted, "was dropped", false},
		{"on track", open, change{Kind: changeOnTrack}, owner, []string{store.EventOnTrack}, store.StatusOpen, store.AcceptanceAccepted, "", false},
		{"on track twice", onTrack, change{Kind: changeOnTrack}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "already marked on track", false},
		{"need help with a note", onTrack, change{Kind: changeNeedHelp, Note: "county data"}, owner, []string{store.EventNeedHelp}, store.StatusOpen, store.AcceptanceAccepted, "", false},
		{"new date", open, change{Kind: changeDue, Due: today.AddDays(10)}, owner, []string{store.EventDueChanged}, store.StatusOpen, store.AcceptanceAccepted, "", false},
		{"same date", open, change{Kind: changeDue, Due: today.AddDays(4)}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "already due", false},
		{"past date", open, change{Kind: changeDue, Due: today.AddDays(-1)}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "in the past", false},
		{"drop needs a reason", open, change{Kind: changeDrop}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "Say why", false},
		{"drop", open, change{Kind: changeDrop, Note: "fair cancelled"}, owner, []string{store.EventDropped}, store.StatusDropped, store.AcceptanceAccepted, "", false},
		{"accept", pending, change{Kind: changeAccept}, owner, []string{store.EventAccepted}, store.StatusOpen, store.AcceptanceAccepted, "", false},
		{"accept twice", open, change{Kind: changeAccept}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "already answered", false},
		{"staff may not accept for them", pending, change{Kind: changeAccept}, staff, nil, store.StatusOpen, store.AcceptancePending, "Only <@U0OWNER> can accept", true},
		{"propose another date", pending, change{Kind: changePropose, Due: today.AddDays(9)}, owner, []string{store.EventDateProposed}, store.StatusOpen, store.AcceptanceAccepted, "", false},
		{"decline", pending, change{Kind: changeDecline, Note: "away that week"}, owner, []string{store.EventDeclined}, store.StatusDropped, store.AcceptanceDeclined, "", false},
		{"decline after accepting", open, change{Kind: changeDecline, Note: "x"}, owner, nil, store.StatusOpen, store.AcceptanceAccepted, "use *Drop*", false},
		{"owner drop while pending declines", pending, change{Kind: changeDrop, Note: "no time"}, owner, []string{store.EventDeclined}, store.StatusDropped, store.AcceptanceDeclined, "", false},
		{"done while pending accepts first", pending, change{Kind: changeDone}, owner, []string{store.EventAccepted, store.EventDone}, store.StatusDone, store.AcceptanceAccepted, "", false},
		{"staff done while pending", pending, change{Kind: changeDone}, staff, []string{store.EventDone}, store.StatusDone, store.AcceptancePending, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := planChange(tt.c, tt.ch, tt.actor, commitNow, today)
			var kinds []string
			for _, e := range p.Events {
				kinds = append(kinds, e.Kind)
				if e.Actor != tt.actor.UserID || e.CommitmentID != tt.c.ID || !e.At.Equal(commitNow) {
					t.Errorf("event %+v: wrong actor, commitment or time", e)
				}
			}
			if !slices.Equal(kinds, tt.events) || p.After.Status != tt.status || p.After.Acceptance != tt.accept || p.Refused != tt.refused {
				t.Errorf("plan = events %v status %s acceptance %s refused %v; want %v %s %s %v", kinds, p.After.Status, p.After.Acceptance, p.Refused, tt.events, tt.status, tt.accept, tt.refused)
			}
			if len(tt.events) == 0 && !strings.Contains(p.Note, tt.note) {
				t.Errorf("note %q, want it to contain %q", p.Note, tt.note)
			}
			if (p.After.Status != store.StatusOpen) != (p.After.CompletedAt != nil) {
				t.Errorf("status %s with completed_at %v", p.After.Status, p.After.CompletedAt)
			}
		})
	}
}
