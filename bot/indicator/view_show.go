package indicator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
)

// tablePeriods is how many recent periods the table lists.
const tablePeriods = 8

// IndicatorBlocks shows one indicator: its definition, baseline and
// target, definition versions, recent periods, per-partner values and gaps
// between segments, as far as the viewer may see them. chartNote says where
// the chart went ("" for none).
func IndicatorBlocks(d Detail, chartNote string) []slack.Block {
	ind := d.Ind
	unit := ind.Unit
	title := ind.Name
	if ind.Archived {
		title += " (archived)"
	}
	about := fmt.Sprintf("_%s_\n`%s` · %s · reported %s · coalition figure: %s · %s",
		kit.Escape(kit.Truncate(ind.Definition, 2000)), ind.Key, unit.Label(), ind.Cadence,
		ind.Combine.Label(), ind.Direction.Label())
	if ind.GroupName != "" {
		about += " · owned by *" + kit.Escape(ind.GroupName) + "*"
	}
	blocks := []slack.Block{kit.Header(title), slack.NewSectionBlock(kit.Mrkdwn(about), nil, nil),
		slack.NewSectionBlock(kit.Mrkdwn(referenceText(d)), nil, nil)}
	if note := versionNote(d); note != "" {
		blocks = append(blocks, kit.ContextNote(note))
	}
	if d.Latest.IsZero() {
		return append(blocks, kit.ContextNote("No values reported yet. Partners report with `/report`."))
	}
	blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(recentTable(d)), nil, nil))
	blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(partnerText(d)), nil, nil))
	if seg := segmentText(d); seg != "" {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(seg), nil, nil))
	}
	if chartNote != "" {
		blocks = append(blocks, kit.ContextNote(chartNote))
	}
	return blocks
}

// referenceText is the baseline, the target and the latest figure.
func referenceText(d Detail) string {
	ind, unit := d.Ind, d.Ind.Unit
	base := "*Baseline:* not set"
	if ind.BaselineValue != nil {
		base = fmt.Sprintf("*Baseline:* %s in %s", measure.Format(*ind.BaselineValue, unit), ind.BaselinePeriod)
	}
	target := "*Target:* not set"
	if ind.TargetValue != nil {
		target = fmt.Sprintf("*Target:* %s by %s", measure.Format(*ind.TargetValue, unit), ind.TargetPeriod)
	}
	text := base + " · " + target
	if f, ok := d.Figs[d.Latest.String()]; ok {
		text += fmt.Sprintf("\n*Latest:* %s in %s", measure.Format(f.Value, unit), d.Latest)
		if ind.TargetValue != nil && measure.Reached(f.Value, *ind.TargetValue, ind.Direction) {
			text += " — 🎯 target reached"
		}
	}
	return text
}

// versionNote tells when the definition changed, and what † marks.
func versionNote(d Detail) string {
	if len(d.versions) < 2 {
		return ""
	}
	cur := d.versions[len(d.versions)-1]
	var earlier []string
	for i := len(d.versions) - 2; i >= 0 && len(earlier) < 5; i-- {
		earlier = append(earlier, fmt.Sprintf("v%d %s", d.versions[i].Version, d.versions[i].ChangedAt.Format("2 Jan 2006")))
	}
	return fmt.Sprintf("⚑ Definition v%d since %s, by <@%s> (earlier: %s). Periods marked † were reported under an earlier definition.",
		cur.Version, cur.ChangedAt.Format("2 Jan 2006"), cur.ChangedBy, strings.Join(earlier, ", "))
}

// recentTable lists the recent periods, newest first.
func recentTable(d Detail) string {
	unit := d.Ind.Unit
	lines := []string{"*Recent periods*"}
	first := 0 // periods before the first figure are left out
	for first < len(d.Periods)-1 {
		if _, ok := d.Figs[d.Periods[first].String()]; ok {
			break
		}
		first++
	}
	for i := len(d.Periods) - 1; i >= first && len(lines) <= tablePeriods; i-- {
		p := d.Periods[i]
		f, ok := d.Figs[p.String()]
		if !ok {
			lines = append(lines, fmt.Sprintf("`%s`  —", p))
			continue
		}
		line := fmt.Sprintf("`%s`  *%s* · %s", p, measure.Format(f.Value, unit), kit.Plural(f.Partners, "partner", "partners"))
		if f.Version < d.Ind.Version {
			line += fmt.Sprintf(" · † v%d", f.Version)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// partnerText is each partner's value for the latest period, or why they
// are not shown.
func partnerText(d Detail) string {
	text := fmt.Sprintf("*By partner, %s*", d.Latest)
	for _, r := range d.partners {
		text += fmt.Sprintf("\n• %s: %s", kit.Escape(r.Name), r.Value)
	}
	if !d.viewer.PerPartner {
		text += "\n_Each partner's values are shared with backbone staff and the steering committee; you see the coalition figures and your own organization's._"
	} else if d.viewer.Threshold > 0 && d.Ind.Unit == measure.Count {
		text += fmt.Sprintf("\n_Counts under %d show as %s to protect small numbers._", d.viewer.Threshold, measure.SuppressedLabel(d.viewer.Threshold))
	}
	return kit.Truncate(text, kit.SectionBudget)
}

// segmentText is, per dimension, the figure of each segment and the gap.
func segmentText(d Detail) string {
	if len(d.segments) == 0 {
		return ""
	}
	lines := []string{fmt.Sprintf("*By segment, %s*", d.Latest)}
	for _, row := range d.segments {
		var parts []string
		for _, v := range row.Values {
			parts = append(parts, kit.Escape(v.Name)+" "+v.Value)
		}
		line := fmt.Sprintf("• *%s:* %s", kit.Escape(row.Dimension), strings.Join(parts, " · "))
		if row.Gap != "" {
			line += " (" + row.Gap + ")"
		}
		lines = append(lines, line)
	}
	if len(d.ownSegments) > 0 {
		var parts []string
		for _, v := range d.ownSegments {
			parts = append(parts, kit.Escape(v.Name)+" "+v.Value)
		}
		why := "_Cells from a single partner show as suppressed"
		if d.viewer.Threshold > 0 && d.Ind.Unit == measure.Count {
			why += ", and counts under " + strconv.Itoa(d.viewer.Threshold) + " as " + measure.SuppressedLabel(d.viewer.Threshold)
		}
		lines = append(lines, "• *Your organization's own:* "+strings.Join(parts, " · "),
			why+", to protect other organizations' data; your own values are yours to see._")
	}
	return kit.Truncate(strings.Join(lines, "\n"), kit.SectionBudget)
}
