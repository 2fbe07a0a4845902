package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

const actionOnboardingPartner = "onboarding:partner"

// memberJoined welcomes someone who joins a working group's channel, once
// per person and group: the outbox key makes a second welcome impossible.
func (s *Service) memberJoined(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.MemberJoinedChannelEvent)
	if !ok {
		return fmt.Errorf("member_joined_channel of unexpected shape %T", inner.Data)
	}
	g, err := s.Store.GroupByChannel(ctx, teamID, ev.Channel)
	if errors.Is(err, store.ErrNotFound) {
		return nil // not a working group's channel
	}
	if err != nil {
		return err
	}
	m, err := s.dir.EnsureMember(ctx, teamID, ev.User)
	if err != nil || m.IsBot {
		return err
	}
	c, err := s.dir.Coalition(ctx, teamID)
	if err != nil {
		return err
	}
	var partners []store.Partner
	if m.PartnerID == nil {
		if partners, err = s.Store.Partners(ctx, teamID); err != nil {
			return err
		}
	}
	text, blocks := WelcomeMessage(c, g, m, partners, s.indicators.ExampleKey(ctx, teamID))
	msg, err := outbox.Message(teamID, fmt.Sprintf("welcome:%d:%s", g.ID, m.UserID), m.UserID, text, blocks)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.JoinGroup(ctx, g.ID, teamID, m.UserID); err != nil {
			return err
		}
		_, err := tx.Enqueue(ctx, msg)
		return err
	})
}

// userChanged refreshes the directory's profile of someone it knows, and
// the member's name and timezone if they are one.
func (s *Service) userChanged(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.UserChangeEvent)
	if !ok {
		return fmt.Errorf("user_change of unexpected shape %T", inner.Data)
	}
	if ev.User.ID == "" {
		return nil
	}
	u := &slack.User{ID: ev.User.ID, TeamID: ev.User.TeamID, Name: ev.User.Name, RealName: ev.User.RealName, TZ: ev.User.TZ, IsBot: ev.User.IsBot, Deleted: ev.User.Deleted,
		IsRestricted: ev.User.IsRestricted, IsUltraRestricted: ev.User.IsUltraRestricted}
	u.Profile.DisplayName = ev.User.Profile.DisplayName
	return s.dir.Changed(ctx, teamID, u)
}

// teamJoined keeps the profile of someone who joined the workspace, so
// that their first command needs no users.info.
func (s *Service) teamJoined(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.TeamJoinEvent)
	if !ok || ev.User == nil || ev.User.ID == "" {
		return nil // not a person: nothing to keep
	}
	return s.dir.Joined(ctx, teamID, ev.User)
}

// onboardingPartner records the organization picked in a welcome DM.
func (s *Service) onboardingPartner(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	id, err := strconv.ParseInt(act.SelectedOption.Value, 10, 64)
	if err != nil {
		return fmt.Errorf("onboarding partner value %q: %w", act.SelectedOption.Value, err)
	}
	text := ""
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if actor.PartnerID != nil {
			text = fmt.Sprintf("You are already listed with *%s*. If that is wrong, ask backbone staff to change it.", kit.Escape(actor.PartnerName))
			return nil
		}
		p, err := tx.PartnerByID(ctx, actor.TeamID, id)
		if err != nil {
			return err
		}
		text, err = s.linkSelf(ctx, tx, actor, p)
		return err
	})
	var ue *kit.Problem
	if errors.As(err, &ue) {
		text, err = ue.Msg, nil
	}
	if err != nil {
		return err
	}
	// In the welcome DM the answer stays in the conversation; from anywhere
	// else (only a forged click) it is for the clicker alone.
	return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: text, InChannel: strings.HasPrefix(cb.Channel.ID, "D")})
}

// preferredCommands are the commands a newcomer will use most, in order;
// the welcome shows the first three that exist.
func preferredCommands() []string {
	return []string{"/commit", "/commitments", "/report", "/shoutout", "/coalition"}
}

// WelcomeMessage is the DM for someone who joined group g's channel.
// Its examples use exampleKey, an indicator of the coalition's.
func WelcomeMessage(c store.Coalition, g store.WorkingGroup, m store.Member, partners []store.Partner, exampleKey string) (string, []slack.Block) {
	text := fmt.Sprintf("Welcome to %s!", kit.Escape(g.Name))
	intro := fmt.Sprintf("👋 Welcome to *%s*, <@%s>!", kit.Escape(g.Name), m.UserID)
	if c.Name != "" {
		intro += fmt.Sprintf(" It is one of the working groups of *%s*.", kit.Escape(c.Name))
	}
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil)}
	if c.Goal != "" {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate("*What we are working toward:* "+kit.Escape(c.Goal), 600)), nil, nil))
	}
	if g.Purpose != "" {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("*What this group does:* "+kit.Escape(g.Purpose)), nil, nil))
	}
	blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(welcomeCommands(exampleKey)), nil, nil))
	if m.PartnerID == nil && len(partners) > 0 {
		blocks = append(blocks, partnerPicker(partners))
	}
	return text, blocks
}

func welcomeCommands(exampleKey string) string {
	specs := map[string]kit.CommandSpec{}
	for _, s := range kit.CommandsFor(exampleKey) {
		specs[s.Name] = s
	}
	text := "*The commands you will use most:*"
	shown := 0
	for _, name := range preferredCommands() {
		if s, ok := specs[name]; ok && shown < 3 {
			text += fmt.Sprintf("\n• `%s` — %s", s.Example, s.Description)
			shown++
		}
	}
	return text
}

// partnerPicker asks which organization the newcomer is with.
func partnerPicker(ps []store.Partner) slack.Block {
	var opts []*slack.OptionBlockObject
	for _, p := range ps {
		if len(opts) == 100 {
			break
		}
		opts = append(opts, slack.NewOptionBlockObject(strconv.FormatInt(p.ID, 10), kit.Plain(kit.Truncate(p.Name, 75)), nil))
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, kit.Plain("Pick your organization"), actionOnboardingPartner, opts...)
	return slack.NewSectionBlock(kit.Mrkdwn("*Which organization are you with?* Not listed? Type `/coalition me partner=\"Name\"` or ask backbone staff."),
		nil, slack.NewAccessory(sel))
}
