package outbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// FailedStatus renders the failed messages of store.FailedOutbox for
// /backbone status, in mrkdwn, newest first: what each was, where it was
// going, why Slack refused it and when; "" when there are none. more tells
// how many failed rows were left out of rows. It is pure: the caller reads
// the rows and posts the text.
func FailedStatus(rows []store.FailedOutboxRow, more int, now time.Time) string {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*%d %s could not be sent* (kept until retried or dismissed):\n", len(rows)+more, plural(len(rows)+more, "message", "messages"))
	for _, r := range rows {
		fmt.Fprintf(&b, "• #%d `%s` to %s: %s, %s after %d %s\n", r.ID, mrkdwnEscape(r.DedupeKey), destination(r.Channel),
			failureReason(r.LastError), ago(now.Sub(r.FailedAt)), r.Attempts, plural(r.Attempts, "attempt", "attempts"))
	}
	if more > 0 {
		fmt.Fprintf(&b, "…and %d older.\n", more)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// destination renders a row's channel: a channel mention, or a DM.
func destination(channel string) string {
	if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
		return fmt.Sprintf("<@%s> (DM)", channel)
	}
	return fmt.Sprintf("<#%s>", channel)
}

// failureReason says in words what the common Slack errors mean.
func failureReason(code string) string {
	switch code {
	case "not_in_channel":
		return "the bot is not in that channel (invite it, then retry)"
	case "channel_not_found", "is_archived":
		return "the channel is archived or hidden from the bot"
	case reasonNoFallback:
		return "Slack refuses DMs with this person (another organization) and they are in no working group: add them to one, or `/backbone set connect_channel #channel`, then retry"
	case "":
		return "no reason recorded"
	}
	return "Slack said `" + mrkdwnEscape(code) + "`"
}

func ago(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// mrkdwnEscape escapes Slack's three control characters.
func mrkdwnEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
