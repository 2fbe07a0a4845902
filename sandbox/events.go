package sandbox

import (
	"io"
	"net/http"
	"time"
)

const (
	// coalesce gathers a burst of changes (a command's ack, its answer,
	// the calls around them) into one event.
	coalesce = 50 * time.Millisecond
	// keepAlive is how often an idle stream gets a comment line.
	keepAlive = 20 * time.Second
)

// handleEvents streams server-sent events: "change" whenever the fake Slack
// or the sandbox records something the page shows, after which the page
// reloads it.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the stream outlives the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	msg, last := "event: change\ndata: {}\n\n", s.version()
	for {
		fake, local := s.Slack.Changed(), s.local.changes()
		if _, err := io.WriteString(w, msg); err != nil || rc.Flush() != nil {
			return
		}
		msg = ": keep-alive\n\n"
		select {
		case <-fake:
		case <-local:
		case <-time.After(keepAlive):
			continue
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		if !s.settle(r) {
			return
		}
		if v := s.version(); v != last {
			msg, last = "event: change\ndata: {}\n\n", v
		} else {
			msg = ""
		}
	}
}

// settle waits for a burst of changes to end; false when the stream must.
func (s *Server) settle(r *http.Request) bool {
	select {
	case <-time.After(coalesce):
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		return false
	}
}

// version changes when something the page shows may have: the messages
// and views the fake recorded, and the sandbox's own records. The fake
// also wakes its waiters for things the page does not show, such as the
// WebSocket pings it sends every few seconds.
func (s *Server) version() [3]int {
	return [3]int{len(s.Slack.Messages()), len(s.Slack.Views()), s.local.version()}
}
