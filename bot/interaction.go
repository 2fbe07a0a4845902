package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
)

const interactionTimeout = time.Minute

// interactionAck computes, synchronously and without I/O, the payload an
// interaction's ack must carry (a view_submission's validation errors); nil
// for a plain ack.
func (b *Bot) interactionAck(cb slack.InteractionCallback) any {
	return nil
}

// dispatchInteraction handles a button click, menu choice or modal after
// its ack.
func (b *Bot) dispatchInteraction(cb slack.InteractionCallback) {
	b.goWork(interactionTimeout, func(ctx context.Context) {
		log := b.log.With("team_id", cb.Team.ID, "user_id", cb.User.ID, "interaction", cb.Type)
		log.Debug("interaction ignored: no handler")
	})
}
