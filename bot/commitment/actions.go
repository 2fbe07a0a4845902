package commitment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

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
func (s *Service) commitmentClick(kind string) kit.ActionHandler {
	return func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
		id, list, err := commitmentValue(act.Value)
		if err != nil {
			return err
		}
		return s.changeAndRedraw(ctx, cb, actor, id, change{Kind: kind}, kit.OriginOf(cb, list))
	}
}

// commitmentDatePicked handles the New date picker, whose action ID ends
// with the button value: "commitment:due#12|mine".
func (s *Service) commitmentDatePicked(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	_, value, _ := strings.Cut(act.ActionID, "#")
	id, list, err := commitmentValue(value)
	if err != nil {
		return err
	}
	due, err := isoDate(act.SelectedDate)
	if err != nil {
		return err
	}
	return s.changeAndRedraw(ctx, cb, actor, id, change{Kind: changeDue, Due: due}, kit.OriginOf(cb, list))
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
func (s *Service) commitmentMore(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	choice, value, _ := strings.Cut(act.SelectedOption.Value, "|")
	id, list, err := commitmentValue(value)
	if err != nil {
		return err
	}
	if choice == moreHistory {
		return s.openHistory(ctx, cb, actor, id)
	}
	return s.openCommitmentModal(ctx, cb, actor, id, changeDrop, kit.OriginOf(cb, list))
}

// commitmentModalButton handles the buttons that first ask something in a
// modal: Need help, Propose another date, Decline.
func (s *Service) commitmentModalButton(kind string) kit.ActionHandler {
	return func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
		id, list, err := commitmentValue(act.Value)
		if err != nil {
			return err
		}
		return s.openCommitmentModal(ctx, cb, actor, id, kind, kit.OriginOf(cb, list))
	}
}

// openCommitmentModal opens the modal of a change, unless the actor may not
// make it or the commitment is closed, which they are told at once.
func (s *Service) openCommitmentModal(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64, kind string, o kit.Origin) error {
	c, err := s.Store.Commitment(ctx, actor.TeamID, id)
	if errors.Is(err, store.ErrNotFound) {
		return s.Tell(ctx, actor, o, "I can't find that commitment any more.")
	}
	if err != nil {
		return err
	}
	loc := s.dir.MemberLoc(actor)
	probe := planChange(c, change{Kind: kind, Note: "?", Due: dates.Today(s.Now(), loc).AddDays(1)}, actor, s.Now().In(loc), dates.Today(s.Now(), loc))
	if len(probe.Events) == 0 {
		r := changeResult{Before: c, After: c, Plan: probe}
		return s.redraw(ctx, cb, actor, o, r)
	}
	meta := commitmentModalMeta{ID: id, Kind: kind, TZ: loc.String(), Origin: o}
	view, err := CommitmentModal(c, meta, CommitmentView{Now: s.Now().In(loc), Viewer: actor.UserID})
	if err != nil {
		return err
	}
	if err := s.OpenView(ctx, actor.TeamID, cb.TriggerID, view); err != nil {
		return fmt.Errorf("open %s modal: %w", kind, err)
	}
	return nil
}

// changeAndRedraw applies a change, then redraws where it came from and,
// when nothing changed, says why.
func (s *Service) changeAndRedraw(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64, ch change, o kit.Origin) error {
	r, err := s.applyChange(ctx, actor.TeamID, id, ch, actor, nil)
	if err != nil {
		return err
	}
	return s.redraw(ctx, cb, actor, o, r)
}

// redraw shows the new state where the click came from: the message is
// replaced in place (response_url), an ephemeral list is run again, the
// Home tab republished. A change that did nothing is explained to the actor
// alone.
func (s *Service) redraw(ctx context.Context, cb slack.InteractionCallback, actor store.Member, o kit.Origin, r changeResult) error {
	now := s.Now().In(s.dir.MemberLoc(actor))
	var err error
	switch {
	case o.Home:
		err = s.home.PublishHome(ctx, actor)
	case o.Pick:
		err = s.ReplaceOriginal(ctx, o.ResponseURL, pickedText(r, now), pickedBlocks(r, actor, now))
	case o.Ephemeral:
		err = s.redrawList(ctx, actor, o, r, now)
	default:
		err = s.redrawMessage(ctx, cb, actor, o, now)
	}
	if err != nil {
		return err
	}
	if !r.changed() && !o.Pick {
		return s.Tell(ctx, actor, o, r.note())
	}
	return nil
}

func pickedText(r changeResult, now time.Time) string { return changeSummary(r, now) }

func pickedBlocks(r changeResult, actor store.Member, now time.Time) []slack.Block {
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(changeSummary(r, now)), nil, nil)}
	if r.NotFound || !r.After.IsOpen() {
		return blocks
	}
	return append(blocks, CommitmentBlocks(r.After, CommitmentView{Now: now, Viewer: actor.UserID})...)
}

// redrawList runs an ephemeral list again, headed by what the click did.
func (s *Service) redrawList(ctx context.Context, actor store.Member, o kit.Origin, r changeResult, now time.Time) error {
	q, ok := parseListQuery(o.List)
	if !ok {
		q = listQuery{Scope: scopeMine}
	}
	note := ""
	if r.changed() {
		note = changeSummary(r, now)
	}
	text, blocks, err := s.commitmentList(ctx, actor, q, note)
	var ue *kit.Problem
	if errors.As(err, &ue) {
		text, blocks, err = ue.Msg, nil, nil
	}
	if err != nil {
		return err
	}
	return s.ReplaceOriginal(ctx, o.ResponseURL, text, blocks)
}

// redrawMessage redraws every commitment shown in the message clicked: its
// blocks come with the click, or, after a modal, from the outbox row that
// posted it.
func (s *Service) redrawMessage(ctx context.Context, cb slack.InteractionCallback, actor store.Member, o kit.Origin, now time.Time) error {
	text, blocks := cb.Message.Text, cb.Message.Blocks.BlockSet
	if len(blocks) == 0 {
		sent, err := s.Store.SentMessageByTS(ctx, actor.TeamID, o.TS, []string{o.Channel, actor.UserID})
		if errors.Is(err, store.ErrNotFound) {
			s.Log.Debug("clicked message not found in the outbox; not redrawn", "ts", o.TS)
			return nil
		}
		if err != nil {
			return err
		}
		if text, blocks, err = decodePayload(sent.Payload); err != nil {
			return err
		}
	}
	fresh, err := commitmentsByID(ctx, s.Store, actor.TeamID, commitmentIDsIn(blocks))
	if err != nil || len(fresh) == 0 {
		return err
	}
	// In a DM, the reader owns what it shows.
	v := CommitmentView{Now: now, Viewer: actor.UserID, HideOwner: strings.HasPrefix(o.Channel, "D")}
	blocks = RefreshCommitmentBlocks(blocks, fresh, v)
	return s.ReplaceOriginal(ctx, o.ResponseURL, kit.OrDefault(text, "Commitments"), blocks)
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

// openHistory shows a commitment's history in a modal.
func (s *Service) openHistory(ctx context.Context, cb slack.InteractionCallback, actor store.Member, id int64) error {
	c, err := s.Store.Commitment(ctx, actor.TeamID, id)
	if err != nil {
		return err
	}
	es, err := s.Store.CommitmentEvents(ctx, actor.TeamID, id)
	if err != nil {
		return err
	}
	view := HistoryModal(c, es, s.Now().In(s.dir.MemberLoc(actor)))
	if err := s.OpenView(ctx, actor.TeamID, cb.TriggerID, view); err != nil {
		return fmt.Errorf("open history modal: %w", err)
	}
	return nil
}
