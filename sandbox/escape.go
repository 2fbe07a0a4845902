package sandbox

import (
	"regexp"
	"strings"
)

// directory maps what people type to IDs: @handles to user IDs and
// #names to channel IDs.
type directory struct {
	users, channels map[string]string
}

func (s *Server) directory() directory {
	d := directory{users: map[string]string{}, channels: map[string]string{}}
	for _, u := range s.Slack.Users() {
		d.users[strings.ToLower(u.Name)] = u.ID
	}
	for _, c := range s.Slack.Channels() {
		d.channels[strings.ToLower(c.Name)] = c.ID
	}
	return d
}

// reference is a mention or a link as someone types it.
var reference = regexp.MustCompile(`[@#][\p{L}\p{N}._-]+|https?://[^\s<>]+`)

// escapeText turns typed text into the text Slack sends an app whose
// commands have should_escape: &, < and > escaped, @handle as
// <@U123|handle>, #channel as <#C123|channel> and links as <url>. Unknown
// names stay as typed.
func escapeText(text string, d directory) string {
	text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	var sb strings.Builder
	last := 0
	for _, loc := range reference.FindAllStringIndex(text, -1) {
		start, end := loc[0], loc[1]
		if start > 0 && !strings.ContainsAny(text[start-1:start], " \t\n(\"'=,") {
			continue
		}
		sb.WriteString(text[last:start])
		sb.WriteString(d.markup(text[start:end]))
		last = end
	}
	sb.WriteString(text[last:])
	return sb.String()
}

// markup renders one reference, keeping punctuation that ends a sentence
// outside it.
func (d directory) markup(ref string) string {
	if strings.HasPrefix(ref, "http") {
		trimmed := strings.TrimRight(ref, ".,;:!?)")
		return "<" + trimmed + ">" + ref[len(trimmed):]
	}
	name := strings.TrimRight(ref[1:], "._-")
	tail := ref[1+len(name):]
	ids, sigil := d.users, "@"
	if ref[0] == '#' {
		ids, sigil = d.channels, "#"
	}
	id, ok := ids[strings.ToLower(name)]
	if !ok {
		return ref
	}
	return "<" + sigil + id + "|" + name + ">" + tail
}
