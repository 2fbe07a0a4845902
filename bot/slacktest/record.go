package slacktest

import (
	"context"
	"slices"
)

// Messages returns every message the bot produced, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.messages)
}

// WaitMessage returns the first message, recorded or yet to come, for which
// match is true; it gives up when ctx ends. match runs with the server
// locked: it must not call the Server.
func (s *Server) WaitMessage(ctx context.Context, match func(Message) bool) (Message, error) {
	var found Message
	err := s.waitFor(ctx, func() bool {
		i := slices.IndexFunc(s.st.messages, match)
		if i >= 0 {
			found = s.st.messages[i]
		}
		return i >= 0
	})
	return found, err
}

// LatestMessage returns the current state of the message ts in channel: its
// last post, update or deletion.
func (s *Server) LatestMessage(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, found := s.st.current[msgKey{channel, ts}]
	if !found {
		return Message{}, false
	}
	return st.msg, true
}

// Views returns every view snapshot, in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.views)
}

// WaitView returns the first view snapshot, recorded or yet to come, for
// which match is true; it gives up when ctx ends. match must not call the
// Server.
func (s *Server) WaitView(ctx context.Context, match func(View) bool) (View, error) {
	var found View
	err := s.waitFor(ctx, func() bool {
		i := slices.IndexFunc(s.st.views, match)
		if i >= 0 {
			found = s.st.views[i]
		}
		return i >= 0
	})
	return found, err
}

// HomeView returns the Home tab view last published for userID.
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, found := s.st.homes[userID]
	if !found {
		return View{}, false
	}
	for i := len(s.st.views) - 1; i >= 0; i-- {
		if s.st.views[i].ID == id {
			return s.st.views[i], true
		}
	}
	return View{}, false
}

// OpenModals returns the IDs of userID's open modals, bottom first.
func (s *Server) OpenModals(userID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.stacks[userID])
}

// Files returns every file the bot uploaded, in order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, len(s.st.files))
	for i, f := range s.st.files {
		out[i] = *f
		out[i].Content = slices.Clone(f.Content)
	}
	return out
}

// Calls returns every call the bot made, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.calls)
}

// WaitCall returns the first call, recorded or yet to come, for which match
// is true; it gives up when ctx ends. match must not call the Server.
func (s *Server) WaitCall(ctx context.Context, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitFor(ctx, func() bool {
		i := slices.IndexFunc(s.st.calls, match)
		if i >= 0 {
			found = s.st.calls[i]
		}
		return i >= 0
	})
	return found, err
}
