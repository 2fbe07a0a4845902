package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxAckBytes is Slack's limit for a Socket Mode message from the app; at or
// over it Slack closes the socket with 1009.
const maxAckBytes = 20 * 1024

// sockConn is one Socket Mode connection. Only its write loop writes to ws.
type sockConn struct {
	id       int
	draining bool // sent a disconnect: gets no new envelopes; guarded by Server.mu
	deaf     bool // failing: acks that arrive are lost; guarded by Server.mu
	ws       *websocket.Conn
	out      chan []byte
	done     chan struct{}
	once     sync.Once
}

// send queues a frame, or reports false once the connection is gone.
func (c *sockConn) send(frame []byte) bool {
	select {
	case c.out <- frame:
		return true
	case <-c.done:
		return false
	}
}

func (s *Server) connectionsOpen(_ context.Context, _ apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	ticket := s.st.nextID("tk")
	s.st.tickets[ticket] = true
	wsURL := "ws" + s.base[len("http"):] + "/socket?ticket=" + ticket + "&app_id=" + s.opts.AppID
	return ok(map[string]any{"url": wsURL})
}

// takeTicket consumes a ticket from apps.connections.open.
func (s *Server) takeTicket(ticket string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	valid := s.st.tickets[ticket]
	delete(s.st.tickets, ticket)
	return valid
}

func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	if !s.takeTicket(r.URL.Query().Get("ticket")) {
		http.Error(w, "invalid or used ticket: call apps.connections.open", http.StatusUnauthorized)
		return
	}
	// slack-go sends Origin: https://api.slack.com, which gorilla's default
	// check refuses; the fake accepts any origin.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &sockConn{ws: ws, out: make(chan []byte, 64), done: make(chan struct{})}
	ws.SetPongHandler(func(string) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.st.pongs++
		s.notifyLocked()
		return nil
	})
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.st.nextSock++
	c.id = s.st.nextSock
	c.out <- s.helloFrame(len(s.st.socks) + 1)
	s.st.socks[c.id] = c
	s.wg.Add(2)
	s.notifyLocked()
	s.mu.Unlock()
	go s.writeLoop(c)
	go s.readLoop(c)
}

func (s *Server) helloFrame(connections int) []byte {
	b, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": connections,
		"debug_info": map[string]any{"host": "slacktest", "build_number": 1,
			"approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": s.opts.AppID},
	})
	return b
}

// writeLoop writes queued frames and sends a PING every PingInterval.
func (s *Server) writeLoop(c *sockConn) {
	defer s.wg.Done()
	defer s.dropSock(c)
	ping := time.NewTicker(s.opts.PingInterval)
	defer ping.Stop()
	for {
		var err error
		select {
		case frame := <-c.out:
			_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			err = c.ws.WriteMessage(websocket.TextMessage, frame)
		case <-ping.C:
			err = c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(10*time.Second))
		case <-c.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// readLoop reads acks until the connection fails.
func (s *Server) readLoop(c *sockConn) {
	defer s.wg.Done()
	defer s.dropSock(c)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleAck(c, data)
	}
}

// dropSock closes a connection abruptly and forgets it.
func (s *Server) dropSock(c *sockConn) {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
		s.mu.Lock()
		delete(s.st.socks, c.id)
		s.notifyLocked()
		s.mu.Unlock()
	})
}

// DropSockets closes every Socket Mode connection abruptly, without a close
// frame, as a network failure would. slack-go then reconnects through
// apps.connections.open.
func (s *Server) DropSockets() {
	s.mu.Lock()
	conns := make([]*sockConn, 0, len(s.st.socks))
	for _, c := range s.st.socks {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		s.dropSock(c)
	}
}

