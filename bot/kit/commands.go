package kit

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// CommandSpec describes one slash command: the single list that feeds
// `/coalition help`, the app manifest and the README.
type CommandSpec struct {
	Name        string
	Description string
	UsageHint   string
	// Example is one complete invocation, shown in help.
	Example string
}

// Commands lists every slash command the bot answers.
func Commands() []CommandSpec {
	return []CommandSpec{
		{
			Name:        "/coalition",
			Description: "The coalition at a glance, and help with every command",
			UsageHint:   "[who | me | help]",
			Example:     "/coalition who",
		},
		{
			Name:        "/backbone",
			Description: "Backbone staff: set up the coalition, partners, people, working groups and settings",
			UsageHint:   "setup | partner | member | group | settings | set | audit | help",
			Example:     "/backbone partner add \"Greenfield Public Schools\" sector=education",
		},
		{
			Name:        "/report",
			Description: "Report your organization's numbers for the shared indicators (alone: opens a form)",
			UsageHint:   "[KEY VALUE [PERIOD] [dimension=value …] [-- note]]",
			Example:     "/report youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412",
		},
		{
			Name:        "/indicators",
			Description: "The shared indicators: coalition figures, trends and who has reported",
			UsageHint:   "[show KEY | export [KEY] [from=PERIOD] [to=PERIOD] | add | edit KEY | archive KEY | help]",
			Example:     "/indicators show youth-binge-drinking",
		},
		{
			Name:        "/commit",
			Description: "Record who will do what by when (one commitment per line; the people named are asked to accept)",
			UsageHint:   "[@who …] what [by when] — or several lines | help",
			Example:     "/commit @maria Send flyers to the 10 middle schools by Friday",
		},
		{
			Name:        "/commitments",
			Description: "Open commitments, with buttons to mark them done, on track, needing help or moved",
			UsageHint:   "[mine | overdue | all | @someone | #channel | help]",
			Example:     "/commitments overdue",
		},
		{
			Name:        "/meeting",
			Description: "Run a working group's meeting: what is still open, then a summary and each owner's items by DM",
			UsageHint:   "start [title] | end [next=<date>] | help",
			Example:     "/meeting end next=\"Dec 15\"",
		},
		{
			Name:        "/shoutout",
			Description: "Thank people in public, in the recognition channel; others can join in with 👏 +1",
			UsageHint:   "@who [@who …] [partner=\"Name\"] message",
			Example:     "/shoutout @maria @lee partner=\"Greenfield Public Schools\" The parent night drew 120 families — thank you!",
		},
		{
			Name:        "/digest",
			Description: "The weekly steering digest: preview it now, or (staff) send this week's",
			UsageHint:   "preview [#channel] | send | help",
			Example:     "/digest preview",
		},
	}
}

// HelpBlocks lists the commands with one example each.
func HelpBlocks(specs []CommandSpec) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "What I can do", false, false)),
		slack.NewSectionBlock(Mrkdwn("I keep track of what the coalition promised, remind people between meetings, collect the numbers we agreed to share, and thank people when things get done."), nil, nil),
	}
	for _, s := range specs {
		text := fmt.Sprintf("*%s* %s\n%s\n_Example:_ `%s`", s.Name, Escape(s.UsageHint), Escape(s.Description), Escape(s.Example))
		blocks = append(blocks, slack.NewSectionBlock(Mrkdwn(text), nil, nil))
	}
	return blocks
}

// ExampleIndicatorKey is the indicator key the help's examples use when a
// coalition has no indicator of its own to show.
const ExampleIndicatorKey = "youth-binge-drinking"

// WithIndicatorKey puts key in the examples of text in place of the
// generic ExampleIndicatorKey: help shows keys that work in this coalition.
func WithIndicatorKey(text, key string) string {
	if key == "" || key == ExampleIndicatorKey {
		return text
	}
	return strings.ReplaceAll(text, ExampleIndicatorKey, key)
}

// CommandsFor is Commands with key in the examples (see WithIndicatorKey).
func CommandsFor(key string) []CommandSpec {
	specs := Commands()
	for i := range specs {
		specs[i].Example = WithIndicatorKey(specs[i].Example, key)
	}
	return specs
}
