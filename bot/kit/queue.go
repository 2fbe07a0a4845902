package kit

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/store"
)

// Message is one message for the outbox to send: a post to a channel or to
// a person's DM, a reply in the thread of another queued message, an update
// of a sent message, or an ephemeral note.
type Message struct {
	TeamID string
	// Key dedupes: a message queued twice under one key is sent once.
	Key string
	// Channel is a channel ID, or a user ID for their DM.
	Channel string
	Text    string
	Blocks  []slack.Block
	// ThreadOf makes it a reply in the thread of the message queued under
	// that key, sent once that one is.
	ThreadOf string
	// UpdateTS makes it replace the sent message ts in Channel.
	UpdateTS string
	// UpdateOf makes it replace the message queued under that key (to the
	// same Channel), once that one is sent.
	UpdateOf string
	// EphemeralTo makes it visible only to that user, in Channel (or in
	// their DM when Channel is empty).
	EphemeralTo string
	// Commitments are the commitments the message shows: replies in its
	// thread act on them.
	Commitments []int64
	// NotifyUser is told by DM when the message cannot be delivered.
	NotifyUser string
}

// Queue adds m to the outbox in tx, the transaction of the action it tells
// about. It reports false when a message with m's key was queued before.
func Queue(ctx context.Context, tx *store.Tx, m Message) (bool, error) {
	msg, err := m.build()
	if err != nil {
		return false, err
	}
	queued, err := tx.Enqueue(ctx, msg)
	if err != nil || !queued || len(m.Commitments) == 0 {
		return queued, err
	}
	return true, tx.LinkMessage(ctx, m.TeamID, m.Key, m.Commitments)
}

func (m Message) build() (store.OutboxMessage, error) {
	msg, err := m.encode()
	msg.NotifyUser = m.NotifyUser
	return msg, err
}

func (m Message) encode() (store.OutboxMessage, error) {
	switch {
	case m.EphemeralTo != "":
		return outbox.Ephemeral(m.TeamID, m.Key, m.Channel, m.EphemeralTo, m.Text, m.Blocks)
	case m.UpdateTS != "":
		return outbox.Update(m.TeamID, m.Key, m.Channel, m.UpdateTS, m.Text, m.Blocks)
	case m.UpdateOf != "":
		return outbox.UpdateOf(m.TeamID, m.Key, m.Channel, m.UpdateOf, m.Text, m.Blocks)
	case m.ThreadOf != "":
		return outbox.Reply(m.TeamID, m.Key, m.Channel, m.ThreadOf, m.Text, m.Blocks)
	}
	return outbox.Message(m.TeamID, m.Key, m.Channel, m.Text, m.Blocks)
}