// DropSocketsLosingAcks makes every Socket Mode connection fail as a real
// network failure does: for window, acks from the bot are lost on the way
// (LoseAcks), then the connection closes abruptly (DropSockets). It returns
// once the connections are closed.
func (s *Server) DropSocketsLosingAcks(window time.Duration) {
	s.LoseAcks()
	t := time.NewTimer(window)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
	}
	s.DropSockets()
}

// LoseAcks makes the open Socket Mode connections lose every ack the bot
// sends on them from now on, as a failing network does just before the
// connection drops: envelopes still go out and the bot handles them. Call
// DropSockets next: each envelope whose ack was lost is then redelivered,
// with the same envelope_id and retry_attempt increased, once the bot has
// reconnected.
func (s *Server) LoseAcks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.st.socks {
		c.deaf = true
	}
}

// LostAcks reports how many acks DropSocketsLosingAcks has lost.
func (s *Server) LostAcks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.lostAcks
}

// Disconnect sends every connection a disconnect envelope with reason (such
// as "refresh_requested" or "link_disabled"), as Slack does before rotating
// connections.
func (s *Server) Disconnect(reason string) {
	frame, _ := json.Marshal(map[string]any{"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": "slacktest"}})
	conns := s.conns()
	s.mu.Lock()
	for _, c := range conns {
		c.draining = true
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.send(frame)
	}
}

// conns lists the connections that take envelopes, oldest first.
func (s *Server) conns() []*sockConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, 0, len(s.st.socks))
	for id, c := range s.st.socks {
		if !c.draining {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]*sockConn, len(ids))
	for i, id := range ids {
		out[i] = s.st.socks[id]
	}
	return out
}

// Connections returns how many Socket Mode connections are open and take
// envelopes (not told to disconnect).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveConnsLocked()
}

func (s *Server) liveConnsLocked() int {
	n := 0
	for _, c := range s.st.socks {
		if !c.draining {
			n++
		}
	}
	return n
}

// WaitConnected waits until at least one Socket Mode connection is open.
func (s *Server) WaitConnected(ctx context.Context) error {
	return s.WaitConnections(ctx, 1)
}

// WaitConnections waits until n Socket Mode connections are open at once.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool { return s.liveConnsLocked() >= n })
}

// pickConn waits for a connection and picks one, round robin.
func (s *Server) pickConn(ctx context.Context) (*sockConn, error) {
	for {
		if err := s.WaitConnected(ctx); err != nil {
			return nil, err
		}
		if conns := s.conns(); len(conns) > 0 {
			s.mu.Lock()
			s.st.rr++
			i := s.st.rr % len(conns)
			s.mu.Unlock()
			return conns[i], nil
		}
	}
}

// handleAck matches a message from the bot to a pending envelope.
func (s *Server) handleAck(c *sockConn, data []byte) {
	if len(data) >= maxAckBytes {
		s.violate(fmt.Errorf("socket mode: message of %d bytes; Slack closes the socket at %d (1009)", len(data), maxAckBytes))
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseMessageTooBig, "message too big"), time.Now().Add(time.Second))
		s.dropSock(c)
		return
	}
	var a struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &a); err != nil || a.EnvelopeID == "" {
		s.violate(fmt.Errorf("socket mode: message is not an ack: %.200s", data))
		return
	}
	s.mu.Lock()
	if c.deaf {
		s.st.lostAcks++
		s.notifyLocked()
		s.mu.Unlock()
		return
	}
	env, found := s.st.pending[a.EnvelopeID]
	delete(s.st.pending, a.EnvelopeID)
	var latency time.Duration
	if found {
		latency = time.Since(env.sent)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if !found {
		s.violate(fmt.Errorf("socket mode: ack for unknown or already acked envelope %q", a.EnvelopeID))
		return
	}
	if latency > ackDeadline {
		s.violate(fmt.Errorf("socket mode: %s acked after %s, over Slack's %s", env.label, latency.Round(time.Millisecond), ackDeadline))
	}
	env.acked <- ackMsg{payload: nullToNil(a.Payload), latency: latency}
}
