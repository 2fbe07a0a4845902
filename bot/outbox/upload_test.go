package outbox_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// enqueueUpload queues a file upload in the thread of parentKey.
func (b bundle) enqueueUpload(t *testing.T, key, channel, parentKey string, content []byte) {
	t.Helper()
	f := outbox.File{Name: key + ".png", Title: "Trends " + key, AltText: "a chart of " + key, Content: content}
	m, err := outbox.Upload(team, key, channel, parentKey, f, "chart "+key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Enqueue(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

// shared lists the files shared (completed) under filename.
func (b bundle) shared(filename string) []slacktest.File {
	var out []slacktest.File
	for _, f := range b.slack.Files() {
		if f.Filename == filename && f.Completed {
			out = append(out, f)
		}
	}
	return out
}

func TestUploadGoesIntoItsParentsThread(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	content := bytes.Repeat([]byte("\x89PNG chart bytes "), 4000)
	// The upload is queued first, so it is claimed first and must wait.
	b.enqueueUpload(t, "chart", "C1", "parent", content)
	b.enqueue(t, "parent", "C1")
	b.run(t, outbox.Options{})
	b.waitStatus(t, "chart", "sent")
	parent := b.waitStatus(t, "parent", "sent")
	files := b.shared("chart.png")
	if len(files) != 1 {
		t.Fatalf("%d files shared, want 1", len(files))
	}
	f := files[0]
	if f.Channel != "C1" || f.ThreadTS != parent.TS || f.Title != "Trends chart" || f.InitialComment != "chart chart" {
		t.Errorf("file shared in %s thread %q as %q with %q, want in C1's thread %s with its title and comment",
			f.Channel, f.ThreadTS, f.Title, f.InitialComment, parent.TS)
	}
	if !bytes.Equal(f.Content, content) {
		t.Errorf("%d bytes arrived, %d sent", len(f.Content), len(content))
	}
	var msgs int
	for _, m := range b.slack.Messages() {
		if len(m.FileIDs) == 1 && m.FileIDs[0] == f.ID && m.ThreadTS == parent.TS {
			msgs++
		}
	}
	if msgs != 1 {
		t.Errorf("%d thread messages carry the file, want 1", msgs)
	}
	for _, c := range b.slack.Calls() {
		if c.Method == "files.getUploadURLExternal" && c.Params.Get("alt_txt") != "a chart of chart" {
			t.Errorf("alt text %q sent", c.Params.Get("alt_txt"))
		}
	}
}

func TestUploadFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method string
		fault        func(*slacktest.Server, string)
		status       string
		attempts     int
		files        int
	}{
		{"rate limited", "files.completeUploadExternal", func(s *slacktest.Server, m string) { s.FailNext(m, 1, 429, time.Second) }, "sent", 1, 1}, // a 429 is no attempt
		{"server error", "files.getUploadURLExternal", func(s *slacktest.Server, m string) { s.FailNext(m, 2, 500, 0) }, "sent", 3, 1},
		{"bot not in channel", "files.completeUploadExternal", func(s *slacktest.Server, m string) { s.FailWithError(m, 1, "not_in_channel") }, "failed", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, "C1")
			tt.fault(b.slack, tt.method)
			b.run(t, outbox.Options{})
			b.enqueueUpload(t, "up", "C1", "", []byte("\x89PNG"))
			st := b.waitStatus(t, "up", tt.status)
			if st.Attempts != tt.attempts {
				t.Errorf("%d attempts, want %d", st.Attempts, tt.attempts)
			}
			if n := len(b.shared("up.png")); n != tt.files {
				t.Errorf("file shared %d times, want %d", n, tt.files)
			}
			if tt.status == "failed" && !strings.Contains(st.LastError, "not_in_channel") {
				t.Errorf("failed with %q", st.LastError)
			}
		})
	}
}

func TestUploadRefusesWhatCannotBeSent(t *testing.T) {
	t.Parallel()
	tests := map[string]outbox.File{
		"no name": {Content: []byte("x")},
		"empty":   {Name: "a.png"},
		"too big": {Name: "a.png", Content: make([]byte, outbox.MaxUpload+1)},
	}
	for name, f := range tests {
		if _, err := outbox.Upload(team, "k", "C1", "", f, ""); err == nil {
			t.Errorf("%s: queued", name)
		}
	}
	if _, err := outbox.Upload(team, "k", "C1", "", outbox.File{Name: "a.png", Content: make([]byte, outbox.MaxUpload)}, ""); err != nil {
		t.Errorf("a file of exactly MaxUpload refused: %v", err)
	}
}

// An attempt cut short at any point of the upload flow (its answer lost, as
// when the process dies or the network drops) is resumed by the next one:
// the file is shared exactly once, whole. The kill test in cmd/backbone does
// the same with a real process killed.
func TestUploadResumesAfterAnyCutStep(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"} {
		for _, after := range []bool{false, true} {
			name := method + " before it took effect"
			if after {
				name = method + " after it took effect"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				b := setup(t, "C1")
				reached := b.slack.StallNext(method, after)
				content := bytes.Repeat([]byte("chart "), 1000)
				b.enqueueUpload(t, "up", "C1", "", content)
				// The stalled call times out: the attempt ends without its answer.
				b.run(t, outbox.Options{SendTimeout: time.Second})
				<-reached
				b.waitStatus(t, "up", "sent")
				files := b.shared("up.png")
				if len(files) != 1 || !bytes.Equal(files[0].Content, content) {
					t.Fatalf("file shared %d times, want once with its %d bytes", len(files), len(content))
				}
				var posts int
				for _, m := range b.slack.Messages() {
					if len(m.FileIDs) > 0 {
						posts++
					}
				}
				if posts != 1 {
					t.Errorf("%d messages carry the file, want 1", posts)
				}
			})
		}
	}
}
