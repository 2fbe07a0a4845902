// Package testkit holds the helpers the project's tests share: a buffer
// for concurrent log writers, golden files, and Slack's Block Kit checks.
// Only tests import it.
package testkit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/blockkit"
)

// SyncBuffer is a bytes.Buffer safe for concurrent log writers.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with what the tests render")

// Golden compares v, as indented JSON, with testdata/name; -update
// rewrites the file instead.
func Golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Errorf("%s differs from the golden file (run the test with -update to accept, then review the diff):\n%s", name, got)
	}
}

// CheckMessage fails t for each way text and blocks break Slack's rules for
// a message.
func CheckMessage(t *testing.T, text string, blocks []slack.Block) {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range blockkit.CheckMessage(text, raw) {
		t.Errorf("%v", v)
	}
}

// CheckView fails t for each way view breaks Slack's rules for a modal or
// a Home tab.
func CheckView(t *testing.T, view any) {
	t.Helper()
	raw, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range blockkit.CheckView(raw) {
		t.Errorf("%v", v)
	}
}
