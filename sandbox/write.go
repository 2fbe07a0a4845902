package sandbox

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// The page's write endpoints: each is something a person does in Slack,
// sent to the bot through the fake Slack as Slack would send it.

// injectTimeout bounds the wait for the bot's ack.
const injectTimeout = 10 * time.Second

type commandReq struct {
	As, Channel, Text string
}

func (s *Server) handleCommand(w http.ResponseWriter, r *http.Request) {
	var req commandReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok || !s.allowed(w, as.ID, req.Channel) {
		return
	}
	name, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
	if !s.known(name) {
		fail(w, http.StatusBadRequest, fmt.Sprintf("%s is not a valid command. In Slack, messages that start with “/” are taken as commands.", name))
		return
	}
	s.local.add(localMessage{Channel: req.Channel, User: as.ID, Text: strings.TrimSpace(req.Text), Command: true})
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	_, err := s.Slack.SlashCommand(ctx, slacktest.Slash{UserID: as.ID, ChannelID: req.Channel, Command: name,
		Text: escapeText(strings.TrimSpace(rest), s.directory())})
	s.answer(w, "the slash command", err)
}

// known reports whether name is one of the app's slash commands.
func (s *Server) known(name string) bool {
	return slices.ContainsFunc(s.Commands, func(c Command) bool { return c.Name == name })
}

type messageReq struct {
	As, Channel, Text string
	ThreadTS          string `json:"thread_ts"`
}

// handleMessage posts what a person writes. In their DM with the app, the
// bot gets it as a message.im event; in a channel it is only shown, as the
// app does not read channels.
func (s *Server) handleMessage(w http.ResponseWriter, r *http.Request) {
	var req messageReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok || !s.allowed(w, as.ID, req.Channel) {
		return
	}
	text := escapeText(strings.TrimSpace(req.Text), s.directory())
	if text == "" {
		fail(w, http.StatusBadRequest, "write something first")
		return
	}
	s.local.add(localMessage{Channel: req.Channel, User: as.ID, ThreadTS: req.ThreadTS, Text: text})
	if owner, dm := s.Slack.DMUser(req.Channel); !dm || owner != as.ID {
		writeJSON(w, http.StatusOK, map[string]any{})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	_, err := s.Slack.MessageIM(ctx, as.ID, text, req.ThreadTS)
	s.answer(w, "the message", err)
}

// valueJSON is what a person entered in one element.
type valueJSON struct {
	Type                  string   `json:"type"`
	Value                 string   `json:"value"`
	SelectedOption        string   `json:"selected_option"`
	SelectedOptions       []string `json:"selected_options"`
	SelectedDate          string   `json:"selected_date"`
	SelectedTime          string   `json:"selected_time"`
	SelectedUser          string   `json:"selected_user"`
	SelectedUsers         []string `json:"selected_users"`
	SelectedChannel       string   `json:"selected_channel"`
	SelectedChannels      []string `json:"selected_channels"`
	SelectedConversation  string   `json:"selected_conversation"`
	SelectedConversations []string `json:"selected_conversations"`
}

func (v valueJSON) value() slacktest.Value {
	return slacktest.Value{Type: v.Type, Value: v.Value, SelectedOption: v.SelectedOption,
		SelectedOptions: v.SelectedOptions, SelectedDate: v.SelectedDate, SelectedTime: v.SelectedTime,
		SelectedUser: v.SelectedUser, SelectedUsers: v.SelectedUsers, SelectedChannel: v.SelectedChannel,
		SelectedChannels: v.SelectedChannels, SelectedConversation: v.SelectedConversation,
		SelectedConversations: v.SelectedConversations}
}

// values converts block_id → action_id → value.
func values(in map[string]map[string]valueJSON) map[string]map[string]slacktest.Value {
	out := map[string]map[string]slacktest.Value{}
	for block, byAction := range in {
		out[block] = map[string]slacktest.Value{}
		for action, v := range byAction {
			out[block][action] = v.value()
		}
	}
	return out
}

type actionReq struct {
	As, Channel string
	TS          string                          `json:"ts"`
	ViewID      string                          `json:"view_id"`
	BlockID     string                          `json:"block_id"`
	ActionID    string                          `json:"action_id"`
	Value       valueJSON                       `json:"value"`
	State       map[string]map[string]valueJSON `json:"state"`
}

// handleAction is a click or a choice in a message, a modal or the Home tab.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	var req actionReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok || (req.ViewID == "" && !s.allowed(w, as.ID, req.Channel)) {
		return
	}
	v := req.Value
	ba := slacktest.BlockActionReq{UserID: as.ID, ChannelID: req.Channel, MessageTS: req.TS, ViewID: req.ViewID,
		BlockID: req.BlockID, ActionID: req.ActionID, Value: v.Value, SelectedOption: v.SelectedOption,
		SelectedOptions: v.SelectedOptions, SelectedDate: v.SelectedDate, SelectedTime: v.SelectedTime,
		SelectedUser: v.SelectedUser, SelectedChannel: cmp.Or(v.SelectedChannel, v.SelectedConversation),
		State: values(req.State)}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	_, err := s.Slack.BlockAction(ctx, ba)
	s.answer(w, "the action", err)
}

