package home

import (
	"fmt"
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

// scorecardBlock is the "Open the scorecard" button: it DMs a one-time
// sign-in link to the web scorecard (a link button could not: the link is
// made for one person, when asked).
func scorecardBlock() slack.Block {
	button := slack.NewButtonBlockElement(indicator.ActionWebLink, "open", kit.Plain("Open the scorecard"))
	return slack.NewActionBlock("home:scorecard", button)
}
