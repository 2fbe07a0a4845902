package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// SlashForm returns the fields Slack sends with slash command c, with a
// fresh response_url and trigger_id, for a test to tamper with before
// sending them signed through HTTPClient.Post or RawEnvelope.
func (s *Server) SlashForm(c Slash) url.Values {
	return s.slashDelivery(c).form
}

// NewResponseURL issues a response_url for user in channel, as an
// interaction from outside any message would carry.
func (s *Server) NewResponseURL(channel, user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newResponseURLLocked(channel, user, "")
}

// NewTriggerID issues a trigger_id for user.
func (s *Server) NewTriggerID(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newTriggerLocked(user)
}

// RawEnvelope sends payload over Socket Mode in an envelope of type envType
// (which need not be one Slack uses) and waits for the ack. A payload that
// is not valid JSON travels as a JSON string, so the frame stays readable
// and only the payload is malformed. Acks carry no side effects here: the
// caller inspects Ack.Payload itself.
func (s *Server) RawEnvelope(ctx context.Context, envType string, payload []byte) (Ack, error) {
	var p any = json.RawMessage(payload)
	if !json.Valid(payload) {
		p = string(payload)
	}
	return s.deliver(ctx, &delivery{envType: envType, payload: p, accepts: true, label: "raw " + envType + " envelope"})
}

// SendFrame writes frame as is to a Socket Mode connection, without
// waiting for anything: for frames no ack can answer, such as invalid JSON.
func (s *Server) SendFrame(ctx context.Context, frame []byte) error {
	c, err := s.pickConn(ctx)
	if err != nil {
		return fmt.Errorf("send frame: %w", err)
	}
	if !c.send(frame) {
		return fmt.Errorf("send frame: connection closed")
	}
	return nil
}
