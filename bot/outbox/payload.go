// Package outbox delivers the messages queued in the store's outbox to Slack,
// honouring Slack's rate limits and never sending a row twice.
package outbox

import (
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/mrkdwn"
	"github.com/backbone-coalition/backbone/store"
)

// Payload is the body of an outbox row.
type Payload struct {
	Text     string          `json:"text"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	// ThreadKey names the dedupe key of the parent message: the worker
	// posts in its thread once it is sent, using the ts it recorded.
	ThreadKey string `json:"thread_key,omitempty"`
	// TS is the message to change, for chat.update.
	TS string `json:"ts,omitempty"`
	// UpdateKey names the dedupe key of the message to change, for
	// chat.update: the worker changes it once it is sent, in the
	// conversation and at the ts it recorded.
	UpdateKey string `json:"update_key,omitempty"`
	// User receives a chat.postEphemeral.
	User string `json:"user,omitempty"`
	// File is what a files.uploadV2 row uploads; Text is its comment.
	File *File `json:"file,omitempty"`
}

// Message builds an outbox message posting text and blocks to channel (a
// channel ID, or a user ID for a DM).
func Message(teamID, dedupeKey, channel, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	return build(teamID, dedupeKey, store.MethodPostMessage, channel, Payload{Text: text}, blocks)
}

// Reply builds an outbox message posting in the thread of the message
// queued under parentKey, once that one is sent.
func Reply(teamID, dedupeKey, channel, parentKey, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	return build(teamID, dedupeKey, store.MethodPostMessage, channel, Payload{Text: text, ThreadKey: parentKey}, blocks)
}

// Update builds an outbox message replacing the message ts in channel.
func Update(teamID, dedupeKey, channel, ts, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	return build(teamID, dedupeKey, store.MethodUpdate, channel, Payload{Text: text, TS: ts}, blocks)
}

// UpdateOf builds an outbox message replacing the message queued under
// targetKey, once that one is sent. channel is the one targetKey was queued
// to (a user ID for a DM), so that updates of one DM are paced and sent in
// order with it.
func UpdateOf(teamID, dedupeKey, channel, targetKey, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	return build(teamID, dedupeKey, store.MethodUpdate, channel, Payload{Text: text, UpdateKey: targetKey}, blocks)
}

// withBlocks encodes a payload and its blocks in one pass: its Blocks field
// hides Payload's, whose json.RawMessage would be parsed and compacted a
// second time — a third of the CPU of queueing a reminders run.
type withBlocks struct {
	Payload
	Blocks []slack.Block `json:"blocks,omitempty"`
}

func build(teamID, key, method, channel string, p Payload, blocks []slack.Block) (store.OutboxMessage, error) {
	p.Text = Defuse(p.Text, blocks)
	var v any = p
	if len(blocks) > 0 {
		v = withBlocks{Payload: p, Blocks: blocks}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return store.OutboxMessage{}, fmt.Errorf("encode payload of %s: %w", key, err)
	}
	return store.OutboxMessage{TeamID: teamID, DedupeKey: key, Method: method, Channel: channel, Payload: raw}, nil
}

func (p Payload) options() ([]slack.MsgOption, error) {
	opts := []slack.MsgOption{slack.MsgOptionText(p.Text, false)}
	if len(p.Blocks) > 0 {
		var blocks slack.Blocks
		if err := json.Unmarshal(p.Blocks, &blocks); err != nil {
			return nil, fmt.Errorf("decode blocks: %w", err)
		}
		opts = append(opts, slack.MsgOptionBlocks(blocks.BlockSet...))
	}
	if p.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(p.ThreadTS))
	}
	return opts, nil
}

// Ephemeral builds an outbox message only user sees in channel; with no
// channel it becomes a DM.
func Ephemeral(teamID, dedupeKey, channel, user, text string, blocks []slack.Block) (store.OutboxMessage, error) {
	if channel == "" {
		return Message(teamID, dedupeKey, user, text, blocks)
	}
	return build(teamID, dedupeKey, store.MethodPostEphemeral, channel, Payload{Text: text, User: user}, blocks)
}

// Defuse applies the escaping rule's last line (mrkdwn.Defuse) to a
// message's text and, in place, to the mrkdwn of its sections and context
// notes, and returns the text: whatever a view forgot to escape, nothing
// the bot sends carries a live broadcast or a disguised link.
func Defuse(text string, blocks []slack.Block) string {
	for _, b := range blocks {
		switch x := b.(type) {
		case *slack.SectionBlock:
			defuseText(x.Text)
			for _, f := range x.Fields {
				defuseText(f)
			}
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					defuseText(t)
				}
			}
		}
	}
	return mrkdwn.Defuse(text)
}

func defuseText(t *slack.TextBlockObject) {
	if t != nil && t.Type == slack.MarkdownType {
		t.Text = mrkdwn.Defuse(t.Text)
	}
}
