package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// Each click redraws the message with the count it saw; clicks at the same
// moment must still see 1, 2, 3… and never the same number twice, or one
// redraw would be dropped as a duplicate and the message would stay behind.
func TestConcurrentPlusOnesSeeDistinctCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	const team, clickers = "T1", 12
	var id int64
	if err := st.DB().Get(&id, `INSERT INTO shoutouts (team_id, giver_id, channel_id, message) VALUES ($1, 'U0', 'C0', 'thanks') RETURNING id`, team); err != nil {
		t.Fatal(err)
	}
	counts := make([]int, clickers)
	var wg sync.WaitGroup
	for i := range clickers {
		wg.Go(func() {
			err := st.InTx(ctx, func(tx *store.Tx) error {
				added, n, err := tx.AddPlusOne(ctx, team, id, fmt.Sprintf("U%02d", i), time.Now())
				if err == nil && !added {
					err = fmt.Errorf("first click of U%02d not added", i)
				}
				counts[i] = n
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	slices.Sort(counts)
	for i, n := range counts {
		if n != i+1 {
			t.Fatalf("counts seen by the clicks = %v, want 1…%d", counts, clickers)
		}
	}
}

func TestPlusOneOnAnotherTeamsShoutoutIsNotFound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	var id int64
	if err := st.DB().Get(&id, `INSERT INTO shoutouts (team_id, giver_id, channel_id, message) VALUES ('T1', 'U0', 'C0', 'thanks') RETURNING id`); err != nil {
		t.Fatal(err)
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		_, _, err := tx.AddPlusOne(ctx, "T2", id, "U1", time.Now())
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}
