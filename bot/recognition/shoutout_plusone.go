package recognition

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// shoutoutPlusOne counts a 👏 +1, once per person, and redraws the message
// in place (through the outbox, in the same transaction).
func (s *Service) shoutoutPlusOne(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return fmt.Errorf("shout-out button value %q: %w", act.Value, err)
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		added, n, err := tx.AddPlusOne(ctx, cb.Team.ID, id, actor.UserID, s.Now())
		if err != nil || !added {
			return err
		}
		s, err := tx.Shoutout(ctx, cb.Team.ID, id)
		if err != nil {
			return err
		}
		credits, err := tx.ShoutoutCredits(ctx, cb.Team.ID, id)
		if err != nil {
			return err
		}
		text, blocks := ShoutoutBlocks(s, credits)
		key := fmt.Sprintf("%s:plus:%d", shoutoutKey(id), n)
		_, err = kit.Queue(ctx, tx, kit.Message{TeamID: cb.Team.ID, Key: key, Channel: cb.Channel.ID, UpdateTS: cb.Message.Timestamp, Text: text, Blocks: blocks})
		return err
	})
}
