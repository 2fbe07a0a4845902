package indicator

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// QueueIndicatorPrompts asks partners for the numbers they owe. The
// scheduler calls it inside its transaction, as often as it likes (the
// first weekday of each period at 10:00 by default); it returns the number
// of DMs queued.
//
// For each indicator, the period owed is the last one that has closed (in
// the coalition's timezone). Each member of each reporting partner that
// has not reported a total for it gets one DM listing everything their
// partner owes among the periods that closed on the same day, with a
// Report now button. prompt_followup_days after that day, members of
// partners still missing something get one reminder listing what is still
// missing. Outbox keys make both happen at most once per person and
// closing day, so a second call sends nothing new; a partner that has
// reported everything is never asked again. Members away (away_until) are
// skipped.
func (s *Service) QueueIndicatorPrompts(ctx context.Context, tx *store.Tx, teamID string, now time.Time) (int, error) {
	local := now.In(s.txLocation(ctx, tx, teamID))
	raw, err := tx.Settings(ctx, teamID)
	if err != nil {
		return 0, err
	}
	followUp := settings.From(raw).PromptFollowupDays()
	owed, err := owedByClosing(ctx, tx, teamID, local)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, closing := range sortedDays(owed) {
		due := !directory.Day(local).Before(closing.AddDate(0, 0, followUp))
		for _, partnerID := range sortedIDs(owed[closing]) {
			n, err := s.promptPartner(ctx, tx, teamID, partnerID, owed[closing][partnerID], closing, due, local)
			if err != nil {
				return queued, err
			}
			queued += n
		}
	}
	return queued, nil
}

// txLocation is the coalition's timezone, read in tx.
func (s *Service) txLocation(ctx context.Context, tx *store.Tx, teamID string) *time.Location {
	return s.dir.LocationOf(tx.Coalition(ctx, teamID))
}

// owedByClosing maps each closing day (the day after a period ends) to
// the partners owing a total for the periods that closed that day, with
// what they owe.
func owedByClosing(ctx context.Context, tx *store.Tx, teamID string, now time.Time) (map[time.Time]map[int64][]OwedItem, error) {
	inds, err := tx.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	owed := map[time.Time]map[int64][]OwedItem{}
	total := ""
	for _, ind := range inds {
		p := measure.LastClosed(ind.Cadence, now)
		start := p.Start()
		rs, err := tx.LatestReports(ctx, teamID, store.ReportFilter{IndicatorID: &ind.ID, Segment: &total, From: &start, To: &start})
		if err != nil {
			return nil, err
		}
		for _, partnerID := range ind.PartnerIDs {
			if slices.ContainsFunc(rs, func(r store.Report) bool { return r.PartnerID == partnerID }) {
				continue
			}
			day := p.ClosedOn()
			if owed[day] == nil {
				owed[day] = map[int64][]OwedItem{}
			}
			owed[day][partnerID] = append(owed[day][partnerID], OwedItem{Ind: ind, Period: p})
		}
	}
	return owed, nil
}

// promptPartner queues the prompt, or when due the reminder, for each
// member of one partner.
func (s *Service) promptPartner(ctx context.Context, tx *store.Tx, teamID string, partnerID int64, items []OwedItem, closing time.Time, followUpDue bool, now time.Time) (int, error) {
	p, err := tx.PartnerByID(ctx, teamID, partnerID)
	if errors.Is(err, store.ErrNotFound) || p.Archived {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	// Members whose link waits for confirmation cannot report: no prompt.
	ms, err := tx.Members(ctx, teamID, store.MemberFilter{PartnerID: &partnerID, Confirmed: true})
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, m := range ms {
		if m.AwayUntil != nil && !m.AwayUntil.Before(directory.Day(now)) {
			continue
		}
		key := fmt.Sprintf("indicator-prompt:%s:%d:%s", closing.Format("2006-01-02"), partnerID, m.UserID)
		n, err := s.queuePrompt(ctx, tx, teamID, key, m.UserID, p, items, false)
		if err == nil && n == 0 && followUpDue {
			n, err = s.queuePrompt(ctx, tx, teamID, key+":followup", m.UserID, p, items, true)
		}
		if err != nil {
			return queued, err
		}
		queued += n
	}
	return queued, nil
}

// queuePrompt queues one prompt DM; it returns 0 when one with the same
// key was queued before.
func (s *Service) queuePrompt(ctx context.Context, tx *store.Tx, teamID, key, userID string, p store.Partner, items []OwedItem, followUp bool) (int, error) {
	text, blocks := PromptMessage(p, items, followUp)
	msg, err := outbox.Message(teamID, key, userID, text, blocks)
	if err != nil {
		return 0, err
	}
	ok, err := tx.Enqueue(ctx, msg)
	if err != nil || !ok {
		return 0, err
	}
	return 1, nil
}

func sortedDays[V any](m map[time.Time]V) []time.Time {
	out := make([]time.Time, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func sortedIDs[V any](m map[int64]V) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
