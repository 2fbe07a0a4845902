package commitment

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

// nudge sends a commitment's owner a friendly DM naming the staff member
// who asked, at most once a day per item and asker.
func (s *Service) nudge(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	if actor.Role != store.RoleBackbone {
		return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: "Only backbone staff can nudge people."})
	}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return fmt.Errorf("nudge value %q: %w", act.Value, err)
	}
	c, err := s.Store.Commitment(ctx, actor.TeamID, id)
	if errors.Is(err, store.ErrNotFound) {
		return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: "That item no longer exists."})
	}
	if err != nil {
		return err
	}
	if !c.IsOpen() {
		return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: fmt.Sprintf("No need: “%s” is already %s.", kit.Quote(c.Text, 200), c.Status)})
	}
	if away := ownerAway(c, s.Now().In(s.dir.MemberLoc(actor))); away != "" {
		return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: fmt.Sprintf("<@%s> is %s, so I won't nudge them before they're back.", c.OwnerID, away)})
	}
	queued, err := s.queueNudge(ctx, c, actor)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("👋 Sent <@%s> a friendly nudge about “%s”.", c.OwnerID, kit.Quote(c.Text, 200))
	if !queued {
		note = fmt.Sprintf("You already nudged <@%s> about this today.", c.OwnerID)
	}
	return s.Respond(ctx, cb.ResponseURL, kit.Reply{Text: note})
}

func (s *Service) queueNudge(ctx context.Context, c store.Commitment, actor store.Member) (bool, error) {
	owner, err := s.Store.Member(ctx, c.TeamID, c.OwnerID)
	if err != nil {
		return false, err
	}
	now := s.Now().In(s.dir.MemberLoc(owner))
	key := fmt.Sprintf("nudge:%d:%s:%s", c.ID, actor.UserID, now.Format(time.DateOnly))
	text := fmt.Sprintf("👋 <@%s> asked me to check in on this one. How is it going?", actor.UserID)
	blocks := append([]slack.Block{slack.NewSectionBlock(kit.Mrkdwn(text), nil, nil)},
		CommitmentBlocks(c, CommitmentView{Now: now, Viewer: c.OwnerID, HideOwner: true})...)
	msg, err := outbox.Message(c.TeamID, key, c.OwnerID, text, blocks)
	if err != nil {
		return false, err
	}
	var queued bool
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if queued, err = tx.Enqueue(ctx, msg); err != nil || !queued {
			return err
		}
		return tx.LinkMessage(ctx, c.TeamID, key, []int64{c.ID})
	})
	return queued, err
}
