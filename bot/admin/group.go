package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

const maxPurposeLen = 500

func (s *Service) backboneGroup(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, rest := kit.Subcommand(rest)
	switch verb {
	case "add":
		return s.groupAdd(ctx, req, rest)
	case "archive":
		return s.groupArchive(ctx, req, rest)
	case "list", "":
		return s.groupList(ctx, req)
	}
	return kit.Reply{}, kit.Sorry("`/backbone group` takes add, archive or list." + kit.DidYouMean(verb, []string{"add", "archive", "list"}) +
		" For example: `/backbone group add \"Youth recognition\" #youth-recognition lead=@maria`")
}

// groupInput is a parsed `group add`.
type groupInput struct {
	name, channel, lead, purpose string
}

func parseGroupAdd(rest string) (groupInput, error) {
	const example = "`/backbone group add \"Youth recognition\" #youth-recognition lead=@maria purpose=\"Celebrate young people\"`"
	a, err := kit.ParseArgs(rest, "lead", "purpose")
	if err != nil {
		return groupInput{}, err
	}
	var in groupInput
	var nameToks []args.Token
	for _, t := range a.Positional {
		switch t.Kind {
		case args.Channel:
			if in.channel != "" {
				return in, kit.Sorry("Give one channel per group: " + example)
			}
			in.channel = t.Text
		default:
			nameToks = append(nameToks, t)
		}
	}
	if in.name, err = checkName(kit.NameArg(nameToks), "group", example); err != nil {
		return in, err
	}
	if in.channel == "" {
		return in, kit.Sorry("Add the group's channel by typing # and picking it: " + example)
	}
	lead, ok := a.Named["lead"]
	if !ok || lead.Kind != args.User {
		return in, kit.Sorry("Add the group's lead by typing @ and picking them, as `lead=@maria`: " + example)
	}
	in.lead, in.purpose = lead.Text, a.Named["purpose"].Text
	if n := utf8.RuneCountInString(in.purpose); n > maxPurposeLen {
		return in, kit.Sorry(fmt.Sprintf("The purpose is %d characters; keep it to %d.", n, maxPurposeLen))
	}
	return in, nil
}

func (s *Service) groupAdd(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	in, err := parseGroupAdd(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	if _, err := s.dir.MemberForMention(ctx, req.TeamID, in.lead); err != nil {
		return kit.Reply{}, err
	}
	var g store.WorkingGroup
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if other, err := tx.GroupByChannel(ctx, req.TeamID, in.channel); err == nil {
			return kit.Sorry(fmt.Sprintf("<#%s> already belongs to *%s*. Archive that group first (`/backbone group archive \"%s\"`) or pick another channel.", in.channel, kit.Escape(other.Name), kit.Escape(other.Name)))
		} else if err := kit.OrNotFound(err); err != nil {
			return err
		}
		g, err = tx.AddGroup(ctx, store.WorkingGroup{TeamID: req.TeamID, Name: in.name, ChannelID: in.channel, LeadUserID: in.lead, Purpose: in.purpose})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "group.add", Entity: "working_group", EntityID: strconv.FormatInt(g.ID, 10), After: g})
	})
	if errors.Is(err, store.ErrConflict) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is already a working group called “%s”. Pick another name, or type `/backbone group list`.", kit.Escape(in.name)))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Created *%s* in <#%s>, led by <@%s>. Make sure the bot is in the channel (`/invite @Backbone`) so it can welcome people who join.", kit.Escape(g.Name), g.ChannelID, g.LeadUserID)}, nil
}

func (s *Service) groupArchive(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	name := kit.NameArg(a.Positional)
	if name == "" {
		return kit.Reply{}, kit.Sorry("Which group? For example: `/backbone group archive \"Youth recognition\"`")
	}
	var g store.WorkingGroup
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		g, err = tx.GroupByName(ctx, req.TeamID, name)
		if errors.Is(err, store.ErrNotFound) {
			return kit.Sorry(fmt.Sprintf("No active working group is called “%s”. Type `/backbone group list` to see them.", kit.Escape(name)))
		}
		if err != nil {
			return err
		}
		if err := tx.ArchiveGroup(ctx, g.ID); err != nil {
			return err
		}
		after := g
		after.Archived = true
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "group.archive", Entity: "working_group", EntityID: strconv.FormatInt(g.ID, 10), Before: g, After: after})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Archived *%s*. <#%s> can now be linked to a new group.", kit.Escape(g.Name), g.ChannelID)}, nil
}

func (s *Service) groupList(ctx context.Context, req kit.Request) (kit.Reply, error) {
	gs, err := s.Store.Groups(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(gs) == 0 {
		return kit.Reply{Text: "No working groups yet. Create one with `/backbone group add \"Youth recognition\" #youth-recognition lead=@maria`."}, nil
	}
	return kit.Reply{Text: fmt.Sprintf("%d working groups", len(gs)), Blocks: GroupListBlocks(gs)}, nil
}
