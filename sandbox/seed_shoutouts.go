package sandbox

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// demoShoutout is public thanks of the demo, given daysAgo days before the
// sandbox started: by a member, or by the bot itself (giver ""), to members
// or to a partner as a whole.
type demoShoutout struct {
	giver, message string
	daysAgo        int
	members        []string
	partner        string
	plusOnes       []string
}

var demoShoutouts = []demoShoutout{
	{giver: "U0DIANA", daysAgo: 3, members: []string{"U0JAMES"}, plusOnes: []string{"U0KEVIN", "U0OMAR", "U0LINDA"},
		message: "Thank you <@U0JAMES> for securing Pioneer Savings Bank's $1,500 for the youth service awards! :tada:"},
	{giver: "U0AISHA", daysAgo: 9, members: []string{"U0PRIYA"}, plusOnes: []string{"U0CLAIRE"},
		message: "Huge thanks to <@U0PRIYA> for the survey numbers by grade: the poster drafts are much sharper for it."},
	{giver: "", daysAgo: 5, members: []string{"U0SAM"},
		message: "<@U0SAM> finished *Translate the workshop flyer into Spanish and Portuguese* for Parent education. Thank you!"},
	{giver: "U0MARIA", daysAgo: 20, partner: "Family Resource Network", plusOnes: []string{"U0DIANA", "U0FATIMA", "U0ROSA", "U0NINA"},
		message: "Family Resource Network hosted 31 parents at last month's workshops, our best month yet. :raised_hands:"},
}

func seedShoutouts(ctx context.Context, tx *store.Tx, sd *seeding) error {
	for _, ds := range demoShoutouts {
		at := sd.now.AddDate(0, 0, -ds.daysAgo)
		s, err := tx.AddShoutout(ctx, store.Shoutout{TeamID: sd.teamID, GiverID: ds.giver, ChannelID: channelShoutOuts,
			Message: ds.message, CreatedAt: at}, ds.credits(sd))
		if err != nil {
			return err
		}
		for i, id := range ds.plusOnes {
			if _, _, err := tx.AddPlusOne(ctx, sd.teamID, s.ID, id, at.Add(time.Duration(i+1)*17*time.Minute)); err != nil {
				return fmt.Errorf("+1 from %s: %w", id, err)
			}
		}
	}
	return nil
}

// credits names whom the shout-out thanks, with their partners.
func (ds demoShoutout) credits(sd *seeding) []store.Credit {
	var out []store.Credit
	for _, id := range ds.members {
		p, _ := person(id)
		partner := sd.partners[p.partner]
		out = append(out, store.Credit{UserID: id, PartnerID: &partner})
	}
	if ds.partner != "" {
		partner := sd.partners[ds.partner]
		out = append(out, store.Credit{PartnerID: &partner})
	}
	return out
}
