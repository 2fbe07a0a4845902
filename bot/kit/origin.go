package kit

import "github.com/slack-go/slack"

// Origin is where a click came from, so the surface is redrawn in place.
type Origin struct {
	ResponseURL string `json:"u,omitempty"`
	Channel     string `json:"c,omitempty"`
	TS          string `json:"t,omitempty"`
	Ephemeral   bool   `json:"e,omitempty"`
	// List is the query of an ephemeral list, to run again.
	List string `json:"l,omitempty"`
	Home bool   `json:"h,omitempty"`
	// Pick: a "which one?" message, replaced by what was done.
	Pick bool `json:"p,omitempty"`
}

// OriginOf reads where cb came from; list is the query of the ephemeral
// list it was clicked in, if any.
func OriginOf(cb slack.InteractionCallback, list string) Origin {
	if cb.Container.Type == "view" || cb.View.Type == slack.VTHomeTab {
		return Origin{Home: true}
	}
	ch := cb.Container.ChannelID
	if ch == "" {
		ch = cb.Channel.ID
	}
	ts := cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	return Origin{ResponseURL: cb.ResponseURL, Channel: ch, TS: ts, Ephemeral: cb.Container.IsEphemeral, List: list}
}
