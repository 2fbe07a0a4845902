package directory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// confirmersNamed is how many confirmers a note names; the rest are counted.
const confirmersNamed = 6

// ConfirmerReader reads who may confirm a link: a *store.Store, or a
// *store.Tx inside the transaction that needs them.
type ConfirmerReader interface {
	PartnerConfirmers(ctx context.Context, teamID string, partnerID int64) ([]store.Member, error)
}

// Confirmers lists who may confirm a link to partnerID — backbone staff and
// the partner's confirmed members — leaving out except (the requester).
func Confirmers(ctx context.Context, r ConfirmerReader, teamID string, partnerID int64, except string) ([]store.Member, error) {
	ms, err := r.PartnerConfirmers(ctx, teamID, partnerID)
	if err != nil {
		return nil, err
	}
	out := ms[:0]
	for _, m := range ms {
		if m.UserID != except {
			out = append(out, m)
		}
	}
	return out, nil
}

// MayConfirm reports whether m may confirm or refuse a link to partnerID.
func MayConfirm(m store.Member, partnerID int64) bool {
	return m.Role == store.RoleBackbone || m.SpeaksFor(partnerID)
}

// PendingNote tells a member whose link to partner waits who will confirm
// it.
func PendingNote(partner string, confirmers []store.Member) string {
	name := kit.Escape(partner)
	who := ConfirmerMentions(confirmers)
	if who == "" {
		return fmt.Sprintf("Your link to *%s* is waiting for confirmation by backbone staff or a confirmed member of %s, and none has used the bot yet. Ask backbone staff to confirm it with `/backbone member @you partner=\"%s\"`.",
			name, name, name)
	}
	return fmt.Sprintf("Your link to *%s* is waiting for confirmation by backbone staff or a confirmed member of %s (%s). Ask them to click Confirm in the message I sent them.",
		name, name, who)
}

// ConfirmerMentions names the confirmers, a few at most.
func ConfirmerMentions(ms []store.Member) string {
	var names []string
	for i, m := range ms {
		if i == confirmersNamed {
			names = append(names, fmt.Sprintf("and %d more", len(ms)-i))
			break
		}
		names = append(names, "<@"+m.UserID+">")
	}
	return strings.Join(names, ", ")
}

// PendingClaimsHint says how staff answer a waiting link.
const PendingClaimsHint = "Click Confirm or Not ours in the request I sent you, or decide here: `/backbone member @who partner=\"Name\"` confirms a link, `partner=none` removes it."

// PendingClaimLines is one line per link waiting for confirmation, with
// when it was asked for in loc.
func PendingClaimLines(cs []store.PartnerClaim, loc *time.Location) []string {
	lines := make([]string, 0, len(cs))
	for _, c := range cs {
		lines = append(lines, fmt.Sprintf("• <@%s> says they are with *%s* · asked %s", c.UserID, kit.Escape(c.PartnerName), c.RequestedAt.In(loc).Format("Mon 2 Jan 15:04")))
	}
	return lines
}
