package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack/slackevents"
)

const eventTimeout = time.Minute

// dispatchEvent handles an Events API delivery once, whatever the transport;
// a redelivery with the same event_id is recognised and ignored.
func (b *Bot) dispatchEvent(teamID, eventID string, ev slackevents.EventsAPIEvent) {
	b.goWork(eventTimeout, func(ctx context.Context) {
		log := b.log.With("team_id", teamID, "event_id", eventID, "event_type", ev.InnerEvent.Type)
		first, err := b.store.FirstDelivery(ctx, teamID, eventID, ev.InnerEvent.Type)
		if err != nil {
			log.Error("event not recorded", "err", err)
			return
		}
		if !first {
			log.Debug("event redelivery ignored")
			return
		}
		handle, ok := b.routes.Events[ev.InnerEvent.Type]
		if !ok {
			log.Debug("event ignored: no handler")
			return
		}
		if err := handle(ctx, teamID, ev.InnerEvent); err != nil {
			log.Error("event failed", "err", err)
		}
	})
}
