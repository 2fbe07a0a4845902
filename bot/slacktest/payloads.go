package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
)

// Envelope types, as Socket Mode names them.
const (
	typeSlash       = "slash_commands"
	typeInteractive = "interactive"
	typeEvents      = "events_api"
)

// delivery is one request for the bot, ready to go over Socket Mode or HTTP.
type delivery struct {
	envType      string
	payload      any        // the JSON payload
	form         url.Values // slash commands over HTTP are form-encoded
	accepts      bool       // accepts_response_payload
	retryAttempt int
	retryReason  string
	eventID      string
	label        string               // for error messages
	after        func(ackBody []byte) // applies what the ack payload asks; may be nil
}

// Slash is a slash command invocation.
type Slash struct {
	UserID, ChannelID string
	// Command includes the slash: "/backbone".
	Command string
	Text    string
}

// slashDelivery builds a slash_commands payload with a fresh trigger_id and
// response_url.
func (s *Server) slashDelivery(c Slash) *delivery {
	s.mu.Lock()
	p := map[string]string{
		"token":                 s.opts.VerificationToken,
		"team_id":               s.opts.TeamID,
		"team_domain":           s.opts.TeamDomain,
		"channel_id":            c.ChannelID,
		"channel_name":          s.st.channelName(c.ChannelID),
		"user_id":               c.UserID,
		"user_name":             s.st.userName(c.UserID),
		"command":               c.Command,
		"text":                  c.Text,
		"api_app_id":            s.opts.AppID,
		"is_enterprise_install": "false",
		"response_url":          s.newResponseURLLocked(c.ChannelID, c.UserID, ""),
		"trigger_id":            s.newTriggerLocked(c.UserID),
	}
	s.mu.Unlock()
	form := url.Values{}
	for k, v := range p {
		form.Set(k, v)
	}
	inv := invocation{channel: c.ChannelID, user: c.UserID}
	return &delivery{envType: typeSlash, payload: p, form: form, accepts: true,
		label: "slash command " + c.Command, after: func(b []byte) { s.applySlashAck(inv, b) }}
}

// BlockActionReq is a user clicking or choosing in an interactive element of
// a message (ChannelID and MessageTS) or a view (ViewID). The element is found
// by ActionID (and BlockID when set); its type, text and value come from it.
type BlockActionReq struct {
	UserID, ChannelID, MessageTS, ViewID string
	BlockID, ActionID                    string
	// Value overrides a button's value; for text inputs it is the entered text.
	Value string
	// SelectedOption is the chosen option's value (selects, overflow, radios);
	// SelectedOptions for checkboxes and multi-selects.
	SelectedOption  string
	SelectedOptions []string
	SelectedDate    string
	SelectedTime    string
	SelectedUser    string
	SelectedChannel string
	// State holds the other inputs' values: block_id → action_id → value.
	State map[string]map[string]Value
}

func (r BlockActionReq) value() Value {
	return Value{Value: r.Value, SelectedOption: r.SelectedOption, SelectedOptions: r.SelectedOptions,
		SelectedDate: r.SelectedDate, SelectedTime: r.SelectedTime, SelectedUser: r.SelectedUser,
		SelectedChannel: r.SelectedChannel}
}

// blockActionDelivery builds a block_actions payload.
func (s *Server) blockActionDelivery(r BlockActionReq) (*delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.interactionBaseLocked("block_actions", r.UserID)
	var blocks []any
	if r.ViewID != "" {
		v, found := s.st.live[r.ViewID]
		if !found {
			return nil, fmt.Errorf("block action: view %s is not open", r.ViewID)
		}
		blocks = v.blocks
		p["container"] = map[string]any{"type": "view", "view_id": v.id}
		p["view"] = viewWithState(v, renderState(v.blocks, r.State))
	} else {
		st, found := s.st.current[msgKey{r.ChannelID, r.MessageTS}]
		if !found || st.msg.Deleted {
			return nil, fmt.Errorf("block action: no message %s in %s", r.MessageTS, r.ChannelID)
		}
		blocks = st.blocks
		s.messageContextLocked(p, st, r.UserID)
		p["state"] = map[string]any{"values": renderState(st.blocks, r.State)}
	}
	e, found := findElement(blocks, r.BlockID, r.ActionID)
	if !found {
		return nil, fmt.Errorf("block action: no element with action_id %q", r.ActionID)
	}
	p["actions"] = []any{actionJSON(e, r, s.st.nextTS(s.now()))}
	return &delivery{envType: typeInteractive, payload: p, label: "block action " + r.ActionID}, nil
}

// interactionBaseLocked holds the fields every interaction payload has.
func (s *Server) interactionBaseLocked(typ, user string) map[string]any {
	return map[string]any{
		"type":                  typ,
		"token":                 s.opts.VerificationToken,
		"api_app_id":            s.opts.AppID,
		"team":                  map[string]any{"id": s.opts.TeamID, "domain": s.opts.TeamDomain},
		"user":                  map[string]any{"id": user, "username": s.st.userName(user), "name": s.st.userName(user), "team_id": s.opts.TeamID},
		"enterprise":            nil,
		"is_enterprise_install": false,
		"trigger_id":            s.newTriggerLocked(user),
	}
}

