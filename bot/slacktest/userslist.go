package slacktest

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
)

// usersList serves users.list: every user, by ID, a page of limit (default
// and at most 1,000, as Slack caps it) at a time, the next page named by
// response_metadata.next_cursor ("" on the last page).
func (s *Server) usersList(_ context.Context, req apiRequest) result {
	limit := 1000
	if v := req.param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fail("invalid_limit")
		}
		if n > 0 {
			limit = min(n, 1000)
		}
	}
	from := 0
	if c := req.param("cursor"); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		n, aerr := strconv.Atoi(string(raw))
		if err != nil || aerr != nil || n < 0 {
			return fail("invalid_cursor")
		}
		from = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.st.users))
	for id := range s.st.users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	from = min(from, len(ids))
	to := min(from+limit, len(ids))
	members := make([]map[string]any, 0, to-from)
	for _, id := range ids[from:to] {
		members = append(members, s.userJSON(s.st.users[id]))
	}
	next := ""
	if to < len(ids) {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(to)))
	}
	return ok(map[string]any{"members": members, "response_metadata": map[string]any{"next_cursor": next}})
}
