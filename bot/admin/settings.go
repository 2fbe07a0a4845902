package admin

import (
	"context"
	"fmt"
	"strconv"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

const (
	defaultAuditEntries = 10
	maxAuditEntries     = 40
)

func (s *Service) backboneSettings(ctx context.Context, req kit.Request, _ string) (kit.Reply, error) {
	raw, err := s.Store.Settings(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: "Settings", Blocks: SettingsBlocks(settings.From(raw))}, nil
}

func (s *Service) backboneSet(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	const example = "For example: `/backbone set reminder_lead_days 2`. Type `/backbone settings` to see them all."
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) != 2 {
		return kit.Reply{}, kit.Sorry("Give a setting and its new value. " + example)
	}
	key := a.Positional[0].Text
	def, ok := settings.Lookup(key)
	if !ok {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("There is no setting “%s”.%s %s", kit.Escape(key), kit.DidYouMean(key, settings.Keys()), example))
	}
	value, err := def.Normalize(a.Positional[1].Text)
	if err != nil {
		return kit.Reply{}, kit.Sorry(err.Error() + ".")
	}
	var before string
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		raw, err := tx.Settings(ctx, req.TeamID)
		if err != nil {
			return err
		}
		before = settings.From(raw).String(def.Key)
		if err := tx.SetSetting(ctx, req.TeamID, def.Key, value); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "setting.set", Entity: "setting", EntityID: def.Key,
			Before: map[string]string{def.Key: before}, After: map[string]string{def.Key: value}})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ `%s` is now *%s* (was %s).", def.Key, value, before)}, nil
}

func (s *Service) backboneAudit(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return kit.Reply{}, err
	}
	n := defaultAuditEntries
	if len(a.Positional) > 0 {
		n, err = strconv.Atoi(a.Positional[0].Text)
		if err != nil || n < 1 || n > maxAuditEntries || len(a.Positional) > 1 {
			return kit.Reply{}, kit.Sorry(fmt.Sprintf("Give how many entries to show, from 1 to %d: `/backbone audit 20`", maxAuditEntries))
		}
	}
	es, err := s.Store.AuditLog(ctx, req.TeamID, n)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(es) == 0 {
		return kit.Reply{Text: "Nothing has been changed yet."}, nil
	}
	return kit.Reply{Text: fmt.Sprintf("The last %d changes", len(es)), Blocks: AuditBlocks(es, s.dir.CoalitionLoc(ctx, req.TeamID))}, nil
}
