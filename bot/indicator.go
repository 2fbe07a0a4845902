package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// Policy actions that are not subcommands: the space keeps anyone from
// typing them as one.
const (
	actionSeePerPartner   = "/indicators see per-partner values"
	actionReportForOthers = "/report for another partner"
)

// indicatorSubs are the /indicators subcommands, in help order, each with
// a complete example.
func indicatorSubs() [][2]string {
	return [][2]string{
		{"", "`/indicators` — every indicator: coalition figure, target, trend and who has reported"},
		{"show", "`/indicators show youth-binge-drinking` — definition, recent periods, gaps between segments, and a chart by DM"},
		{"export", "`/indicators export youth-binge-drinking from=2025-Q1 to=2026-Q3` — every value and correction as a CSV file, by DM (staff and steering; the key and range are optional)"},
		{"add", "`/indicators add` — define a new indicator in a form (staff)"},
		{"edit", "`/indicators edit youth-binge-drinking` — change its definition, target or reporting partners; earlier versions are kept (staff)"},
		{"archive", "`/indicators archive youth-binge-drinking` — retire it; its history stays (staff)"},
	}
}

func (b *Bot) indicators(ctx context.Context, req request) (reply, error) {
	sub, rest := subcommand(req.Text)
	switch sub {
	case "":
		return b.indicatorOverview(ctx, req)
	case "help":
		return reply{Text: indicatorsHelp()}, nil
	case "show":
		return b.indicatorShow(ctx, req, rest)
	case "export":
		return b.indicatorExport(ctx, req, rest)
	case "add":
		return b.indicatorAdd(ctx, req)
	case "edit":
		return b.indicatorEdit(ctx, req, rest)
	case "archive":
		return b.indicatorArchive(ctx, req, rest)
	}
	// `/indicators KEY` is read as `/indicators show KEY`.
	if _, err := b.store.IndicatorByKey(ctx, req.TeamID, sub); err == nil {
		return b.indicatorShow(ctx, req, sub)
	}
	return reply{}, userErrorf("I don't know `/indicators " + escape(sub) + "`." +
		didYouMean(sub, []string{"show", "export", "add", "edit", "archive", "help"}) + " Type `/indicators help` for the list.")
}

func indicatorsHelp() string {
	var sb strings.Builder
	sb.WriteString("*Shared indicators*\n")
	for _, s := range indicatorSubs() {
		sb.WriteString("• " + s[1] + "\n")
	}
	sb.WriteString("To report numbers: `/report` opens a form, or `" + reportExample + "`. Type `/report help` for more.")
	return sb.String()
}

// reservedKeys are words an indicator key can't be, so `/indicators KEY`
// never shadows a subcommand.
func reservedKeys() []string {
	return []string{"show", "export", "add", "edit", "archive", "help"}
}

// findIndicator finds an active indicator by key, or says which keys are
// closest.
func (b *Bot) findIndicator(ctx context.Context, teamID, key string) (store.Indicator, error) {
	return b.lookupIndicator(ctx, teamID, key, false)
}

// findAnyIndicator is findIndicator for views of history, which archived
// indicators keep.
func (b *Bot) findAnyIndicator(ctx context.Context, teamID, key string) (store.Indicator, error) {
	return b.lookupIndicator(ctx, teamID, key, true)
}

func (b *Bot) lookupIndicator(ctx context.Context, teamID, key string, archivedToo bool) (store.Indicator, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	ind, err := b.store.IndicatorByKey(ctx, teamID, key)
	switch {
	case err == nil && (archivedToo || !ind.Archived):
		return ind, nil
	case err == nil:
		return ind, userErrorf(fmt.Sprintf("`%s` was archived; its history stays, but it takes no new values. `/indicators` lists the current ones.", escape(key)))
	case !errors.Is(err, store.ErrNotFound):
		return ind, err
	}
	inds, err := b.store.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil {
		return ind, err
	}
	if len(inds) == 0 {
		return ind, userErrorf("There are no indicators yet. Backbone staff define them with `/indicators add`.")
	}
	keys := make([]string, 0, len(inds))
	for _, i := range inds {
		keys = append(keys, i.Key)
	}
	msg := fmt.Sprintf("No indicator has the key `%s`.", escape(snippetText(key, 40)))
	if near := measure.Nearest(key, keys, 3); len(near) > 0 {
		msg += " Closest: `" + strings.Join(near, "`, `") + "`."
	}
	return ind, userErrorf(msg + " Type `/indicators` to see them all.")
}

func snippetText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// definition is what checking a report against ind needs.
func definition(ind store.Indicator) measure.Definition {
	return measure.Definition{Unit: measure.Unit(ind.Unit), Cadence: measure.Cadence(ind.Cadence), Dimensions: dimensions(ind.Dimensions)}
}

func dimensions(ds store.Dimensions) []measure.Dimension {
	out := make([]measure.Dimension, 0, len(ds))
	for _, d := range ds {
		out = append(out, measure.Dimension{Name: d.Name, Values: d.Values})
	}
	return out
}

// viewer is who is looking at indicators, and what they may see.
type viewer struct {
	member store.Member
	// perPartner is set when they may see each partner's values.
	perPartner bool
	// threshold hides per-partner and segment counts below it; 0 for
	// backbone staff, who see everything.
	threshold int
}

// viewerOf reads what the coalition's settings let m see.
func (b *Bot) viewerOf(ctx context.Context, m store.Member) (viewer, error) {
	raw, err := b.store.Settings(ctx, m.TeamID)
	if err != nil {
		return viewer{}, err
	}
	v := settings.From(raw)
	out := viewer{member: m, threshold: v.Int("suppression_threshold")}
	out.perPartner = allowed(m.Role, actionSeePerPartner, "") || v.String("partner_view") == "per_partner"
	if m.Role == store.RoleBackbone {
		out.threshold = 0
	}
	return out, nil
}

// ownPartner reports whether partner p is the viewer's own.
func (v viewer) ownPartner(p int64) bool {
	return v.member.PartnerID != nil && *v.member.PartnerID == p
}

// localNow is the coalition's local time, which decides periods.
func (b *Bot) localNow(ctx context.Context, teamID string) time.Time {
	return b.now().In(b.coalitionLocation(ctx, teamID))
}
