package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

const (
	defaultAuditEntries = 10
	maxAuditEntries     = 40
)

func (b *Bot) backboneSettings(ctx context.Context, req request, _ string) (reply, error) {
	raw, err := b.store.Settings(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	return reply{Text: "Settings", Blocks: SettingsBlocks(settings.From(raw))}, nil
}

func (b *Bot) backboneSet(ctx context.Context, req request, rest string) (reply, error) {
	const example = "For example: `/backbone set reminder_lead_days 2`. Type `/backbone settings` to see them all."
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) != 2 {
		return reply{}, userErrorf("Give a setting and its new value. " + example)
	}
	key := a.Positional[0].Text
	def, ok := settings.Lookup(key)
	if !ok {
		return reply{}, userErrorf(fmt.Sprintf("There is no setting “%s”.%s %s", escape(key), didYouMean(key, settings.Keys()), example))
	}
	value, err := def.Normalize(a.Positional[1].Text)
	if err != nil {
		return reply{}, userErrorf(err.Error() + ".")
	}
	var before string
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
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
		return reply{}, err
	}
	return reply{Text: fmt.Sprintf("✅ `%s` is now *%s* (was %s).", def.Key, value, before)}, nil
}

func (b *Bot) backboneAudit(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest)
	if err != nil {
		return reply{}, err
	}
	n := defaultAuditEntries
	if len(a.Positional) > 0 {
		n, err = strconv.Atoi(a.Positional[0].Text)
		if err != nil || n < 1 || n > maxAuditEntries || len(a.Positional) > 1 {
			return reply{}, userErrorf(fmt.Sprintf("Give how many entries to show, from 1 to %d: `/backbone audit 20`", maxAuditEntries))
		}
	}
	es, err := b.store.AuditLog(ctx, req.TeamID, n)
	if err != nil {
		return reply{}, err
	}
	if len(es) == 0 {
		return reply{Text: "Nothing has been changed yet."}, nil
	}
	return reply{Text: fmt.Sprintf("The last %d changes", len(es)), Blocks: AuditBlocks(es, b.coalitionLocation(ctx, req.TeamID))}, nil
}

// coalitionOf returns the team's coalition; before setup, an empty one in
// the default timezone (COALITION_TZ).
func (b *Bot) coalitionOf(ctx context.Context, teamID string) (store.Coalition, error) {
	c, err := b.store.Coalition(ctx, teamID)
	if errors.Is(err, store.ErrNotFound) {
		c.Timezone = b.defaultTZ.String()
		return c, nil
	}
	return c, err
}

// coalitionLocation is the coalition's timezone.
func (b *Bot) coalitionLocation(ctx context.Context, teamID string) *time.Location {
	c, err := b.coalitionOf(ctx, teamID)
	return b.locationOf(c, err)
}

// locationOf is c's timezone, or the default when c could not be read.
func (b *Bot) locationOf(c store.Coalition, err error) *time.Location {
	if err != nil {
		return b.defaultTZ
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return b.defaultTZ
	}
	return loc
}
