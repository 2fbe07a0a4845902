package bot

import (
	"context"
	"time"
)

// WaitIdle waits until no request is being acked and no handler runs after
// its ack: everything the bot was asked so far is done.
func (b *Bot) WaitIdle(ctx context.Context) error {
	for b.active.Load() != 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}

// MaxWork is how many handlers run at once; the rest wait their turn.
const MaxWork = maxWork
