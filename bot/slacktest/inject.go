package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Ack is the bot's answer to an envelope.
type Ack struct {
	EnvelopeID string
	// EventID is the event_id of an events_api envelope.
	EventID string
	// Payload is the ack's payload, nil when the ack had none.
	Payload json.RawMessage
	// Latency is the real time from the (last) send to the ack.
	Latency time.Duration
}

// envelope is a Socket Mode envelope waiting for its ack.
type envelope struct {
	id    string
	label string
	sent  time.Time // last send, real clock; guarded by Server.mu
	acked chan ackMsg
}

type ackMsg struct {
	payload json.RawMessage
	latency time.Duration
}

// frame renders the envelope for one delivery attempt.
func (d *delivery) frame(envelopeID string, attempt int) []byte {
	retry, reason := d.retryAttempt+attempt, d.retryReason
	if attempt > 0 {
		reason = "timeout"
	}
	b, _ := json.Marshal(map[string]any{
		"envelope_id":              envelopeID,
		"type":                     d.envType,
		"payload":                  d.payload,
		"accepts_response_payload": d.accepts,
		"retry_attempt":            retry,
		"retry_reason":             reason,
	})
	return b
}

// deliver sends d over Socket Mode and waits for its ack. If the connection
// drops before the ack, it waits up to 3 s for the ack on another connection,
// then redelivers with retry_attempt increased, as Slack does.
func (s *Server) deliver(ctx context.Context, d *delivery) (Ack, error) {
	env := s.newEnvelope(d.label)
	ack := Ack{EnvelopeID: env.id, EventID: d.eventID}
	for attempt := 0; ; attempt++ {
		c, err := s.pickConn(ctx)
		if err != nil {
			return ack, fmt.Errorf("deliver %s: %w", d.label, err)
		}
		s.markSent(env)
		if !c.send(d.frame(env.id, attempt)) {
			continue
		}
		msg, err := s.awaitAck(ctx, env, c)
		if err != nil {
			return ack, fmt.Errorf("deliver %s: %w", d.label, err)
		}
		if msg == nil {
			continue
		}
		ack.Payload, ack.Latency = msg.payload, msg.latency
		if d.after != nil {
			d.after(msg.payload)
		}
		return ack, nil
	}
}

func (s *Server) newEnvelope(label string) *envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.seq++
	id := fmt.Sprintf("%08x-7e57-4bac-8b0e-%012x", s.st.seq, (s.st.salt^uint64(s.st.seq)*0x9e3779b97f4a7c15)>>16)
	env := &envelope{id: id, label: label, acked: make(chan ackMsg, 1)}
	s.st.pending[id] = env
	s.notifyLocked()
	return env
}

func (s *Server) markSent(env *envelope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	env.sent = time.Now()
}

// awaitAck waits for the ack; nil without error means the connection dropped
// and no ack came within the redelivery delay.
func (s *Server) awaitAck(ctx context.Context, env *envelope, c *sockConn) (*ackMsg, error) {
	var redeliver <-chan time.Time
	done := c.done
	for {
		select {
		case msg := <-env.acked:
			return &msg, nil
		case <-done:
			done = nil
			t := time.NewTimer(ackDeadline)
			defer t.Stop()
			redeliver = t.C
		case <-redeliver:
			return nil, nil
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for ack of envelope %s: %w", env.id, ctx.Err())
		case <-s.ctx.Done():
			return nil, ErrClosed
		}
	}
}

// Unacked lists the envelopes sent or queued whose ack has not arrived, in
// order.
func (s *Server) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.st.pending))
	for id := range s.st.pending {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// SlashCommand sends a slash command over Socket Mode and returns the bot's
// ack. A message in the ack payload is recorded as a reply.
func (s *Server) SlashCommand(ctx context.Context, c Slash) (Ack, error) {
	return s.deliver(ctx, s.slashDelivery(c))
}

// BlockAction sends a block_actions interaction over Socket Mode.
func (s *Server) BlockAction(ctx context.Context, r BlockActionReq) (Ack, error) {
	d, err := s.blockActionDelivery(r)
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, d)
}

// ViewSubmission submits a modal over Socket Mode and applies the ack's
// response_action (errors, update, push, clear; none closes the view).
func (s *Server) ViewSubmission(ctx context.Context, r ViewSubmitReq) (Ack, error) {
	d, err := s.viewSubmitDelivery(r)
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, d)
}

// Event sends an Events API event over Socket Mode: ev is the inner event
// (a map, a struct, or json.RawMessage), wrapped in an event_callback with a
// fresh event_id.
func (s *Server) Event(ctx context.Context, ev any) (Ack, error) {
	return s.EventWithID(ctx, "", 0, "", ev)
}

// EventWithID sends an event with a given event_id (fresh when empty) and
// retry_attempt/retry_reason, to simulate a redelivery.
func (s *Server) EventWithID(ctx context.Context, eventID string, retryAttempt int, retryReason string, ev any) (Ack, error) {
	d, err := s.eventDelivery(eventID, retryAttempt, retryReason, ev)
	if err != nil {
		return Ack{}, err
	}
	return s.deliver(ctx, d)
}

// MessageIM sends the message event of userID writing text to the bot in
// their DM (in a thread when threadTS is set).
func (s *Server) MessageIM(ctx context.Context, userID, text, threadTS string) (Ack, error) {
	return s.Event(ctx, s.imEvent(userID, text, threadTS))
}

// AppHomeOpened sends app_home_opened for userID.
func (s *Server) AppHomeOpened(ctx context.Context, userID string) (Ack, error) {
	return s.Event(ctx, s.homeOpenedEvent(userID))
}

// MemberJoined adds userID to channelID and sends member_joined_channel.
func (s *Server) MemberJoined(ctx context.Context, userID, channelID string) (Ack, error) {
	return s.Event(ctx, s.memberJoinedEvent(userID, channelID))
}
