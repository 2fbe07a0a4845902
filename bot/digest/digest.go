package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// digestJob is the name of the weekly steering digest's job.
const digestJob = "digest"

// QueueDigest queues the steering digest for the 7 days before the run to
// the steering channel: the main message, then each working group's section
// as a reply in its thread when they do not fit. The dedupe keys hold the
// slot, so a slot's digest is queued once.
func (s *Service) QueueDigest(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
	co, err := tx.Coalition(ctx, r.TeamID)
	if errors.Is(err, store.ErrNotFound) || err == nil && co.SteeringChannel == "" {
		s.Log.Info("no steering channel set; digest not sent", "team_id", r.TeamID, "slot", r.Slot)
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	d, err := s.gatherDigest(ctx, tx, co, r.At.In(r.Loc))
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
	if msgs, err = s.withDigestChart(ctx, tx, r, co.SteeringChannel, key, msgs); err != nil {
		return 0, err
	}
	if msgs, err = withGroupDigests(ctx, tx, r, key, d, msgs); err != nil {
		return 0, err
	}
	queued, err := tx.EnqueueAll(ctx, msgs)
	return len(queued), err
}

// withGroupDigests appends, when the group_digests setting is on, each
// working group's own section for its channel, under a key per slot and
// group. Only groups with something done, new or overdue get one: a
// weekly "nothing happened" post in a group's channel is noise that
// teaches people to mute the bot, and the steering digest already names
// the quiet groups.
func withGroupDigests(ctx context.Context, tx *store.Tx, r schedules.Run, key string, d Digest, msgs []store.OutboxMessage) ([]store.OutboxMessage, error) {
	raw, err := tx.Settings(ctx, r.TeamID)
	if err != nil || !settings.From(raw).GroupDigests() {
		return msgs, err
	}
	for _, g := range digestGroups(d) {
		if g.channel == "" || g.quiet() {
			continue
		}
		gm := GroupDigestBlocks(d, g)
		m, err := outbox.Message(r.TeamID, fmt.Sprintf("%s:channel:%d", key, g.id), g.channel, gm.Text, gm.Blocks)
		if err != nil {
			return msgs, err
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// digest answers `/digest preview [#channel]` and `/digest send`.
func (s *Service) digest(ctx context.Context, req kit.Request) (kit.Reply, error) {
	verb, rest := kit.Subcommand(req.Text)
	switch verb {
	case "preview":
		return s.digestPreview(ctx, req, rest)
	case "send":
		if s.jobs == nil {
			return kit.Reply{}, kit.Sorry("I can't send the digest right now: my schedules aren't running. Type `/digest preview` to see it, and ask whoever runs Backbone to restart it.")
		}
		out, err := s.jobs.RunAt(ctx, req.TeamID, digestJob, s.Now())
		if err != nil {
			return kit.Reply{}, err
		}
		return kit.Reply{Text: kit.JobOutcomeText(digestJob, out)}, nil
	}
	return kit.Reply{Text: digestHelp}, nil
}

const digestHelp = "*/digest* is the weekly steering digest.\n" +
	"• `/digest preview` shows it to you now, for the last 7 days (add `#channel` for one working group's section)\n" +
	"• `/digest send` (backbone staff) posts this week's digest to the steering channel, if it has not gone yet"

func (s *Service) digestPreview(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	group, one, err := s.previewGroup(ctx, req.TeamID, rest)
	if err != nil {
		return kit.Reply{}, err
	}
	var d Digest
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		co, err := tx.Coalition(ctx, req.TeamID)
		if errors.Is(err, store.ErrNotFound) {
			co = store.Coalition{TeamID: req.TeamID}
		} else if err != nil {
			return err
		}
		d, err = s.gatherDigest(ctx, tx, co, s.dir.CoalitionNow(ctx, req.TeamID))
		return err
	})
	if err != nil {
		return kit.Reply{}, err
	}
	if one {
		g, _ := findDigestGroup(d, group.ID)
		gm := GroupDigestBlocks(d, g)
		return kit.Reply{Text: gm.Text, Blocks: gm.Blocks}, nil
	}
	main, replies := DigestBlocks(d)
	if len(replies) > 0 {
		main.Blocks = append(main.Blocks[:len(main.Blocks)-1],
			kit.ContextNote("The working groups' sections go in the thread; see one with `/digest preview #channel`."))
	}
	return kit.Reply{Text: main.Text, Blocks: main.Blocks}, nil
}

// previewGroup reads the optional channel of `/digest preview`: the
// working group bound to it, and false when no channel is given.
func (s *Service) previewGroup(ctx context.Context, teamID, rest string) (store.WorkingGroup, bool, error) {
	if strings.TrimSpace(rest) == "" {
		return store.WorkingGroup{}, false, nil
	}
	toks, err := args.Tokenize(rest)
	if err != nil || len(toks) != 1 || toks[0].Kind != args.Channel {
		return store.WorkingGroup{}, false, kit.Sorry("`/digest preview` takes at most a working group's channel, like `/digest preview #youth-recognition`.")
	}
	g, err := s.Store.GroupByChannel(ctx, teamID, toks[0].Text)
	if errors.Is(err, store.ErrNotFound) {
		return g, false, kit.Sorry(fmt.Sprintf("<#%s> is not a working group's channel. Type `/digest preview` for the whole digest, or add a group's channel, like `/digest preview #youth-recognition`.", toks[0].Text))
	}
	return g, err == nil, err
}
