// Package admin is how backbone staff run the coalition and how people find
// their way in: /backbone (setup, partners, members, groups, settings,
// schedules, holidays, jobs, audit), /coalition, and the onboarding DMs.
package admin

import (
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
)

// Service answers the staff and coalition commands.
type Service struct {
	kit.Env
	dir        *directory.Directory
	indicators *indicator.Service
	jobs       kit.JobRunner
}

// New builds the admin feature; jobs is the scheduler that /backbone
// schedule and /backbone job act on (nil: they are refused).
func New(env kit.Env, dir *directory.Directory, ind *indicator.Service, jobs kit.JobRunner) *Service {
	return &Service{Env: env, dir: dir, indicators: ind, jobs: jobs}
}

// Routes are the commands, buttons, modal and events admin answers.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{
		Commands: map[string]kit.CommandHandler{
			"/coalition": s.coalition,
			"/backbone":  s.backbone,
		},
		Actions: map[string]kit.ActionHandler{
			actionOnboardingPartner: s.onboardingPartner,
			actionClaimConfirm:      s.confirmClaim,
			actionClaimReject:       s.rejectClaim,
			actionImportApply:       s.applyImport,
		},
		Views: map[string]kit.ViewHandler{
			callbackSetup:       {Validate: validateSetup, Submit: s.submitSetup},
			callbackImportPaste: {Validate: validateImportPaste, Submit: s.submitImportPaste},
		},
		Events: map[string]kit.EventHandler{
			string(slackevents.MemberJoinedChannel): s.memberJoined,
			string(slackevents.UserChange):          s.userChanged,
			string(slackevents.FileShared):          s.fileShared,
		},
	}
}
