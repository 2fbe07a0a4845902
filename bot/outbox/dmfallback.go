package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// dmRefusals are Slack's answers when the bot may not DM a person: an
// external (Slack Connect) person whose organization does not allow it
// (invalid_user_combination, user_not_visible in conversations.open's
// method spec; see bot/slacktest/connect.go for the sources).
var dmRefusals = map[string]bool{"invalid_user_combination": true, "user_not_visible": true}

// dmRefused reports whether err is Slack refusing a DM to the person row
// was for (a chat.postMessage whose channel is a user ID).
func dmRefused(row store.OutboxRow, err error) bool {
	var se slack.SlackErrorResponse
	return err != nil && row.Method == store.MethodPostMessage && isPerson(row.Channel) &&
		errors.As(err, &se) && dmRefusals[se.Err]
}

func isPerson(channel string) bool {
	return strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W")
}

// reroute delivers a message whose DM Slack refused as a mention in a
// thread of the person's working group channel (or the coalition's
// connect_channel): one thread per person and channel, opened once. The
// person is marked as reached that way, for /coalition who. With no
// channel to use, the row fails for good and shows in /backbone status:
// never dropped silently. It reports whether it handled the row.
func (w *Worker) reroute(row store.OutboxRow, err error, log *slog.Logger) bool {
	if !dmRefused(row, err) {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	ch, ferr := w.store.FallbackChannel(ctx, row.TeamID, row.Channel)
	if ferr == nil && ch == "" {
		ferr = w.store.InTx(ctx, func(tx *store.Tx) error { return tx.MarkDMRefused(ctx, row.TeamID, row.Channel, w.now()) })
		if ferr == nil {
			ferr = w.fail(ctx, row, reasonNoFallback)
		}
		log.Warn("DM refused and no channel to use instead", "user", row.Channel, "err", ferr)
		return ferr == nil
	}
	if ferr == nil {
		ferr = w.store.InTx(ctx, func(tx *store.Tx) error { return w.queueInThread(ctx, tx, row, ch) })
	}
	if ferr != nil {
		log.Error("DM refused; could not reroute", "err", ferr)
		return false
	}
	log.Info("DM refused; sent in a thread instead", "user", row.Channel, "channel", ch)
	return true
}

func (w *Worker) queueInThread(ctx context.Context, tx *store.Tx, row store.OutboxRow, ch string) error {
	if err := tx.MarkDMRefused(ctx, row.TeamID, row.Channel, w.now()); err != nil {
		return err
	}
	parentKey := "dmthread:" + row.Channel + ":" + ch
	parent, err := Message(row.TeamID, parentKey, ch, ThreadIntro(row.Channel), nil)
	if err != nil {
		return err
	}
	if _, err := tx.Enqueue(ctx, parent); err != nil {
		return err
	}
	var p Payload
	if err := json.Unmarshal(row.Payload, &p); err != nil {
		return fmt.Errorf("decode payload of %s: %w", row.DedupeKey, err)
	}
	p.Text, p.ThreadKey, p.ThreadTS = fmt.Sprintf("<@%s> %s", row.Channel, p.Text), parentKey, ""
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode payload of %s: %w", row.DedupeKey, err)
	}
	reply := store.OutboxMessage{TeamID: row.TeamID, DedupeKey: "inthread:" + row.DedupeKey, Method: store.MethodPostMessage,
		Channel: ch, Payload: raw, NotifyUser: row.NotifyUser}
	if _, err := tx.Enqueue(ctx, reply); err != nil {
		return err
	}
	return tx.MarkOutboxRerouted(ctx, row.ID, reroutedNote+ch, w.now())
}

// reasonNoFallback fails a refused DM when there is no channel to use:
// /backbone status lists it, to send again once there is one.
const reasonNoFallback = "dm_refused_no_channel"

// reroutedNote starts the note of a row whose DM went to a thread instead.
const reroutedNote = "dm refused: sent in a thread of "

// followReroute turns the target of a chat.update that was rerouted into
// its copy in the thread, so the message people see is the one changed.
func (w *Worker) followReroute(ctx context.Context, teamID string, target store.OutboxStatus) (store.OutboxStatus, error) {
	if target.Status != "sent" || target.TS != "" || !strings.HasPrefix(target.LastError, reroutedNote) {
		return target, nil
	}
	return w.store.OutboxByKey(ctx, teamID, "inthread:"+target.DedupeKey)
}

// ThreadIntro opens the thread where a person the bot can't DM gets their
// messages.
func ThreadIntro(userID string) string {
	return fmt.Sprintf("<@%s> Slack doesn't let me send you direct messages (your organization's settings), so your reminders and requests from Backbone will come in this thread. The buttons work the same.", userID)
}
