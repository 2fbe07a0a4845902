package slacktest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// A bot under test talks to the fake through slack-go; the test injects a
// slash command and waits for the bot's reply. In a test, use
// slacktest.New(t) instead of NewServer and Close.
func Example() {
	s := slacktest.NewServer(slacktest.Options{})
	defer s.Close()
	s.AddUser(slacktest.User{ID: "U1", Name: "ada", TZ: "Europe/London"})
	s.AddChannel(slacktest.Channel{ID: "C1", Name: "general", Members: []string{"U1"}, BotIsMember: true})

	o := s.Options()
	api := slack.New(o.BotToken, slack.OptionAppLevelToken(o.AppToken), slack.OptionAPIURL(s.APIURL()))
	sm := socketmode.New(api)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { _ = sm.RunContext(ctx) }()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if cmd, ok := evt.Data.(slack.SlashCommand); ok {
					_ = sm.Ack(*evt.Request)
					_ = slack.PostWebhookContext(ctx, cmd.ResponseURL, &slack.WebhookMessage{Text: "pong"})
				}
			}
		}
	}()

	if _, err := s.SlashCommand(ctx, slacktest.Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone", Text: "ping"}); err != nil {
		fmt.Println(err)
		return
	}
	m, err := s.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL })
	fmt.Println(m.Text, m.Ephemeral, err)
	// Output: pong true <nil>
}
