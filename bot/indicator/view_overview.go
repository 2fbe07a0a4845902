package indicator

import (
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// OverviewBlocks lists every indicator with its coalition figure for the
// latest period, target, trend, a sparkline of the last periods and how
// many reporting partners have reported; for a partner member, what their
// organization still owes.
func OverviewBlocks(sums []Summary, actor store.Member) []slack.Block {
	blocks := []slack.Block{kit.Header("Shared indicators")}
	var owes []string
	for i, s := range sums {
		if len(blocks) >= kit.MessageBlockBudget-2 {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more. See one with `/indicators show KEY`.", len(sums)-i)))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(SummaryText(s)), nil, nil))
		if actor.PartnerID != nil && slices.Contains(s.owed(), *actor.PartnerID) {
			owes = append(owes, "`"+s.Ind.Key+"` ("+s.Last.String()+")")
		}
	}
	if len(owes) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("📝 *%s* still owes %s. Type `/report` to fill them in.",
			kit.Escape(actor.PartnerName), kit.JoinAnd(owes))), nil, nil))
	}
	return append(blocks, kit.ContextNote("Details and a chart: `/indicators show KEY` · report numbers: `/report` · all commands: `/indicators help`"))
}

// SummaryText is one indicator's three lines in the overview.
func SummaryText(s Summary) string {
	ind := s.Ind
	unit, dir := ind.Unit, ind.Direction
	lines := []string{fmt.Sprintf("*%s* · `%s`", kit.Escape(ind.Name), ind.Key)}
	p, f, ok := s.LatestFigure()
	figure := "_No values yet._"
	if ok {
		figure = fmt.Sprintf("*%s* in %s", measure.Format(f.Value, unit), p)
		if p != s.Last {
			figure += fmt.Sprintf(" (%s not in yet)", s.Last)
		}
		if prev, ok := s.Figs[p.Prev().String()]; ok && comparable(ind, prev, f) {
			figure += " · " + measure.Trend(prev.Value, f.Value, dir)
		}
	}
	lines = append(lines, figure+" · "+targetText(ind))
	periods := measure.Recent(s.Last, SparkPeriods)
	spark := fmt.Sprintf("`%s` last %d %ss · ", measure.Sparkline(measure.Series(s.Figs, periods)), SparkPeriods, periodNoun(ind.Cadence))
	if len(ind.PartnerIDs) == 0 {
		spark += "no reporting partners yet (`/indicators edit " + ind.Key + "`)"
	} else {
		spark += fmt.Sprintf("*%d of %d* partners have reported %s", len(s.Reported), len(ind.PartnerIDs), s.Last)
	}
	if changedIn(s.Figs, periods, ind.Version) {
		spark += fmt.Sprintf(" · ⚑ definition changed %s (v%d)", ind.ChangedAt.Format("2 Jan 2006"), ind.Version)
	}
	return strings.Join(append(lines, spark), "\n")
}

// comparable reports whether two periods' figures can be compared: a sum
// over fewer partners is not a fall, only missing reports.
func comparable(ind store.Indicator, a, b measure.Figure) bool {
	return ind.Combine != measure.Sum || a.Partners == b.Partners
}

// changedIn reports whether some figure among periods was reported under
// an older definition than the one in force.
func changedIn(figs map[string]measure.Figure, periods []measure.Period, version int) bool {
	for _, p := range periods {
		if f, ok := figs[p.String()]; ok && f.Version < version {
			return true
		}
	}
	return false
}

// targetText is "target 15% by 2028-Q4 (lower is better)".
func targetText(ind store.Indicator) string {
	dir := ind.Direction.Label()
	if ind.TargetValue == nil {
		return "no target yet (" + dir + ")"
	}
	return fmt.Sprintf("target *%s* by %s (%s)", measure.Format(*ind.TargetValue, ind.Unit), ind.TargetPeriod, dir)
}

func periodNoun(cadence measure.Cadence) string {
	switch cadence {
	case measure.Monthly:
		return "month"
	case measure.Quarterly:
		return "quarter"
	}
	return "year"
}
