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
