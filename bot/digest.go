package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/args"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// digestJob is the name of the weekly steering digest's job.
const digestJob = "digest"

// QueueDigest queues the steering digest for the 7 days before the run to
// the steering channel: the main message, then each working group's section
// as a reply in its thread when they do not fit. The dedupe keys hold the
// slot, so a slot's digest is queued once.
func (b *Bot) QueueDigest(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
	co, err := tx.Coalition(ctx, r.TeamID)
	if errors.Is(err, store.ErrNotFound) || err == nil && co.SteeringChannel == "" {
		b.log.Info("no steering channel set; digest not sent", "team_id", r.TeamID, "slot", r.Slot)
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	d, err := b.gatherDigest(ctx, tx, co, r.At.In(r.Loc))
	if err != nil {
		return 0, err
	}
	main, replies := DigestBlocks(d)
	key := "digest:" + r.Slot
	msgs := make([]store.OutboxMessage, 0, 1+len(replies))
	m, err := outbox.Message(r.TeamID, key, co.SteeringChannel, main.Text, main.Blocks)
	if err != nil {
		return 0, err
	}
	msgs = append(msgs, m)
	for i, rep := range replies {
		m, err := outbox.Reply(r.TeamID, fmt.Sprintf("%s:group:%d", key, i+1), co.SteeringChannel, key, rep.Text, rep.Blocks)
		if err != nil {
			return 0, err
		}
		msgs = append(msgs, m)
	}
	return enqueueAll(ctx, tx, msgs)
}

func enqueueAll(ctx context.Context, tx *store.Tx, msgs []store.OutboxMessage) (int, error) {
	sent := 0
	for _, m := range msgs {
		queued, err := tx.Enqueue(ctx, m)
		if err != nil {
			return sent, err
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}

// gatherDigest reads everything a digest for the 7 days before to shows.
func (b *Bot) gatherDigest(ctx context.Context, tx *store.Tx, co store.Coalition, to time.Time) (Digest, error) {
	y, m, day := to.Date()
	w := store.DigestWindow{TeamID: co.TeamID, From: to.AddDate(0, 0, -7), To: to, Today: time.Date(y, m, day, 0, 0, 0, 0, time.UTC)}
	d := Digest{Goal: co.Goal, From: w.From, To: w.To, Today: w.Today}
	var err error
	if d.Counts, err = tx.DigestCounts(ctx, w); err != nil {
		return d, err
	}
	if d.Lists, err = tx.DigestCommitments(ctx, w); err != nil {
		return d, err
	}
	d.Indicators, err = digestIndicators(ctx, tx, co.TeamID, to)
	return d, err
}

// digestIndicators are the overview's lines for each indicator.
func digestIndicators(ctx context.Context, tx *store.Tx, teamID string, now time.Time) ([]string, error) {
	inds, err := tx.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	rs, err := tx.LatestReports(ctx, teamID, store.ReportFilter{From: historyStart(now)})
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, s := range summarize(inds, rs, now) {
		lines = append(lines, summaryText(s))
	}
	return lines, nil
}

// digest answers `/digest preview [#channel]` and `/digest send`.
func (b *Bot) digest(ctx context.Context, req request) (reply, error) {
	verb, rest := subcommand(req.Text)
	switch verb {
	case "preview":
		return b.digestPreview(ctx, req, rest)
	case "send":
		if b.jobs == nil {
			return reply{}, userErrorf("The scheduler is not running in this process.")
		}
		out, err := b.jobs.RunAt(ctx, req.TeamID, digestJob, b.now())
		if err != nil {
			return reply{}, err
		}
		return reply{Text: JobOutcomeText(digestJob, out)}, nil
	}
	return reply{Text: digestHelp}, nil
}

const digestHelp = "*/digest* is the weekly steering digest.\n" +
	"• `/digest preview` shows it to you now, for the last 7 days (add `#channel` for one working group's section)\n" +
	"• `/digest send` (backbone staff) posts this week's digest to the steering channel, if it has not gone yet"

func (b *Bot) digestPreview(ctx context.Context, req request, rest string) (reply, error) {
	group, one, err := b.previewGroup(ctx, req.TeamID, rest)
	if err != nil {
		return reply{}, err
	}
	var d Digest
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		co, err := tx.Coalition(ctx, req.TeamID)
		if errors.Is(err, store.ErrNotFound) {
			co = store.Coalition{TeamID: req.TeamID}
		} else if err != nil {
			return err
		}
		d, err = b.gatherDigest(ctx, tx, co, b.localNow(ctx, req.TeamID))
		return err
	})
	if err != nil {
		return reply{}, err
	}
	if one {
		return reply{Text: "Digest preview: " + group.Name, Blocks: groupSection(d, group.Name)}, nil
	}
	main, replies := DigestBlocks(d)
	if len(replies) > 0 {
		main.Blocks = append(main.Blocks[:len(main.Blocks)-1],
			contextNote(fmt.Sprintf("The %d working groups' sections go in the thread; see one with `/digest preview #channel`.", len(replies))))
	}
	return reply{Text: main.Text, Blocks: main.Blocks}, nil
}

// previewGroup reads the optional channel of `/digest preview`: the
// working group bound to it, and false when no channel is given.
func (b *Bot) previewGroup(ctx context.Context, teamID, rest string) (store.WorkingGroup, bool, error) {
	if strings.TrimSpace(rest) == "" {
		return store.WorkingGroup{}, false, nil
	}
	toks, err := args.Tokenize(rest)
	if err != nil || len(toks) != 1 || toks[0].Kind != args.Channel {
		return store.WorkingGroup{}, false, userErrorf("`/digest preview` takes at most a working group's channel, like `/digest preview #youth-recognition`.")
	}
	g, err := b.store.GroupByChannel(ctx, teamID, toks[0].Text)
	if errors.Is(err, store.ErrNotFound) {
		return g, false, userErrorf(fmt.Sprintf("<#%s> is not a working group's channel.", toks[0].Text))
	}
	return g, err == nil, err
}
