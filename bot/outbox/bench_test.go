package outbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// BenchmarkEnqueue measures queueing one message in its own transaction.
func BenchmarkEnqueue(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		m, _ := outbox.Message(team, fmt.Sprintf("bench-%d", i), fmt.Sprintf("C%d", i%100), "hello", nil)
		if _, err := st.Enqueue(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaim measures claiming a batch of 20 due rows out of 5,000.
func BenchmarkClaim(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for i := range 5000 {
		m, _ := outbox.Message(team, fmt.Sprintf("claim-%d", i), fmt.Sprintf("U%d", i), "hello", nil)
		if _, err := st.Enqueue(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now()
	b.ResetTimer()
	for i := range b.N {
		// A fresh lease instant each time so earlier claims have expired.
		rows, err := st.ClaimOutbox(ctx, now.Add(time.Duration(i+1)*time.Hour), time.Minute, time.Second, 20)
		if err != nil || len(rows) == 0 {
			b.Fatalf("claim: %d rows, %v", len(rows), err)
		}
	}
}

func benchStore(b *testing.B) *store.Store {
	b.Helper()
	return store.New(storetest.NewDB(b))
}

// BenchmarkClaimWithOldSentRows measures claiming a batch of 20 rows out of
// 200 pending, with no sent rows and with 1,000,000 sent ones (40 days old,
// on the same 2,000 channels): the retention bound, shown not to matter
// for the sender. The claim reads pending rows through their partial index
// and asks the channel-activity index only for the last second.
func BenchmarkClaimWithOldSentRows(b *testing.B) {
	for _, sent := range []int{0, 1_000_000} {
		b.Run(fmt.Sprintf("sent=%d", sent), func(b *testing.B) {
			st := benchStore(b)
			ctx := context.Background()
			now := time.Now()
			st.DB().MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, attempts, sent_at, ts, created_at)
				SELECT $1, 'old-' || i, 'U' || (i % 2000), '{"text":"an old reminder, long sent"}', 'sent', 1,
				       $2::timestamptz - i * interval '1 second', '1700000000.' || lpad(i::text, 6, '0'), $2::timestamptz - i * interval '1 second'
				FROM generate_series(1, $3::int) AS i`, team, now.Add(-40*24*time.Hour), sent)
			for i := range 200 {
				m, _ := outbox.Message(team, fmt.Sprintf("claim-%d", i), fmt.Sprintf("U%d", i*10), "hello", nil)
				if _, err := st.Enqueue(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
			st.DB().MustExec(`VACUUM ANALYZE outbox`)
			b.ResetTimer()
			for i := range b.N {
				rows, err := st.ClaimOutbox(ctx, now.Add(time.Duration(i+1)*time.Hour), time.Minute, time.Second, 20)
				if err != nil || len(rows) == 0 {
					b.Fatalf("claim: %d rows, %v", len(rows), err)
				}
			}
		})
	}
}

// BenchmarkDeleteSentBatch measures one retention batch: 500 of 200,000
// sent rows past the retention, deleted oldest first.
func BenchmarkDeleteSentBatch(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	now := time.Now()
	st.DB().MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, attempts, sent_at)
		SELECT $1, 'old-' || i, 'U' || (i % 2000), '{"text":"an old reminder"}', 'sent', 1, $2::timestamptz - i * interval '1 second'
		FROM generate_series(1, 200000) AS i`, team, now.Add(-40*24*time.Hour))
	st.DB().MustExec(`VACUUM ANALYZE outbox`)
	b.ResetTimer()
	for range b.N {
		n, err := st.DeleteSentOutbox(ctx, team, now.Add(-30*24*time.Hour), 500)
		if err != nil || n == 0 {
			b.Fatalf("deleted %d, %v", n, err)
		}
	}
}
