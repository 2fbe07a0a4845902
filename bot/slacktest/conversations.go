package slacktest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) usersInfo(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ids := req.param("users"); ids != "" {
		var users []map[string]any
		for _, id := range strings.Split(ids, ",") {
			u, known := s.st.users[id]
			if !known {
				return fail("user_not_found")
			}
			users = append(users, s.userJSON(u))
		}
		return ok(map[string]any{"users": users})
	}
	u, known := s.st.users[req.param("user")]
	if !known {
		return fail("user_not_found")
	}
	return ok(map[string]any{"user": s.userJSON(u)})
}

func (s *Server) userJSON(u User) map[string]any {
	display := u.DisplayName
	if display == "" {
		display = u.Name
	}
	return s.withConnect(u, map[string]any{
		"id":        u.ID,
		"team_id":   s.opts.TeamID,
		"name":      u.Name,
		"real_name": u.RealName,
		"deleted":   u.Deleted,
		"is_bot":    u.IsBot,
		"tz":        u.TZ,
		"tz_label":  u.TZ,
		"tz_offset": u.TZOffset,
		"profile": map[string]any{
			"real_name":    u.RealName,
			"display_name": display,
			"team":         s.opts.TeamID,
		},
	})
}

// visibleLocked finds a conversation the bot can see: any public channel, a
// private one it is in, or one of its DMs.
func (s *Server) visibleLocked(id string) (target, bool) {
	if user, ok := s.st.dmUser[id]; ok {
		return target{channel: id, dmUser: user}, true
	}
	ch, ok := s.st.channels[id]
	if !ok || (ch.IsPrivate && !s.st.isMember(ch, s.opts.BotUserID)) {
		return target{}, false
	}
	return target{channel: id, ch: ch}, true
}

func (s *Server) conversationsInfo(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.visibleLocked(req.param("channel"))
	if !found {
		return fail("channel_not_found")
	}
	return ok(map[string]any{"channel": s.channelJSON(t)})
}

func (s *Server) channelJSON(t target) map[string]any {
	if t.dmUser != "" {
		return map[string]any{"id": t.channel, "is_im": true, "user": t.dmUser, "is_open": true,
			"created": 1700000000}
	}
	return map[string]any{
		"id":          t.ch.ID,
		"name":        t.ch.Name,
		"is_channel":  !t.ch.IsPrivate,
		"is_group":    t.ch.IsPrivate,
		"is_private":  t.ch.IsPrivate,
		"is_archived": t.ch.IsArchived,
		"is_member":   s.st.isMember(t.ch, s.opts.BotUserID),
		"is_im":       false,
		"num_members": len(t.ch.Members),
		"created":     1700000000,
	}
}

func (s *Server) conversationsMembers(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.visibleLocked(req.param("channel"))
	if !found {
		return fail("channel_not_found")
	}
	members := []string{t.dmUser, s.opts.BotUserID}
	if t.ch != nil {
		members = slices.Clone(t.ch.Members)
	}
	page, next := paginate(members, req.param("cursor"), req.param("limit"))
	return ok(map[string]any{"members": page, "response_metadata": map[string]any{"next_cursor": next}})
}

// paginate pages a list with an offset cursor; limit defaults to 100.
func paginate(all []string, cursor, limit string) ([]string, string) {
	start, _ := strconv.Atoi(cursor)
	n, err := strconv.Atoi(limit)
	if err != nil || n <= 0 {
		n = 100
	}
	start = min(max(start, 0), len(all))
	end := min(start+n, len(all))
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return all[start:end], next
}

func (s *Server) conversationsOpen(_ context.Context, req apiRequest) result {
	users := strings.Split(req.param("users"), ",")
	if len(users) > 1 {
		s.violate(fmt.Errorf("conversations.open: group DMs are not supported by the fake"))
		return fail("fake_unsupported")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := req.param("channel"); ch != "" {
		t, found := s.visibleLocked(ch)
		if !found {
			return fail("channel_not_found")
		}
		return ok(map[string]any{"channel": s.channelJSON(t), "already_open": true})
	}
	if users[0] == "" {
		return fail("invalid_arguments")
	}
	u, known := s.st.users[users[0]]
	if !known {
		return fail("user_not_found")
	}
	_, already := s.st.dmByUser[u.ID]
	t, code := s.st.resolveUser(u)
	if code != "" {
		return fail(code)
	}
	return ok(map[string]any{"channel": s.channelJSON(t), "already_open": already, "no_op": already})
}
