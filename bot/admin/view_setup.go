package admin

import (
	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// SetupView is the coalition setup modal, prefilled with c. origin is the
// channel the command came from, where the confirmation goes.
func SetupView(c store.Coalition, origin string) slack.ModalViewRequest {
	blocks := []slack.Block{
		kit.TextInput(setupName, "Coalition name", c.Name, "Communities That Care", kit.MaxNameLen, false, false),
		kit.TextInput(setupGoal, "Common agenda: the goal", c.Goal, "Reduce teen substance use in Franklin County", 1000, true, true),
		kit.TextInput(setupTimeframe, "Timeframe", c.Timeframe, "by 2030", 200, false, true),
		kit.TextInput(setupGeography, "Geography", c.Geography, "Franklin County and the North Quabbin", 300, false, true),
		kit.TextInput(setupEquity, "Equity focus", c.EquityFocus, "closing gaps for low-income youth and youth of color", 500, true, true),
		kit.TextInput(setupTimezone, "Timezone", kit.OrDefault(c.Timezone, "UTC"), "America/New_York", 64, false, false),
		kit.ChannelInput(setupSteering, "Steering committee channel (weekly digest)", c.SteeringChannel),
		kit.ChannelInput(setupRecognition, "Recognition channel (shout-outs)", c.RecognitionChannel),
		kit.ChannelInput(setupBackbone, "Backbone staff channel (escalations)", c.BackboneChannel),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackSetup,
		Title:           kit.Plain("Coalition setup"),
		Submit:          kit.Plain("Save"),
		Close:           kit.Plain("Cancel"),
		PrivateMetadata: origin,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}
