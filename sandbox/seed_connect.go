package sandbox

// The demo's Slack Connect partner: the Hilltown Food Co-op works in its
// own Slack workspace and joins the coalition through #youth-recognition,
// shared between the two workspaces. Its one person, Noah, can use every
// partner command there; the fake Slack refuses the bot a DM with him (as
// Slack may for people of another organization), so his reminders and
// requests come as a mention in a thread of #youth-recognition, and
// /coalition who says so.
const (
	connectOrg      = "Hilltown Food Co-op"
	connectPersonID = "U0NOAH"
	connectTeamID   = "T0HILLTOWN"
)

// homeTeam is the workspace a demo person belongs to when it is not the
// sandbox's own; "" otherwise.
func homeTeam(userID string) string {
	if userID == connectPersonID {
		return connectTeamID
	}
	return ""
}

// emailDomain is the domain of a demo person's email, for users.lookupByEmail.
func emailDomain(userID string) string {
	if userID == connectPersonID {
		return "hilltownfood.example"
	}
	return "valleypartnership.example"
}
