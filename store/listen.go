package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/lib/pq"
)

// ListenOutbox returns a channel that receives a value shortly after a
// transaction that queued outbox rows commits. It is a hint that lowers
// latency; workers must still poll, because notices are lost while the
// listener reconnects.
func ListenOutbox(ctx context.Context, url string, log *slog.Logger) <-chan struct{} {
	wake := make(chan struct{}, 1)
	l := pq.NewListener(url, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			log.Warn("outbox listener", "event", int(ev), "err", err)
		}
	})
	if err := l.Listen("outbox"); err != nil {
		log.Warn("outbox listener unavailable; polling only", "err", err)
	}
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case <-l.Notify:
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		}
	}()
	return wake
}
