package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/dates"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

// origin is where a click came from, so the surface is redrawn in place.
type origin struct {
	ResponseURL string `json:"u,omitempty"`
	Channel     string `json:"c,omitempty"`
	TS          string `json:"t,omitempty"`
	Ephemeral   bool   `json:"e,omitempty"`
	// List is the query of an ephemeral list, to run again.
	List string `json:"l,omitempty"`
	Home bool   `json:"h,omitempty"`
	// Pick: a "which one?" message, replaced by what was done.
	Pick bool `json:"p,omitempty"`
}

func originOf(cb slack.InteractionCallback, list string) origin {
	if cb.Container.Type == "view" || cb.View.Type == slack.VTHomeTab {
		return origin{Home: true}
	}
	ch := cb.Container.ChannelID
	if ch == "" {
		ch = cb.Channel.ID
	}
	ts := cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	return origin{ResponseURL: cb.ResponseURL, Channel: ch, TS: ts, Ephemeral: cb.Container.IsEphemeral, List: list}
}

// commitmentValue reads a button value: "12" or "12|<list query>".
func commitmentValue(v string) (int64, string, error) {
	idText, list, _ := strings.Cut(v, "|")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return 0, "", fmt.Errorf("commitment button value %q: %w", v, err)
	}
	return id, list, nil
}

// commitmentClick handles the buttons that change a commitment at once:
// Done, On track, Accept.
func (b *Bot) commitmentClick(kind string) actionHandler {
	return func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
		id, list, err := commitmentValue(act.Value)
		if err != nil {
			return err
		}
		return b.changeAndRedraw(ctx, cb, actor, id, change{Kind: kind}, originOf(cb, list))
	}
}

// commitmentDatePicked handles the New date picker, whose action ID ends
// with the button value: "commitment:due#12|mine".
func (b *Bot) commitmentDatePicked(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	_, value, _ := strings.Cut(act.ActionID, "#")
	id, list, err := commitmentValue(value)
	if err != nil {
		return err
	}
	due, err := isoDate(act.SelectedDate)
	if err != nil {
		return err
	}
	return b.changeAndRedraw(ctx, cb, actor, id, change{Kind: changeDue, Due: due}, originOf(cb, list))
}

// isoDate reads a date picker's "2026-12-04".
func isoDate(s string) (dates.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return dates.Date{}, fmt.Errorf("date picker value %q: %w", s, err)
	}
	return dates.Of(t), nil
}

// commitmentMore handles the ⋯ menu: History, Drop.
func (b *Bot) commitmentMore(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	choice, value, _ := strings.Cut(act.SelectedOption.Value, "|")
	id, list, err := commitmentValue(value)
	if err != nil {
		return err
	}
	if choice == moreHistory {
		return b.openHistory(ctx, cb, actor, id)
	}
	return b.openCommitmentModal(ctx, cb, actor, id, changeDrop, originOf(cb, list))
}

// commitmentModalButton handles the buttons that first ask something in a
// modal: Need help, Propose another date, Decline.
func (b *Bot) commitmentModalButton(kind string) actionHandler {
	return func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
		id, list, err := commitmentValue(act.Value)
		if err != nil {
			return err
		}
		return b.openCommitmentModal(ctx, cb, actor, id, kind, originOf(cb, list))
	}
}

// openCommitmentModal opens the modal of a change, unless the actor may not
// make it or the commitment is closed, which they are told at once.
func (b *Bot) openCommitmentModal(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64, kind string, o origin) error {
	c, err := b.store.Commitment(ctx, actor.TeamID, id)
	if errors.Is(err, store.ErrNotFound) {
		return b.tell(ctx, actor, o, "I can't find that commitment any more.")
	}
	if err != nil {
		return err
	}
	loc := b.memberLoc(actor)
	probe := planChange(c, change{Kind: kind, Note: "?", Due: dates.Today(b.now(), loc).AddDays(1)}, actor, b.now().In(loc), dates.Today(b.now(), loc))
	if len(probe.Events) == 0 {
		r := changeResult{Before: c, After: c, Plan: probe}
		return b.redraw(ctx, cb, actor, o, r)
	}
	meta := commitmentModalMeta{ID: id, Kind: kind, TZ: loc.String(), Origin: o}
	view, err := CommitmentModal(c, meta, CommitmentView{Now: b.now().In(loc), Viewer: actor.UserID})
	if err != nil {
		return err
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, view); err != nil {
		return fmt.Errorf("open %s modal: %w", kind, err)
	}
	return nil
}

// changeAndRedraw applies a change, then redraws where it came from and,
// when nothing changed, says why.
func (b *Bot) changeAndRedraw(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64, ch change, o origin) error {
	r, err := b.applyChange(ctx, actor.TeamID, id, ch, actor, nil)
	if err != nil {
		return err
	}
	return b.redraw(ctx, cb, actor, o, r)
}

// redraw shows the new state where the click came from: the message is
// replaced in place (response_url), an ephemeral list is run again, the
// Home tab republished. A change that did nothing is explained to the actor
// alone.
func (b *Bot) redraw(ctx context.Context, cb slack.InteractionCallback, actor store.Member, o origin, r changeResult) error {
	now := b.now().In(b.memberLoc(actor))
	var err error
	switch {
	case o.Home:
		err = b.publishHome(ctx, actor)
	case o.Pick:
		err = b.replaceOriginal(ctx, o.ResponseURL, pickedText(r, now), pickedBlocks(r, actor, now))
	case o.Ephemeral:
		err = b.redrawList(ctx, actor, o, r, now)
	default:
		err = b.redrawMessage(ctx, cb, actor, o, now)
	}
	if err != nil {
		return err
	}
	if !r.changed() && !o.Pick {
		return b.tell(ctx, actor, o, r.note())
	}
	return nil
}

