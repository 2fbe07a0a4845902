package indicator

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// saved is the outcome of recording one value.
type saved struct {
	ind     store.Indicator
	partner store.Partner
	entry   measure.Entry
	// report is the new revision, or the newest one when unchanged.
	report store.Report
	// before is the cell's newest revision before this one; previous is
	// the partner's value for the period before.
	before, previous *store.Report
	unchanged        bool
}

// saveReport records one value inside tx, as the next revision of its
// cell, with its audit entry; a value that repeats the newest revision is
// not recorded again. When the coalition figure of the period just closed
// reaches the target, it queues the celebration; when a first total
// completes a run of on-time periods, the partner's thanks. now is the
// coalition's local time.
func (s *Service) saveReport(ctx context.Context, tx *store.Tx, actorID string, indicatorID int64, partner store.Partner, e measure.Entry, now time.Time) (saved, error) {
	if err := s.mayReportFor(ctx, tx, actorID, partner); err != nil {
		return saved{}, err
	}
	ind, err := tx.LockIndicator(ctx, partner.TeamID, indicatorID)
	if err != nil {
		return saved{}, err
	}
	switch {
	case ind.Archived:
		return saved{}, kit.Sorry(fmt.Sprintf("`%s` was archived meanwhile; nothing was saved.", ind.Key))
	case !ind.Reports(partner.ID):
		return saved{}, kit.Sorry(fmt.Sprintf("*%s* no longer reports `%s`; nothing was saved.", kit.Escape(partner.Name), ind.Key))
	case e.Period.Cadence != ind.Cadence:
		return saved{}, kit.Sorry(fmt.Sprintf("`%s` is now reported %s; nothing was saved. Please report it again.", ind.Key, ind.Cadence))
	}
	sv := saved{ind: ind, partner: partner, entry: e}
	if err := sv.readNeighbours(ctx, tx); err != nil {
		return sv, err
	}
	if sv.before != nil && sv.before.Value == e.Value && (e.Note == "" || e.Note == sv.before.Note) {
		sv.report, sv.unchanged = *sv.before, true
		return sv, nil
	}
	sv.report, err = tx.AddReport(ctx, store.NewReport{
		TeamID: partner.TeamID, IndicatorID: ind.ID, IndicatorVersion: ind.Version, PartnerID: partner.ID,
		Period: e.Period.String(), PeriodStart: e.Period.Start(), Segment: e.Segment, Value: e.Value, Note: e.Note,
		ReportedBy: actorID, ReportedAt: s.Now(),
	})
	if err != nil {
		return sv, err
	}
	if err := tx.Audit(ctx, sv.change(actorID)); err != nil {
		return sv, err
	}
	if err := s.celebrate(ctx, tx, ind, e, now); err != nil {
		return sv, err
	}
	return sv, thankOnTime(ctx, tx, sv, now)
}

// readNeighbours reads the cell's newest revision and the partner's value
// for the period before.
func (s *saved) readNeighbours(ctx context.Context, tx *store.Tx) error {
	from, to := s.entry.Period.Prev().Start(), s.entry.Period.Start()
	rs, err := tx.LatestReports(ctx, s.partner.TeamID, store.ReportFilter{
		IndicatorID: &s.ind.ID, PartnerID: &s.partner.ID, Segment: &s.entry.Segment, From: &from, To: &to,
	})
	if err != nil {
		return err
	}
	for _, r := range rs {
		switch r.Period {
		case s.entry.Period.String():
			s.before = &r
		case s.entry.Period.Prev().String():
			s.previous = &r
		}
	}
	return nil
}

func (s saved) change(actorID string) store.Change {
	action := "report.add"
	var before any
	if s.before != nil {
		action, before = "report.correct", *s.before
	}
	return store.Change{TeamID: s.partner.TeamID, Actor: actorID, Action: action, Entity: "report",
		EntityID: strconv.FormatInt(s.report.ID, 10), Before: before, After: s.report}
}

