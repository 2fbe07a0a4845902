package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/backbone-coalition/backbone/bot/blockkit"
)

// stored is the current state of a message, for interactions and updates.
type stored struct {
	msg    Message
	blocks []any // blocks with generated block_ids, as Slack returns them
}

func (s *Server) authTest(_ context.Context, _ apiRequest) result {
	return ok(map[string]any{
		"url":                   "https://" + s.opts.TeamDomain + ".slack.com/",
		"team":                  s.opts.TeamDomain,
		"user":                  "backbone",
		"team_id":               s.opts.TeamID,
		"user_id":               s.opts.BotUserID,
		"bot_id":                s.opts.BotID,
		"is_enterprise_install": false,
	})
}

func (s *Server) postMessage(_ context.Context, req apiRequest) result {
	text, blocks := req.param("text"), blocksParam(req)
	if strings.TrimSpace(text) == "" && len(blocks) == 0 {
		return fail("no_text")
	}
	if res, bad := s.checkBlocks(req.method, text, blocks); bad {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, code := s.st.resolve(req.param("channel"), s.opts.BotUserID)
	if code != "" {
		return fail(code)
	}
	if wait, allowed := s.st.rate.allow(t.channel, req.at); !allowed {
		res := fail("ratelimited")
		res.status, res.header = http.StatusTooManyRequests, retryAfterHeader(wait)
		return res
	}
	m := Message{Channel: t.channel, User: t.dmUser, TS: s.st.nextTS(req.at),
		ThreadTS: req.param("thread_ts"), Text: text, Blocks: blocks, Method: req.method}
	st := s.storeLocked(m)
	return ok(map[string]any{"channel": t.channel, "ts": m.TS, "message": s.messageJSON(st)})
}

func (s *Server) chatUpdate(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	prev, code := s.findLocked(req.param("channel"), req.param("ts"))
	s.mu.Unlock()
	if code != "" {
		return fail(code)
	}
	text, blocks := req.param("text"), prev.msg.Blocks
	if req.has("blocks") {
		blocks = blocksParam(req)
	}
	if strings.TrimSpace(text) == "" && len(blocks) == 0 {
		return fail("no_text")
	}
	if res, bad := s.checkBlocks(req.method, text, blocks); bad {
		return res
	}
	m := prev.msg
	m.Text, m.Blocks, m.Updated, m.Method = text, blocks, true, req.method
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeLocked(m)
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "text": text, "message": s.messageJSON(st)})
}

func (s *Server) postEphemeral(_ context.Context, req apiRequest) result {
	text, blocks := req.param("text"), blocksParam(req)
	if strings.TrimSpace(text) == "" && len(blocks) == 0 {
		return fail("no_text")
	}
	if res, bad := s.checkBlocks(req.method, text, blocks); bad {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, code := s.st.resolve(req.param("channel"), s.opts.BotUserID)
	if code != "" {
		return fail(code)
	}
	user := req.param("user")
	if _, known := s.st.users[user]; !known || !t.inConversation(user) {
		return fail("user_not_in_channel")
	}
	m := Message{Channel: t.channel, User: user, TS: s.st.nextTS(req.at), ThreadTS: req.param("thread_ts"),
		Text: text, Blocks: blocks, Ephemeral: true, Method: req.method}
	s.storeLocked(m)
	return ok(map[string]any{"message_ts": m.TS})
}

func (s *Server) chatDelete(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, code := s.findLocked(req.param("channel"), req.param("ts"))
	if code != "" {
		return fail(code)
	}
	m := prev.msg
	m.Deleted, m.Updated, m.Method = true, false, req.method
	s.storeLocked(m)
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS})
}

// findLocked returns a live, non-ephemeral message the bot may edit.
// chat.update and chat.delete take the conversation's ID: a DM posted to a
// user ID ("U…") is changed in its "D…" conversation, and the user ID is
// answered channel_not_found (slackapi/python-slack-sdk#528, whose updates
// of DMs posted to a user ID fail so and work with the D ID).
func (s *Server) findLocked(channel, ts string) (*stored, string) {
	if _, isUser := s.st.users[channel]; isUser {
		return nil, "channel_not_found"
	}
	t, code := s.st.resolve(channel, s.opts.BotUserID)
	if code != "" {
		return nil, code
	}
	st, found := s.st.current[msgKey{t.channel, ts}]
	if !found || st.msg.Deleted || st.msg.Ephemeral {
		return nil, "message_not_found"
	}
	return st, ""
}

func blocksParam(req apiRequest) json.RawMessage {
	b := strings.TrimSpace(req.param("blocks"))
	if b == "" || b == "null" {
		return nil
	}
	return json.RawMessage(b)
}

// checkBlocks runs the Block Kit checker; on violations it reports each and
// returns Slack's invalid_blocks answer.
func (s *Server) checkBlocks(where, text string, blocks json.RawMessage) (result, bool) {
	return s.reportViolations(where, "", blockkit.CheckMessage(text, blocks))
}

// reportViolations reports each violation and builds Slack's answer, whose
// messages point into the request (prefix "/view" for views).
func (s *Server) reportViolations(where, prefix string, vs []blockkit.Violation) (result, bool) {
	if len(vs) == 0 {
		return result{}, false
	}
	msgs := make([]string, len(vs))
	for i, v := range vs {
		s.violate(fmt.Errorf("%s: %w", where, v))
		msgs[i] = fmt.Sprintf("[ERROR] %s [json-pointer:%s%s]", v.Rule, prefix, v.Path)
	}
	res := fail("invalid_blocks")
	res.body["response_metadata"] = map[string]any{"messages": msgs}
	return res, true
}

// storeLocked appends m to the log and updates the message's current state.
func (s *Server) storeLocked(m Message) *stored {
	s.st.messages = append(s.st.messages, m)
	st := &stored{msg: m, blocks: s.st.withBlockIDs(m.Blocks)}
	s.st.current[msgKey{m.Channel, m.TS}] = st
	s.notifyLocked()
	return st
}

// messageJSON renders a bot message as Slack returns it.
func (s *Server) messageJSON(st *stored) map[string]any {
	m := map[string]any{
		"type":   "message",
		"user":   s.opts.BotUserID,
		"bot_id": s.opts.BotID,
		"app_id": s.opts.AppID,
		"team":   s.opts.TeamID,
		"text":   st.msg.Text,
		"ts":     st.msg.TS,
	}
	if st.blocks != nil {
		m["blocks"] = st.blocks
	}
	if st.msg.ThreadTS != "" {
		m["thread_ts"] = st.msg.ThreadTS
	}
	return m
}
