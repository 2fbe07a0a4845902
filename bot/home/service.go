// Package home is the App Home tab: what a member has open, what they made
// lately, what their partner owes, shout-outs to them, and for backbone
// staff what is overdue across the coalition.
package home

import (
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
)

// Service publishes App Home tabs.
type Service struct {
	kit.Env
	dir         *directory.Directory
	commitments *commitment.Service
}

// New builds the home feature.
func New(env kit.Env, dir *directory.Directory, cs *commitment.Service) *Service {
	return &Service{Env: env, dir: dir, commitments: cs}
}

// Routes is the app_home_opened event.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{Events: map[string]kit.EventHandler{string(slackevents.AppHomeOpened): s.homeOpened}}
}
