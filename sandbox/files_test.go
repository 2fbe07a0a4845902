package sandbox_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestFilesTheBotSharesAreShown: a chart the bot uploads into a DM is
// listed with its message as an image, served to that person inline, and
// refused to anyone else; a CSV is served as a download.
func TestFilesTheBotSharesAreShown(t *testing.T) {
	t.Parallel()
	b := setup(t)
	api := slack.New(b.slack.Options().BotToken, slack.OptionAPIURL(b.slack.APIURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	png := []byte("\x89PNG\r\n\x1a\n fake chart")
	csv := []byte("indicator,period,value\nyouth-served,2026-10,12\n")
	for _, f := range []struct {
		name, title string
		content     []byte
	}{{"trends.png", "Indicator trends", png}, {"export.csv", "Reports export", csv}} {
		_, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Channel: "U0KEVIN", Filename: f.name, Title: f.title,
			Reader: bytes.NewReader(f.content), FileSize: len(f.content), InitialComment: "Here it is"})
		if err != nil {
			t.Fatalf("upload %s: %v", f.name, err)
		}
	}
	dm := b.slack.DMChannel("U0KEVIN")
	var conv struct {
		Messages []struct {
			Files []struct {
				ID, Title, Name string
				Image           bool
			}
		}
	}
	if status := b.get("/api/conversation?as=U0KEVIN&channel="+dm, &conv); status != http.StatusOK {
		t.Fatalf("conversation: status %d", status)
	}
	var ids []string
	for _, m := range conv.Messages {
		for _, f := range m.Files {
			ids = append(ids, f.ID)
			if f.Image != strings.HasSuffix(f.Name, ".png") {
				t.Errorf("%s listed with image=%v", f.Name, f.Image)
			}
		}
	}
	if len(ids) != 2 {
		t.Fatalf("the DM lists %d files, want 2: %+v", len(ids), conv)
	}
	fetch := func(as, id string) (int, http.Header, []byte) {
		res, err := http.Get(b.page.URL + "/api/file?as=" + as + "&id=" + id)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, body
	}
	status, h, body := fetch("U0KEVIN", ids[0])
	if status != http.StatusOK || h.Get("Content-Type") != "image/png" || !bytes.Equal(body, png) || h.Get("Content-Disposition") != "" {
		t.Errorf("the chart: status %d, type %q, disposition %q, %d bytes", status, h.Get("Content-Type"), h.Get("Content-Disposition"), len(body))
	}
	status, h, body = fetch("U0KEVIN", ids[1])
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !bytes.Equal(body, csv) {
		t.Errorf("the CSV: status %d, disposition %q, %d bytes", status, h.Get("Content-Disposition"), len(body))
	}
	if status, _, _ := fetch("U0PRIYA", ids[0]); status != http.StatusForbidden {
		t.Errorf("someone else fetched Kevin's chart: status %d", status)
	}
	if status, _, _ := fetch("U0KEVIN", "F0NONE"); status != http.StatusNotFound {
		t.Errorf("an unknown file: status %d", status)
	}
}
