package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// The buttons of a request to confirm a claimed link; their value is the
// claim's ID.
const (
	actionClaimConfirm = "membership:confirm"
	actionClaimReject  = "membership:reject"
)

// linkSelf records, with its audit entry, that a member says they belong
// to p, and returns what to tell them. Backbone staff's own word is
// enough; anyone else's link waits for staff or a confirmed member of p,
// who are each sent a request with Confirm and Not ours.
func (s *Service) linkSelf(ctx context.Context, tx *store.Tx, m store.Member, p store.Partner) (string, error) {
	if p.Archived {
		return "", kit.Sorry(fmt.Sprintf("“%s” is archived.", kit.Escape(p.Name)))
	}
	if m.Role == store.RoleBackbone {
		if err := tx.SetMemberPartner(ctx, m.TeamID, m.UserID, &p.ID); err != nil {
			return "", err
		}
		if err := tx.SupersedeClaims(ctx, m.TeamID, m.UserID, &p.ID, m.UserID); err != nil {
			return "", err
		}
		return fmt.Sprintf("✅ Thanks! You are now listed with *%s*.", kit.Escape(p.Name)), s.auditLink(ctx, tx, m, "member.partner", m.UserID, nil)
	}
	linked, err := tx.LinkMemberIfNone(ctx, m.TeamID, m.UserID, p.ID)
	if err != nil {
		return "", err
	}
	if !linked {
		return "", alreadyLinked(ctx, tx, m)
	}
	claim, err := tx.AddPartnerClaim(ctx, m.TeamID, m.UserID, p.ID)
	if err != nil {
		return "", err
	}
	if err := s.auditLink(ctx, tx, m, "member.partner", m.UserID, &claim.ID); err != nil {
		return "", err
	}
	confirmers, err := directory.Confirmers(ctx, tx, m.TeamID, p.ID, m.UserID)
	if err != nil {
		return "", err
	}
	if err := queueClaimRequests(ctx, tx, claim, confirmers); err != nil {
		return "", err
	}
	return ClaimedText(p.Name, confirmers), nil
}

// auditLink records a change of m's link, as actor, with the claim it
// came from or decided (nil for none).
func (s *Service) auditLink(ctx context.Context, tx *store.Tx, before store.Member, action, actor string, claim *int64) error {
	after, err := tx.Member(ctx, before.TeamID, before.UserID)
	if err != nil {
		return err
	}
	return tx.Audit(ctx, store.Change{TeamID: before.TeamID, Actor: actor, Action: action, Entity: "member", EntityID: before.UserID,
		Before: before, After: linkChange{Member: after, ClaimID: claim}})
}

// linkChange is a member as the audit log records them after a change of
// their link, with the claim involved.
type linkChange struct {
	store.Member
	ClaimID *int64 `json:"claim_id,omitempty"`
}

// queueClaimRequests sends each confirmer the request, once per claim.
func queueClaimRequests(ctx context.Context, tx *store.Tx, c store.PartnerClaim, confirmers []store.Member) error {
	text, blocks := ClaimRequestMessage(c)
	for _, m := range confirmers {
		msg := kit.Message{TeamID: c.TeamID, Key: claimRequestKey(c.ID, m.UserID), Channel: m.UserID, Text: text, Blocks: blocks}
		if _, err := kit.Queue(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// alreadyLinked refuses a second self-link, naming the partner the member
// is listed with now.
func alreadyLinked(ctx context.Context, tx *store.Tx, m store.Member) error {
	now, err := tx.Member(ctx, m.TeamID, m.UserID)
	if err != nil {
		return err
	}
	return kit.Sorry(fmt.Sprintf("You are already listed with *%s*. If that is wrong, ask backbone staff to change it.", kit.Escape(now.PartnerName)))
}

// confirmClaim and rejectClaim answer the buttons of a request.
func (s *Service) confirmClaim(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	return s.decideClaim(ctx, cb, act, actor, store.ClaimConfirmed)
}

func (s *Service) rejectClaim(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	return s.decideClaim(ctx, cb, act, actor, store.ClaimRejected)
}

// decideClaim confirms or refuses a claim, once: the first answer wins, in
// its transaction with its audit entry and the requester's DM; any later
// click is told who answered. The clicked message shows the outcome.
func (s *Service) decideClaim(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member, status string) error {
	from := kit.Origin{ResponseURL: cb.ResponseURL}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return s.Tell(ctx, actor, from, "That button is broken; type `/backbone member pending` to see what waits.")
	}
	decided := false
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.PartnerClaim(ctx, actor.TeamID, id)
		if errors.Is(err, store.ErrNotFound) {
			return kit.Sorry("I can't find that request. `/backbone member pending` lists the links waiting for confirmation.")
		}
		if err != nil {
			return err
		}
		me, err := tx.MemberForShare(ctx, actor.TeamID, actor.UserID)
		if err != nil {
			return err
		}
		if !directory.MayConfirm(me, c.PartnerID) || me.UserID == c.UserID {
			return kit.Sorry(fmt.Sprintf("Only backbone staff or a confirmed member of *%s* can answer this.", kit.Escape(c.PartnerName)))
		}
		if decided, err = tx.DecidePartnerClaim(ctx, c.TeamID, c.ID, status, me.UserID); err != nil || !decided {
			return err
		}
		return s.applyDecision(ctx, tx, c, status, me.UserID)
	})
	var ue *kit.Problem
	if errors.As(err, &ue) {
		return s.Tell(ctx, actor, from, ue.Msg)
	}
	if err != nil {
		return err
	}
	c, err := s.Store.PartnerClaim(ctx, actor.TeamID, id)
	if err != nil {
		return err
	}
	text, blocks := ClaimDecidedMessage(c, !decided)
	return s.ReplaceOriginal(ctx, cb.ResponseURL, text, blocks)
}

