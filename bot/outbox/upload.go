package outbox

import (
	"bytes"
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// File is a file an outbox row uploads. Content travels base64-encoded in
// the row's JSON payload, hence the MaxUpload cap.
type File struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	// AltText describes an image for screen readers.
	AltText string `json:"alt_text,omitempty"`
	Content []byte `json:"content"`
}

// MaxUpload is the largest file an outbox row carries: the rows live in
// PostgreSQL and are read on every claim.
const MaxUpload = 1 << 20

// Upload builds an outbox message uploading f to channel with comment as
// its message, in the thread of the message queued under parentKey (""
// for none) once that one is sent.
func Upload(teamID, dedupeKey, channel, parentKey string, f File, comment string) (store.OutboxMessage, error) {
	switch {
	case f.Name == "":
		return store.OutboxMessage{}, fmt.Errorf("upload %s: no file name", dedupeKey)
	case len(f.Content) == 0:
		return store.OutboxMessage{}, fmt.Errorf("upload %s: empty file", dedupeKey)
	case len(f.Content) > MaxUpload:
		return store.OutboxMessage{}, fmt.Errorf("upload %s: %d bytes, over %d", dedupeKey, len(f.Content), MaxUpload)
	}
	return build(teamID, dedupeKey, store.MethodUpload, channel, Payload{Text: comment, ThreadKey: parentKey, File: &f}, nil)
}

// upload sends a files.uploadV2 row. slack-go makes the three calls of
// upload v2 through the API URL. Only files.completeUploadExternal shares
// the file, so a retry after any earlier failure starts over with a fresh
// file and nothing shows twice. The row records no ts: Slack does not
// return the message's.
func (w *Worker) upload(ctx context.Context, channel string, p Payload) (string, error) {
	f := p.File
	if f == nil || f.Name == "" || len(f.Content) == 0 {
		return "", permanent("bad_payload: no file to upload")
	}
	_, err := w.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(f.Content), FileSize: len(f.Content), Filename: f.Name,
		Title: f.Title, AltTxt: f.AltText, InitialComment: p.Text,
		Channel: channel, ThreadTimestamp: p.ThreadTS,
	})
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", f.Name, err)
	}
	return "", nil
}
