package slacktest

import (
	"fmt"
	"slices"
)

// imEvent builds the message event of a user writing to the bot in its DM.
func (s *Server) imEvent(userID, text, threadTS string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.st.nextTS(s.now())
	ev := map[string]any{
		"type":          "message",
		"channel":       s.st.dmFor(userID),
		"channel_type":  "im",
		"user":          userID,
		"text":          text,
		"ts":            ts,
		"event_ts":      ts,
		"team":          s.opts.TeamID,
		"client_msg_id": fmt.Sprintf("%08x-0000-4000-8000-%012x", s.st.seq, s.st.lastTS),
		"blocks": []any{map[string]any{"type": "rich_text", "block_id": s.st.nextID("r"),
			"elements": []any{map[string]any{"type": "rich_text_section",
				"elements": []any{map[string]any{"type": "text", "text": text}}}}}},
	}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

// homeOpenedEvent builds app_home_opened, with the published Home view if any.
func (s *Server) homeOpenedEvent(userID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev := map[string]any{
		"type":     "app_home_opened",
		"user":     userID,
		"channel":  s.st.dmFor(userID),
		"tab":      "home",
		"event_ts": s.st.nextTS(s.now()),
	}
	if v, ok := s.st.live[s.st.homes[userID]]; ok {
		ev["view"] = v.obj
	}
	return ev
}

// memberJoinedEvent adds userID to the channel's members and builds
// member_joined_channel.
func (s *Server) memberJoinedEvent(userID, channelID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	channelType := "C"
	if ch, ok := s.st.channels[channelID]; ok {
		if !slices.Contains(ch.Members, userID) {
			ch.Members = append(ch.Members, userID)
		}
		if userID == s.opts.BotUserID {
			ch.BotIsMember = true
		}
		if ch.IsPrivate {
			channelType = "G"
		}
	}
	return map[string]any{
		"type":         "member_joined_channel",
		"user":         userID,
		"channel":      channelID,
		"channel_type": channelType,
		"team":         s.opts.TeamID,
		"event_ts":     s.st.nextTS(s.now()),
	}
}
