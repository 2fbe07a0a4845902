package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/store"
)

func (b *Bot) backbonePartner(ctx context.Context, req request, rest string) (reply, error) {
	verb, rest := subcommand(rest)
	switch verb {
	case "add":
		return b.partnerAdd(ctx, req, rest)
	case "rename":
		return b.partnerRename(ctx, req, rest)
	case "archive":
		return b.partnerArchive(ctx, req, rest)
	case "list", "":
		return b.partnerList(ctx, req)
	}
	return reply{}, userErrorf("`/backbone partner` takes add, rename, archive or list." + didYouMean(verb, []string{"add", "rename", "archive", "list"}) +
		" For example: `/backbone partner add \"Greenfield Public Schools\" sector=education`")
}

func (b *Bot) partnerAdd(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest, "sector")
	if err != nil {
		return reply{}, err
	}
	name, err := checkName(nameArg(a.Positional), "partner", "/backbone partner add \"Greenfield Public Schools\" sector=education")
	if err != nil {
		return reply{}, err
	}
	sector, err := checkSector(a.Named["sector"].Text)
	if err != nil {
		return reply{}, err
	}
	var p store.Partner
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if p, err = tx.AddPartner(ctx, req.TeamID, name, sector); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "partner.add", Entity: "partner", EntityID: strconv.FormatInt(p.ID, 10), After: p})
	})
	if errors.Is(err, store.ErrConflict) {
		return reply{}, userErrorf(fmt.Sprintf("There is already a partner called “%s” (names ignore capitals, and archived partners count). Pick another name, or type `/backbone partner list`.", escape(name)))
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ Added *%s* (%s). Link people to it with `/backbone member @someone partner=\"%s\"`.", escape(p.Name), p.Sector, escape(p.Name))}, nil
}

func (b *Bot) partnerRename(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) != 2 {
		return reply{}, userErrorf("Give the old and the new name, each in quotes: `/backbone partner rename \"Old name\" \"New name\"`")
	}
	newName, err := checkName(a.Positional[1].Text, "partner", "/backbone partner rename \"Old name\" \"New name\"")
	if err != nil {
		return reply{}, err
	}
	var before store.Partner
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if before, err = b.findPartner(ctx, tx, req.TeamID, a.Positional[0].Text); err != nil {
			return err
		}
		if err := tx.RenamePartner(ctx, before.ID, newName); err != nil {
			return err
		}
		after := before
		after.Name = newName
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "partner.rename", Entity: "partner", EntityID: strconv.FormatInt(before.ID, 10), Before: before, After: after})
	})
	if errors.Is(err, store.ErrConflict) {
		return reply{}, userErrorf(fmt.Sprintf("There is already a partner called “%s”. Pick another name.", escape(newName)))
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ Renamed *%s* to *%s*.", escape(before.Name), escape(newName))}, nil
}

func (b *Bot) partnerArchive(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	name := nameArg(a.Positional)
	if name == "" {
		return reply{}, userErrorf("Which partner? For example: `/backbone partner archive \"Old name\"`")
	}
	var p store.Partner
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if p, err = b.findPartner(ctx, tx, req.TeamID, name); err != nil {
			return err
		}
		if p.Archived {
			return userErrorf(fmt.Sprintf("“%s” is already archived.", escape(p.Name)))
		}
		if err := tx.ArchivePartner(ctx, p.ID); err != nil {
			return err
		}
		after := p
		after.Archived = true
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "partner.archive", Entity: "partner", EntityID: strconv.FormatInt(p.ID, 10), Before: p, After: after})
	})
	if err != nil {
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ Archived *%s*. Its history stays; it no longer shows in lists.", escape(p.Name))}, nil
}

func (b *Bot) partnerList(ctx context.Context, req request) (reply, error) {
	ps, err := b.store.Partners(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	if len(ps) == 0 {
		return reply{Text: "No partners yet. Add one with `/backbone partner add \"Greenfield Public Schools\" sector=education`."}, nil
	}
	return reply{Text: fmt.Sprintf("%d partners", len(ps)), Blocks: PartnerListBlocks(ps)}, nil
}

// findPartner finds a partner by name or says, helpfully, that none matches.
func (b *Bot) findPartner(ctx context.Context, tx *store.Tx, teamID, name string) (store.Partner, error) {
	p, err := tx.PartnerByName(ctx, teamID, name)
	if !errors.Is(err, store.ErrNotFound) {
		return p, err
	}
	ps, err := tx.Partners(ctx, teamID)
	if err != nil {
		return p, err
	}
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, p.Name)
	}
	hint := ""
	if c, ok := closestName(name, names); ok {
		hint = fmt.Sprintf(" Did you mean “%s”?", escape(c))
	}
	return p, userErrorf(fmt.Sprintf("No partner is called “%s”.%s Type `/backbone partner list` to see them all.", escape(truncate(name, 80)), hint))
}

// checkName validates a partner or group name.
func checkName(name, what, example string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", userErrorf(fmt.Sprintf("Give the %s a name, in quotes: `%s`", what, example))
	case n > maxNameLen:
		return "", userErrorf(fmt.Sprintf("That %s name is %d characters; keep it to %d.", what, n, maxNameLen))
	}
	return name, nil
}

func checkSector(sector string) (string, error) {
	sector = strings.ToLower(strings.TrimSpace(sector))
	sectors := store.Sectors()
	if slices.Contains(sectors, sector) {
		return sector, nil
	}
	msg := "Add the partner's sector, one of: " + strings.Join(sectors, ", ") + ". For example `sector=education`."
	if sector != "" {
		msg = fmt.Sprintf("“%s” is not a sector.%s Use one of: %s.", escape(sector), didYouMean(sector, sectors), strings.Join(sectors, ", "))
	}
	return "", userErrorf(msg)
}
