package home

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// Block budgets of the Home tab's recognition sections, so the tab stays
// within 100 blocks whatever the lists hold.
const (
	homeOwedLines     = 3
	homeShoutoutLines = 3
	homeShoutoutChars = 150
	homeClaimLines    = 2
)

// owedBlocks list what the viewer's partner still owes, with a Report now
// button opening the /report form; nothing when it owes nothing.
func owedBlocks(p store.Partner, owed []indicator.OwedItem) []slack.Block {
	if len(owed) == 0 {
		return nil
	}
	lines := make([]string, 0, len(owed))
	for _, it := range owed {
		lines = append(lines, fmt.Sprintf("• *%s* (`%s`) for %s, %s", kit.Escape(it.Ind.Name), it.Ind.Key, it.Period, it.Ind.Unit.Label()))
	}
	button := slack.NewButtonBlockElement(indicator.ActionReportOpen, strconv.FormatInt(p.ID, 10), kit.Plain("Report now"))
	button.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewDividerBlock(), kit.Header("Indicators your partner owes"),
		kit.ContextNote(fmt.Sprintf("*%s* has not reported these for the last period that ended:", kit.Escape(p.Name)))}
	blocks = append(blocks, kit.PackLines(lines, homeOwedLines, "Type `/report` to see them all.")...)
	first := owed[0].Ind
	return append(blocks, slack.NewActionBlock("home:report", button),
		kit.ContextNote(fmt.Sprintf("Or type `/report KEY VALUE`, such as `/report %s %s`.", first.Key, measure.Example(first.Unit))))
}

// shoutoutsToBlocks list the latest shout-outs crediting the viewer, with
// who gave each and when (in the viewer's timezone); nothing when none.
func shoutoutsToBlocks(ss []store.Shoutout, now time.Time) []slack.Block {
	if len(ss) == 0 {
		return nil
	}
	lines := make([]string, 0, len(ss))
	for _, s := range ss {
		from := "Backbone"
		if s.GiverID != "" {
			from = "<@" + s.GiverID + ">"
		}
		line := fmt.Sprintf("• From %s, %s: “%s”", from, s.CreatedAt.In(now.Location()).Format("Mon 2 Jan"),
			kit.UserText(kit.Truncate(strings.Join(strings.Fields(s.Message), " "), homeShoutoutChars)))
		if s.PlusOnes > 0 {
			line += fmt.Sprintf(" · 👏 %d", s.PlusOnes)
		}
		lines = append(lines, line)
	}
	blocks := []slack.Block{slack.NewDividerBlock(), kit.Header("Recent shout-outs to you")}
	return append(blocks, kit.PackLines(lines, homeShoutoutLines, "")...)
}

// claimBlocks list, for staff, the links people made themselves that wait
// for confirmation; nothing when none wait.
func claimBlocks(cs []store.PartnerClaim, loc *time.Location) []slack.Block {
	if len(cs) == 0 {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	blocks := []slack.Block{slack.NewDividerBlock(), kit.Header(fmt.Sprintf("Links waiting for confirmation (%d)", len(cs)))}
	blocks = append(blocks, kit.PackLines(directory.PendingClaimLines(cs, loc), homeClaimLines, "`/backbone member pending` lists them all.")...)
	return append(blocks, kit.ContextNote(directory.PendingClaimsHint))
}

// homeHealthLines caps the partners the Home's health section lists.
const homeHealthLines = 6

// healthBlocks are, for staff and the steering committee, the partners
// furthest behind on reports and commitments: the exceptions to act on.
// The digest lists every partner.
func healthBlocks(d HomeData) []slack.Block {
	if !seesCoalition(d.Member) || len(d.Health) == 0 {
		return nil
	}
	behind := slices.DeleteFunc(slices.Clone(d.Health), func(h store.PartnerHealth) bool { return h.Sent == h.Owed && h.OnTime == h.Due })
	blocks := []slack.Block{slack.NewDividerBlock(), kit.Header(fmt.Sprintf("Coalition health, last %d days", indicator.HealthDays))}
	if len(behind) == 0 {
		return append(blocks, kit.ContextNote(fmt.Sprintf("All %s sent every report owed and finished their commitments on time. 🎉",
			kit.Plural(len(d.Health), "partner", "partners"))))
	}
	slices.SortStableFunc(behind, func(a, b store.PartnerHealth) int { return cmp.Compare(healthScore(a), healthScore(b)) })
	note := fmt.Sprintf("Furthest behind first; %d of %d partners are up to date.", len(d.Health)-len(behind), len(d.Health))
	if len(behind) > homeHealthLines {
		note = fmt.Sprintf("Furthest behind first, %d more behind; %d of %d partners are up to date. The weekly digest lists every partner: `/digest preview`.",
			len(behind)-homeHealthLines, len(d.Health)-len(behind), len(d.Health))
		behind = behind[:homeHealthLines]
	}
	blocks = append(blocks, kit.PackLines(indicator.HealthLines(behind), 2, "")...)
	return append(blocks, kit.ContextNote(note))
}

// healthScore orders partners by how much of what they owed and had due
// they did: a share from 0 (nothing) to 2 (everything).
func healthScore(h store.PartnerHealth) float64 {
	share := func(n, of int) float64 {
		if of == 0 {
			return 1
		}
		return float64(n) / float64(of)
	}
	return share(h.Sent, h.Owed) + share(h.OnTime, h.Due)
}

// scorecardBlock is the "Open the scorecard" button: it DMs a one-time
// sign-in link to the web scorecard (a link button could not: the link is
// made for one person, when asked).
func scorecardBlock() slack.Block {
	button := slack.NewButtonBlockElement(indicator.ActionWebLink, "open", kit.Plain("Open the scorecard"))
	return slack.NewActionBlock("home:scorecard", button)
}
