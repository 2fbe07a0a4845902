package outbox

import (
	"context"
	"fmt"

	"github.com/backbone-coalition/backbone/store"
)

// fail marks row failed for good and, when the row names a person to tell,
// queues them a DM saying so, in the same transaction.
func (w *Worker) fail(ctx context.Context, row store.OutboxRow, reason string) error {
	if row.NotifyUser == "" {
		return w.store.FailOutbox(ctx, row.ID, reason)
	}
	return w.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.FailOutbox(ctx, row.ID, reason); err != nil {
			return err
		}
		notice, err := Message(row.TeamID, "failed:"+row.DedupeKey, row.NotifyUser, FailureNotice(row.Channel, reason), nil)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, notice)
		return err
	})
}

// FailureNotice tells a person that a message they asked for could not be
// posted in channel, and what to do about it.
func FailureNotice(channel, reason string) string {
	where := fmt.Sprintf("<#%s>", channel)
	switch reason {
	case "not_in_channel":
		return fmt.Sprintf("⚠️ I couldn't post your message in %s because I'm not a member of that channel. Invite me there (type `/invite @Backbone` in it) and try again.", where)
	case "channel_not_found", "is_archived":
		return fmt.Sprintf("⚠️ I couldn't post your message in %s: the channel is archived or I can't see it. Ask your backbone staff to pick another channel in `/backbone setup`.", where)
	}
	return fmt.Sprintf("⚠️ I couldn't post your message in %s (Slack said `%s`). Please try again; if it keeps happening, tell your backbone staff.", where, reason)
}
