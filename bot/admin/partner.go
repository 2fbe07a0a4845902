package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

func (s *Service) backbonePartner(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, rest := kit.Subcommand(rest)
	switch verb {
	case "add":
		return s.partnerAdd(ctx, req, rest)
	case "rename":
		return s.partnerRename(ctx, req, rest)
	case "archive":
		return s.partnerArchive(ctx, req, rest)
	case "list", "":
		return s.partnerList(ctx, req)
	}
	return kit.Reply{}, kit.Sorry("`/backbone partner` takes add, rename, archive or list." + kit.DidYouMean(verb, []string{"add", "rename", "archive", "list"}) +
		" For example: `/backbone partner add \"Greenfield Public Schools\" sector=education`")
}

func (s *Service) partnerAdd(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest, "sector")
	if err != nil {
		return kit.Reply{}, err
	}
	name, err := checkName(kit.NameArg(a.Positional), "partner", "/backbone partner add \"Greenfield Public Schools\" sector=education")
	if err != nil {
		return kit.Reply{}, err
	}
	sector, err := checkSector(a.Named["sector"].Text)
	if err != nil {
		return kit.Reply{}, err
	}
	var p store.Partner
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if p, err = tx.AddPartner(ctx, req.TeamID, name, sector); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "partner.add", Entity: "partner", EntityID: strconv.FormatInt(p.ID, 10), After: p})
	})
	if errors.Is(err, store.ErrConflict) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is already a partner called “%s” (names ignore capitals, and archived partners count). Pick another name, or type `/backbone partner list`.", kit.Escape(name)))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Added *%s* (%s). Link people to it with `/backbone member @someone partner=\"%s\"`.", kit.Escape(p.Name), p.Sector, kit.Escape(p.Name))}, nil
}

func (s *Service) partnerRename(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) != 2 {
		return kit.Reply{}, kit.Sorry("Give the old and the new name, each in quotes: `/backbone partner rename \"Old name\" \"New name\"`")
	}
	newName, err := checkName(a.Positional[1].Text, "partner", "/backbone partner rename \"Old name\" \"New name\"")
	if err != nil {
		return kit.Reply{}, err
	}
	var before store.Partner
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if before, err = s.dir.FindPartner(ctx, tx, req.TeamID, a.Positional[0].Text); err != nil {
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
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is already a partner called “%s”. Pick another name.", kit.Escape(newName)))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Renamed *%s* to *%s*.", kit.Escape(before.Name), kit.Escape(newName))}, nil
}

func (s *Service) partnerArchive(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	name := kit.NameArg(a.Positional)
	if name == "" {
		return kit.Reply{}, kit.Sorry("Which partner? For example: `/backbone partner archive \"Old name\"`")
	}
	var p store.Partner
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if p, err = s.dir.FindPartner(ctx, tx, req.TeamID, name); err != nil {
			return err
		}
		if p.Archived {
			return kit.Sorry(fmt.Sprintf("“%s” is already archived.", kit.Escape(p.Name)))
		}
		if err := tx.ArchivePartner(ctx, p.ID); err != nil {
			return err
		}
		after := p
		after.Archived = true
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "partner.archive", Entity: "partner", EntityID: strconv.FormatInt(p.ID, 10), Before: p, After: after})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Archived *%s*. Its history stays; it no longer shows in lists.", kit.Escape(p.Name))}, nil
}

func (s *Service) partnerList(ctx context.Context, req kit.Request) (kit.Reply, error) {
	ps, err := s.Store.Partners(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(ps) == 0 {
		return kit.Reply{Text: "No partners yet. Add one with `/backbone partner add \"Greenfield Public Schools\" sector=education`."}, nil
	}
	return kit.Reply{Text: fmt.Sprintf("%d partners", len(ps)), Blocks: PartnerListBlocks(ps)}, nil
}

// checkName validates a partner or group name.
func checkName(name, what, example string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", kit.Sorry(fmt.Sprintf("Give the %s a name, in quotes: `%s`", what, example))
	case n > kit.MaxNameLen:
		return "", kit.Sorry(fmt.Sprintf("That %s name is %d characters; keep it to %d.", what, n, kit.MaxNameLen))
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
		msg = fmt.Sprintf("“%s” is not a sector.%s Use one of: %s.", kit.Escape(sector), kit.DidYouMean(sector, sectors), strings.Join(sectors, ", "))
	}
	return "", kit.Sorry(msg)
}
