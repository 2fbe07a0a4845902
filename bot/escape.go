package bot

import slackmarkup "github.com/backbone-coalition/backbone/bot/mrkdwn"

// escape makes user-provided text safe inside mrkdwn: no <!channel>, no fake
// links, no mentions smuggled in.
func escape(s string) string { return slackmarkup.Escape(s) }
