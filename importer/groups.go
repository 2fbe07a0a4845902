package importer

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/store"
)

var (
	channelRe = regexp.MustCompile(`^(?:<#)?([CG][A-Z0-9]{2,})(?:\|[^>]*)?>?$`)
	userRe    = regexp.MustCompile(`^(?:<@)?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?$`)
)

func (pl *planner) planGroups(ctx context.Context, t Table) (Plan, error) {
	plan := Plan{Kind: Groups}
	existing, err := pl.tx.AllGroups(ctx, pl.teamID)
	if err != nil {
		return plan, err
	}
	byName, channelOwner := map[string]store.WorkingGroup{}, map[string]string{}
	for _, g := range existing {
		byName[strings.ToLower(g.Name)] = g
		if !g.Archived {
			channelOwner[g.ChannelID] = strings.ToLower(g.Name)
		}
	}
	names, channels := seen{}, seen{}
	for _, r := range t.Rows {
		g, ok := pl.readGroup(&plan, r)
		if !ok || names.repeat(&plan, r.Line, strings.ToLower(g.Name), "group name") ||
			(!g.Archived && channels.repeat(&plan, r.Line, g.ChannelID, "channel")) {
			continue
		}
		if owner, taken := channelOwner[g.ChannelID]; taken && owner != strings.ToLower(g.Name) && !g.Archived {
			plan.refuse(r.Line, "<#%s> already belongs to the group %q; a channel has one active group", g.ChannelID, byName[owner].Name)
			continue
		}
		pl.planGroup(&plan, r, g, byName)
	}
	return plan, nil
}

func (pl *planner) planGroup(plan *Plan, r Row, g store.WorkingGroup, byName map[string]store.WorkingGroup) {
	before, found := byName[strings.ToLower(g.Name)]
	if !found {
		plan.change(r.Line, g.Name, Add, func(ctx context.Context, tx *store.Tx) error {
			out, err := tx.AddGroup(ctx, g)
			if err != nil || !g.Archived {
				return err
			}
			return tx.ArchiveGroup(ctx, out.ID)
		})
		return
	}
	after := before
	after.ChannelID, after.LeadUserID, after.Purpose = g.ChannelID, g.LeadUserID, g.Purpose
	if _, ok := r.Cells["archived"]; ok {
		after.Archived = g.Archived
	}
	if after == before {
		plan.keep(r.Line, g.Name)
		return
	}
	plan.change(r.Line, g.Name, Update, func(ctx context.Context, tx *store.Tx) error { return tx.UpdateGroup(ctx, after) })
}

func (pl *planner) readGroup(plan *Plan, r Row) (store.WorkingGroup, bool) {
	if !plan.checkRow(r) {
		return store.WorkingGroup{}, false
	}
	g := store.WorkingGroup{TeamID: pl.teamID, Name: oneSpace(r.Get("name")), Purpose: r.Get("purpose")}
	ch := channelRe.FindStringSubmatch(r.Get("channel"))
	archived, okBool := parseBool(r.Get("archived"))
	g.Archived = archived
	switch {
	case g.Name == "":
		plan.refuse(r.Line, "the group has no name")
	case utf8.RuneCountInString(g.Name) > maxNameLen:
		plan.refuse(r.Line, "the name is longer than %d characters", maxNameLen)
	case strings.Contains(g.Name, ";"):
		plan.refuse(r.Line, "the name has a ; which lists use to separate names; write it without")
	case ch == nil:
		plan.refuse(r.Line, "%q is not a channel ID; give the channel's ID, such as C0123ABCD (in Slack: open the channel's details, it is at the bottom)", clip(r.Get("channel"), 30))
	case utf8.RuneCountInString(g.Purpose) > 500:
		plan.refuse(r.Line, "the purpose is longer than 500 characters")
	case !okBool:
		plan.refuse(r.Line, "archived is %q; write yes or no (or leave it empty)", clip(r.Get("archived"), 20))
	default:
		g.ChannelID = ch[1]
		lead, ok := pl.person(plan, r, r.Get("lead"), "lead")
		g.LeadUserID = lead
		return g, ok
	}
	return g, false
}

// person resolves a Slack ID, mention or email to a user ID ("" for an
// empty cell), refusing the row when no one matches.
func (pl *planner) person(plan *Plan, r Row, cell, what string) (string, bool) {
	if cell == "" {
		return "", true
	}
	if m := userRe.FindStringSubmatch(cell); m != nil {
		return m[1], true
	}
	p, ok := pl.people[strings.ToLower(cell)]
	if !ok {
		plan.refuse(r.Line, "the %s %q matches no one in Slack; %s", what, clip(cell, 60), pl.missing[strings.ToLower(cell)])
		return "", false
	}
	return p.UserID, true
}