// messageContextLocked adds the message-specific fields of a block action.
func (s *Server) messageContextLocked(p map[string]any, st *stored, user string) {
	m := st.msg
	p["container"] = map[string]any{"type": "message", "message_ts": m.TS, "channel_id": m.Channel,
		"is_ephemeral": m.Ephemeral}
	p["channel"] = map[string]any{"id": m.Channel, "name": s.st.channelName(m.Channel)}
	p["response_url"] = s.newResponseURLLocked(m.Channel, user, m.TS)
	if !m.Ephemeral {
		p["message"] = s.messageJSON(st)
	}
}

func actionJSON(e element, r BlockActionReq, actionTS string) map[string]any {
	a := map[string]any{"action_id": e.actionID(), "block_id": e.blockID, "action_ts": actionTS}
	if e.typ() != "button" {
		maps.Copy(a, r.value().render(e.obj))
		return a
	}
	a["type"], a["text"] = "button", e.obj["text"]
	value := r.Value
	if value == "" {
		value, _ = e.obj["value"].(string)
	}
	if value != "" {
		a["value"] = value
	}
	if style, ok := e.obj["style"]; ok {
		a["style"] = style
	}
	return a
}

// renderState renders state values: block_id → action_id → value JSON.
func renderState(blocks []any, values map[string]map[string]Value) map[string]any {
	out := map[string]any{}
	for blockID, byAction := range values {
		inner := map[string]any{}
		for actionID, v := range byAction {
			e, _ := findElement(blocks, blockID, actionID)
			inner[actionID] = v.render(e.obj)
		}
		out[blockID] = inner
	}
	return out
}

// viewWithState copies a view object with the given state values.
func viewWithState(v *liveView, values map[string]any) map[string]any {
	obj := maps.Clone(v.obj)
	obj["state"] = map[string]any{"values": values}
	return obj
}

// ViewSubmitReq is a user submitting the modal ViewID with the given input
// values: block_id → action_id → value.
type ViewSubmitReq struct {
	UserID, ViewID string
	Values         map[string]map[string]Value
}

// viewSubmitDelivery builds a view_submission payload. Like Slack's client, it
// refuses to submit a view that is not on top of the user's stack or whose
// required inputs are empty.
func (s *Server) viewSubmitDelivery(r ViewSubmitReq) (*delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, found := s.st.live[r.ViewID]
	stack := s.st.stacks[r.UserID]
	if !found || len(stack) == 0 || stack[len(stack)-1] != r.ViewID {
		return nil, fmt.Errorf("view submission: view %s is not on top of %s's modal stack", r.ViewID, r.UserID)
	}
	values, err := submittedState(v.blocks, r.Values)
	if err != nil {
		return nil, fmt.Errorf("view submission: %w", err)
	}
	p := s.interactionBaseLocked("view_submission", r.UserID)
	p["view"] = viewWithState(v, values)
	p["response_urls"] = []any{}
	inv := invocation{user: r.UserID, viewID: r.ViewID}
	return &delivery{envType: typeInteractive, payload: p, accepts: true,
		label: "view submission " + r.ViewID, after: func(b []byte) { s.applyViewAck(inv, b) }}, nil
}

// submittedState renders the state of every input block of a view.
func submittedState(blocks []any, given map[string]map[string]Value) (map[string]any, error) {
	known := map[string]bool{}
	out := map[string]any{}
	for _, in := range inputElements(blocks) {
		known[in.blockID+"\x00"+in.actionID()] = true
		v := given[in.blockID][in.actionID()]
		if v.empty() && !in.optional {
			return nil, fmt.Errorf("required input %s/%s is empty", in.blockID, in.actionID())
		}
		out[in.blockID] = map[string]any{in.actionID(): v.render(in.obj)}
	}
	for blockID, byAction := range given {
		for actionID := range byAction {
			if !known[blockID+"\x00"+actionID] {
				return nil, fmt.Errorf("no input %s/%s in the view", blockID, actionID)
			}
		}
	}
	return out, nil
}

// eventDelivery wraps an inner event in an event_callback.
func (s *Server) eventDelivery(eventID string, retry int, reason string, ev any) (*delivery, error) {
	inner, err := toRaw(ev)
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	var head struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(inner, &head)
	s.mu.Lock()
	defer s.mu.Unlock()
	if eventID == "" {
		eventID = s.st.nextID("Ev")
	}
	p := map[string]any{
		"token": s.opts.VerificationToken, "team_id": s.opts.TeamID, "api_app_id": s.opts.AppID,
		"event": inner, "type": "event_callback", "event_id": eventID, "event_time": s.now().Unix(),
		"authorizations": []any{map[string]any{"enterprise_id": nil, "team_id": s.opts.TeamID,
			"user_id": s.opts.BotUserID, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-" + eventID,
	}
	return &delivery{envType: typeEvents, payload: p, retryAttempt: retry, retryReason: reason,
		eventID: eventID, label: "event " + head.Type}, nil
}

func toRaw(ev any) (json.RawMessage, error) {
	switch e := ev.(type) {
	case json.RawMessage:
		return validJSON(e)
	case []byte:
		return validJSON(e)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("marshal event: %w", err)
	}
	return b, nil
}

func validJSON(b []byte) (json.RawMessage, error) {
	if !json.Valid(b) {
		return nil, fmt.Errorf("event is not valid JSON")
	}
	return json.RawMessage(b), nil
}
