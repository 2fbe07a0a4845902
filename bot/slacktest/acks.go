package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/backbone-coalition/backbone/bot/blockkit"
)

// invocation is where a slash command or interaction happened, for replies
// carried by its ack.
type invocation struct {
	channel, user, viewID string
}

// applySlashAck records the message a slash command's ack carries, if any:
// a JSON message body, or plain text (HTTP mode).
func (s *Server) applySlashAck(inv invocation, body []byte) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == "null" || string(body) == "{}" {
		return
	}
	var b webhookBody
	if json.Unmarshal(body, &b) != nil {
		b = webhookBody{Text: string(body)}
	}
	blocks := nullToNil(b.Blocks)
	if strings.TrimSpace(b.Text) == "" && len(blocks) == 0 {
		return
	}
	if _, bad := s.checkBlocks("slash command ack", b.Text, blocks); bad {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := Message{Channel: inv.channel, User: inv.user, Text: b.Text, Blocks: blocks, Method: "ack"}
	s.postReplyLocked(&m, b.ResponseType)
}

// viewAck is a view_submission ack payload.
type viewAck struct {
	ResponseAction string            `json:"response_action"`
	Errors         map[string]string `json:"errors"`
	View           json.RawMessage   `json:"view"`
}

// applyViewAck does what a view_submission ack asks: close the view, show
// errors, update it, push a new one, or clear the stack.
func (s *Server) applyViewAck(inv invocation, body []byte) {
	body = bytes.TrimSpace(body)
	var ack viewAck
	if len(body) > 0 && json.Unmarshal(body, &ack) != nil {
		s.violate(fmt.Errorf("view_submission ack: payload is not a JSON object: %.200s", body))
		return
	}
	switch ack.ResponseAction {
	case "":
		s.closeSubmitted(inv, false)
	case "clear":
		s.closeSubmitted(inv, true)
	case "errors":
		s.checkErrorKeys(inv, ack.Errors)
	case "update", "push":
		s.applyViewChange(inv, ack)
	default:
		s.violate(fmt.Errorf("view_submission ack: unknown response_action %q", ack.ResponseAction))
	}
}

func (s *Server) closeSubmitted(inv invocation, all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.Index(s.st.stacks[inv.user], inv.viewID)
	if i < 0 {
		return
	}
	if all {
		i = 0
	}
	s.closeViewsLocked(inv.user, i)
}

// checkErrorKeys reports error keys that are not input blocks of the view:
// Slack then shows a generic error instead.
func (s *Server) checkErrorKeys(inv invocation, errs map[string]string) {
	s.mu.Lock()
	var inputs []string
	if v, ok := s.st.live[inv.viewID]; ok {
		for _, in := range inputElements(v.blocks) {
			inputs = append(inputs, in.blockID)
		}
	}
	s.mu.Unlock()
	if len(errs) == 0 {
		s.violate(fmt.Errorf("view_submission ack: response_action errors with no errors"))
	}
	for key := range errs {
		if !slices.Contains(inputs, key) {
			s.violate(fmt.Errorf("view_submission ack: error key %q is not an input block_id of view %s", key, inv.viewID))
		}
	}
}

func (s *Server) applyViewChange(inv invocation, ack viewAck) {
	where := "view_submission ack " + ack.ResponseAction
	if len(ack.View) > maxViewBytes {
		s.violate(fmt.Errorf("%s: view_too_large", where))
		return
	}
	if _, bad := s.reportViolations(where, "/view", blockkit.CheckView(ack.View)); bad {
		return
	}
	var vr viewRequest
	if err := json.Unmarshal(ack.View, &vr.obj); err != nil {
		s.violate(fmt.Errorf("%s: %w", where, err))
		return
	}
	vr.typ, _ = vr.obj["type"].(string)
	vr.blocks, _ = json.Marshal(vr.obj["blocks"])
	if code := s.changeView(inv, ack.ResponseAction, vr); code != "" {
		s.violate(fmt.Errorf("%s: %s", where, code))
	}
}

func (s *Server) changeView(inv invocation, action string, vr viewRequest) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, found := s.st.live[inv.viewID]
	if !found {
		return "not_found"
	}
	if action == "update" {
		s.replaceViewLocked(v, vr)
		s.recordViewLocked(v, "response_action:update")
		return ""
	}
	pushed, code := s.pushLocked(inv.user, vr)
	if code == "" {
		s.recordViewLocked(pushed, "response_action:push")
	}
	return code
}
