package commitment

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// actionCommitDate is a button of the question asked when a /commit date
// could mean two days ("8/12", "Friday Dec 15").
const actionCommitDate = "commit:date"

// maxAskValue keeps a button's value within Slack's 2,000 characters.
const maxAskValue = 1900

// askValue is what a date button carries: the /commit text and the dates
// picked so far, by line. Nothing is saved before the last pick, so the
// text travels with the question.
type askValue struct {
	Text  string         `json:"t"`
	Picks map[int]string `json:"p"`
}

// dateQuestion asks which day line l means, with one button per choice.
func dateQuestion(text string, l CommitLine, picks Picks, now time.Time) (kit.Reply, error) {
	a, b := l.Choices[0].Human(now), l.Choices[1].Human(now)
	q := fmt.Sprintf("“%s” could be *%s* or *%s*. Which do you mean? Nothing is saved until you choose.", kit.Escape(l.Phrase), a, b)
	if l.N > 1 || len(picks) > 0 {
		q = fmt.Sprintf("Line %d (“%s”): %s", l.N, kit.Quote(l.Text, 40), q)
	}
	var buttons []slack.BlockElement
	for i, d := range l.Choices {
		v := askValue{Text: text, Picks: map[int]string{l.N: d.String()}}
		for n, p := range picks {
			v.Picks[n] = p.String()
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return kit.Reply{}, fmt.Errorf("encode date question: %w", err)
		}
		if len(raw) > maxAskValue {
			return kit.Reply{}, kit.Sorry(fmt.Sprintf("“%s” could be %s or %s: write the month as a word, like `by %s`. Nothing was saved.",
				kit.Escape(l.Phrase), a, b, l.Choices[0].Human(now)))
		}
		label := d.Human(now)
		buttons = append(buttons, slack.NewButtonBlockElement(actionCommitDate+"#"+strconv.Itoa(i), string(raw), kit.Plain(label)))
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(kit.Mrkdwn(q), nil, nil),
		slack.NewActionBlock("commit-date", buttons...),
		kit.ContextNote("To skip this question, write the month as a word (`Dec 8`), or ask an admin to `/backbone set date_order DMY` (or `MDY`)."),
	}
	return kit.Reply{Text: "Which date do you mean? Nothing is saved until you choose.", Blocks: blocks}, nil
}

// commitDatePicked answers a date button: the /commit is run again with
// the date picked, and either saved, asked about again for its next
// ambiguous line, or refused (a date that has since passed, an owner who
// left); the question is replaced by what happened.
func (s *Service) commitDatePicked(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	var v askValue
	if err := json.Unmarshal([]byte(act.Value), &v); err != nil {
		return fmt.Errorf("date question value %q: %w", act.Value, err)
	}
	picks := Picks{}
	for n, iso := range v.Picks {
		d, err := isoDate(iso)
		if err != nil {
			return err
		}
		picks[n] = d
	}
	o := kit.OriginOf(cb, "")
	req := kit.Request{SlashCommand: slack.SlashCommand{TeamID: actor.TeamID, ChannelID: o.Channel, UserID: actor.UserID, Text: v.Text}, Actor: actor}
	reply, err := s.record(ctx, req, picks)
	if msg, ok := kit.UserMessage(err); ok {
		return s.ReplaceOriginal(ctx, o.ResponseURL, msg, nil)
	}
	if err != nil {
		return err
	}
	if !reply.InChannel {
		return s.ReplaceOriginal(ctx, o.ResponseURL, reply.Text, reply.Blocks)
	}
	if err := s.ReplaceOriginal(ctx, o.ResponseURL, "Thanks — saved with the date you chose.", nil); err != nil {
		return err
	}
	return s.Respond(ctx, o.ResponseURL, reply)
}
