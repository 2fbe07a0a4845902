package indicator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

const (
	callbackReport   = "report:form"
	ActionReportOpen = "report:open"
	reportNoteBlock  = "report_note"
	// reportInputPrefix starts the block_id of every value input:
	// rv|<indicator id>|<period>|<unit>|<segment>.
	reportInputPrefix = "rv|"
)

// reportFormMeta is the report form's private_metadata.
type reportFormMeta struct {
	Partner int64 `json:"partner"`
}

// reportFormItem is one indicator in the form.
type reportFormItem struct {
	ind    store.Indicator
	period measure.Period
	// current holds the newest revision for period, by segment.
	current map[string]store.Report
	// last is the partner's newest total before period.
	last *store.Report
}

// openReportForm opens the form for the member's partner (or, for
// backbone staff, the one named).
func (s *Service) openReportForm(ctx context.Context, req kit.Request, partnerName string) (kit.Reply, error) {
	p, err := s.partnerFor(ctx, req.Actor, partnerName)
	if err != nil {
		return kit.Reply{}, err
	}
	view, ok, err := s.reportFormView(ctx, p)
	if err != nil {
		return kit.Reply{}, err
	}
	if !ok {
		return kit.Reply{Text: noIndicatorsText(p)}, nil
	}
	if err := s.OpenView(ctx, req.TeamID, req.TriggerID, view); err != nil {
		return kit.Reply{}, fmt.Errorf("open report form: %w", err)
	}
	return kit.Reply{}, nil
}

func noIndicatorsText(p store.Partner) string {
	return fmt.Sprintf("*%s* reports no indicators yet. Backbone staff choose who reports what with `/indicators edit KEY`; `/indicators` lists them.", kit.Escape(p.Name))
}

// reportFormView builds the form for partner p; false when p reports no
// indicator.
func (s *Service) reportFormView(ctx context.Context, p store.Partner) (slack.ModalViewRequest, bool, error) {
	now := s.dir.CoalitionNow(ctx, p.TeamID)
	inds, err := s.Store.Indicators(ctx, p.TeamID, store.IndicatorFilter{PartnerID: &p.ID})
	if err != nil || len(inds) == 0 {
		return slack.ModalViewRequest{}, false, err
	}
	owed := make([]store.OwedPeriod, 0, len(inds))
	for _, ind := range inds {
		owed = append(owed, store.OwedPeriod{IndicatorID: ind.ID, Period: measure.LastClosed(ind.Cadence, now).String()})
	}
	rs, err := s.Store.PartnerReports(ctx, p.TeamID, p.ID, owed)
	if err != nil {
		return slack.ModalViewRequest{}, false, err
	}
	return ReportFormView(p, formItems(inds, rs, now)), true, nil
}

// formItems pairs each indicator with the period owed and what the
// partner reported before; indicators still owed come first.
func formItems(inds []store.Indicator, rs []store.Report, now time.Time) []reportFormItem {
	items := make([]reportFormItem, 0, len(inds))
	for _, ind := range inds {
		it := reportFormItem{ind: ind, period: measure.LastClosed(ind.Cadence, now), current: map[string]store.Report{}}
		for _, r := range rs {
			switch {
			case r.IndicatorID != ind.ID:
			case r.Period == it.period.String():
				it.current[r.Segment] = r
			case r.Segment == "" && r.PeriodStart.Before(it.period.Start()):
				it.last = &r // one at most: the newest before the period
			}
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b reportFormItem) int {
		_, aDone := a.current[""]
		_, bDone := b.current[""]
		switch {
		case aDone == bDone:
			return 0
		case bDone:
			return -1
		}
		return 1
	})
	return items
}

