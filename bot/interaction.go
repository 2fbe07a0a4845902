package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

const interactionTimeout = time.Minute

// interactionAck computes, synchronously and without I/O, the payload an
// interaction's ack must carry (a view_submission's validation errors); nil
// for a plain ack.
func (b *Bot) interactionAck(cb slack.InteractionCallback) any {
	if cb.Type != slack.InteractionTypeViewSubmission {
		return nil
	}
	h, ok := b.routes.Views[cb.View.CallbackID]
	if !ok {
		return nil
	}
	if errs := h.Validate(cb); len(errs) > 0 {
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
		actor, err := b.dir.EnsureMember(ctx, cb.Team.ID, cb.User.ID)
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
		handle, ok := b.routes.Actions[id]
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
	h, ok := b.routes.Views[cb.View.CallbackID]
	if !ok || len(h.Validate(cb)) > 0 {
		return nil
	}
	return h.Submit(ctx, cb, actor)
}
