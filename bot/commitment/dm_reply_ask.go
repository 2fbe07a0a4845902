package commitment

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// maxOffered caps the items shown with their buttons when a reply is not
// understood.
const maxOffered = 5

// answerable keeps the candidates a reply can apply to: a yes or no
// answers only a request still waiting for one.
func answerable(r Reply, cands []store.Commitment) []store.Commitment {
	if r.Kind != changeAccept && r.Kind != changeDecline {
		return cands
	}
	var pending []store.Commitment
	for _, c := range cands {
		if c.IsOpen() && c.Acceptance == store.AcceptancePending {
			pending = append(pending, c)
		}
	}
	return pending
}

// offerItems answers a reply that could mean several things with the
// items it may be about, each with its buttons, under text.
func (s *Service) offerItems(ctx context.Context, m store.Member, ev *slackevents.MessageEvent, text string, cs []store.Commitment) error {
	if len(cs) == 0 {
		return s.answerDM(ctx, m, ev, "You have no open commitments to update. Make one with "+CommitExample+".", nil)
	}
	now := s.Now().In(s.dir.MemberLoc(m))
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(text), nil, nil)}
	for i, c := range cs {
		if i == maxOffered {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more: `/commitments mine` lists them all.", len(cs)-i)))
			break
		}
		blocks = append(blocks, CommitmentBlocks(c, CommitmentView{Now: now, Viewer: m.UserID, HideOwner: true})...)
	}
	return s.answerDM(ctx, m, ev, text, blocks)
}

// askDate answers "more time" without a usable date: a date that could be
// two days is asked with a button for each, and no date at all with the
// items' date pickers.
func (s *Service) askDate(ctx context.Context, m store.Member, ev *slackevents.MessageEvent, r Reply, cs []store.Commitment) error {
	now := s.Now().In(s.dir.MemberLoc(m))
	switch {
	case len(r.Choices) > 1 && len(cs) == 1:
		text, blocks := WhichDate(cs[0], r, now)
		return s.answerDM(ctx, m, ev, text, blocks)
	case len(r.Choices) > 1:
		a, b := r.Choices[0].Human(now), r.Choices[1].Human(now)
		return s.answerDM(ctx, m, ev, fmt.Sprintf("That date could be %s or %s. Reply in the thread of my message about the item, with the month as a word, like `moved to %s`.", a, b, a), nil)
	}
	return s.offerItems(ctx, m, ev, "Until when? Pick the new date below, or reply like `more time until Friday`.", cs)
}

// WhichDate asks which of two days a new date for c means, with a button
// for each that applies it.
func WhichDate(c store.Commitment, r Reply, now time.Time) (string, []slack.Block) {
	a, b := r.Choices[0].Human(now), r.Choices[1].Human(now)
	text := fmt.Sprintf("Did you mean %s or %s?", a, b)
	q := fmt.Sprintf("New date for *%s*: did you mean *%s* or *%s*?", kit.UserText(kit.Truncate(c.Text, 200)), a, b)
	var buttons []slack.BlockElement
	for i, d := range r.Choices {
		raw, _ := json.Marshal(pickValue{ID: c.ID, Kind: changeDue, Note: r.Note, Due: d.String()})
		id := actionCommitmentPick + "#" + strconv.FormatInt(c.ID, 10) + ":" + strconv.Itoa(i)
		buttons = append(buttons, slack.NewButtonBlockElement(id, string(raw), kit.Plain(d.Human(now))))
	}
	return text, []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(q), nil, nil), slack.NewActionBlock("pick-date", buttons...)}
}
