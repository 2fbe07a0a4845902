package commitment

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// proxyKey is the outbox key of the DM asking a commitment's owner to
// accept it.
func proxyKey(id int64) string { return "proxy:" + strconv.FormatInt(id, 10) }

// meetingDMKey is the outbox key of the DM telling owner what they took on
// in a meeting.
func meetingDMKey(meetingID int64, owner string) string {
	return fmt.Sprintf("meeting:%d:%s", meetingID, owner)
}

// queueRefreshes keeps the owner's DMs about a commitment true after a
// change made anywhere (a button, a reply in words, a modal, staff): the
// request DM and the meeting DM are each one message, changed in place
// (chat.update, once the outbox has sent them) instead of left stale with
// buttons that no longer apply. A DM never queued is left alone.
func (s *Service) queueRefreshes(ctx context.Context, tx *store.Tx, r changeResult) error {
	c := r.After
	if c.CreatedBy == c.OwnerID && c.MeetingID == nil {
		return nil
	}
	owner, err := tx.Member(ctx, c.TeamID, c.OwnerID)
	if err != nil {
		return err
	}
	version := strconv.FormatInt(r.Plan.Events[len(r.Plan.Events)-1].ID, 10)
	now := s.Now().In(s.dir.MemberLoc(owner))
	if c.CreatedBy != c.OwnerID {
		text, blocks := ProxyRequest(c, now)
		if err := s.queueUpdateOf(ctx, tx, c.TeamID, c.OwnerID, proxyKey(c.ID), version, text, blocks); err != nil {
			return err
		}
	}
	if c.MeetingID == nil {
		return nil
	}
	m, err := tx.Meeting(ctx, c.TeamID, *c.MeetingID)
	if err != nil {
		return err
	}
	items, err := tx.Commitments(ctx, c.TeamID, store.CommitmentFilter{MeetingID: &m.ID, OwnerID: &c.OwnerID})
	if err != nil {
		return err
	}
	text, blocks, _ := MeetingDM(m, withoutDeclined(items), now, c.OwnerID)
	return s.queueUpdateOf(ctx, tx, c.TeamID, c.OwnerID, meetingDMKey(m.ID, c.OwnerID), version, text, blocks)
}

// queueUpdateOf queues the new text and blocks of the DM queued under
// target, when there is one; version makes each change's update its own
// outbox row, sent in order after the DM.
func (s *Service) queueUpdateOf(ctx context.Context, tx *store.Tx, teamID, user, target, version, text string, blocks []slack.Block) error {
	queued, err := tx.Queued(ctx, teamID, target)
	if err != nil || !queued {
		return err
	}
	_, err = kit.Queue(ctx, tx, kit.Message{TeamID: teamID, Key: target + ":v" + version, Channel: user, UpdateOf: target, Text: text, Blocks: blocks})
	return err
}
