package sandbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// RegisterDemo puts the demo's people and channels in the fake Slack, with
// the bot in every channel. The fake keeps nothing across restarts, so the
// sandbox does this at every start.
func RegisterDemo(fake *slacktest.Server, now time.Time) {
	for _, p := range demoPeople {
		fake.AddUser(slacktest.User{ID: p.id, Name: p.handle, RealName: p.name, DisplayName: p.name,
			TZ: p.tz, TZOffset: tzOffset(p.tz, now), TeamID: homeTeam(p.id), Email: p.handle + "@" + emailDomain(p.id)})
	}
	for _, c := range demoChannels {
		fake.AddChannel(slacktest.Channel{ID: c.id, Name: c.name, IsPrivate: c.private,
			Members: c.members(), BotIsMember: true})
	}
}

// tzOffset is the zone's offset from UTC at now, in seconds, as Slack gives
// it in users.info.
func tzOffset(zone string, now time.Time) int {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return 0
	}
	_, off := now.In(loc).Zone()
	return off
}

// seedStep is one part of the demo, written in the seeding transaction.
type seedStep struct {
	name string
	run  func(ctx context.Context, tx *store.Tx, sd *seeding) error
}

// seeding is what the steps share: the team, the time, and the IDs of the
// partners (by name) and working groups (by channel) once they exist.
type seeding struct {
	teamID   string
	now      time.Time
	partners map[string]int64
	groups   map[string]int64
}

// seedSteps are the demo's parts, in the order they are written. A feature
// with tables of its own adds its step here.
var seedSteps = []seedStep{
	{"coalition and common agenda", seedCoalition},
	{"partners", seedPartners},
	{"members", seedMembers},
	{"working groups", seedGroups},
	{"meetings and commitments", seedCommitments},
	{"indicators and reports", seedIndicators},
	{"shout-outs", seedShoutouts},
}

// SeedDemo writes the demo coalition into an empty sandbox database, in one
// transaction. It reports false, and writes nothing, when the team already
// has a coalition.
func SeedDemo(ctx context.Context, st *store.Store, now time.Time) (bool, error) {
	if _, err := st.Coalition(ctx, TeamID); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	sd := &seeding{teamID: TeamID, now: now, partners: map[string]int64{}, groups: map[string]int64{}}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for _, step := range seedSteps {
			if err := step.run(ctx, tx, sd); err != nil {
				return fmt.Errorf("seed the demo's %s: %w", step.name, err)
			}
		}
		return nil
	})
	return err == nil, err
}

func seedCoalition(ctx context.Context, tx *store.Tx, sd *seeding) error {
	c := demoCoalition
	c.TeamID = sd.teamID
	return tx.SaveCoalition(ctx, c)
}

func seedPartners(ctx context.Context, tx *store.Tx, sd *seeding) error {
	for _, dp := range demoPartners {
		p, err := tx.AddPartner(ctx, sd.teamID, dp.name, dp.sector)
		if err != nil {
			return err
		}
		sd.partners[p.Name] = p.ID
	}
	return nil
}

func seedMembers(ctx context.Context, tx *store.Tx, sd *seeding) error {
	for _, p := range demoPeople {
		if p.newcomer() {
			continue
		}
		prof := store.Profile{TeamID: sd.teamID, UserID: p.id, DisplayName: p.name, TZ: p.tz, HomeTeamID: homeTeam(p.id)}
		if _, err := tx.SaveProfile(ctx, prof, p.role, sd.now); err != nil {
			return err
		}
		id, ok := sd.partners[p.partner]
		if !ok {
			return fmt.Errorf("%s's partner %q is not in the demo", p.name, p.partner)
		}
		if err := tx.SetMemberPartner(ctx, sd.teamID, p.id, &id); err != nil {
			return err
		}
	}
	return nil
}

func seedGroups(ctx context.Context, tx *store.Tx, sd *seeding) error {
	for _, dg := range demoGroups {
		g, err := tx.AddGroup(ctx, store.WorkingGroup{TeamID: sd.teamID, Name: dg.name, ChannelID: dg.channel,
			LeadUserID: dg.lead, Purpose: dg.purpose})
		if err != nil {
			return err
		}
		sd.groups[dg.channel] = g.ID
		if err := joinGroup(ctx, tx, sd.teamID, g.ID, dg.channel); err != nil {
			return err
		}
	}
	return nil
}

// joinGroup records the group's members: the people who work in its channel.
func joinGroup(ctx context.Context, tx *store.Tx, teamID string, groupID int64, channel string) error {
	for _, p := range demoPeople {
		if !slices.Contains(p.groups, channel) {
			continue
		}
		if _, err := tx.JoinGroup(ctx, groupID, teamID, p.id); err != nil {
			return err
		}
	}
	return nil
}
