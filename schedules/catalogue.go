package schedules

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// Messenger builds and queues the messages of the follow-up jobs, inside
// the run's transaction; the bot implements it.
type Messenger interface {
	QueueReminders(ctx context.Context, tx *store.Tx, r Run) (int, error)
	QueueCheckins(ctx context.Context, tx *store.Tx, r Run) (int, error)
	QueueEscalations(ctx context.Context, tx *store.Tx, r Run) (int, error)
	QueueIndicatorPrompts(ctx context.Context, tx *store.Tx, teamID string, now time.Time) (int, error)
	QueueDigest(ctx context.Context, tx *store.Tx, r Run) (int, error)
}

// Standard returns every job Backbone runs, the housekeeping keeping sent
// outbox rows for DefaultOutboxRetention.
func Standard(m Messenger) []Job { return StandardRetaining(m, DefaultOutboxRetention) }

// StandardRetaining is Standard with the housekeeping keeping sent outbox
// rows for retention (OUTBOX_RETENTION).
func StandardRetaining(m Messenger, retention time.Duration) []Job {
	return append(FollowUp(m), Job{
		Name:        "prompts",
		Description: "asks each reporting partner for the numbers of the period that just closed, then follows up with those still missing some",
		DefaultSpec: "0 10 * * 1-5",
		Run: func(ctx context.Context, tx *store.Tx, r Run) (int, error) {
			return m.QueueIndicatorPrompts(ctx, tx, r.TeamID, r.At)
		},
	}, Job{
		Name:        "digest",
		Description: "posts the weekly digest of the 7 days before it to the steering channel: counts, exceptions, indicators and each working group's section",
		DefaultSpec: "0 8 * * 1",
		Grace:       48 * time.Hour,
		Run:         m.QueueDigest,
	}, Housekeeping(retention))
}

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
			"and deletes the messages sent more than %s ago from the outbox", days(outboxRetention)),
		DefaultSpec: "30 3 * * *",
		Run:         forgetDeliveries,
		Sweep: func(ctx context.Context, st *store.Store, r Run) (int, error) {
			return deleteSentOutbox(ctx, st, r.TeamID, r.At.Add(-outboxRetention))
		},
	}
}

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

// FollowUp returns the jobs that chase commitments between meetings.
func FollowUp(m Messenger) []Job {
	return []Job{
		{
			Name:        "reminders",
			Description: "one DM per person listing what is due soon or overdue, at 09:00 their own time (weekends per the weekend_reminders setting; holidays skipped)",
			DefaultSpec: "0 9 * * *",
			PerMember:   true,
			Run:         m.QueueReminders,
		},
		{
			Name:        "checkins",
			Description: "halfway between two meetings of a group, asks each owner of an open item from the last meeting how it is going",
			DefaultSpec: "0 10 * * *",
			Run:         m.QueueCheckins,
		},
		{
			Name:        "escalations",
			Description: "tells backbone staff about long-overdue items and unanswered calls for help, with a Nudge button",
			DefaultSpec: "30 9 * * 1-5",
			Run:         m.QueueEscalations,
		},
	}
}
