package slacktest

// Slack Connect people and guests, as the fake plays them.
//
// A Slack Connect person belongs to another organization's workspace and
// reaches the app's workspace through a shared channel: users.info gives
// their own team_id (not the app's). Guests are is_restricted
// (multi-channel) or is_ultra_restricted (single-channel).
//
// DMs with external people are refused. Slack's method specification of
// conversations.open lists, among its errors, "invalid_user_combination:
// All external people must already be in at least one channel together to
// send a message", and "user_not_visible: The calling user is restricted
// from seeing the requested user" (Slack's API method spec, as mirrored in
// slack_kit: https://hex.pm/packages/slack_kit/1.0.0-alpha.0/files/priv/docs/methods/conversations.open.json,
// and https://hexdocs.pm/slack_web/Slack.Web.Conversations-function-open.html).
// slack-go's issues have nothing more specific. Whether a DM with an
// external person opens depends on both organizations' Slack Connect
// settings, which an app can't read, so the fake takes the strict case:
// conversations.open, and chat.postMessage to the person's user ID (which
// opens the DM implicitly), answer invalid_user_combination. The bot must
// treat that as "this person gets no DM" and deliver another way.
const dmRefusedExternal = "invalid_user_combination"

// external reports whether u belongs to another workspace.
func (st *state) external(u User) bool { return u.TeamID != "" && u.TeamID != st.teamID }

// withConnect adds to a users.info answer what Slack tells of an external
// person or a guest, and the profile's email.
func (s *Server) withConnect(u User, j map[string]any) map[string]any {
	if u.TeamID != "" {
		j["team_id"] = u.TeamID
		j["profile"].(map[string]any)["team"] = u.TeamID
	}
	j["is_restricted"] = u.Guest == "multi_channel"
	j["is_ultra_restricted"] = u.Guest == "single_channel"
	j["is_stranger"] = false
	if u.Email != "" {
		j["profile"].(map[string]any)["email"] = u.Email
	}
	return j
}
