package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// Render is a message queued as what to say rather than the words: the
// worker has it rendered at send time, from the data as it is then, by the
// Renderer registered for its Kind. A reminders run for thousands of people
// then writes a few IDs per DM, not kilobytes of Block Kit, and a commitment
// completed between the run and the send is not reminded.
type Render struct {
	// Kind names the Renderer, such as "reminder".
	Kind string `json:"kind"`
	// Commitments are the IDs the message is about.
	Commitments []int64 `json:"commitments,omitempty"`
	// Zone is the recipient's timezone when the message was queued.
	Zone string `json:"zone,omitempty"`
}

// Renderer renders r, queued in row, now. ErrNothingToSend drops the row (it is
// recorded sent, with no ts, and that reason); another error is retried.
type Renderer func(ctx context.Context, row store.OutboxRow, r Render) (text string, blocks []slack.Block, err error)

// ErrNothingToSend is a Renderer's answer when nothing is left to say.
var ErrNothingToSend = errors.New("nothing left to send")

// Rendered builds an outbox message posting to channel what the Renderer
// of r.Kind says at send time.
func Rendered(teamID, dedupeKey, channel string, r Render) (store.OutboxMessage, error) {
	raw, err := json.Marshal(Payload{Render: &r})
	if err != nil {
		return store.OutboxMessage{}, fmt.Errorf("encode payload of %s: %w", dedupeKey, err)
	}
	return store.OutboxMessage{TeamID: teamID, DedupeKey: dedupeKey, Method: store.MethodPostMessage, Channel: channel, Payload: raw}, nil
}

// render fills p's text and blocks from its Renderer, defused as every
// message the bot sends.
func (w *Worker) render(ctx context.Context, row store.OutboxRow, p *Payload) error {
	if p.Render == nil {
		return nil
	}
	fn, ok := w.opts.Renderers[p.Render.Kind]
	if !ok {
		return permanent("no_renderer: " + p.Render.Kind)
	}
	text, blocks, err := fn(ctx, row, *p.Render)
	if err != nil {
		return err
	}
	p.Text = Defuse(text, blocks)
	if len(blocks) > 0 {
		raw, err := json.Marshal(blocks)
		if err != nil {
			return permanent("bad_payload: " + err.Error())
		}
		p.Blocks = raw
	}
	return nil
}
