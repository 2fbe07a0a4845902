package recognition

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// actionShoutoutPlusOne is the 👏 +1 button; its value is the shout-out ID.
const actionShoutoutPlusOne = "shoutout:plusone"

// ShoutoutBlocks renders a shout-out: who thanks whom, the message, the
// partners credited, and the 👏 +1 button with how many joined in.
func ShoutoutBlocks(s store.Shoutout, credits []store.Credit) (string, []slack.Block) {
	to := creditNames(credits)
	from := "Backbone"
	if s.GiverID != "" {
		from = fmt.Sprintf("<@%s>", s.GiverID)
	}
	text := kit.Truncate(fmt.Sprintf("🎉 A shout-out from %s to %s: %s", from, to, kit.UserText(s.Message)), 3000)
	blocks := []slack.Block{
		slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(fmt.Sprintf("🎉 A shout-out from %s to %s!", from, to), 3000)), nil, nil),
		slack.NewSectionBlock(kit.Mrkdwn("> "+strings.ReplaceAll(kit.UserText(s.Message), "\n", "\n> ")), nil, nil),
	}
	if orgs := creditPartners(credits); orgs != "" {
		blocks = append(blocks, kit.ContextNote(kit.Truncate("With thanks to "+orgs, 2000)))
	}
	btn := slack.NewButtonBlockElement(actionShoutoutPlusOne, strconv.FormatInt(s.ID, 10), kit.Plain(plusOneLabel(s.PlusOnes)))
	return text, append(blocks, slack.NewActionBlock("shoutout_actions", btn))
}

func plusOneLabel(n int) string {
	if n == 0 {
		return "👏 +1"
	}
	return fmt.Sprintf("👏 +1 · %d", n)
}

// creditNames lists the people (as mentions) and partners named on their
// own: "<@U1>, <@U2> and *Greenfield Schools*".
func creditNames(credits []store.Credit) string {
	var names []string
	for _, c := range credits {
		if c.UserID != "" {
			names = append(names, "<@"+c.UserID+">")
		} else {
			names = append(names, "*"+kit.Escape(c.PartnerName)+"*")
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// creditPartners names each organization credited, once.
func creditPartners(credits []store.Credit) string {
	var names []string
	for _, c := range credits {
		if c.PartnerName != "" && !containsString(names, c.PartnerName) {
			names = append(names, c.PartnerName)
		}
	}
	for i, n := range names {
		names[i] = kit.Escape(n)
	}
	return strings.Join(names, ", ")
}
