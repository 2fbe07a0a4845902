package slacktest

import (
	"slices"
	"strings"
)

// User is a workspace member known to the fake.
type User struct {
	ID       string
	Name     string
	RealName string
	// DisplayName is the profile's display name; default Name.
	DisplayName string
	// TZ is an IANA zone name such as "Europe/Paris"; TZOffset is its offset
	// from UTC in seconds, as Slack reports it.
	TZ       string
	TZOffset int
	IsBot    bool
	Deleted  bool
	// Email is the profile's email, found by users.lookupByEmail.
	Email string
	// TeamID is the user's own workspace when it is not the app's: a Slack
	// Connect person in a shared channel (see connect.go). "" for the
	// app's workspace.
	TeamID string
	// Guest is "single_channel" (is_ultra_restricted), "multi_channel"
	// (is_restricted) or "" for a full member.
	Guest string
}

// Channel is a public or private channel known to the fake.
type Channel struct {
	ID          string
	Name        string
	IsPrivate   bool
	IsArchived  bool
	Members     []string
	BotIsMember bool
}

// AddUser registers or replaces a user.
func (s *Server) AddUser(u User) {
	if u.Name == "" {
		u.Name = strings.ToLower(u.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.users[u.ID] = u
}

// AddChannel registers or replaces a channel.
func (s *Server) AddChannel(c Channel) {
	if c.Name == "" {
		c.Name = strings.ToLower(c.ID)
	}
	c.Members = slices.Clone(c.Members)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.channels[c.ID] = &c
}

// DMChannel returns the fake's D-channel ID for the bot's DM with userID,
// allocating it on first use.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.dmFor(userID)
}

func (st *state) dmFor(userID string) string {
	if id, ok := st.dmByUser[userID]; ok {
		return id
	}
	id := st.nextID("D")
	st.dmByUser[userID] = id
	st.dmUser[id] = userID
	return id
}

// target is a conversation resolved from a channel parameter.
type target struct {
	channel string
	dmUser  string
	ch      *Channel
}

// resolve maps a channel parameter (channel ID, D-channel ID or user ID) to a
// conversation the bot may post in, or returns a Slack error code.
func (st *state) resolve(id, botUserID string) (target, string) {
	if u, ok := st.users[id]; ok {
		return st.resolveUser(u)
	}
	if user, ok := st.dmUser[id]; ok {
		return target{channel: id, dmUser: user}, ""
	}
	ch, ok := st.channels[id]
	switch {
	case !ok || (ch.IsPrivate && !st.isMember(ch, botUserID)):
		return target{}, "channel_not_found"
	case ch.IsArchived:
		return target{}, "is_archived"
	case !st.isMember(ch, botUserID):
		return target{}, "not_in_channel"
	}
	return target{channel: ch.ID, ch: ch}, ""
}

func (st *state) resolveUser(u User) (target, string) {
	switch {
	case u.Deleted:
		return target{}, "user_disabled"
	case u.IsBot:
		return target{}, "cannot_dm_bot"
	case st.external(u):
		return target{}, dmRefusedExternal
	}
	return target{channel: st.dmFor(u.ID), dmUser: u.ID}, ""
}

func (st *state) isMember(ch *Channel, botUserID string) bool {
	return ch.BotIsMember || slices.Contains(ch.Members, botUserID)
}

// inConversation reports whether userID can see the conversation t.
func (t target) inConversation(userID string) bool {
	if t.dmUser != "" {
		return t.dmUser == userID
	}
	return slices.Contains(t.ch.Members, userID)
}

// userName returns a user's name, or a name derived from the ID for users
// the test did not register.
func (st *state) userName(id string) string {
	if u, ok := st.users[id]; ok {
		return u.Name
	}
	return strings.ToLower(id)
}

// channelName returns a channel's name as slash command payloads carry it.
func (st *state) channelName(id string) string {
	if ch, ok := st.channels[id]; ok {
		return ch.Name
	}
	if _, ok := st.dmUser[id]; ok || strings.HasPrefix(id, "D") {
		return "directmessage"
	}
	return strings.ToLower(id)
}