func pickedText(r changeResult, now time.Time) string { return changeSummary(r, now) }

func pickedBlocks(r changeResult, actor store.Member, now time.Time) []slack.Block {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(changeSummary(r, now)), nil, nil)}
	if r.NotFound || !r.After.IsOpen() {
		return blocks
	}
	return append(blocks, CommitmentBlocks(r.After, CommitmentView{Now: now, Viewer: actor.UserID})...)
}

// redrawList runs an ephemeral list again, headed by what the click did.
func (b *Bot) redrawList(ctx context.Context, actor store.Member, o origin, r changeResult, now time.Time) error {
	q, ok := parseListQuery(o.List)
	if !ok {
		q = listQuery{Scope: scopeMine}
	}
	note := ""
	if r.changed() {
		note = changeSummary(r, now)
	}
	text, blocks, err := b.commitmentList(ctx, actor, q, note)
	var ue *userError
	if errors.As(err, &ue) {
		text, blocks, err = ue.msg, nil, nil
	}
	if err != nil {
		return err
	}
	return b.replaceOriginal(ctx, o.ResponseURL, text, blocks)
}

// redrawMessage redraws every commitment shown in the message clicked: its
// blocks come with the click, or, after a modal, from the outbox row that
// posted it.
func (b *Bot) redrawMessage(ctx context.Context, cb slack.InteractionCallback, actor store.Member, o origin, now time.Time) error {
	text, blocks := cb.Message.Text, cb.Message.Blocks.BlockSet
	if len(blocks) == 0 {
		sent, err := b.store.SentMessageByTS(ctx, actor.TeamID, o.TS, []string{o.Channel, actor.UserID})
		if errors.Is(err, store.ErrNotFound) {
			b.log.Debug("clicked message not found in the outbox; not redrawn", "ts", o.TS)
			return nil
		}
		if err != nil {
			return err
		}
		if text, blocks, err = decodePayload(sent.Payload); err != nil {
			return err
		}
	}
	fresh, err := commitmentsByID(ctx, b.store, actor.TeamID, commitmentIDsIn(blocks))
	if err != nil || len(fresh) == 0 {
		return err
	}
	// In a DM, the reader owns what it shows.
	v := CommitmentView{Now: now, Viewer: actor.UserID, HideOwner: strings.HasPrefix(o.Channel, "D")}
	blocks = RefreshCommitmentBlocks(blocks, fresh, v)
	return b.replaceOriginal(ctx, o.ResponseURL, orDefault(text, "Commitments"), blocks)
}

// decodePayload reads the text and blocks of an outbox payload.
func decodePayload(raw json.RawMessage) (string, []slack.Block, error) {
	var p outbox.Payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return "", nil, fmt.Errorf("decode outbox payload: %w", err)
	}
	var blocks slack.Blocks
	if len(p.Blocks) > 0 {
		if err := json.Unmarshal(p.Blocks, &blocks); err != nil {
			return "", nil, fmt.Errorf("decode outbox blocks: %w", err)
		}
	}
	return p.Text, blocks.BlockSet, nil
}

// commitmentReader is the Store or a Tx.
type commitmentReader interface {
	Commitments(ctx context.Context, teamID string, f store.CommitmentFilter) ([]store.Commitment, error)
}

// commitmentsByID reads commitments by ID, keyed by ID.
func commitmentsByID(ctx context.Context, r commitmentReader, teamID string, ids []int64) (map[int64]store.Commitment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cs, err := r.Commitments(ctx, teamID, store.CommitmentFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.Commitment, len(cs))
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

// tell shows the actor a short note: privately under the message they
// clicked, or in their DM when the click came from the Home tab.
func (b *Bot) tell(ctx context.Context, actor store.Member, o origin, text string) error {
	if text == "" {
		return nil
	}
	if o.ResponseURL != "" {
		msg := &slack.WebhookMessage{Text: text, ResponseType: slack.ResponseTypeEphemeral}
		return slack.PostWebhookCustomHTTPContext(ctx, o.ResponseURL, b.httpClient, msg)
	}
	m, err := outbox.Message(actor.TeamID, fmt.Sprintf("note:%s:%d", actor.UserID, b.now().UnixNano()), actor.UserID, text, nil)
	if err != nil {
		return err
	}
	_, err = b.store.Enqueue(ctx, m)
	return err
}

// replaceOriginal replaces the message a response_url came from.
func (b *Bot) replaceOriginal(ctx context.Context, url, text string, blocks []slack.Block) error {
	if url == "" {
		return nil
	}
	msg := &slack.WebhookMessage{Text: text, ReplaceOriginal: true}
	if len(blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return slack.PostWebhookCustomHTTPContext(ctx, url, b.httpClient, msg)
}

// openHistory shows a commitment's history in a modal.
func (b *Bot) openHistory(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64) error {
	c, err := b.store.Commitment(ctx, actor.TeamID, id)
	if err != nil {
		return err
	}
	es, err := b.store.CommitmentEvents(ctx, actor.TeamID, id)
	if err != nil {
		return err
	}
	view := HistoryModal(c, es, b.now().In(b.memberLoc(actor)))
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, view); err != nil {
		return fmt.Errorf("open history modal: %w", err)
	}
	return nil
}
