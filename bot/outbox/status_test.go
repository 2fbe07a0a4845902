package outbox_test

import (
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

func TestFailedStatus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	rows := []store.FailedOutboxRow{
		{ID: 42, DedupeKey: "digest:2026-11-23", Channel: "C0STEER", Attempts: 1, LastError: "not_in_channel", FailedAt: now.Add(-3 * time.Hour)},
		{ID: 7, DedupeKey: "reminder:U1:<x>", Channel: "U0MARIA", Attempts: 15, LastError: "fatal_error", FailedAt: now.Add(-72 * time.Hour)},
	}
	tests := []struct {
		name string
		rows []store.FailedOutboxRow
		more int
		want string
	}{
		{"none", nil, 0, ""},
		{"two and more", rows, 3, "*5 messages could not be sent* (kept until retried or dismissed):\n" +
			"• #42 `digest:2026-11-23` to <#C0STEER>: the bot is not in that channel (invite it, then retry), 3 h ago after 1 attempt\n" +
			"• #7 `reminder:U1:&lt;x&gt;` to <@U0MARIA> (DM): Slack said `fatal_error`, 3 days ago after 15 attempts\n" +
			"…and 3 older."},
		{"one", rows[:1], 0, "*1 message could not be sent* (kept until retried or dismissed):\n" +
			"• #42 `digest:2026-11-23` to <#C0STEER>: the bot is not in that channel (invite it, then retry), 3 h ago after 1 attempt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := outbox.FailedStatus(tt.rows, tt.more, now); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
