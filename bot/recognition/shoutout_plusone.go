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
// in place (through the outbox, in the same transaction). The giver and
// the people thanked cannot +1 their own shout-out: they are told so.
func (s *Service) shoutoutPlusOne(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return fmt.Errorf("shout-out button value %q: %w", act.Value, err)
	}
	own := false
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		so, err := tx.Shoutout(ctx, cb.Team.ID, id)
		if err != nil {
			return err
		}
		credits, err := tx.ShoutoutCredits(ctx, cb.Team.ID, id)
		if err != nil {
			return err
		}
		if own = ownShoutout(so, credits, actor.UserID); own {
			return nil
		}
		added, n, err := tx.AddPlusOne(ctx, cb.Team.ID, id, actor.UserID, s.Now())
		if err != nil || !added {
			return err
		}
		so.PlusOnes = n
		text, blocks := ShoutoutBlocks(so, credits)
		key := fmt.Sprintf("%s:plus:%d", shoutoutKey(id), n)
		_, err = kit.Queue(ctx, tx, kit.Message{TeamID: cb.Team.ID, Key: key, Channel: cb.Channel.ID, UpdateTS: cb.Message.Timestamp, Text: text, Blocks: blocks})
		return err
	})
	if err != nil || !own {
		return err
	}
	return s.Tell(ctx, actor, kit.OriginOf(cb, ""), "That shout-out is yours, so the 👏 +1 is for everyone else to give. Thank someone yourself with `/shoutout @name what they did`.")
}

// ownShoutout reports whether user gave the shout-out or is thanked in it.
func ownShoutout(so store.Shoutout, credits []store.Credit, user string) bool {
	if so.GiverID == user {
		return true
	}
	for _, c := range credits {
		if c.UserID == user {
			return true
		}
	}
	return false
}
