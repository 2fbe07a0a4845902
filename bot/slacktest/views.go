package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/backbone-coalition/backbone/bot/blockkit"
)

// Slack's limits for modals.
const (
	maxViewBytes = 250_000
	maxStack     = 3
)

// liveView is a view as the fake holds it.
type liveView struct {
	id, user, typ string
	obj           map[string]any // the view as Slack returns it
	blocks        []any          // obj's blocks, with generated IDs
	sent          json.RawMessage
	hash          string
}

// viewRequest is a view object sent by the bot, parsed and checked.
type viewRequest struct {
	obj    map[string]any
	blocks json.RawMessage
	typ    string
}

// parseView decodes and checks a view parameter, or returns the error code
// the method answers.
func (s *Server) parseView(where, raw string) (viewRequest, result, bool) {
	if len(raw) > maxViewBytes {
		return viewRequest{}, fail("view_too_large"), false
	}
	var vr viewRequest
	if err := json.Unmarshal([]byte(raw), &vr.obj); err != nil || vr.obj == nil {
		return viewRequest{}, fail("invalid_arguments"), false
	}
	// Slack answers a view's Block Kit errors with invalid_arguments, not
	// invalid_blocks.
	if res, bad := s.reportViolations(where, "/view", blockkit.CheckView(json.RawMessage(raw))); bad {
		res.body["error"] = "invalid_arguments"
		return viewRequest{}, res, false
	}
	vr.typ, _ = vr.obj["type"].(string)
	vr.blocks, _ = json.Marshal(vr.obj["blocks"])
	return vr, result{}, true
}

