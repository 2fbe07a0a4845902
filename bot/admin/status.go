package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

// statusShown is how many failed messages /backbone status lists; it reads
// statusRead to say how many more there are.
const (
	statusShown = 10
	statusRead  = 200
)

// backboneStatus lists the messages Slack refused for good, with how to
// send each again or forget it: `/backbone status`, `/backbone status
// retry 12`, `/backbone status dismiss 12`.
func (s *Service) backboneStatus(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, arg := kit.Subcommand(rest)
	switch verb {
	case "":
		return s.statusList(ctx, req)
	case "retry", "dismiss":
		return s.statusHandle(ctx, req, verb, arg)
	}
	return kit.Reply{}, kit.Sorry("Type `/backbone status` to see the messages that could not be sent, then `/backbone status retry 12` or `/backbone status dismiss 12` for one of them.")
}

func (s *Service) statusList(ctx context.Context, req kit.Request) (kit.Reply, error) {
	rows, err := s.Store.FailedOutbox(ctx, req.TeamID, statusRead)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(rows) == 0 {
		return kit.Reply{Text: "✅ Every message I was asked to send went out: none is waiting for you."}, nil
	}
	more := max(0, len(rows)-statusShown)
	text := outbox.FailedStatus(rows[:min(len(rows), statusShown)], more, s.Now())
	return kit.Reply{Text: text + "\n`/backbone status retry ID` sends one again (after you fixed what Slack said, e.g. invited me to the channel); `/backbone status dismiss ID` forgets it."}, nil
}

func (s *Service) statusHandle(ctx context.Context, req kit.Request, verb, arg string) (kit.Reply, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("Give the number shown by `/backbone status`, e.g. `/backbone status %s 12`.", verb))
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if verb == "retry" {
			err = tx.RetryFailedOutbox(ctx, req.TeamID, id, s.Now())
		} else {
			err = tx.DismissFailedOutbox(ctx, req.TeamID, id)
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "outbox." + verb, Entity: "outbox", EntityID: arg})
	})
	if errors.Is(err, store.ErrNotFound) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("No failed message #%d. Type `/backbone status` to see those waiting.", id))
	}
	if err != nil {
		return kit.Reply{}, err
	}
	if verb == "retry" {
		return kit.Reply{Text: fmt.Sprintf("🔁 Sending #%d again. If Slack refuses it again, it comes back here.", id)}, nil
	}
	return kit.Reply{Text: fmt.Sprintf("🗑 Forgot #%d.", id)}, nil
}
