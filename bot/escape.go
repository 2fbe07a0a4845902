package bot

import "strings"

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes user-provided text safe inside mrkdwn: no <!channel>, no fake
// links, no mentions smuggled in.
func escape(s string) string { return mrkdwnEscaper.Replace(s) }
