package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Slack's limits for response_url and trigger_id.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
	triggerTTL      = 3 * time.Second
	ackDeadline     = 3 * time.Second
)

// responseURL is a response_url handed out with a slash command or an
// interaction on a message.
type responseURL struct {
	issued    time.Time
	uses      int
	channel   string
	user      string
	messageTS string // the message the interaction came from; "" for slash commands
}

// trigger is a trigger_id handed out with a slash command or interaction.
type trigger struct {
	user   string
	issued time.Time
	used   bool
}

// newResponseURLLocked issues a response_url for an invocation.
func (s *Server) newResponseURLLocked(channel, user, messageTS string) string {
	id := s.st.nextID("R")
	s.st.responses[id] = &responseURL{issued: s.now(), channel: channel, user: user, messageTS: messageTS}
	return s.base + "/response/" + id
}

// newTriggerLocked issues a trigger_id for user.
func (s *Server) newTriggerLocked(user string) string {
	now := s.now()
	s.st.seq++
	id := fmt.Sprintf("%d.%d.%016x", now.Unix(), s.st.seq, uint64(s.st.seq)*0x9e3779b97f4a7c15)
	s.st.triggers[id] = &trigger{user: user, issued: now}
	return id
}

// useTriggerLocked exchanges a trigger_id for its user, once, within 3 s.
func (s *Server) useTriggerLocked(id string) (string, string) {
	t, found := s.st.triggers[id]
	switch {
	case !found:
		return "", "invalid_trigger_id"
	case t.used:
		return "", "exchanged_trigger_id"
	case s.now().Sub(t.issued) > triggerTTL:
		return "", "expired_trigger_id"
	}
	t.used = true
	return t.user, ""
}

// webhookBody is what a response_url accepts.
type webhookBody struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	req := apiRequest{method: "response_url", raw: raw, at: s.now()}
	_ = json.Unmarshal(raw, &req.json)
	res := s.serveResponseURL(r, req)
	s.recordCall(req, res)
	writeResult(w, res)
}

func (s *Server) serveResponseURL(r *http.Request, req apiRequest) result {
	if err := s.delay(r.Context(), req.method); err != nil {
		return result{status: http.StatusServiceUnavailable, body: map[string]any{"ok": false, "error": "fake_closed"}}
	}
	if res, faulted := s.takeFault(req.method); faulted {
		return res
	}
	rurl, code := s.useResponseURL(r.PathValue("id"))
	if code != "" {
		s.violate(fmt.Errorf("response_url %s: %s", r.URL.Path, code))
		return notFound(code)
	}
	var body webhookBody
	if err := json.Unmarshal(req.raw, &body); err != nil {
		s.violate(fmt.Errorf("response_url: body is not JSON: %w", err))
		return badRequest("invalid_payload")
	}
	return s.applyWebhook(rurl, body)
}

// useResponseURL counts one use of a response_url, or returns why it cannot
// be used.
func (s *Server) useResponseURL(id string) (responseURL, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ru, found := s.st.responses[id]
	switch {
	case !found:
		return responseURL{}, "no_such_url"
	case s.now().Sub(ru.issued) > responseURLTTL:
		return responseURL{}, "expired_url"
	case ru.uses >= responseURLUses:
		return responseURL{}, "used_url"
	}
	ru.uses++
	return *ru, ""
}

func notFound(code string) result {
	return result{status: http.StatusNotFound, body: map[string]any{"ok": false, "error": code}}
}

func badRequest(code string) result {
	return result{status: http.StatusBadRequest, body: map[string]any{"ok": false, "error": code}}
}

// applyWebhook records what a response_url post does.
func (s *Server) applyWebhook(ru responseURL, b webhookBody) result {
	blocks := nullToNil(b.Blocks)
	if b.DeleteOriginal {
		return s.deleteOriginal(ru)
	}
	if strings.TrimSpace(b.Text) == "" && len(blocks) == 0 {
		s.violate(fmt.Errorf("response_url: no text and no blocks"))
		return badRequest("no_text")
	}
	if res, bad := s.checkBlocks("response_url", b.Text, blocks); bad {
		res.status = http.StatusBadRequest
		return res
	}
	m := Message{Channel: ru.channel, User: ru.user, ThreadTS: b.ThreadTS, Text: b.Text, Blocks: blocks,
		ViaResponseURL: true, Method: "response_url"}
	if b.ReplaceOriginal {
		return s.replaceOriginal(ru, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.postReplyLocked(&m, b.ResponseType)
	return ok(nil)
}

// postReplyLocked records a new reply: ephemeral unless response_type is
// in_channel.
func (s *Server) postReplyLocked(m *Message, responseType string) {
	m.InChannel = responseType == "in_channel"
	m.Ephemeral = !m.InChannel
	if m.InChannel {
		m.User = s.st.dmUser[m.Channel]
	}
	m.TS = s.st.nextTS(s.now())
	s.storeLocked(*m)
}

// originalLocked finds the live message a response_url's interaction came from.
func (s *Server) originalLocked(ru responseURL) (*stored, bool) {
	orig, found := s.st.current[msgKey{ru.channel, ru.messageTS}]
	return orig, ru.messageTS != "" && found && !orig.msg.Deleted
}

func (s *Server) replaceOriginal(ru responseURL, m Message) result {
	s.mu.Lock()
	orig, found := s.originalLocked(ru)
	if !found {
		s.mu.Unlock()
		s.violate(fmt.Errorf("response_url: replace_original without an original message"))
		return notFound("message_not_found")
	}
	defer s.mu.Unlock()
	m.TS, m.ThreadTS, m.Updated = orig.msg.TS, orig.msg.ThreadTS, true
	m.Ephemeral, m.InChannel, m.User = orig.msg.Ephemeral, orig.msg.InChannel, orig.msg.User
	s.storeLocked(m)
	return ok(nil)
}

func (s *Server) deleteOriginal(ru responseURL) result {
	s.mu.Lock()
	orig, found := s.originalLocked(ru)
	if !found {
		s.mu.Unlock()
		s.violate(fmt.Errorf("response_url: delete_original without an original message"))
		return notFound("message_not_found")
	}
	defer s.mu.Unlock()
	m := orig.msg
	m.Deleted, m.Updated, m.ViaResponseURL, m.Method = true, false, true, "response_url"
	s.storeLocked(m)
	return ok(nil)
}

func nullToNil(b json.RawMessage) json.RawMessage {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || string(t) == "null" {
		return nil
	}
	return t
}
