package bot

import (
	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// SetupView is the coalition setup modal, prefilled with c. origin is the
// channel the command came from, where the confirmation goes.
func SetupView(c store.Coalition, origin string) slack.ModalViewRequest {
	blocks := []slack.Block{
		textInput(setupName, "Coalition name", c.Name, "Communities That Care", maxNameLen, false, false),
		textInput(setupGoal, "Common agenda: the goal", c.Goal, "Reduce teen substance use in Franklin County", 1000, true, true),
		textInput(setupTimeframe, "Timeframe", c.Timeframe, "by 2030", 200, false, true),
		textInput(setupGeography, "Geography", c.Geography, "Franklin County and the North Quabbin", 300, false, true),
		textInput(setupEquity, "Equity focus", c.EquityFocus, "closing gaps for low-income youth and youth of color", 500, true, true),
		textInput(setupTimezone, "Timezone", orDefault(c.Timezone, "UTC"), "America/New_York", 64, false, false),
		channelInput(setupSteering, "Steering committee channel (weekly digest)", c.SteeringChannel),
		channelInput(setupRecognition, "Recognition channel (shout-outs)", c.RecognitionChannel),
		channelInput(setupBackbone, "Backbone staff channel (escalations)", c.BackboneChannel),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackSetup,
		Title:           plain("Coalition setup"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: origin,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func textInput(id, label, initial, placeholder string, maxLen int, multiline, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), id)
	el.InitialValue = initial
	el.MaxLength = maxLen
	el.Multiline = multiline
	block := slack.NewInputBlock(id, plain(label), nil, el)
	block.Optional = optional
	return block
}

func channelInput(id, label, initial string) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Pick a channel"), id)
	el.InitialConversation = initial
	el.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	block := slack.NewInputBlock(id, plain(label), nil, el)
	block.Optional = true
	return block
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
