package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// postChannel is a channel the bot posts to, and why.
type postChannel struct {
	id, role string
}

// postChannels lists the channels the coalition of team posts to: its
// steering, recognition and backbone channels, and each working group's.
func (d *doctor) postChannels(ctx context.Context, team string) ([]postChannel, error) {
	var out []postChannel
	seen := map[string]bool{}
	add := func(id, role string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, postChannel{id: id, role: role})
		}
	}
	c, err := d.store.Coalition(ctx, team)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	add(c.SteeringChannel, "the steering channel")
	add(c.RecognitionChannel, "the recognition channel")
	add(c.BackboneChannel, "the backbone channel")
	groups, err := d.store.Groups(ctx, team)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		add(g.ChannelID, "working group "+g.Name+"'s channel")
	}
	return out, nil
}

// checkChannels asks Slack, for each channel the bot posts to, whether the
// bot is in it.
func (d *doctor) checkChannels(ctx context.Context) verdict {
	switch {
	case d.store == nil:
		return skipped("channels", "needs the database")
	case !d.authOK:
		return skipped("channels", "needs a valid bot token")
	}
	chans, err := d.postChannels(ctx, d.auth.TeamID)
	if err != nil {
		return failed("channels", "could not read the coalition's channels: %v", err)
	}
	if len(chans) == 0 {
		return pass("channels", "none set up yet: /backbone setup picks them")
	}
	var problems []string
	for _, ch := range chans {
		if p := d.channelProblem(ctx, ch); p != "" {
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		return failed("channels", "%s", strings.Join(problems, "; "))
	}
	return pass("channels", "the bot is in all %d channels it posts to", len(chans))
}

// channelProblem says what is wrong with the bot's place in ch, or "".
func (d *doctor) channelProblem(ctx context.Context, ch postChannel) string {
	var ans struct {
		slackAnswer
		Channel struct {
			Name       string `json:"name"`
			IsMember   bool   `json:"is_member"`
			IsArchived bool   `json:"is_archived"`
		} `json:"channel"`
	}
	if _, _, err := d.call(ctx, "conversations.info", d.cfg.SlackBotToken.Reveal(), url.Values{"channel": {ch.id}}, &ans); err != nil {
		return fmt.Sprintf("%s (%s) could not be checked: %v", ch.role, ch.id, err)
	}
	switch {
	case !ans.OK && ans.Error == "channel_not_found":
		return fmt.Sprintf("the bot cannot see %s (%s): it was deleted, or it is private and the bot is not in it; invite the bot there (/invite @Backbone) or pick another channel in /backbone setup", ch.role, ch.id)
	case !ans.OK:
		return fmt.Sprintf("Slack would not describe %s (%s): %s", ch.role, ch.id, ans.Error)
	case ans.Channel.IsArchived:
		return fmt.Sprintf("%s #%s is archived: pick another one in /backbone setup", ch.role, ans.Channel.Name)
	case !ans.Channel.IsMember:
		return fmt.Sprintf("the bot is not a member of %s #%s: type /invite @Backbone in it", ch.role, ans.Channel.Name)
	}
	return ""
}

// checkTimezones wants every coalition's timezone known to this machine's
// timezone database.
func (d *doctor) checkTimezones(ctx context.Context) verdict {
	if d.store == nil {
		return skipped("timezones", "needs the database")
	}
	teams, err := d.store.Teams(ctx)
	if err != nil {
		return failed("timezones", "could not list the coalitions: %v", err)
	}
	zones := []string{d.cfg.CoalitionTZ.String()}
	var problems []string
	for _, team := range teams {
		c, err := d.store.Coalition(ctx, team)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return failed("timezones", "could not read coalition %s: %v", team, err)
		}
		if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
			problems = append(problems, fmt.Sprintf("coalition %s (%s) has timezone %q, which this machine does not know: set one such as America/New_York in /backbone setup", c.Name, team, c.Timezone))
			continue
		}
		zones = append(zones, c.Timezone)
	}
	if len(problems) > 0 {
		return failed("timezones", "%s", strings.Join(problems, "; "))
	}
	return pass("timezones", "all known (%s)", strings.Join(dedupe(zones), ", "))
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
