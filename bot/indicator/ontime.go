package indicator

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// On-time reporting.
//
// A partner's total for a period is on time when its first report is dated
// (in coalition time) before the day the follow-up reminder goes out:
// prompt_followup_days after the period closed, the deadline the indicator
// prompts already use. Corrections keep the first report's date, so they
// change nothing; backfilled history is late by construction.
//
// Runs are counted per indicator: indicators have different cadences, and
// "3 periods running" only means something within one. A run is thanked at
// every third period (3, 6, 9, …) so a partner that keeps it up hears so
// again, and a late or missing period starts a new run. Each milestone's
// dedupe key names the partner, the indicator and the milestone's period,
// so it is posted once however often that period is saved again.

// onTimeRun is the number of on-time periods in a row that earns a thanks.
const onTimeRun = 3

// thankOnTime queues the thanks that s, a new total, has earned its
// partner, in the recognition channel, unless recognition_posts or
// thank_on_time is off or no recognition channel is set.
func thankOnTime(ctx context.Context, tx *store.Tx, s saved, now time.Time) error {
	if s.entry.Segment != "" || s.before != nil {
		return nil
	}
	r, err := recognition.Read(ctx, tx, s.partner.TeamID, recognition.KindOnTime)
	if err != nil || !r.On || r.Coalition.RecognitionChannel == "" {
		return err
	}
	firsts, err := tx.FirstReports(ctx, s.partner.TeamID, s.ind.ID, s.partner.ID)
	if err != nil {
		return err
	}
	h := newOnTimeHistory(firsts, r.Settings.PromptFollowupDays(), now.Location())
	for _, m := range h.milestones(s.entry.Period) {
		text, blocks := OnTimeThanks(s.partner, s.ind, m, h.reporters(m.periods))
		key := fmt.Sprintf("thanks:ontime:%d:%d:%s", s.partner.ID, s.ind.ID, m.last())
		msg := kit.Message{TeamID: s.partner.TeamID, Key: key, Channel: r.Coalition.RecognitionChannel, Text: text, Blocks: blocks}
		queued, err := kit.Queue(ctx, tx, msg)
		if err != nil || !queued {
			return err
		}
		if err := recordOnTimeShoutout(ctx, tx, s, m, h.reporters(m.periods), r.Coalition.RecognitionChannel, now); err != nil {
			return err
		}
	}
	return nil
}

// recordOnTimeShoutout keeps an on-time thanks as a shout-out from
// Backbone, crediting the partner and the people who reported, so the
// digest counts and lists it with the others, and their App Home shows it.
func recordOnTimeShoutout(ctx context.Context, tx *store.Tx, s saved, m onTimeMilestone, reporters []string, channel string, now time.Time) error {
	credits := []store.Credit{{PartnerID: &s.partner.ID}}
	for _, u := range reporters {
		credits = append(credits, store.Credit{UserID: u})
	}
	msg := fmt.Sprintf("Reported %s on time for %d periods running, through %s.", s.ind.Name, m.length, m.last().Human())
	_, err := tx.AddShoutout(ctx, store.Shoutout{TeamID: s.partner.TeamID, ChannelID: channel, Message: msg, CreatedAt: now}, credits)
	return err
}

// onTimeHistory is one partner's first totals of one indicator, by period.
type onTimeHistory struct {
	first    map[string]store.FirstReport
	followUp int
	loc      *time.Location
}

func newOnTimeHistory(rs []store.FirstReport, followUp int, loc *time.Location) onTimeHistory {
	h := onTimeHistory{first: make(map[string]store.FirstReport, len(rs)), followUp: followUp, loc: loc}
	for _, r := range rs {
		h.first[r.Period] = r
	}
	return h
}

// onTime reports whether p's total came in before its follow-up day.
func (h onTimeHistory) onTime(p measure.Period) bool {
	r, ok := h.first[p.String()]
	return ok && directory.Day(r.ReportedAt.In(h.loc)).Before(p.ClosedOn().AddDate(0, 0, h.followUp))
}

// onTimeMilestone is a run of on-time periods reaching a multiple of
// onTimeRun.
type onTimeMilestone struct {
	length int
	// periods are the run's last onTimeRun periods, oldest first: those
	// since the run's previous milestone.
	periods []measure.Period
}

func (m onTimeMilestone) last() measure.Period { return m.periods[len(m.periods)-1] }

// milestones are the milestones p being on time completes: usually at p,
// but when p fills a gap before periods already on time (its follow-up
// window can outlast the next period), at those later periods too.
func (h onTimeHistory) milestones(p measure.Period) []onTimeMilestone {
	if !h.onTime(p) {
		return nil
	}
	n := 1
	for q := p.Prev(); h.onTime(q); q = q.Prev() {
		n++
	}
	var out []onTimeMilestone
	for q := p; h.onTime(q); q, n = q.Next(), n+1 {
		if n%onTimeRun == 0 {
			out = append(out, onTimeMilestone{length: n, periods: measure.Recent(q, onTimeRun)})
		}
	}
	return out
}

// reporters are the members who first reported periods, once each.
func (h onTimeHistory) reporters(periods []measure.Period) []string {
	var ids []string
	for _, p := range periods {
		if id := h.first[p.String()].ReportedBy; id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// OnTimeThanks is the post for the recognition channel thanking a partner
// for a run of on-time reports, and the members who sent them.
func OnTimeThanks(p store.Partner, ind store.Indicator, m onTimeMilestone, reporters []string) (string, []slack.Block) {
	text := fmt.Sprintf("⏱️ Thank you, %s: %s reported on time %d periods running", kit.Escape(p.Name), kit.Escape(ind.Name), m.length)
	body := fmt.Sprintf("⏱️ *%s* has reported *%s* on time for *%d periods running*, through %s. Steady numbers are how the coalition sees what is working.",
		kit.Escape(p.Name), kit.Escape(ind.Name), m.length, m.last().Human())
	var names []string
	for _, id := range reporters {
		names = append(names, "<@"+id+">")
	}
	if len(names) > 0 {
		body += "\nThank you, " + kit.JoinAnd(names) + ", for sending them!"
	}
	return text, []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(body, kit.SectionBudget)), nil, nil),
		kit.ContextNote("On time means before the reminder that follows each period's end. Report with `/report`.")}
}
