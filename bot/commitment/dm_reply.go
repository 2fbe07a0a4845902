package commitment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// maxCandidates caps the items offered when a reply is ambiguous.
const maxCandidates = 20

const notUnderstood = "I'm not sure what you mean — use the buttons below, or reply to my message about an item with `done`, `done with the flyers`, " +
	"`on track`, `need help: waiting on county data`, `stuck: …`, `more time until Friday`, `drop: no longer needed`, " +
	"and to a request `yes` or `no, I'm away that week`. `/commitments` lists yours."

// dmReply handles what someone writes to the bot in its DM: an update to a
// commitment, applied to the one the thread is about, or to their single
// open one; when it could be several, it asks which with buttons.
func (s *Service) dmReply(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.MessageEvent)
	if !ok {
		return fmt.Errorf("message of unexpected shape %T", inner.Data)
	}
	if ev.ChannelType != "im" || ev.BotID != "" || ev.SubType != "" || ev.User == "" {
		return nil // bots (ourselves included), edits, joins…
	}
	m, err := s.dir.EnsureMember(ctx, teamID, ev.User)
	if err != nil || m.IsBot {
		return err
	}
	// Slack may deliver a message twice under two event IDs: the answer,
	// queued with the change, marks it handled.
	if _, err := s.Store.OutboxByKey(ctx, teamID, answerKey(ev)); err == nil {
		return nil
	} else if err := kit.OrNotFound(err); err != nil {
		return err
	}
	raw, err := s.Store.Settings(ctx, teamID)
	if err != nil {
		return err
	}
	r := ParseReply(ev.Text, s.Now(), s.dir.MemberLoc(m), settings.From(raw).DateOrder())
	if r.Err != "" {
		return s.answerDM(ctx, m, ev, r.Err, nil)
	}
	cands, parent, err := s.replyCandidates(ctx, m, ev)
	if err != nil {
		return err
	}
	answers := answerable(r, cands)
	if r.Kind == "" || len(answers) == 0 {
		return s.offerItems(ctx, m, ev, notUnderstood, cands)
	}
	return s.applyReply(ctx, m, ev, r, answers, parent)
}

// applyReply applies r to the one candidate it names, or asks which.
func (s *Service) applyReply(ctx context.Context, m store.Member, ev *slackevents.MessageEvent, r Reply, cands []store.Commitment, parent *store.SentMessage) error {
	texts := make([]string, len(cands))
	for i, c := range cands {
		texts[i] = c.Text
	}
	var picked []store.Commitment
	for _, i := range matchHint(r.Hint, texts) {
		picked = append(picked, cands[i])
	}
	now := s.Now().In(s.dir.MemberLoc(m))
	if r.Kind == changeDue && r.Due.IsZero() {
		return s.askDate(ctx, m, ev, r, picked)
	}
	switch len(picked) {
	case 0:
		return s.answerDM(ctx, m, ev, "You have no open commitments to update. Make one with "+CommitExample+".", nil)
	case 1:
	default:
		text, blocks := WhichOne(picked, r, now)
		return s.answerDM(ctx, m, ev, text, blocks)
	}
	ch := change{Kind: r.Kind, Note: r.Note, Due: r.Due}
	res, err := s.applyChange(ctx, m.TeamID, picked[0].ID, ch, m, func(tx *store.Tx, res changeResult) error {
		return s.queueReplyOutcome(ctx, tx, m, ev, res, parent)
	})
	if err != nil || res.changed() {
		return err
	}
	return s.answerDM(ctx, m, ev, res.note(), nil)
}

// replyCandidates are the commitments a DM reply may be about: those of the
// message it replies to in a thread, else the member's open ones.
func (s *Service) replyCandidates(ctx context.Context, m store.Member, ev *slackevents.MessageEvent) ([]store.Commitment, *store.SentMessage, error) {
	if ev.ThreadTimeStamp != "" && ev.ThreadTimeStamp != ev.TimeStamp {
		sent, err := s.Store.SentMessageByTS(ctx, m.TeamID, ev.ThreadTimeStamp, []string{ev.Channel, m.UserID})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		if err == nil && len(sent.CommitmentIDs) > 0 {
			cs, err := s.Store.Commitments(ctx, m.TeamID, store.CommitmentFilter{IDs: sent.CommitmentIDs})
			return openIfSeveral(cs), &sent, err
		}
	}
	cs, err := s.Store.Commitments(ctx, m.TeamID, store.CommitmentFilter{OwnerID: &m.UserID, Status: kit.Ptr(store.StatusOpen), Limit: maxCandidates})
	return cs, nil, err
}

// openIfSeveral keeps the open items of several; a single item is kept
// whatever its state, so a reply to it says it is already closed.
func openIfSeveral(cs []store.Commitment) []store.Commitment {
	if len(cs) < 2 {
		return cs
	}
	var open []store.Commitment
	for _, c := range cs {
		if c.IsOpen() {
			open = append(open, c)
		}
	}
	if len(open) == 0 {
		return cs[:1]
	}
	return open
}

