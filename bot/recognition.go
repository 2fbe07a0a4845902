package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// queueDoneThanks thanks the owner of a commitment just marked done, in its
// working group's channel, once per commitment (the dedupe key), unless
// recognition_posts is off or the commitment belongs to no group.
func (b *Bot) queueDoneThanks(ctx context.Context, tx *store.Tx, c store.Commitment) error {
	if c.GroupChannel == "" {
		return nil
	}
	raw, err := tx.Settings(ctx, c.TeamID)
	if err != nil {
		return err
	}
	if !settings.From(raw).Bool("recognition_posts") {
		return nil
	}
	m, err := outbox.Message(c.TeamID, "thanks:commitment:"+strconv.FormatInt(c.ID, 10), c.GroupChannel, DoneThanks(c), nil)
	return queue(ctx, tx, m, err)
}

// DoneThanks is the short public thank-you for a finished commitment.
func DoneThanks(c store.Commitment) string {
	return fmt.Sprintf("🙌 Done: *%s* — thank you, <@%s>!", truncate(renderCommitText(c.Text), 500), c.OwnerID)
}