// confirmation tells the reporter what was recorded, next to the
// partner's previous period and the target.
func (s saved) confirmation() string {
	unit := s.ind.Unit
	what := fmt.Sprintf("*%s* (`%s`) for *%s*, %s", kit.Escape(s.ind.Name), s.ind.Key, kit.Escape(s.partner.Name), s.entry.Period)
	if s.entry.Segment != "" {
		what += ", " + kit.Escape(measure.SegmentLabel(s.entry.Segment))
	}
	value := "*" + measure.Format(s.report.Value, unit) + "*"
	var first string
	switch {
	case s.unchanged:
		first = fmt.Sprintf("That is already recorded: %s for %s. Nothing changed.", value, what)
	case s.before != nil:
		first = fmt.Sprintf("✅ Corrected %s to %s (was %s). The earlier value stays in the history.", what, value, measure.Format(s.before.Value, unit))
	default:
		first = fmt.Sprintf("✅ Recorded %s: %s.", what, value)
	}
	prev := s.entry.Period.Prev()
	facts := []string{"no value for " + prev.String()}
	if s.previous != nil {
		facts[0] = fmt.Sprintf("%s: %s (%s)", prev, measure.Format(s.previous.Value, unit),
			measure.Trend(s.previous.Value, s.report.Value, s.ind.Direction))
	}
	facts = append(facts, targetText(s.ind))
	text := first + "\n" + strings.Join(facts, " · ")
	if s.report.Note != "" {
		text += "\nNote: _" + kit.Escape(s.report.Note) + "_"
	}
	return text
}

// celebrate queues, once per indicator, period and channel, a celebration
// for the recognition and steering channels when the coalition figure of
// the period that just closed reaches the target, unless recognition_posts
// or celebrate_targets is off. Older periods (backfilled history) and
// segments never celebrate.
func (s *Service) celebrate(ctx context.Context, tx *store.Tx, ind store.Indicator, e measure.Entry, now time.Time) error {
	if e.Segment != "" || ind.TargetValue == nil || e.Period != measure.LastClosed(ind.Cadence, now) {
		return nil
	}
	r, err := recognition.Read(ctx, tx, ind.TeamID, recognition.KindTargets)
	if err != nil || !r.On || len(r.CelebrationChannels()) == 0 {
		return err
	}
	total, start := "", e.Period.Start()
	rs, err := tx.LatestReports(ctx, ind.TeamID, store.ReportFilter{IndicatorID: &ind.ID, Segment: &total, From: &start, To: &start})
	if err != nil {
		return err
	}
	v, ok := ind.Combine.Combine(contributions(rs))
	if !ok || !measure.Reached(v, *ind.TargetValue, ind.Direction) {
		return nil
	}
	text, blocks := CelebrationMessage(ind, e.Period, v, reporters(rs))
	for _, c := range r.CelebrationChannels() {
		m := kit.Message{TeamID: ind.TeamID, Key: celebrationKey(ind, e.Period, c[0]), Channel: c[1], Text: text, Blocks: blocks}
		if _, err := kit.Queue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// celebrationKey names one celebration; the recognition channel's key is
// the one used before steering channels were celebrated in too, so an
// upgrade does not repeat a celebration.
func celebrationKey(ind store.Indicator, p measure.Period, role string) string {
	key := fmt.Sprintf("celebrate:indicator:%d:%s", ind.ID, p)
	if role != "recognition" {
		key += ":" + role
	}
	return key
}

func contributions(rs []store.Report) []measure.Contribution {
	out := make([]measure.Contribution, 0, len(rs))
	for _, r := range rs {
		out = append(out, measure.Contribution{Partner: r.PartnerID, Value: r.Value, At: r.ReportedAt})
	}
	return out
}

// reporters names the partners behind reports, once each, in order.
func reporters(rs []store.Report) []string {
	var names []string
	seen := map[int64]bool{}
	for _, r := range rs {
		if !seen[r.PartnerID] {
			seen[r.PartnerID] = true
			names = append(names, r.PartnerName)
		}
	}
	return names
}
