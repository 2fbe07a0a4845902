package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// EnqueueAll queues what Enqueue would, in one statement: each key once,
// payloads intact, and reports only the keys queued now.
func TestEnqueueAllQueuesEachKeyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	msg := func(key, text string) store.OutboxMessage {
		p, _ := json.Marshal(map[string]string{"text": text, "quote": `say "hi" \ bye`})
		return store.OutboxMessage{TeamID: "T1", DedupeKey: key, Channel: "U" + key, Payload: p}
	}
	if _, err := st.Enqueue(ctx, msg("before", "old")); err != nil {
		t.Fatal(err)
	}
	var queued map[string]bool
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		queued, err = tx.EnqueueAll(ctx, []store.OutboxMessage{msg("before", "new"), msg("a", "A"), msg("b", "B")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(queued) != 2 || !queued["a"] || !queued["b"] {
		t.Errorf("queued = %v, want a and b only", queued)
	}
	if n, _ := st.OutboxPending(ctx); n != 3 {
		t.Errorf("%d rows pending, want 3", n)
	}
	tests := []struct{ key, channel string }{{"a", "Ua"}, {"b", "Ub"}, {"before", "Ubefore"}}
	for _, tt := range tests {
		row, err := st.OutboxByKey(ctx, "T1", tt.key)
		if err != nil || row.Channel != tt.channel || row.Status != "pending" {
			t.Errorf("%s: %+v, %v", tt.key, row, err)
		}
	}
	var payload string
	if err := st.DB().GetContext(ctx, &payload, `SELECT payload->>'quote' FROM outbox WHERE dedupe_key = 'a'`); err != nil || payload != `say "hi" \ bye` {
		t.Errorf("payload quote = %q, %v", payload, err)
	}
	if err := st.DB().GetContext(ctx, &payload, `SELECT payload->>'text' FROM outbox WHERE dedupe_key = 'before'`); err != nil || payload != "old" {
		t.Errorf("the earlier row was changed: text %q, %v", payload, err)
	}
}
