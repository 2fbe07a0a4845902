package sandbox

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// The page's read endpoints: the workspace, conversations, the modal and
// Home tab of the person acting, and the clock.

type userJSON struct {
	ID      string `json:"id"`
	Handle  string `json:"handle"`
	Name    string `json:"name"`
	TZ      string `json:"tz"`
	Role    string `json:"role"`
	Partner string `json:"partner"`
}

type channelJSON struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Private bool       `json:"private"`
	Members []string   `json:"members"`
	Group   *groupJSON `json:"group,omitempty"`
}

type groupJSON struct {
	Name    string `json:"name"`
	Lead    string `json:"lead"`
	Purpose string `json:"purpose"`
}

type workspaceJSON struct {
	TeamID    string        `json:"team_id"`
	Name      string        `json:"name"`
	BotUserID string        `json:"bot_user_id"`
	Users     []userJSON    `json:"users"`
	Channels  []channelJSON `json:"channels"`
	Commands  []Command     `json:"commands"`
}

func (s *Server) handleWorkspace(w http.ResponseWriter, r *http.Request) {
	ctx, team := r.Context(), s.teamID()
	members, err := s.Store.Members(ctx, team, store.MemberFilter{})
	if err != nil {
		s.internal(w, "list members", err)
		return
	}
	groups, err := s.Store.Groups(ctx, team)
	if err != nil {
		s.internal(w, "list groups", err)
		return
	}
	ws := workspaceJSON{TeamID: team, Name: s.coalitionName(r), BotUserID: s.Slack.Options().BotUserID,
		Users: s.users(members), Channels: channels(s.Slack.Channels(), groups), Commands: s.Commands}
	writeJSON(w, http.StatusOK, ws)
}

func (s *Server) teamID() string { return s.Slack.Options().TeamID }

// coalitionName is the name setup gave, or a plain one before setup.
func (s *Server) coalitionName(r *http.Request) string {
	c, err := s.Store.Coalition(r.Context(), s.teamID())
	if err != nil || c.Name == "" {
		return "Backbone sandbox"
	}
	return c.Name
}

// users lists the fake's people with what the coalition knows of them.
func (s *Server) users(members []store.Member) []userJSON {
	byID := map[string]store.Member{}
	for _, m := range members {
		byID[m.UserID] = m
	}
	var out []userJSON
	for _, u := range s.Slack.Users() {
		if u.IsBot || u.Deleted {
			continue
		}
		m := byID[u.ID]
		out = append(out, userJSON{ID: u.ID, Handle: u.Name, Name: cmp.Or(u.RealName, u.Name), TZ: u.TZ,
			Role: m.Role, Partner: m.PartnerName})
	}
	return out
}

func channels(list []slacktest.Channel, groups []store.WorkingGroup) []channelJSON {
	out := make([]channelJSON, 0, len(list))
	for _, c := range list {
		cj := channelJSON{ID: c.ID, Name: c.Name, Private: c.IsPrivate, Members: c.Members}
		if i := slices.IndexFunc(groups, func(g store.WorkingGroup) bool { return g.ChannelID == c.ID }); i >= 0 {
			g := groups[i]
			cj.Group = &groupJSON{Name: g.Name, Lead: g.LeadUserID, Purpose: g.Purpose}
		}
		out = append(out, cj)
	}
	return out
}

// messageJSON is a message as the page shows it.
type messageJSON struct {
	TS        string          `json:"ts"`
	ThreadTS  string          `json:"thread_ts,omitempty"`
	User      string          `json:"user"`
	Bot       bool            `json:"bot"`
	Text      string          `json:"text"`
	Blocks    json.RawMessage `json:"blocks,omitempty"`
	Ephemeral bool            `json:"ephemeral"`
	Edited    bool            `json:"edited"`
	Command   bool            `json:"command"`
	Files     []fileJSON      `json:"files,omitempty"`
}

// fileJSON is a file the bot shared with a message: the page shows an image
// inline and anything else as a link to download it.
type fileJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Name  string `json:"name"`
	Image bool   `json:"image"`
}

func (s *Server) handleConversation(w http.ResponseWriter, r *http.Request) {
	as, ok := s.actor(w, r.URL.Query().Get("as"))
	if !ok {
		return
	}
	channel := r.URL.Query().Get("channel")
	if err := s.canSee(as.ID, channel); err != nil {
		fail(w, http.StatusForbidden, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"channel": channel, "messages": s.visible(channel, as.ID)})
}