type submitReq struct {
	As     string
	ViewID string                          `json:"view_id"`
	Values map[string]map[string]valueJSON `json:"values"`
}

// handleSubmit submits a modal. Errors the bot answers with are kept for
// the page to show under their inputs.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	var req submitReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok {
		return
	}
	view, open := s.Slack.LiveView(req.ViewID)
	if !open || view.UserID != as.ID {
		fail(w, http.StatusBadRequest, "this form is no longer open")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	ack, err := s.Slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: as.ID, ViewID: req.ViewID, Values: values(req.Values)})
	if err != nil {
		s.answer(w, "the form", err)
		return
	}
	errs := submissionErrors(ack.Payload)
	s.local.setErrors(req.ViewID, view.Hash, errs)
	writeJSON(w, http.StatusOK, map[string]any{"errors": errs})
}

// submissionErrors reads the errors of a view_submission ack, nil when it
// has none.
func submissionErrors(payload json.RawMessage) map[string]string {
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if json.Unmarshal(payload, &ack) != nil || ack.ResponseAction != "errors" {
		return nil
	}
	return ack.Errors
}

type closeReq struct {
	As     string
	ViewID string `json:"view_id"`
}

func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	var req closeReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	s.answer(w, "closing the form", s.Slack.CloseView(ctx, as.ID, req.ViewID))
}

type personReq struct{ As, Channel string }

// handleHomeOpened is a person opening the app's Home tab.
func (s *Server) handleHomeOpened(w http.ResponseWriter, r *http.Request) {
	var req personReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	_, err := s.Slack.AppHomeOpened(ctx, as.ID)
	s.answer(w, "opening the Home tab", err)
}

// handleJoin is a person joining a channel.
func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	var req personReq
	as, ok := s.decode(w, r, &req, func() string { return req.As })
	if !ok || !s.allowed(w, as.ID, req.Channel) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), injectTimeout)
	defer cancel()
	_, err := s.Slack.MemberJoined(ctx, as.ID, req.Channel)
	s.local.touch() // the channel's members changed
	s.answer(w, "joining the channel", err)
}

type advanceReq struct {
	As   string
	Jump Jump
}

// advanceJSON is the clock after a move, with the jobs the move ran.
type advanceJSON struct {
	clockJSON
	Ran []ranJSON `json:"ran"`
}

type ranJSON struct {
	Job      string    `json:"job"`
	Zone     string    `json:"zone"`
	At       time.Time `json:"at"`
	Messages int       `json:"messages"`
}

// handleAdvance moves the clock forward through every scheduled slot on
// the way, running each at its own time as a server running all along
// would, and says what ran.
func (s *Server) handleAdvance(w http.ResponseWriter, r *http.Request) {
	var req advanceReq
	if _, ok := s.decode(w, r, &req, func() string { return req.As }); !ok {
		return
	}
	from := s.Clock.Now()
	target, err := req.Jump.Target(from, s.zoneOf(r, req.As))
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	out := advanceJSON{Ran: []ranJSON{}}
	if s.Ticker != nil {
		ran, err := s.Ticker.RunThrough(r.Context(), from, target, s.advanceTo)
		if err != nil {
			s.Log.Error("scheduled jobs failed while the clock moved", "err", err)
		}
		for _, x := range ran {
			out.Ran = append(out.Ran, ranJSON{Job: x.Job, Zone: x.Zone, At: x.At, Messages: x.Messages})
		}
	}
	s.advanceTo(target)
	s.local.touch()
	s.Log.Info("sandbox clock advanced", "now", s.Clock.Now().Format(time.RFC3339), "jobs_run", len(out.Ran))
	if s.Ticker != nil {
		if err := s.Ticker.Tick(r.Context(), s.Clock.Now()); err != nil {
			s.Log.Error("scheduled jobs failed after the clock moved", "err", err)
		}
	}
	out.clockJSON = s.clockState(r, req.As)
	writeJSON(w, http.StatusOK, out)
}

// advanceTo moves the clock forward to t.
func (s *Server) advanceTo(t time.Time) {
	if _, err := s.Clock.AdvanceTo(t); err != nil {
		s.Log.Warn("sandbox clock not saved", "err", err)
	}
}

// answer reports the outcome of an injection.
func (s *Server) answer(w http.ResponseWriter, what string, err error) {
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{})
	case errors.Is(err, context.DeadlineExceeded):
		fail(w, http.StatusGatewayTimeout, "the bot did not answer "+what+" in time: is it connected? See the terminal running the sandbox.")
	default:
		fail(w, http.StatusBadRequest, err.Error())
	}
}

// allowed checks that user may act in channel, answering when not.
func (s *Server) allowed(w http.ResponseWriter, user, channel string) bool {
	if err := s.canSee(user, channel); err != nil {
		fail(w, http.StatusForbidden, err.Error())
		return false
	}
	return true
}
