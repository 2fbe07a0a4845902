// Package indicator is shared measurement: the indicators (/indicators with
// its forms, charts and CSV export), partners' reports (/report and its
// form), the prompts job that asks for them, and on-time reporting.
package indicator

import (
	"context"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

// Service answers the indicator commands and forms.
type Service struct {
	kit.Env
	dir         *directory.Directory
	recognition *recognition.Service
	// Web mints the scorecard's sign-in links; zero when it is off.
	Web weblink.Links
}

// New builds the indicator feature.
func New(env kit.Env, dir *directory.Directory, rec *recognition.Service) *Service {
	return &Service{Env: env, dir: dir, recognition: rec}
}

// Routes are the commands, buttons and forms indicator answers.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{
		Commands: map[string]kit.CommandHandler{
			"/report":     s.withTeamExamples(s.report),
			"/indicators": s.withTeamExamples(s.indicators),
		},
		Actions: map[string]kit.ActionHandler{ActionReportOpen: s.reportOpenFromPrompt, ActionWebLink: s.webLinkFromButton, actionOpenLink: openedLink},
		Views: map[string]kit.ViewHandler{
			callbackIndicator: {Validate: s.validateIndicator, Submit: s.submitIndicator},
			callbackReport:    {Validate: validateReportForm, Submit: s.submitReportForm},
		},
	}
}

// Jobs is the prompts job, which asks partners for the numbers they owe.
func (s *Service) Jobs() []schedules.Job {
	return []schedules.Job{{
		Name:        "prompts",
		Description: "asks each reporting partner for the numbers of the period that just closed, then follows up with those still missing some",
		DefaultSpec: "0 10 * * 1-5",
		Run: func(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
			return s.QueueIndicatorPrompts(ctx, tx, r.TeamID, r.At)
		},
	}}
}