// reportOpenFromPrompt opens the form from a Report now button, in a
// prompt or on the Home tab (which has no response_url: notes go by DM).
func (s *Service) reportOpenFromPrompt(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return fmt.Errorf("report button value %q: %w", act.Value, err)
	}
	from := kit.Origin{ResponseURL: cb.ResponseURL}
	if !actor.SpeaksFor(id) && !kit.Allowed(actor.Role, kit.ActionReportForOthers, "") {
		if actor.PartnerPending() && *actor.PartnerID == id {
			return s.tellProblem(ctx, actor, from, s.pendingError(ctx, s.Store, actor))
		}
		return s.Tell(ctx, actor, from, "This reminder was for another organization's numbers; you can report only for your own. Type `/report` to see yours.")
	}
	p, err := s.activePartner(ctx, actor.TeamID, id)
	var ue *kit.Problem
	if errors.As(err, &ue) {
		return s.Tell(ctx, actor, from, ue.Msg)
	}
	if err != nil {
		return err
	}
	view, ok, err := s.reportFormView(ctx, p)
	if err != nil {
		return err
	}
	if !ok {
		return s.Tell(ctx, actor, from, noIndicatorsText(p))
	}
	if err := s.OpenView(ctx, actor.TeamID, cb.TriggerID, view); err != nil {
		return fmt.Errorf("open report form: %w", err)
	}
	return nil
}

// tellProblem tells the actor a Problem's message; other errors are
// returned.
func (s *Service) tellProblem(ctx context.Context, actor store.Member, from kit.Origin, err error) error {
	var ue *kit.Problem
	if errors.As(err, &ue) {
		return s.Tell(ctx, actor, from, ue.Msg)
	}
	return err
}

// reportInput is what a value input's block_id says.
type reportInput struct {
	blockID     string
	indicatorID int64
	period      string
	unit        measure.Unit
	segment     string
}

func reportInputID(ind store.Indicator, p measure.Period, segment string) string {
	return strings.Join([]string{"rv", strconv.FormatInt(ind.ID, 10), p.String(), string(ind.Unit), segment}, "|")
}

