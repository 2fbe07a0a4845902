package admin

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
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

	maxAgendaLen = 2000
)

// backboneSetup opens the coalition setup modal. The trigger_id lives three
// seconds, so the modal opens before anything slow.
func (s *Service) backboneSetup(ctx context.Context, req kit.Request, _ string) (kit.Reply, error) {
	c, err := s.dir.Coalition(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	view := SetupView(c, req.ChannelID)
	if err := s.OpenView(ctx, req.TeamID, req.TriggerID, view); err != nil {
		return kit.Reply{}, fmt.Errorf("open setup modal: %w", err)
	}
	return kit.Reply{}, nil
}

// validateSetup checks the setup modal before its ack.
func validateSetup(cb slack.InteractionCallback) map[string]string {
	errs := map[string]string{}
	name := kit.InputValue(cb, setupName)
	switch {
	case name == "":
		errs[setupName] = "Give the coalition a name, such as Communities That Care."
	case utf8.RuneCountInString(name) > kit.MaxNameLen:
		errs[setupName] = fmt.Sprintf("Keep the name under %d characters.", kit.MaxNameLen)
	}
	agenda := 0
	for _, id := range []string{setupGoal, setupTimeframe, setupGeography, setupEquity} {
		agenda += utf8.RuneCountInString(kit.InputValue(cb, id))
	}
	if agenda > maxAgendaLen {
		errs[setupGoal] = fmt.Sprintf("The common agenda is %d characters; keep goal, timeframe, geography and equity focus under %d together.", agenda, maxAgendaLen)
	}
	if tz := kit.InputValue(cb, setupTimezone); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			errs[setupTimezone] = "Use a timezone name such as America/New_York, Europe/Berlin or Asia/Kolkata."
		}
	}
	return errs
}

func (s *Service) submitSetup(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	if actor.Role != store.RoleBackbone {
		s.Log.Warn("setup submitted by a non-staff member; ignored", "user_id", actor.UserID)
		return nil
	}
	after := store.Coalition{
		TeamID: cb.Team.ID, Name: kit.InputValue(cb, setupName), Goal: kit.InputValue(cb, setupGoal),
		Timeframe: kit.InputValue(cb, setupTimeframe), Geography: kit.InputValue(cb, setupGeography),
		EquityFocus: kit.InputValue(cb, setupEquity), Timezone: kit.InputValue(cb, setupTimezone),
		SteeringChannel: kit.SelectedChannel(cb, setupSteering), RecognitionChannel: kit.SelectedChannel(cb, setupRecognition),
		BackboneChannel: kit.SelectedChannel(cb, setupBackbone),
	}
	if after.Timezone == "" {
		after.Timezone = "UTC"
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.Coalition(ctx, cb.Team.ID)
		if err := kit.OrNotFound(err); err != nil {
			return err
		}
		if err := tx.SaveCoalition(ctx, after); err != nil {
			return err
		}
		if err := tx.Audit(ctx, store.Change{TeamID: cb.Team.ID, Actor: actor.UserID, Action: "coalition.setup", Entity: "coalition", EntityID: cb.Team.ID, Before: before, After: after}); err != nil {
			return err
		}
		msg, err := outbox.Ephemeral(cb.Team.ID, "setup:"+cb.View.ID+":"+cb.View.Hash, cb.View.PrivateMetadata, actor.UserID,
			"✅ Saved the coalition setup for *"+kit.Escape(after.Name)+"*. Type `/coalition` to see it as everyone will.", nil)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, msg)
		return err
	})
}
