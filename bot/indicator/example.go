package indicator

import (
	"context"
	"errors"
	"strings"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// ExampleKey is the key help examples should use in teamID's coalition: its
// first active indicator, or the generic example when it has none or has
// one by that name (then a message naming it means that one).
func (s *Service) ExampleKey(ctx context.Context, teamID string) string {
	inds, err := s.Store.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return kit.ExampleIndicatorKey
	}
	for _, ind := range inds {
		if ind.Key == kit.ExampleIndicatorKey {
			return kit.ExampleIndicatorKey
		}
	}
	return inds[0].Key
}

// withTeamExamples makes a command's help and refusals show the
// coalition's own indicator key where they show the generic example.
func (s *Service) withTeamExamples(h kit.CommandHandler) kit.CommandHandler {
	return func(ctx context.Context, req kit.Request) (kit.Reply, error) {
		r, err := h(ctx, req)
		var p *kit.Problem
		problem := errors.As(err, &p)
		if !strings.Contains(r.Text, kit.ExampleIndicatorKey) && !(problem && strings.Contains(p.Msg, kit.ExampleIndicatorKey)) {
			return r, err
		}
		key := s.ExampleKey(ctx, req.TeamID)
		r.Text = kit.WithIndicatorKey(r.Text, key)
		if problem {
			err = kit.Sorry(kit.WithIndicatorKey(p.Msg, key))
		}
		return r, err
	}
}
