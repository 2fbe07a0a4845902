package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

func (s *Service) coalition(ctx context.Context, req kit.Request) (kit.Reply, error) {
	sub, rest := kit.Subcommand(req.Text)
	switch sub {
	case "":
		return s.coalitionOverview(ctx, req)
	case "help":
		return kit.Reply{Text: "Backbone commands", Blocks: kit.HelpBlocks(kit.CommandsFor(s.indicators.ExampleKey(ctx, req.TeamID)))}, nil
	case "who":
		return s.coalitionWho(ctx, req, rest)
	case "me":
		return s.coalitionMe(ctx, req, rest)
	}
	return kit.Reply{}, kit.Sorry("I don't know `/coalition " + kit.Escape(sub) + "`." + kit.DidYouMean(sub, []string{"who", "me", "help"}) +
		" Try `/coalition`, `/coalition who` or `/coalition help`.")
}

func (s *Service) coalitionOverview(ctx context.Context, req kit.Request) (kit.Reply, error) {
	c, err := s.dir.Coalition(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	gs, err := s.Store.Groups(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	sums, err := s.indicators.Summaries(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: kit.Escape(kit.OrDefault(c.Name, "Our coalition")), Blocks: CoalitionBlocks(c, gs, sums)}, nil
}

func (s *Service) coalitionWho(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest, "partner")
	if err != nil {
		return kit.Reply{}, err
	}
	var f store.MemberFilter
	p, err := s.dir.PartnerOption(ctx, req.TeamID, a)
	if err != nil {
		return kit.Reply{}, err
	}
	if p != nil {
		f.PartnerID = &p.ID
	}
	ps, err := s.Store.Partners(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	ms, err := s.Store.Members(ctx, req.TeamID, f)
	if err != nil {
		return kit.Reply{}, err
	}
	threads, err := s.threads(ctx, req.TeamID, ms)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: "Who is who", Blocks: DirectoryBlocks(ps, ms, f.PartnerID, threads)}, nil
}

// threads finds where each member Slack refused a DM with is reached.
func (s *Service) threads(ctx context.Context, teamID string, ms []store.Member) (map[string]string, error) {
	out := map[string]string{}
	for _, m := range ms {
		if m.DMRefusedAt == nil {
			continue
		}
		ch, err := s.Store.FallbackChannel(ctx, teamID, m.UserID)
		if err != nil {
			return nil, err
		}
		out[m.UserID] = ch
	}
	return out, nil
}

// coalitionMe lets a member say which partner they belong to, once; after
// that, backbone staff change it.
func (s *Service) coalitionMe(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	const example = "`/coalition me partner=\"Greenfield Public Schools\"`"
	a, err := kit.ParseArgs(rest, "partner")
	if err != nil {
		return kit.Reply{}, err
	}
	tok, ok := a.Named["partner"]
	if !ok || len(a.Positional) > 0 {
		return kit.Reply{Text: "You are " + memberLine(req.Actor) + "\nTo say which organization you are with: " + example}, nil
	}
	if req.Actor.PartnerID != nil && req.Actor.Role != store.RoleBackbone {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("You are already listed with *%s*. If that is wrong, ask backbone staff to change it.", kit.Escape(req.Actor.PartnerName)))
	}
	var text string
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		p, err := s.dir.FindPartner(ctx, tx, req.TeamID, tok.Text)
		var ue *kit.Problem
		if errors.As(err, &ue) {
			return kit.Sorry(ue.Msg + " If your organization is not listed, ask backbone staff to add it.")
		} else if err != nil {
			return err
		}
		text, err = s.linkSelf(ctx, tx, req.Actor, p)
		return err
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: text}, nil
}
