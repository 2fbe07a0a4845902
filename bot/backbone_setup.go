package bot

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

const (
	callbackSetup = "backbone:setup"

	setupName        = "setup_name"
	setupGoal        = "setup_goal"
	setupTimeframe   = "setup_timeframe"
	setupGeography   = "setup_geography"
	setupEquity      = "setup_equity"
	setupTimezone    = "setup_timezone"
	setupSteering    = "setup_steering"
	setupRecognition = "setup_recognition"
	setupBackbone    = "setup_backbone"

	maxNameLen   = 80
	maxAgendaLen = 2000
)

// backboneSetup opens the coalition setup modal. The trigger_id lives three
// seconds, so the modal opens before anything slow.
func (b *Bot) backboneSetup(ctx context.Context, req request, _ string) (reply, error) {
	c, err := b.coalitionOf(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	view := SetupView(c, req.ChannelID)
	if _, err := b.api.OpenViewContext(ctx, req.TriggerID, view); err != nil {
		return reply{}, fmt.Errorf("open setup modal: %w", err)
	}
	return reply{}, nil
}

// validateSetup checks the setup modal before its ack.
func validateSetup(cb slack.InteractionCallback) map[string]string {
	errs := map[string]string{}
	name := inputValue(cb, setupName)
	switch {
	case name == "":
		errs[setupName] = "Give the coalition a name, such as Communities That Care."
	case utf8.RuneCountInString(name) > maxNameLen:
		errs[setupName] = fmt.Sprintf("Keep the name under %d characters.", maxNameLen)
	}
	agenda := 0
	for _, id := range []string{setupGoal, setupTimeframe, setupGeography, setupEquity} {
		agenda += utf8.RuneCountInString(inputValue(cb, id))
	}
	if agenda > maxAgendaLen {
		errs[setupGoal] = fmt.Sprintf("The common agenda is %d characters; keep goal, timeframe, geography and equity focus under %d together.", agenda, maxAgendaLen)
	}
	if tz := inputValue(cb, setupTimezone); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			errs[setupTimezone] = "Use a timezone name such as America/New_York, Europe/Berlin or Asia/Kolkata."
		}
	}
	return errs
}

func (b *Bot) submitSetup(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	if actor.Role != store.RoleBackbone {
		b.log.Warn("setup submitted by a non-staff member; ignored", "user_id", actor.UserID)
		return nil
	}
	after := store.Coalition{
		TeamID: cb.Team.ID, Name: inputValue(cb, setupName), Goal: inputValue(cb, setupGoal),
		Timeframe: inputValue(cb, setupTimeframe), Geography: inputValue(cb, setupGeography),
		EquityFocus: inputValue(cb, setupEquity), Timezone: inputValue(cb, setupTimezone),
		SteeringChannel: selectedChannel(cb, setupSteering), RecognitionChannel: selectedChannel(cb, setupRecognition),
		BackboneChannel: selectedChannel(cb, setupBackbone),
	}
	if after.Timezone == "" {
		after.Timezone = "UTC"
	}
	return b.store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.Coalition(ctx, cb.Team.ID)
		if err := orNotFound(err); err != nil {
			return err
		}
		if err := tx.SaveCoalition(ctx, after); err != nil {
			return err
		}
		if err := tx.Audit(ctx, store.Change{TeamID: cb.Team.ID, Actor: actor.UserID, Action: "coalition.setup", Entity: "coalition", EntityID: cb.Team.ID, Before: before, After: after}); err != nil {
			return err
		}
		msg, err := outbox.Ephemeral(cb.Team.ID, "setup:"+cb.View.ID+":"+cb.View.Hash, cb.View.PrivateMetadata, actor.UserID,
			"✅ Saved the coalition setup for *"+escape(after.Name)+"*. Type `/coalition` to see it as everyone will.", nil)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, msg)
		return err
	})
}
