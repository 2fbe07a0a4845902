package schedules

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// DefaultOutboxRetention is how long sent outbox rows are kept by default.
const DefaultOutboxRetention = 30 * 24 * time.Hour

// retentionBatch is how many sent outbox rows one statement deletes: a
// few milliseconds each, so the sender never waits behind a long one.
const retentionBatch = 500

// Housekeeping is the daily job that forgets what is no longer needed: the
// Slack deliveries remembered more than 3 days ago, and the outbox rows sent
// more than outboxRetention ago. Failed rows stay until someone handles them.
func Housekeeping(outboxRetention time.Duration) Job {
	return Job{
		Name: "housekeeping",
		Description: fmt.Sprintf("forgets the Slack deliveries remembered more than 3 days ago (kept only to ignore Slack's redeliveries) "+
			"and deletes the messages sent more than %s ago from the outbox, and import previews older than 7 days", days(outboxRetention)),
		DefaultSpec: "30 3 * * *",
		Run:         forgetDeliveries,
		Sweep: func(ctx context.Context, st *store.Store, r Run) (int, error) {
			n, err := deleteSentOutbox(ctx, st, r.TeamID, r.At.Add(-outboxRetention))
			if err != nil {
				return n, err
			}
			// Files staff shared for an import are kept only until used.
			drafts, err := st.DeleteImportDrafts(ctx, r.TeamID, r.At.Add(-importDraftRetention))
			return n + int(drafts), err
		},
	}
}

// importDraftRetention is how long a previewed import file is kept.
const importDraftRetention = 7 * 24 * time.Hour

// deleteSentOutbox deletes the team's rows sent before cutoff, a batch at a
// time, and returns how many it deleted.
func deleteSentOutbox(ctx context.Context, st *store.Store, teamID string, cutoff time.Time) (int, error) {
	total := 0
	for {
		n, err := st.DeleteSentOutbox(ctx, teamID, cutoff, retentionBatch)
		total += n
		if err != nil || n < retentionBatch {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// days renders a retention as days when it is whole days.
func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

// deliveryMemory is how long Slack deliveries are remembered: Slack
// redelivers within minutes, and a restart after a long outage within hours.
const deliveryMemory = 72 * time.Hour

func forgetDeliveries(ctx context.Context, tx *store.Tx, r Run) (int, error) {
	_, err := tx.ForgetDeliveries(ctx, r.TeamID, r.At.Add(-deliveryMemory))
	return 0, err
}
