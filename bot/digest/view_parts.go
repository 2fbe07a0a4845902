package digest

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// missingNames caps the partners one missing-reports line names.
const missingNames = 12

// missingLines is one line per indicator and period: the partners that
// have not sent its total.
func missingLines(ms []store.MissingReport) []string {
	var lines []string
	for i := 0; i < len(ms); {
		j := i
		var names []string
		for ; j < len(ms) && ms[j].IndicatorID == ms[i].IndicatorID && ms[j].Period == ms[i].Period; j++ {
			if len(names) < missingNames {
				names = append(names, kit.Escape(ms[j].PartnerName))
			}
		}
		if j-i > missingNames {
			names = append(names, fmt.Sprintf("%d more", j-i-missingNames))
		}
		lines = append(lines, fmt.Sprintf("• 📝 *%s* `%s`, %s: %s", kit.Escape(ms[i].IndicatorName), ms[i].IndicatorKey, ms[i].Period, kit.JoinAnd(names)))
		i = j
	}
	return lines
}

// shoutoutLines is one line per shout-out: giver, recipients and the
// start of the message.
func shoutoutLines(ss []store.DigestShoutout) []string {
	var lines []string
	for _, s := range ss {
		var to []string
		for _, u := range s.UserIDs {
			to = append(to, "<@"+u+">")
		}
		for _, p := range s.Partners {
			to = append(to, "*"+kit.Escape(p)+"*")
		}
		from := "Backbone"
		if s.GiverID != "" {
			from = "<@" + s.GiverID + ">"
		}
		line := fmt.Sprintf("• 👏 %s → %s: “%s”", from, kit.JoinAnd(to), kit.Quote(s.Message, 120))
		if s.PlusOnes > 0 {
			line += fmt.Sprintf(" (+%d)", s.PlusOnes)
		}
		lines = append(lines, line)
	}
	return lines
}

// quietGroups names the active groups with nothing done, new or overdue.
func quietGroups(d Digest) []string {
	var names []string
	for _, g := range digestGroups(d) {
		if g.quiet() {
			names = append(names, kit.Escape(kit.OneLine(g.name)))
		}
	}
	return names
}

// digestFootnote says what the numbers mean, coalition health's
// definitions first.
func digestFootnote(d Digest) slack.Block {
	parts := []string{
		"_Overdue_: open past its due date. _Reports received_: partners' totals reported for the first time this week (corrections and segments not counted).",
	}
	if len(d.Health) > 0 {
		parts = append(parts, fmt.Sprintf("_Coalition health_, over the last %d days: _reports_ = the totals a partner sent ÷ those it owed "+
			"for the periods that closed then (leaving out periods closed under %d days ago, still in their grace period); "+
			"_on time_ = its commitments done by their due date ÷ those due then, by the owner's organization when made (dropped ones left out). "+
			"For the steering committee only.", d.HealthDays, d.HealthGrace))
	}
	return kit.ContextNote(strings.Join(parts, " "))
}
