package slacktest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// This file holds what a client showing the fake's workspace needs, such as
// the sandbox's browser page: who and what is there, conversations as they
// stand now, change notifications, and closing a modal as a user does.

// Users returns every registered user, by ID.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.st.users))
	for _, u := range s.st.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Channels returns every registered channel, by name.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.st.channels))
	for _, c := range s.st.channels {
		cp := *c
		cp.Members = slices.Clone(c.Members)
		out = append(out, cp)
	}
	slices.SortFunc(out, func(a, b Channel) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// DMUser returns the user whose DM with the bot is channel, if it is one.
func (s *Server) DMUser(channel string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.dmUser[channel]
	return u, ok
}

// Changed returns a channel closed at the next change the fake records: a
// message, a view, a call, a connection, a violation, or Close. Take a new
// one after each wake-up.
func (s *Server) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// Conversation returns the messages of channel as they stand now, in the
// order they were first posted: each message's last post or update, deleted
// ones left out. Unlike the log of Messages, Blocks carry the block_ids Slack
// generates for blocks sent without one, as conversations.history shows
// them, so a client can send block actions for them. Ephemeral messages are
// included; their User is the only one who sees them.
func (s *Server) Conversation(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	seen := map[string]bool{}
	for _, m := range s.st.messages {
		if m.Channel != channel || seen[m.TS] {
			continue
		}
		seen[m.TS] = true
		cur := s.st.current[msgKey{channel, m.TS}]
		if cur == nil || cur.msg.Deleted {
			continue
		}
		msg := cur.msg
		if cur.blocks != nil {
			msg.Blocks, _ = json.Marshal(cur.blocks)
		}
		out = append(out, msg)
	}
	return out
}

// LiveView returns the view id as it stands now, if it is open (a modal on
// a stack, or a published Home tab).
func (s *Server) LiveView(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.st.live[id]
	if !ok {
		return View{}, false
	}
	raw, _ := json.Marshal(v.obj)
	str := func(k string) string { s, _ := v.obj[k].(string); return s }
	return View{ID: v.id, Type: v.typ, UserID: v.user, CallbackID: str("callback_id"),
		ExternalID: str("external_id"), PrivateMetadata: str("private_metadata"), Hash: v.hash,
		RootViewID: str("root_view_id"), PreviousViewID: str("previous_view_id"),
		Blocks: v.sent, JSON: raw}, true
}

// CloseView is userID dismissing the modal viewID, as the Close button does:
// it and the views pushed above it close. When the view asked for
// notify_on_close, the bot gets the view_closed interaction over Socket Mode
// and CloseView returns once it is acked.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) error {
	d, err := s.closeViewDelivery(userID, viewID)
	if err != nil || d == nil {
		return err
	}
	_, err = s.deliver(ctx, d)
	return err
}

// closeViewDelivery closes the views and builds the view_closed payload, or
// nil when the view did not ask for one.
func (s *Server) closeViewDelivery(userID, viewID string) (*delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.Index(s.st.stacks[userID], viewID)
	if i < 0 {
		return nil, fmt.Errorf("close view: view %s is not on %s's modal stack", viewID, userID)
	}
	v := s.st.live[viewID]
	notify, _ := v.obj["notify_on_close"].(bool)
	p := s.interactionBaseLocked("view_closed", userID)
	delete(p, "trigger_id") // view_closed carries none
	p["view"] = viewWithState(v, map[string]any{})
	p["is_cleared"] = false
	s.closeViewsLocked(userID, i)
	if !notify {
		return nil, nil
	}
	return &delivery{envType: typeInteractive, payload: p, label: "view closed " + viewID}, nil
}