// visible lists what user sees in channel, oldest first: the bot's
// messages (ephemeral ones only when meant for user) and people's.
func (s *Server) visible(channel, user string) []messageJSON {
	out := []messageJSON{}
	bot := s.Slack.Options().BotUserID
	files := s.filesByID()
	for _, m := range s.Slack.Conversation(channel) {
		if m.Ephemeral && m.User != user {
			continue
		}
		msg := messageJSON{TS: m.TS, ThreadTS: m.ThreadTS, User: bot, Bot: true, Text: m.Text,
			Blocks: m.Blocks, Ephemeral: m.Ephemeral, Edited: m.Updated}
		for _, id := range m.FileIDs {
			if f, ok := files[id]; ok {
				msg.Files = append(msg.Files, fileJSON{ID: f.ID, Title: f.Title, Name: f.Filename, Image: isImage(f.Filename)})
			}
		}
		out = append(out, msg)
	}
	for _, m := range s.local.in(channel, user) {
		out = append(out, messageJSON{TS: m.TS, ThreadTS: m.ThreadTS, User: m.User, Text: m.Text,
			Ephemeral: m.Command, Command: m.Command})
	}
	slices.SortStableFunc(out, func(a, b messageJSON) int { return compareTS(a.TS, b.TS) })
	return out
}

// compareTS orders Slack timestamps ("1700000000.000100").
func compareTS(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// canSee reports why user may not open channel: someone else's DM with
// the app, a private channel they are not in, or no such conversation.
func (s *Server) canSee(user, channel string) error {
	if owner, ok := s.Slack.DMUser(channel); ok {
		if owner != user {
			return errors.New("this is someone else's DM with the app: act as them to read it")
		}
		return nil
	}
	for _, c := range s.Slack.Channels() {
		if c.ID == channel {
			if c.IsPrivate && !slices.Contains(c.Members, user) {
				return errors.New("this private channel is for its members only")
			}
			return nil
		}
	}
	return errors.New("no such conversation")
}

func (s *Server) handleSummary(w http.ResponseWriter, r *http.Request) {
	as, ok := s.actor(w, r.URL.Query().Get("as"))
	if !ok {
		return
	}
	dm := s.Slack.DMChannel(as.ID)
	counts := map[string]int{dm: topLevel(s.visible(dm, as.ID))}
	for _, c := range s.Slack.Channels() {
		if s.canSee(as.ID, c.ID) == nil {
			counts[c.ID] = topLevel(s.visible(c.ID, as.ID))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"dm": dm, "counts": counts})
}

// topLevel counts the messages that are not thread replies.
func topLevel(msgs []messageJSON) int {
	n := 0
	for _, m := range msgs {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			n++
		}
	}
	return n
}

func (s *Server) handleModal(w http.ResponseWriter, r *http.Request) {
	as, ok := s.actor(w, r.URL.Query().Get("as"))
	if !ok {
		return
	}
	stack := s.Slack.OpenModals(as.ID)
	if len(stack) == 0 {
		writeJSON(w, http.StatusOK, map[string]any{"view": nil})
		return
	}
	v, found := s.Slack.LiveView(stack[len(stack)-1])
	if !found {
		writeJSON(w, http.StatusOK, map[string]any{"view": nil})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"view": v.JSON, "errors": s.local.errorsOf(v.ID, v.Hash), "depth": len(stack)})
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	as, ok := s.actor(w, r.URL.Query().Get("as"))
	if !ok {
		return
	}
	v, found := s.Slack.HomeView(as.ID)
	if !found {
		writeJSON(w, http.StatusOK, map[string]any{"view": nil})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"view": v.JSON})
}

type clockJSON struct {
	Now      time.Time `json:"now"`
	OffsetMS int64     `json:"offset_ms"`
	TZ       string    `json:"tz"`
}

func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.clockState(r, r.URL.Query().Get("as")))
}

func (s *Server) clockState(r *http.Request, as string) clockJSON {
	return clockJSON{Now: s.Clock.Now(), OffsetMS: s.Clock.Offset().Milliseconds(), TZ: s.zoneOf(r, as).String()}
}

// zoneOf is the timezone of user, or the coalition's.
func (s *Server) zoneOf(r *http.Request, user string) *time.Location {
	for _, u := range s.Slack.Users() {
		if u.ID == user {
			if loc, err := time.LoadLocation(u.TZ); err == nil && u.TZ != "" {
				return loc
			}
		}
	}
	c, err := s.Store.Coalition(r.Context(), s.teamID())
	if err != nil {
		return s.DefaultTZ
	}
	if loc, err := time.LoadLocation(c.Timezone); err == nil {
		return loc
	}
	return s.DefaultTZ
}