func parseReportInputID(blockID string) (reportInput, bool) {
	parts := strings.SplitN(blockID, "|", 5)
	if len(parts) != 5 || parts[0] != "rv" {
		return reportInput{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !measure.Unit(parts[3]).Valid() {
		return reportInput{}, false
	}
	return reportInput{blockID: blockID, indicatorID: id, period: parts[2], unit: measure.Unit(parts[3]), segment: parts[4]}, true
}

// filledInputs lists the value inputs with something typed in, in the
// form's order, with what was typed.
func filledInputs(cb slack.InteractionCallback) ([]reportInput, []string) {
	var ins []reportInput
	var typed []string
	for _, id := range reportInputOrder(cb) {
		raw := strings.TrimSpace(cb.View.State.Values[id][id].Value)
		if in, ok := parseReportInputID(id); ok && raw != "" {
			ins, typed = append(ins, in), append(typed, raw)
		}
	}
	return ins, typed
}

// reportInputOrder lists the value inputs' block_ids in the form's order.
func reportInputOrder(cb slack.InteractionCallback) []string {
	var ids []string
	for _, bl := range cb.View.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok && strings.HasPrefix(in.BlockID, reportInputPrefix) {
			ids = append(ids, in.BlockID)
		}
	}
	if len(ids) == 0 { // no blocks in the payload: fall back to the state
		for id := range cb.View.State.Values {
			if strings.HasPrefix(id, reportInputPrefix) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
	}
	return ids
}

// validateReportForm checks each value typed against its unit, before the
// ack; empty inputs are fine, but not an empty form.
func validateReportForm(cb slack.InteractionCallback) map[string]string {
	errs := map[string]string{}
	ins, typed := filledInputs(cb)
	for i, in := range ins {
		if _, err := measure.ParseValue(typed[i], in.unit); err != nil {
			errs[in.blockID] = plainMessage(err)
		}
	}
	if order := reportInputOrder(cb); len(ins) == 0 && len(order) > 0 {
		errs[order[0]] = "Fill in at least one value, or press Cancel."
	}
	if n := len([]rune(kit.InputValue(cb, reportNoteBlock))); n > measure.MaxNoteLen {
		errs[reportNoteBlock] = fmt.Sprintf("The note is %d characters; keep it to %d.", n, measure.MaxNoteLen)
	}
	return errs
}

// plainMessage is an error's message without mrkdwn, for modal errors.
func plainMessage(err error) string {
	return strings.ReplaceAll(err.Error(), "`", "")
}

// submitReportForm saves every value filled in, in one transaction, and
// sends the reporter a receipt by DM.
func (s *Service) submitReportForm(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	var meta reportFormMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil {
		return fmt.Errorf("report form metadata %q: %w", cb.View.PrivateMetadata, err)
	}
	if !actor.SpeaksFor(meta.Partner) && !kit.Allowed(actor.Role, kit.ActionReportForOthers, "") {
		if actor.PartnerPending() && *actor.PartnerID == meta.Partner {
			return s.tellProblem(ctx, actor, kit.Origin{}, s.pendingError(ctx, s.Store, actor))
		}
		s.Log.Warn("report form for another partner submitted; ignored", "user_id", actor.UserID, "partner_id", meta.Partner)
		return nil
	}
	p, err := s.Store.PartnerByID(ctx, actor.TeamID, meta.Partner)
	if err != nil {
		return err
	}
	ins, typed := filledInputs(cb)
	var problems []string
	if p.Archived {
		ins, problems = nil, []string{fmt.Sprintf("“%s” was archived, so it reports nothing any more.", kit.Escape(p.Name))}
	}
	note := kit.InputValue(cb, reportNoteBlock)
	now := s.dir.CoalitionNow(ctx, actor.TeamID)
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		var lines []string
		for i, in := range ins {
			s, err := s.saveFormValue(ctx, tx, actor.UserID, p, in, typed[i], note, now)
			var ue *kit.Problem
			switch {
			case errors.As(err, &ue):
				problems = append(problems, ue.Msg)
			case err != nil:
				return err
			default:
				lines = append(lines, s.receiptLine())
			}
		}
		text := ReportReceipt(p, lines, problems)
		msg, err := outbox.Message(actor.TeamID, "report-form:"+cb.View.ID+":"+cb.View.Hash, actor.UserID, text, nil)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, msg)
		return err
	})
}

// saveFormValue checks and records one value from the form.
func (s *Service) saveFormValue(ctx context.Context, tx *store.Tx, actorID string, p store.Partner, in reportInput, typed, note string, now time.Time) (saved, error) {
	ind, err := tx.LockIndicator(ctx, p.TeamID, in.indicatorID)
	if err != nil {
		return saved{}, err
	}
	period, err := measure.ReportPeriod(in.period, ind.Cadence, now)
	if err != nil {
		return saved{}, fromMeasure(err)
	}
	v, err := measure.ParseValue(typed, ind.Unit)
	if err != nil {
		return saved{}, kit.Sorry(fmt.Sprintf("`%s`: %s", ind.Key, err.Error()))
	}
	return s.saveReport(ctx, tx, actorID, ind.ID, p, measure.Entry{Value: v, Period: period, Segment: in.segment, Note: note}, now)
}

// receiptLine is one saved value in the form's receipt.
func (s saved) receiptLine() string {
	unit := s.ind.Unit
	line := fmt.Sprintf("*%s*, %s", kit.Escape(s.ind.Name), s.entry.Period)
	if s.entry.Segment != "" {
		line += ", " + kit.Escape(measure.SegmentLabel(s.entry.Segment))
	}
	line += ": *" + measure.Format(s.report.Value, unit) + "*"
	switch {
	case s.unchanged:
		line += " (already recorded)"
	case s.before != nil:
		line += " (corrected; was " + measure.Format(s.before.Value, unit) + ")"
	}
	if s.previous != nil {
		line += fmt.Sprintf(" · %s: %s", s.entry.Period.Prev(), measure.Format(s.previous.Value, unit))
	}
	return line
}
