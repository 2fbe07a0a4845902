package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

const interactionTimeout = time.Minute

// actionHandler handles one block action (a button, a menu choice) from a
// known member.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error

// viewHandler handles a modal's submission: validate runs before the ack,
// without I/O, and returns errors by input block_id; submit runs after.
type viewHandler struct {
	validate func(cb slack.InteractionCallback) map[string]string
	submit   func(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error
}

func (b *Bot) actionHandlers() map[string]actionHandler {
	return map[string]actionHandler{
		actionCommitmentDone:     b.commitmentClick(changeDone),
		actionCommitmentOnTrack:  b.commitmentClick(changeOnTrack),
		actionCommitmentAccept:   b.commitmentClick(changeAccept),
		actionCommitmentNeedHelp: b.commitmentModalButton(changeNeedHelp),
		actionCommitmentPropose:  b.commitmentModalButton(changePropose),
		actionCommitmentDecline:  b.commitmentModalButton(changeDecline),
		actionCommitmentDue:      b.commitmentDatePicked,
		actionCommitmentMore:     b.commitmentMore,
		actionCommitmentPick:     b.commitmentPick,
		actionCommitmentNudge:    b.nudge,
		actionOnboardingPartner:  b.onboardingPartner,
		actionReportOpen:         b.reportOpenFromPrompt,
		actionShoutoutPlusOne:    b.shoutoutPlusOne,
	}
}

func (b *Bot) viewHandlers() map[string]viewHandler {
	return map[string]viewHandler{
		callbackCommitmentChange: {validate: b.validateCommitmentModal, submit: b.submitCommitmentModal},
		callbackSetup:            {validate: validateSetup, submit: b.submitSetup},
		callbackIndicator:        {validate: b.validateIndicator, submit: b.submitIndicator},
		callbackReport:           {validate: validateReportForm, submit: b.submitReportForm},
	}
}

// interactionAck computes, synchronously and without I/O, the payload an
// interaction's ack must carry (a view_submission's validation errors); nil
// for a plain ack.
func (b *Bot) interactionAck(cb slack.InteractionCallback) any {
	if cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	h, ok := b.viewHandlers()[cb.View.CallbackID]
	if !ok {
		return nil
	}
	if errs := h.validate(cb); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	return nil
}

// dispatchInteraction handles a button click, menu choice or modal after
// its ack.
func (b *Bot) dispatchInteraction(cb slack.InteractionCallback) {
	if cb.Team.ID == "" || cb.User.ID == "" {
		b.log.Warn("interaction without a team or a user; ignored", "interaction", cb.Type)
		return
	}
	b.goWork(interactionTimeout, func(ctx context.Context) {
		began, outcome := time.Now(), "ok"
		defer func() { b.obs.InteractionDone(b.interactionLabel(cb), outcome, time.Since(began)) }()
		log := b.log.With("team_id", cb.Team.ID, "user_id", cb.User.ID, "interaction", cb.Type)
		actor, err := b.ensureMember(ctx, cb.Team.ID, cb.User.ID)
		if err != nil {
			log.Error("interaction from unknown member", "err", err)
			outcome = "error"
			return
		}
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			err = b.runActions(ctx, cb, actor)
		case slack.InteractionTypeViewSubmission:
			err = b.runViewSubmission(ctx, cb, actor)
		}
		if err != nil {
			log.Error("interaction failed", "err", err)
			outcome = "error"
		}
	})
}

func (b *Bot) runActions(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	for _, act := range cb.ActionCallback.BlockActions {
		id, _, _ := strings.Cut(act.ActionID, "#")
		handle, ok := b.actions[id]
		if !ok {
			b.log.Debug("block action ignored: no handler", "action_id", act.ActionID)
			continue
		}
		if err := handle(ctx, cb, act, actor); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bot) runViewSubmission(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	h, ok := b.viewHandlers()[cb.View.CallbackID]
	if !ok || len(h.validate(cb)) > 0 {
		return nil
	}
	return h.submit(ctx, cb, actor)
}

// inputValue reads a plain-text input's value from a submitted view.
func inputValue(cb slack.InteractionCallback, blockID string) string {
	return strings.TrimSpace(cb.View.State.Values[blockID][blockID].Value)
}

// selectedChannel reads a channel picker's choice from a submitted view.
func selectedChannel(cb slack.InteractionCallback, blockID string) string {
	v := cb.View.State.Values[blockID][blockID]
	if v.SelectedConversation != "" {
		return v.SelectedConversation
	}
	return v.SelectedChannel
}
