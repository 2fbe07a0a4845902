package indicator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
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
		{"web", "`/indicators web` — a link to the web scorecard, by DM (good for 15 minutes, once)"},
		{"story", "`/indicators story youth-binge-drinking Since the campaign began…` — the story behind the curve, shown on the scorecard (staff)"},
		{"public", "`/indicators edit youth-binge-drinking public=yes` — show it on the public scorecard, without sign-in (staff)"},
	}
}

func (s *Service) indicators(ctx context.Context, req kit.Request) (kit.Reply, error) {
	sub, rest := kit.Subcommand(req.Text)
	switch sub {
	case "":
		return s.indicatorOverview(ctx, req)
	case "help":
		return kit.Reply{Text: indicatorsHelp()}, nil
	case "show":
		return s.indicatorShow(ctx, req, rest)
	case "export":
		return s.indicatorExport(ctx, req, rest)
	case "add":
		return s.indicatorAdd(ctx, req)
	case "edit":
		if public, ok := publicArg(rest); ok {
			return s.indicatorPublic(ctx, req, rest, public)
		}
		return s.indicatorEdit(ctx, req, rest)
	case "web":
		return s.indicatorWeb(ctx, req)
	case "story":
		return s.indicatorStory(ctx, req, rest)
	case "archive":
		return s.indicatorArchive(ctx, req, rest)
	}
	// `/indicators KEY` is read as `/indicators show KEY`.
	if _, err := s.Store.IndicatorByKey(ctx, req.TeamID, sub); err == nil {
		return s.indicatorShow(ctx, req, sub)
	}
	return kit.Reply{}, kit.Sorry("I don't know `/indicators " + kit.Escape(sub) + "`." +
		kit.DidYouMean(sub, []string{"show", "export", "add", "edit", "archive", "web", "story", "help"}) + " Type `/indicators help` for the list.")
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
func (s *Service) findIndicator(ctx context.Context, teamID, key string) (store.Indicator, error) {
	return s.lookupIndicator(ctx, teamID, key, false)
}

// findAnyIndicator is findIndicator for views of history, which archived
// indicators keep.
func (s *Service) findAnyIndicator(ctx context.Context, teamID, key string) (store.Indicator, error) {
	return s.lookupIndicator(ctx, teamID, key, true)
}

func (s *Service) lookupIndicator(ctx context.Context, teamID, key string, archivedToo bool) (store.Indicator, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	ind, err := s.Store.IndicatorByKey(ctx, teamID, key)
	switch {
	case err == nil && (archivedToo || !ind.Archived):
		return ind, nil
	case err == nil:
		return ind, kit.Sorry(fmt.Sprintf("`%s` was archived; its history stays, but it takes no new values. `/indicators` lists the current ones.", kit.Escape(key)))
	case !errors.Is(err, store.ErrNotFound):
		return ind, err
	}
	inds, err := s.Store.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil {
		return ind, err
	}
	if len(inds) == 0 {
		return ind, kit.Sorry("There are no indicators yet. Backbone staff define them with `/indicators add`.")
	}
	keys := make([]string, 0, len(inds))
	for _, i := range inds {
		keys = append(keys, i.Key)
	}
	msg := fmt.Sprintf("No indicator has the key `%s`.", kit.Escape(snippetText(key, 40)))
	if near := measure.Nearest(key, keys, 3); len(near) > 0 {
		msg += " Closest: `" + strings.Join(near, "`, `") + "`."
	}
	return ind, kit.Sorry(msg + " Type `/indicators` to see them all.")
}

func snippetText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// definition is what checking a report against ind needs.
func definition(ind store.Indicator) measure.Definition {
	return measure.Definition{Unit: ind.Unit, Cadence: ind.Cadence, Dimensions: dimensions(ind.Dimensions)}
}

func dimensions(ds store.Dimensions) []measure.Dimension {
	out := make([]measure.Dimension, 0, len(ds))
	for _, d := range ds {
		out = append(out, measure.Dimension{Name: d.Name, Values: d.Values})
	}
	return out
}

// Viewer is who is looking at indicators, and what they may see.
type Viewer struct {
	Member store.Member
	// PerPartner is set when they may see each partner's values.
	PerPartner bool
	// Threshold hides per-partner and segment counts below it; 0 for
	// backbone staff, who see everything.
	Threshold int
	// Public is the anonymous reader of the public scorecard: besides
	// segments, it never sees a coalition total made of one partner's value
	// or a count under the threshold.
	Public bool
}

// hidesTotal reports whether the coalition total f of ind is hidden from
// v: only ever from the public, as members see totals in Slack.
func (v Viewer) hidesTotal(ind store.Indicator, f measure.Figure) bool {
	return v.Public && (f.Partners < 2 || measure.SmallCount(f.Value, ind.Unit, v.Threshold))
}

// ViewerOf reads what the coalition's settings let m see.
func (s *Service) ViewerOf(ctx context.Context, m store.Member) (Viewer, error) {
	raw, err := s.Store.Settings(ctx, m.TeamID)
	if err != nil {
		return Viewer{}, err
	}
	v := settings.From(raw)
	out := Viewer{Member: m, Threshold: v.SuppressionThreshold()}
	out.PerPartner = kit.Allowed(m.Role, kit.ActionSeePerPartner, "") || v.PartnersSeeEachOther()
	if m.Role == store.RoleBackbone {
		out.Threshold = 0
	}
	return out, nil
}

// ownPartner reports whether partner p is the viewer's own.
func (v Viewer) ownPartner(p int64) bool {
	return v.Member.PartnerID != nil && *v.Member.PartnerID == p
}