// applyDecision changes the requester's link as decided, with the audit
// entry, and tells them.
func (s *Service) applyDecision(ctx context.Context, tx *store.Tx, c store.PartnerClaim, status, by string) error {
	before, err := tx.MemberForShare(ctx, c.TeamID, c.UserID)
	if err != nil {
		return err
	}
	action := "member.partner.confirm"
	if status == store.ClaimConfirmed {
		_, err = tx.ConfirmMemberPartner(ctx, c.TeamID, c.UserID, c.PartnerID)
	} else {
		action = "member.partner.reject"
		_, err = tx.UnlinkPendingMember(ctx, c.TeamID, c.UserID, c.PartnerID)
	}
	if err != nil {
		return err
	}
	if err := s.auditLink(ctx, tx, before, action, by, &c.ID); err != nil {
		return err
	}
	msg := kit.Message{TeamID: c.TeamID, Key: fmt.Sprintf("claim-decided:%d", c.ID), Channel: c.UserID, Text: ClaimOutcomeText(c.PartnerName, status, by)}
	if _, err = kit.Queue(ctx, tx, msg); err != nil {
		return err
	}
	return refreshClaimRequests(ctx, tx, c)
}

// refreshClaimRequests changes every confirmer's request DM to the
// outcome, so that no one else is left with buttons that no longer apply.
// The confirmers are those who may confirm now; one added since got no
// request and is skipped.
func refreshClaimRequests(ctx context.Context, tx *store.Tx, c store.PartnerClaim) error {
	decided, err := tx.PartnerClaim(ctx, c.TeamID, c.ID)
	if err != nil {
		return err
	}
	confirmers, err := directory.Confirmers(ctx, tx, c.TeamID, c.PartnerID, c.UserID)
	if err != nil {
		return err
	}
	text, blocks := ClaimDecidedMessage(decided, false)
	for _, m := range confirmers {
		key := claimRequestKey(c.ID, m.UserID)
		queued, err := tx.Queued(ctx, c.TeamID, key)
		if err != nil {
			return err
		}
		if !queued {
			continue
		}
		msg := kit.Message{TeamID: c.TeamID, Key: key + ":decided", Channel: m.UserID, UpdateOf: key, Text: text, Blocks: blocks}
		if _, err := kit.Queue(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// claimRequestKey is the outbox key of the request asking confirmer to
// confirm a claim.
func claimRequestKey(claimID int64, confirmer string) string {
	return fmt.Sprintf("claim:%d:%s", claimID, confirmer)
}

// memberPending lists the links waiting for confirmation.
func (s *Service) memberPending(ctx context.Context, req kit.Request) (kit.Reply, error) {
	cs, err := s.Store.PendingClaims(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(cs) == 0 {
		return kit.Reply{Text: "No links are waiting for confirmation."}, nil
	}
	return kit.Reply{Text: "Links waiting for confirmation", Blocks: PendingClaimsBlocks(cs, s.dir.CoalitionLoc(ctx, req.TeamID))}, nil
}
