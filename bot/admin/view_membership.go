package admin

import (
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// ClaimedText answers a member who just said which partner they are with.
func ClaimedText(partner string, confirmers []store.Member) string {
	return fmt.Sprintf("Thanks! You are now listed with *%s*. %s\nUntil then you can make commitments and shout-outs; reporting its figures waits for the confirmation.",
		kit.Escape(partner), directory.PendingNote(partner, confirmers))
}

// ClaimRequestMessage asks a confirmer whether the requester is with the
// partner they named.
func ClaimRequestMessage(c store.PartnerClaim) (string, []slack.Block) {
	name := kit.Escape(c.PartnerName)
	text := fmt.Sprintf("Is <@%s> with %s? Please confirm.", c.UserID, name)
	ask := fmt.Sprintf("👋 <@%s> says they are with *%s*. Once confirmed, they can report %s's figures. Are they with you?", c.UserID, name, name)
	value := strconv.FormatInt(c.ID, 10)
	confirm := slack.NewButtonBlockElement(actionClaimConfirm, value, kit.Plain("Confirm"))
	confirm.Style = slack.StylePrimary
	reject := slack.NewButtonBlockElement(actionClaimReject, value, kit.Plain("Not ours"))
	reject.Style = slack.StyleDanger
	return text, []slack.Block{
		slack.NewSectionBlock(kit.Mrkdwn(ask), nil, nil),
		slack.NewActionBlock("claim", confirm, reject),
		kit.ContextNote(fmt.Sprintf("Backbone staff and %s's confirmed members got this request; the first answer counts.", name)),
	}
}

// ClaimDecidedMessage replaces a request once it is answered; again says
// that it had been answered before this click.
func ClaimDecidedMessage(c store.PartnerClaim, again bool) (string, []slack.Block) {
	text := claimOutcomeLine(c)
	if again {
		text = "This was already handled: " + kit.LowerFirst(text)
	}
	return text, []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(text), nil, nil)}
}

func claimOutcomeLine(c store.PartnerClaim) string {
	name := kit.Escape(c.PartnerName)
	when := ""
	if c.DecidedAt != nil {
		when = " on " + c.DecidedAt.UTC().Format("Mon 2 Jan")
	}
	switch c.Status {
	case store.ClaimConfirmed:
		return fmt.Sprintf("✅ <@%s> confirmed%s that <@%s> is with *%s*.", c.DecidedBy, when, c.UserID, name)
	case store.ClaimRejected:
		return fmt.Sprintf("🚫 <@%s> said%s that <@%s> is not with *%s*; they are no longer listed with it.", c.DecidedBy, when, c.UserID, name)
	case store.ClaimSuperseded:
		return fmt.Sprintf("<@%s> set <@%s>'s organization themselves%s.", c.DecidedBy, c.UserID, when)
	}
	return fmt.Sprintf("<@%s>'s link to *%s* is still waiting for confirmation.", c.UserID, name)
}

// ClaimOutcomeText tells the requester what was decided, and by whom.
func ClaimOutcomeText(partner, status, by string) string {
	name := kit.Escape(partner)
	if status == store.ClaimConfirmed {
		return fmt.Sprintf("✅ <@%s> confirmed that you are with *%s*. You can now report its figures with `/report`.", by, name)
	}
	return fmt.Sprintf("<@%s> said you are not with *%s*, so you are no longer listed with it. If that is a mistake, ask backbone staff (`/coalition who` lists them), or pick your organization again with `/coalition me partner=\"Name\"`.", by, name)
}

// PendingClaimsBlocks lists the links waiting for confirmation, for staff.
func PendingClaimsBlocks(cs []store.PartnerClaim, loc *time.Location) []slack.Block {
	blocks := []slack.Block{kit.Header("Links waiting for confirmation")}
	blocks = append(blocks, kit.PackLines(directory.PendingClaimLines(cs, loc), kit.MessageBlockBudget-2, "")...)
	return append(blocks, kit.ContextNote(directory.PendingClaimsHint))
}
