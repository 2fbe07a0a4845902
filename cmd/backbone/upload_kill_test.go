package main_test

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestKillDuringUpload kills backbone with SIGKILL at each point of Slack's
// external upload flow — before and after each of files.getUploadURLExternal,
// the upload of the bytes and files.completeUploadExternal takes effect —
// then restarts it: the file is posted exactly once, whole.
func TestKillDuringUpload(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"} {
		for _, after := range []bool{false, true} {
			name := fmt.Sprintf("%s/before", method)
			if after {
				name = fmt.Sprintf("%s/after", method)
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				killDuringUpload(t, method, after)
			})
		}
	}
}

func killDuringUpload(t *testing.T, method string, after bool) {
	fake := slacktest.New(t)
	fake.AddChannel(slacktest.Channel{ID: generalID, Name: "general", BotIsMember: true})
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	content := bytes.Repeat([]byte("\x89PNG trends chart "), 2000)
	queueUpload(t, st, fake.Options().TeamID, content)
	o := fake.Options()
	env := map[string]string{
		"DATABASE_URL":    dbURL,
		"DATA_DIR":        t.TempDir(),
		"HTTP_ADDR":       "127.0.0.1:0",
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	}
	reached := fake.StallNext(method, after)
	first := start(t, "backbone serve (killed)", t.TempDir(), env, "serve")
	select {
	case <-reached:
	case <-time.After(startTimeout):
		t.Fatalf("%s never called", method)
	}
	first.signal(syscall.SIGKILL)
	first.wait(stopTimeout)
	// The dead worker's lease on the row runs out (30 s): skip the wait.
	st.DB().MustExec(`UPDATE outbox SET locked_until = NULL WHERE dedupe_key = 'chart'`)

	second := start(t, "backbone serve (restarted)", t.TempDir(), env, "serve")
	second.eventually(startTimeout, "the upload row sent", func() (bool, string) {
		row, err := st.OutboxByKey(context.Background(), fake.Options().TeamID, "chart")
		return err == nil && row.Status == "sent", fmt.Sprintf("%+v %v", row, err)
	})
	second.stop(syscall.SIGTERM)

	var shared []slacktest.File
	reserved := 0
	for _, f := range fake.Files() {
		reserved++
		if f.Completed {
			shared = append(shared, f)
		}
	}
	if len(shared) != 1 || !bytes.Equal(shared[0].Content, content) || shared[0].Channel != generalID {
		t.Fatalf("%d files shared, want 1 in %s with its %d bytes", len(shared), generalID, len(content))
	}
	posts := 0
	for _, m := range fake.Messages() {
		if len(m.FileIDs) > 0 {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d messages carry the file, want 1", posts)
	}
	t.Logf("killed at %s (after=%v): %d files reserved, 1 shared", method, after, reserved)
}

// queueUpload queues the weekly chart's upload to generalID.
func queueUpload(t *testing.T, st *store.Store, team string, content []byte) {
	t.Helper()
	f := outbox.File{Name: "trends.png", Title: "Trends", AltText: "indicator trends", Content: content}
	m, err := outbox.Upload(team, "chart", generalID, "", f, "This week's trends")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enqueue(t.Context(), m); err != nil {
		t.Fatal(err)
	}
}
