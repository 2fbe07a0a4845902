// Package commitment tracks who will do what by when: /commit, /commitments
// and /meeting, the buttons and DM replies that change a commitment, and the
// follow-up jobs (reminders, check-ins, escalations) with their Nudge.
package commitment

import (
	"context"

	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// HomePublisher redraws a member's App Home tab after a change made there;
// the home feature implements it.
type HomePublisher interface {
	PublishHome(ctx context.Context, m store.Member) error
}

// Service answers the commitment commands, buttons and replies.
type Service struct {
	kit.Env
	dir         *directory.Directory
	recognition *recognition.Service
	home        HomePublisher
}

// New builds the commitment feature; home may be set later with SetHome
// when the home feature, which reads commitments, is built after it.
func New(env kit.Env, dir *directory.Directory, rec *recognition.Service) *Service {
	return &Service{Env: env, dir: dir, recognition: rec}
}

// PublishHomeWith names who redraws the App Home after a click there.
func (s *Service) PublishHomeWith(h HomePublisher) { s.home = h }

// Routes are the commands, buttons, modal and DM replies commitment answers.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{
		Commands: map[string]kit.CommandHandler{
			"/commit":      s.commit,
			"/commitments": s.commitments,
			"/meeting":     s.meeting,
		},
		Actions: map[string]kit.ActionHandler{
			actionCommitmentDone:     s.commitmentClick(changeDone),
			actionCommitmentOnTrack:  s.commitmentClick(changeOnTrack),
			actionCommitmentAccept:   s.commitmentClick(changeAccept),
			actionCommitmentNeedHelp: s.commitmentModalButton(changeNeedHelp),
			actionCommitmentPropose:  s.commitmentModalButton(changePropose),
			actionCommitmentDecline:  s.commitmentModalButton(changeDecline),
			actionCommitmentDue:      s.commitmentDatePicked,
			actionCommitmentMore:     s.commitmentMore,
			actionCommitmentPick:     s.commitmentPick,
			actionCommitmentNudge:    s.nudge,
			actionCommitDate:         s.commitDatePicked,
		},
		Views: map[string]kit.ViewHandler{
			callbackCommitmentChange: {Validate: s.validateCommitmentModal, Submit: s.submitCommitmentModal},
		},
		Events: map[string]kit.EventHandler{
			string(slackevents.Message): s.dmReply,
		},
	}
}

// Jobs are the follow-up jobs that chase commitments between meetings.
func (s *Service) Jobs() []schedules.Job {
	return []schedules.Job{
		{
			Name:        "reminders",
			Description: "one DM per person listing what is due soon or overdue, at 09:00 their own time (weekends per the weekend_reminders setting; holidays skipped)",
			DefaultSpec: "0 9 * * *",
			PerMember:   true,
			Run:         s.QueueReminders,
		},
		{
			Name:        "checkins",
			Description: "halfway between two meetings of a group, asks each owner of an open item from the last meeting how it is going",
			DefaultSpec: "0 10 * * *",
			Run:         s.QueueCheckins,
		},
		{
			Name:        "escalations",
			Description: "tells backbone staff about long-overdue items and unanswered calls for help, with a Nudge button",
			DefaultSpec: "30 9 * * 1-5",
			Run:         s.QueueEscalations,
		},
	}
}
