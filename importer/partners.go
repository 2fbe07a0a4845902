package importer

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/store"
)

const maxNameLen = 80

func (pl *planner) planPartners(ctx context.Context, t Table) (Plan, error) {
	plan := Plan{Kind: Partners}
	existing, err := pl.tx.AllPartners(ctx, pl.teamID)
	if err != nil {
		return plan, err
	}
	byName := map[string]store.Partner{}
	for _, p := range existing {
		byName[strings.ToLower(p.Name)] = p
	}
	dup := seen{}
	for _, r := range t.Rows {
		p, ok := pl.readPartner(&plan, r)
		if !ok || dup.repeat(&plan, r.Line, strings.ToLower(p.Name), "partner name") {
			continue
		}
		before, found := byName[strings.ToLower(p.Name)]
		switch {
		case !found:
			plan.change(r.Line, p.Name, Add, func(ctx context.Context, tx *store.Tx) error {
				_, err := tx.ImportPartner(ctx, p)
				return err
			})
		case samePartner(before, p, r):
			plan.keep(r.Line, p.Name)
		default:
			after := mergePartner(before, p, r)
			plan.change(r.Line, p.Name, Update, func(ctx context.Context, tx *store.Tx) error { return tx.UpdatePartner(ctx, after) })
		}
	}
	return plan, nil
}

func (pl *planner) readPartner(plan *Plan, r Row) (store.Partner, bool) {
	if !plan.checkRow(r) {
		return store.Partner{}, false
	}
	p := store.Partner{TeamID: pl.teamID, Name: oneSpace(r.Get("name")), Sector: strings.ToLower(r.Get("sector")), ShortName: r.Get("short_name")}
	archived, okBool := parseBool(r.Get("archived"))
	p.Archived = archived
	switch {
	case p.Name == "":
		plan.refuse(r.Line, "the partner has no name")
	case utf8.RuneCountInString(p.Name) > maxNameLen:
		plan.refuse(r.Line, "the name is %d characters; keep it to %d", utf8.RuneCountInString(p.Name), maxNameLen)
	case strings.Contains(p.Name, ";"):
		plan.refuse(r.Line, "the name has a ; which lists use to separate names; write it without")
	case !slices.Contains(store.Sectors(), p.Sector):
		plan.refuse(r.Line, "%q is not a sector; use one of: %s", clip(r.Get("sector"), 30), strings.Join(store.Sectors(), ", "))
	case utf8.RuneCountInString(p.ShortName) > 20:
		plan.refuse(r.Line, "the short name is longer than 20 characters")
	case !okBool:
		plan.refuse(r.Line, "archived is %q; write yes or no (or leave it empty)", clip(r.Get("archived"), 20))
	default:
		return p, true
	}
	return p, false
}

// samePartner reports whether the row changes nothing; a column the file
// does not have keeps its value.
func samePartner(before, p store.Partner, r Row) bool {
	after := mergePartner(before, p, r)
	return after.Sector == before.Sector && after.ShortName == before.ShortName && after.Archived == before.Archived
}

func mergePartner(before, p store.Partner, r Row) store.Partner {
	after := before
	after.Sector = p.Sector
	if _, ok := r.Cells["short_name"]; ok {
		after.ShortName = p.ShortName
	}
	if _, ok := r.Cells["archived"]; ok {
		after.Archived = p.Archived
	}
	return after
}

func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// isNotFound reports a store.ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
