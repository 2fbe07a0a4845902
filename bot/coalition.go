package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/backbone-coalition/backbone/store"
)

func (b *Bot) coalition(ctx context.Context, req request) (reply, error) {
	sub, rest := subcommand(req.Text)
	switch sub {
	case "":
		return b.coalitionOverview(ctx, req)
	case "help":
		return reply{Text: "Backbone commands", Blocks: HelpBlocks(Commands())}, nil
	case "who":
		return b.coalitionWho(ctx, req, rest)
	case "me":
		return b.coalitionMe(ctx, req, rest)
	}
	return reply{}, userErrorf("I don't know `/coalition " + escape(sub) + "`." + didYouMean(sub, []string{"who", "me", "help"}) +
		" Try `/coalition`, `/coalition who` or `/coalition help`.")
}

func (b *Bot) coalitionOverview(ctx context.Context, req request) (reply, error) {
	c, err := b.coalitionOf(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	gs, err := b.store.Groups(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	sums, err := b.indicatorSummaries(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	return reply{Text: orDefault(c.Name, "Our coalition"), Blocks: CoalitionBlocks(c, gs, sums)}, nil
}

func (b *Bot) coalitionWho(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest, "partner")
	if err != nil {
		return reply{}, err
	}
	var f store.MemberFilter
	p, err := b.partnerOption(ctx, req.TeamID, a)
	if err != nil {
		return reply{}, err
	}
	if p != nil {
		f.PartnerID = &p.ID
	}
	ps, err := b.store.Partners(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	ms, err := b.store.Members(ctx, req.TeamID, f)
	if err != nil {
		return reply{}, err
	}
	return reply{Text: "Who is who", Blocks: DirectoryBlocks(ps, ms, f.PartnerID)}, nil
}

// coalitionMe lets a member say which partner they belong to, once; after
// that, backbone staff change it.
func (b *Bot) coalitionMe(ctx context.Context, req request, rest string) (reply, error) {
	const example = "`/coalition me partner=\"Greenfield Public Schools\"`"
	a, err := parseArgs(rest, "partner")
	if err != nil {
		return reply{}, err
	}
	tok, ok := a.Named["partner"]
	if !ok || len(a.Positional) > 0 {
		return reply{Text: "You are " + memberLine(req.actor) + "\nTo say which organization you are with: " + example}, nil
	}
	if req.actor.PartnerID != nil && req.actor.Role != store.RoleBackbone {
		return reply{}, userErrorf(fmt.Sprintf("You are already listed with *%s*. If that is wrong, ask backbone staff to change it.", escape(req.actor.PartnerName)))
	}
	var p store.Partner
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if p, err = b.findPartner(ctx, tx, req.TeamID, tok.Text); err != nil {
			return err
		}
		return b.linkSelf(ctx, tx, req.actor, p)
	})
	var ue *userError
	if errors.As(err, &ue) {
		return reply{}, userErrorf(ue.msg + " If your organization is not listed, ask backbone staff to add it.")
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ Thanks! You are now listed with *%s*.", escape(p.Name))}, nil
}

// linkSelf records, with its audit entry, that a member belongs to p.
func (b *Bot) linkSelf(ctx context.Context, tx *store.Tx, m store.Member, p store.Partner) error {
	if p.Archived {
		return userErrorf(fmt.Sprintf("“%s” is archived.", escape(p.Name)))
	}
	if err := tx.SetMemberPartner(ctx, m.TeamID, m.UserID, &p.ID); err != nil {
		return err
	}
	after := m
	after.PartnerID, after.PartnerName = &p.ID, p.Name
	return tx.Audit(ctx, store.Change{TeamID: m.TeamID, Actor: m.UserID, Action: "member.partner", Entity: "member", EntityID: m.UserID, Before: m, After: after})
}
