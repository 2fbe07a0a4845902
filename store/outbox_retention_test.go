package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// seedOutbox inserts a row of team in status, sent (or queued) age before now.
func seedOutbox(t *testing.T, st *store.Store, team, key, status string, now time.Time, age time.Duration) int64 {
	t.Helper()
	var id int64
	at := now.Add(-age)
	var sentAt *time.Time
	if status == "sent" {
		sentAt = &at
	}
	err := st.DB().GetContext(context.Background(), &id, `
		INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, created_at, sent_at)
		VALUES ($1, $2, 'C1', '{"text":"x"}', $3, $4, $5) RETURNING id`, team, key, status, at, sentAt)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func outboxKeys(t *testing.T, st *store.Store) []string {
	t.Helper()
	var keys []string
	if err := st.DB().Select(&keys, `SELECT dedupe_key FROM outbox ORDER BY dedupe_key`); err != nil {
		t.Fatal(err)
	}
	return keys
}

// Retention deletes only the team's sent rows older than the cutoff, in
// batches of the size asked, with the commitment links of those messages.
func TestDeleteSentOutboxKeepsPendingFailedAndRecent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 11, 25, 3, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, r := range []struct {
		team, key, status string
		age               time.Duration
	}{
		{"T1", "old-1", "sent", 40 * day},
		{"T1", "old-2", "sent", 35 * day},
		{"T1", "old-3", "sent", 31 * day},
		{"T1", "recent", "sent", 29 * day},
		{"T1", "old-failed", "failed", 90 * day},
		{"T1", "old-pending", "pending", 90 * day},
		{"T2", "other-team", "sent", 90 * day},
	} {
		seedOutbox(t, st, r.team, r.key, r.status, now, r.age)
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.SaveProfile(ctx, store.Profile{TeamID: "T1", UserID: "U1", DisplayName: "m", TZ: "UTC"}, store.RolePartner, now); err != nil {
			return err
		}
		_, err := tx.AddCommitment(ctx, store.Commitment{TeamID: "T1", OwnerID: "U1", Text: "x", CreatedBy: "U1", CreatedAt: now, Acceptance: store.AcceptanceAccepted})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st.DB().MustExec(`INSERT INTO commitment_messages (team_id, dedupe_key, commitment_id, position)
		SELECT 'T1', k, (SELECT min(id) FROM commitments), 0 FROM unnest(ARRAY['old-1', 'recent']) AS k`)

	cutoff := now.Add(-30 * day)
	var batches []int
	for {
		n, err := st.DeleteSentOutbox(ctx, "T1", cutoff, 2)
		if err != nil {
			t.Fatal(err)
		}
		batches = append(batches, n)
		if n < 2 {
			break
		}
	}
	if want := []int{2, 1}; !slices.Equal(batches, want) {
		t.Errorf("batches deleted %v rows, want %v", batches, want)
	}
	if got, want := outboxKeys(t, st), []string{"old-failed", "old-pending", "other-team", "recent"}; !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	var links []string
	if err := st.DB().Select(&links, `SELECT dedupe_key FROM commitment_messages`); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(links, []string{"recent"}) {
		t.Errorf("commitment links left %v, want only the recent message's", links)
	}
}

func TestFailedOutboxIsListedUntilHandled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	first := seedOutbox(t, st, "T1", "first", "pending", now, time.Hour)
	second := seedOutbox(t, st, "T1", "second", "pending", now, time.Hour)
	seedOutbox(t, st, "T2", "elsewhere", "failed", now, time.Hour)
	for _, id := range []int64{first, second} {
		if err := st.FailOutbox(ctx, id, "channel_not_found"); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := st.FailedOutbox(ctx, "T1", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].DedupeKey != "second" || rows[1].LastError != "channel_not_found" || rows[0].FailedAt.IsZero() {
		t.Fatalf("failed rows %+v, want second then first, with their error and time", rows)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.RetryFailedOutbox(ctx, "T1", first, now) }); err != nil {
		t.Fatal(err)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.DismissFailedOutbox(ctx, "T1", second) }); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		st.InTx(ctx, func(tx *store.Tx) error { return tx.RetryFailedOutbox(ctx, "T1", first, now) }), // pending now, not failed
		st.InTx(ctx, func(tx *store.Tx) error { return tx.DismissFailedOutbox(ctx, "T1", second) }),   // gone
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("handling a row twice: %v, want ErrNotFound", err)
		}
	}
	if rows, _ := st.FailedOutbox(ctx, "T1", 10); len(rows) != 0 {
		t.Errorf("still listed: %+v", rows)
	}
	row, err := st.OutboxByKey(ctx, "T1", "first")
	if err != nil || row.Status != "pending" || row.Attempts != 0 {
		t.Errorf("retried row: %+v, %v; want pending with no attempts", row, err)
	}
}

func TestOutboxStats(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	if s, err := st.OutboxStats(ctx); err != nil || s != (store.OutboxStats{}) {
		t.Fatalf("empty outbox: %+v, %v", s, err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	seedOutbox(t, st, "T1", "p1", "pending", now, 10*time.Minute)
	seedOutbox(t, st, "T2", "p2", "pending", now, time.Minute)
	seedOutbox(t, st, "T1", "f", "failed", now, time.Hour)
	seedOutbox(t, st, "T1", "s", "sent", now, 2*time.Hour)
	s, err := st.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Pending != 2 || s.Failed != 1 || !s.OldestPending.Equal(now.Add(-10*time.Minute)) {
		t.Errorf("stats %+v, want 2 pending, 1 failed, oldest queued %v", s, now.Add(-10*time.Minute))
	}
}

func TestOutboxUploadSteps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	id := seedOutbox(t, st, "T1", "chart", "pending", time.Now(), 0)
	if _, err := st.OutboxUpload(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("before any step: %v, want ErrNotFound", err)
	}
	u := store.OutboxUpload{OutboxID: id, TeamID: "T1", FileID: "F1", UploadURL: "https://files.example/u/1", Step: store.UploadReserved}
	if err := st.SaveOutboxUpload(ctx, u); err != nil {
		t.Fatal(err)
	}
	u.Step = store.UploadUploaded
	if err := st.SaveOutboxUpload(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got, err := st.OutboxUpload(ctx, id); err != nil || got != u {
		t.Errorf("got %+v, %v; want %+v", got, err, u)
	}
	if err := st.ForgetOutboxUpload(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.OutboxUpload(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after forgetting: %v, want ErrNotFound", err)
	}
	// Deleting the row (retention) deletes its upload state.
	if err := st.SaveOutboxUpload(ctx, u); err != nil {
		t.Fatal(err)
	}
	st.DB().MustExec(`DELETE FROM outbox WHERE id = $1`, id)
	if _, err := st.OutboxUpload(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after the row's deletion: %v, want ErrNotFound", err)
	}
}