// queueReplyOutcome answers a DM reply with what it did, and redraws the
// message it replied to, in the change's transaction.
func (s *Service) queueReplyOutcome(ctx context.Context, tx *store.Tx, m store.Member, ev *slackevents.MessageEvent, r changeResult, parent *store.SentMessage) error {
	now := s.Now().In(s.dir.MemberLoc(m))
	var blocks []slack.Block
	summary := changeSummary(r, now)
	if r.After.IsOpen() {
		blocks = append([]slack.Block{slack.NewSectionBlock(kit.Mrkdwn(summary), nil, nil)},
			CommitmentBlocks(r.After, CommitmentView{Now: now, Viewer: m.UserID, HideOwner: true})...)
	}
	msg, err := dmAnswer(m.TeamID, ev, summary, blocks)
	if err != nil {
		return err
	}
	if _, err := tx.Enqueue(ctx, msg); err != nil {
		return err
	}
	if parent == nil {
		return nil
	}
	return s.queueRedrawSent(ctx, tx, m, ev.Channel, ev.ThreadTimeStamp, *parent, r.Plan.Events[0].ID)
}

// queueRedrawSent queues a chat.update of a message the outbox sent,
// redrawing the commitments it shows.
func (s *Service) queueRedrawSent(ctx context.Context, tx *store.Tx, m store.Member, channel, ts string, sent store.SentMessage, eventID int64) error {
	text, blocks, err := decodePayload(sent.Payload)
	if err != nil {
		return err
	}
	fresh, err := commitmentsByID(ctx, tx, m.TeamID, commitmentIDsIn(blocks))
	if err != nil || len(fresh) == 0 {
		return err
	}
	blocks = RefreshCommitmentBlocks(blocks, fresh, CommitmentView{Now: s.Now().In(s.dir.MemberLoc(m)), Viewer: m.UserID, HideOwner: true})
	_, err = kit.Queue(ctx, tx, kit.Message{TeamID: m.TeamID, Key: fmt.Sprintf("redraw:%s:%d", ts, eventID), Channel: channel, UpdateTS: ts, Text: text, Blocks: blocks})
	return err
}

// answerDM answers a DM message, in its thread when it was in one; the
// dedupe key makes a redelivered event answer once.
func (s *Service) answerDM(ctx context.Context, m store.Member, ev *slackevents.MessageEvent, text string, blocks []slack.Block) error {
	msg, err := dmAnswer(m.TeamID, ev, text, blocks)
	if err != nil {
		return err
	}
	_, err = s.Store.Enqueue(ctx, msg)
	return err
}

// dmAnswer builds the outbox message answering ev.
func dmAnswer(teamID string, ev *slackevents.MessageEvent, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	p := outbox.Payload{Text: text, ThreadTS: ev.ThreadTimeStamp}
	key := answerKey(ev)
	if len(blocks) > 0 {
		raw, err := json.Marshal(blocks)
		if err != nil {
			return store.OutboxMessage{}, fmt.Errorf("encode blocks of %s: %w", key, err)
		}
		p.Blocks = raw
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return store.OutboxMessage{}, fmt.Errorf("encode payload of %s: %w", key, err)
	}
	return store.OutboxMessage{TeamID: teamID, DedupeKey: key, Method: store.MethodPostMessage, Channel: ev.User, Payload: raw}, nil
}

// answerKey is the dedupe key of the answer to a DM message.
func answerKey(ev *slackevents.MessageEvent) string {
	return "dm-answer:" + ev.Channel + ":" + ev.TimeStamp
}

// pickValue is a "which one?" button's value: the reply to apply.
type pickValue struct {
	ID   int64  `json:"id"`
	Kind string `json:"k"`
	Note string `json:"n,omitempty"`
	Due  string `json:"d,omitempty"`
}

// WhichOne asks which commitment a reply is about, each candidate with a
// button that applies it.
func WhichOne(cs []store.Commitment, r Reply, now time.Time) (string, []slack.Block) {
	text := "Which one do you mean?"
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("You have %s open — *which one do you mean?*", kit.Plural(len(cs), "commitment", "commitments"))), nil, nil)}
	v := CommitmentView{Now: now, HideOwner: true}
	for i, c := range cs {
		if i == maxCandidates {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more. Reply in the thread of my message about the one you mean, or use `/commitments`.", len(cs)-i)))
			break
		}
		raw, _ := json.Marshal(pickValue{ID: c.ID, Kind: r.Kind, Note: r.Note, Due: r.Due.String()})
		id := strconv.FormatInt(c.ID, 10)
		button := slack.NewButtonBlockElement(actionCommitmentPick+"#"+id, string(raw), kit.Plain("This one"))
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(CommitmentText(c, v)), nil, slack.NewAccessory(button),
			slack.SectionBlockOptionBlockID("pick:"+id)))
	}
	return text, blocks
}

// commitmentPick applies a reply to the commitment picked after "which
// one?", and replaces the question with what was done.
func (s *Service) commitmentPick(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	var v pickValue
	if err := json.Unmarshal([]byte(act.Value), &v); err != nil {
		return fmt.Errorf("pick value %q: %w", act.Value, err)
	}
	ch := change{Kind: v.Kind, Note: v.Note}
	if v.Due != "" {
		due, err := isoDate(v.Due)
		if err != nil {
			return err
		}
		ch.Due = due
	}
	o := kit.OriginOf(cb, "")
	o.Pick = true
	return s.changeAndRedraw(ctx, cb, actor, v.ID, ch, o)
}
