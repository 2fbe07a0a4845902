package sandbox

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// demoCommitment is a commitment of the demo, with dates in days from the
// seeding day: due in dueIn days (negative: overdue), done doneAgo days ago
// (zero: still open).
type demoCommitment struct {
	channel, owner, text string
	dueIn, doneAgo       int
	health               string
}

// demoCommitments were made at each working group's last meeting, twelve
// days before the sandbox started, and one in the steering committee.
var demoCommitments = []demoCommitment{
	{channelParents, "U0MARIA", "Draft the spring parent newsletter on vaping", 3, 0, store.HealthOnTrack},
	{channelParents, "U0FATIMA", "Book the library hall in Turners Falls for the April workshop", -2, 0, store.HealthNone},
	{channelParents, "U0SAM", "Translate the workshop flyer into Spanish and Portuguese", 2, 5, ""},
	{channelParents, "U0MIGUEL", "Ask the Mohawk Trail PTOs for ten minutes at their next meeting", 9, 0, store.HealthNone},
	{channelParents, "U0NINA", "Add the telehealth counseling line to the workshop handouts", 4, 8, ""},
	{channelYouth, "U0KEVIN", "Collect nominations for the May youth service awards", 6, 0, store.HealthOnTrack},
	{channelYouth, "U0GRACE", "Ask the art teachers to exhibit student work at the awards night", 1, 0, store.HealthNeedHelp},
	{channelYouth, "U0JAMES", "Confirm Pioneer Savings Bank's $1,500 sponsorship of the awards", 5, 3, ""},
	{channelYouth, "U0OMAR", "Line up three teen speakers for the awards night", -4, 0, store.HealthBlocked},
	{channelYouth, "U0BEN", "Add a sportsmanship award for the youth league", 14, 0, store.HealthNone},
	{channelNorms, "U0AISHA", "Finish the social-norms poster drafts from the youth survey", 2, 0, store.HealthOnTrack},
	{channelNorms, "U0PRIYA", "Pull the survey numbers on perceived peer use, by grade", 1, 10, ""},
	{channelNorms, "U0DAVID", "Schedule two alcohol compliance checks with the package stores", 12, 0, store.HealthNone},
	{channelNorms, "U0CLAIRE", "Send the emergency-department data on teen alcohol visits", -1, 0, store.HealthNone},
	{channelNorms, "U0HANNAH", "Ask the Interfaith Council to share the campaign in weekly bulletins", 7, 0, store.HealthNone},
	{channelSteering, "U0DIANA", "Send the steering committee the draft annual report", 10, 0, store.HealthNone},
}

// meetingDaysAgo is when the working groups last met.
const meetingDaysAgo = 12

func seedCommitments(ctx context.Context, tx *store.Tx, sd *seeding) error {
	meetings, err := seedMeetings(ctx, tx, sd)
	if err != nil {
		return err
	}
	for _, dc := range demoCommitments {
		if err := seedCommitment(ctx, tx, sd, dc, meetings[dc.channel]); err != nil {
			return err
		}
	}
	return nil
}

// seedMeetings records each working group's last meeting, held by its lead;
// it returns their IDs by channel.
func seedMeetings(ctx context.Context, tx *store.Tx, sd *seeding) (map[string]*int64, error) {
	ids := map[string]*int64{}
	held := sd.now.AddDate(0, 0, -meetingDaysAgo)
	next := civilDate(sd.now.AddDate(0, 0, 30-meetingDaysAgo))
	for _, g := range demoGroups {
		m, err := tx.StartMeeting(ctx, store.Meeting{TeamID: sd.teamID, GroupID: sd.groups[g.channel], ChannelID: g.channel,
			Title: g.name + " monthly meeting", StartedBy: g.lead, StartedAt: held})
		if err != nil {
			return nil, err
		}
		if _, err := tx.EndMeeting(ctx, m.ID, g.lead, held.Add(75*time.Minute), &next); err != nil {
			return nil, err
		}
		ids[g.channel] = &m.ID
	}
	return ids, nil
}

func seedCommitment(ctx context.Context, tx *store.Tx, sd *seeding, dc demoCommitment, meeting *int64) error {
	owner, ok := person(dc.owner)
	if !ok {
		return fmt.Errorf("no demo person %s owns %q", dc.owner, dc.text)
	}
	partner := sd.partners[owner.partner]
	made := sd.now.AddDate(0, 0, -meetingDaysAgo).Add(40 * time.Minute)
	due := civilDate(sd.now.AddDate(0, 0, dc.dueIn))
	c := store.Commitment{TeamID: sd.teamID, OwnerID: owner.id, PartnerID: &partner, MeetingID: meeting,
		ChannelID: dc.channel, Text: dc.text, Due: &due, Acceptance: store.AcceptanceAccepted, CreatedBy: owner.id, CreatedAt: made}
	if id, ok := sd.groups[dc.channel]; ok {
		c.GroupID = &id
	} else {
		c.MeetingID = nil
	}
	c, err := tx.AddCommitment(ctx, c)
	if err != nil {
		return err
	}
	if err := commitmentEvent(ctx, tx, c, store.EventCreated, made); err != nil {
		return err
	}
	return settle(ctx, tx, sd, c, dc)
}

// settle records what happened since: done, or the health its owner gave.
func settle(ctx context.Context, tx *store.Tx, sd *seeding, c store.Commitment, dc demoCommitment) error {
	at := sd.now.AddDate(0, 0, -dc.doneAgo)
	kind := map[string]string{store.HealthOnTrack: store.EventOnTrack, store.HealthNeedHelp: store.EventNeedHelp,
		store.HealthBlocked: store.EventBlocked}[dc.health]
	switch {
	case dc.doneAgo > 0:
		c.Status, c.CompletedAt, kind = store.StatusDone, &at, store.EventDone
	case kind != "":
		c.Health, at = dc.health, sd.now.AddDate(0, 0, -2)
	default:
		return nil
	}
	if err := tx.SaveCommitmentState(ctx, c, at); err != nil {
		return err
	}
	return commitmentEvent(ctx, tx, c, kind, at)
}

func commitmentEvent(ctx context.Context, tx *store.Tx, c store.Commitment, kind string, at time.Time) error {
	_, err := tx.AddCommitmentEvent(ctx, store.CommitmentEvent{TeamID: c.TeamID, CommitmentID: c.ID, Actor: c.OwnerID,
		Kind: kind, DueAfter: dueIfCreated(c, kind), At: at})
	return err
}

func dueIfCreated(c store.Commitment, kind string) *time.Time {
	if kind == store.EventCreated {
		return c.Due
	}
	return nil
}

// civilDate is t's calendar date in the coalition's timezone, as midnight
// UTC: how the store keeps dates.
func civilDate(t time.Time) time.Time {
	loc, err := time.LoadLocation(demoCoalition.Timezone)
	if err != nil {
		loc = time.UTC
	}
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// person finds a demo person by ID.
func person(id string) (demoPerson, bool) {
	for _, p := range demoPeople {
		if p.id == id {
			return p, true
		}
	}
	return demoPerson{}, false
}
