package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store/storetest"
)

// countRows counts a table's rows.
func countRows(t *testing.T, h *harness, table string) int {
	t.Helper()
	var n int
	if err := h.store.DB().Get(&n, "SELECT count(*) FROM "+table); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// stallProxy forwards TCP to the test database and can stop forwarding, to
// play a database that hangs.
type stallProxy struct {
	url string
	mu  sync.Mutex
	// open is closed while traffic flows; a stall replaces it.
	open chan struct{}
}

func newStallProxy(t *testing.T) *stallProxy {
	t.Helper()
	target, err := url.Parse(storetest.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &stallProxy{open: make(chan struct{})}
	close(p.open)
	upstream := target.Host
	proxied := *target
	proxied.Host = ln.Addr().String()
	p.url = proxied.String()
	go p.serve(ln, upstream)
	return p
}

func (p *stallProxy) serve(ln net.Listener, upstream string) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			p.gate(context.Background())
			u, err := net.Dial("tcp", upstream)
			if err != nil {
				c.Close()
				return
			}
			go p.pipe(u, c)
			p.pipe(c, u)
		}()
	}
}

// pipe copies src to dst, holding each chunk while the proxy is stalled.
func (p *stallProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.gate(context.Background())
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				return
			}
			return
		}
	}
}

func (p *stallProxy) gate(ctx context.Context) {
	p.mu.Lock()
	open := p.open
	p.mu.Unlock()
	select {
	case <-open:
	case <-ctx.Done():
	}
}

func (p *stallProxy) stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open = make(chan struct{})
}

func (p *stallProxy) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.open:
	default:
		close(p.open)
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// findButton returns the action_id and value of the button labelled label.
func findButton(v any, label string) (string, string) {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "button" {
			if t, ok := x["text"].(map[string]any); ok && t["text"] == label {
				id, _ := x["action_id"].(string)
				val, _ := x["value"].(string)
				return id, val
			}
		}
		for _, c := range x {
			if id, val := findButton(c, label); id != "" {
				return id, val
			}
		}
	case []map[string]any:
		for _, c := range x {
			if id, val := findButton(c, label); id != "" {
				return id, val
			}
		}
	case []any:
		for _, c := range x {
			if id, val := findButton(c, label); id != "" {
				return id, val
			}
		}
	}
	return "", ""
}