func (s *Server) viewsOpen(_ context.Context, req apiRequest) result {
	vr, res, valid := s.parseView(req.method, req.param("view"))
	if !valid {
		return res
	}
	if vr.typ != "modal" {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, code := s.useTriggerLocked(req.param("trigger_id"))
	if code != "" {
		return fail(code)
	}
	if s.externalIDTakenLocked(vr.obj, "") {
		return fail("duplicate_external_id")
	}
	v := s.newViewLocked(user, vr, "")
	s.st.stacks[user] = []string{v.id}
	s.recordViewLocked(v, req.method)
	return ok(map[string]any{"view": v.obj})
}

func (s *Server) viewsPush(_ context.Context, req apiRequest) result {
	vr, res, valid := s.parseView(req.method, req.param("view"))
	if !valid {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, code := s.useTriggerLocked(req.param("trigger_id"))
	if code != "" {
		return fail(code)
	}
	v, code := s.pushLocked(user, vr)
	if code != "" {
		return fail(code)
	}
	s.recordViewLocked(v, req.method)
	return ok(map[string]any{"view": v.obj})
}

// pushLocked pushes a modal on user's stack.
func (s *Server) pushLocked(user string, vr viewRequest) (*liveView, string) {
	stack := s.st.stacks[user]
	switch {
	case vr.typ != "modal":
		return nil, "invalid_arguments"
	case len(stack) == 0:
		return nil, "not_found"
	case len(stack) >= maxStack:
		return nil, "push_limit_reached"
	}
	v := s.newViewLocked(user, vr, stack[len(stack)-1])
	v.obj["root_view_id"] = stack[0]
	s.st.stacks[user] = append(stack, v.id)
	return v, ""
}

func (s *Server) viewsUpdate(_ context.Context, req apiRequest) result {
	vr, res, valid := s.parseView(req.method, req.param("view"))
	if !valid {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.findViewLocked(req.param("view_id"), req.param("external_id"))
	switch {
	case v == nil:
		return fail("not_found")
	case req.param("hash") != "" && req.param("hash") != v.hash:
		return fail("hash_conflict")
	case vr.typ != v.typ:
		return fail("invalid_arguments")
	}
	s.replaceViewLocked(v, vr)
	s.recordViewLocked(v, req.method)
	return ok(map[string]any{"view": v.obj})
}

func (s *Server) viewsPublish(_ context.Context, req apiRequest) result {
	vr, res, valid := s.parseView(req.method, req.param("view"))
	if !valid {
		return res
	}
	if vr.typ != "home" {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user := req.param("user_id")
	if _, known := s.st.users[user]; !known {
		return fail("user_not_found")
	}
	v, exists := s.st.live[s.st.homes[user]]
	switch {
	case !exists:
		v = s.newViewLocked(user, vr, "")
		s.st.homes[user] = v.id
	case req.param("hash") != "" && req.param("hash") != v.hash:
		return fail("hash_conflict")
	default:
		s.replaceViewLocked(v, vr)
	}
	s.recordViewLocked(v, req.method)
	return ok(map[string]any{"view": v.obj})
}

// newViewLocked creates a live view for user from a checked request.
func (s *Server) newViewLocked(user string, vr viewRequest, previous string) *liveView {
	id := s.st.nextID("V")
	v := &liveView{id: id, user: user, typ: vr.typ}
	s.replaceViewLocked(v, vr)
	if vr.typ == "modal" {
		v.obj["root_view_id"] = id
	}
	if previous != "" {
		v.obj["previous_view_id"] = previous
	}
	s.st.live[id] = v
	return v
}

// replaceViewLocked gives v new content and a new hash, keeping its ID and
// place in the stack.
func (s *Server) replaceViewLocked(v *liveView, vr viewRequest) {
	obj := map[string]any{
		"private_metadata": "", "callback_id": "", "external_id": "",
		"clear_on_close": false, "notify_on_close": false,
		"root_view_id": nil, "previous_view_id": nil,
	}
	if v.obj != nil {
		obj["root_view_id"], obj["previous_view_id"] = v.obj["root_view_id"], v.obj["previous_view_id"]
	}
	maps.Copy(obj, vr.obj)
	v.blocks = s.st.withBlockIDs(vr.blocks)
	v.sent = vr.blocks
	v.hash = fmt.Sprintf("%d.%s", s.now().Unix(), s.st.nextID("h"))
	maps.Copy(obj, map[string]any{
		"id": v.id, "team_id": s.opts.TeamID, "app_id": s.opts.AppID, "bot_id": s.opts.BotID,
		"app_installed_team_id": s.opts.TeamID, "hash": v.hash, "blocks": v.blocks,
		"state": map[string]any{"values": map[string]any{}},
	})
	v.obj = obj
}

func (s *Server) findViewLocked(id, externalID string) *liveView {
	if v, ok := s.st.live[id]; ok && id != "" {
		return v
	}
	for _, v := range s.st.live {
		if externalID != "" && v.obj["external_id"] == externalID {
			return v
		}
	}
	return nil
}

func (s *Server) externalIDTakenLocked(obj map[string]any, except string) bool {
	ext, _ := obj["external_id"].(string)
	if ext == "" {
		return false
	}
	v := s.findViewLocked("", ext)
	return v != nil && v.id != except
}

// recordViewLocked appends a snapshot of v to the view log.
func (s *Server) recordViewLocked(v *liveView, method string) {
	raw, _ := json.Marshal(v.obj)
	str := func(k string) string { s, _ := v.obj[k].(string); return s }
	s.st.views = append(s.st.views, View{
		ID: v.id, Type: v.typ, UserID: v.user,
		CallbackID: str("callback_id"), ExternalID: str("external_id"),
		PrivateMetadata: str("private_metadata"), Hash: v.hash,
		RootViewID: str("root_view_id"), PreviousViewID: str("previous_view_id"),
		Blocks: v.sent, JSON: raw, Method: method,
	})
	s.notifyLocked()
}

// closeViewsLocked closes user's modals from index from to the top.
func (s *Server) closeViewsLocked(user string, from int) {
	stack := s.st.stacks[user]
	for i := len(stack) - 1; i >= from && i >= 0; i-- {
		v := s.st.live[stack[i]]
		delete(s.st.live, stack[i])
		s.recordViewLocked(v, "closed")
		s.st.views[len(s.st.views)-1].Closed = true
	}
	s.st.stacks[user] = stack[:max(from, 0)]
}
