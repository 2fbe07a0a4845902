package schedules

import (
	"context"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// Housekeeping is the daily job that forgets what is no longer needed.
func Housekeeping() Job {
	return Job{
		Name:        "housekeeping",
		Description: "forgets the Slack deliveries remembered more than 3 days ago (kept only to ignore Slack's redeliveries)",
		DefaultSpec: "30 3 * * *",
		Run:         forgetDeliveries,
	}
}

// deliveryMemory is how long Slack deliveries are remembered: Slack
// redelivers within minutes, and a restart after a long outage within hours.
const deliveryMemory = 72 * time.Hour

func forgetDeliveries(ctx context.Context, tx *store.Tx, r Run) (int, error) {
	_, err := tx.ForgetDeliveries(ctx, r.TeamID, r.At.Add(-deliveryMemory))
	return 0, err
}
