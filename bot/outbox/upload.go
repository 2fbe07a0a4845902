package outbox

import (
	"bytes"
	"context"
	"errors"
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

// upload sends a files.uploadV2 row through Slack's three steps,
// recording each in outbox_uploads, so that a worker stopping between any
// two (a crash, a lost answer, a retry) is resumed by the next attempt
// without posting the file twice or losing it:
//
//   - no record: files.getUploadURLExternal, then record "reserved". A
//     file reserved and never recorded is never shared: Slack discards it.
//   - "reserved": send the bytes to the upload URL, then record "uploaded".
//     If that fails, the record is dropped and the next attempt starts over.
//   - "uploaded": files.completeUploadExternal shares the file. An attempt
//     that finds "uploaded" on arrival does not know whether the one before
//     it shared the file before stopping, so it asks files.info first.
//
// The row records no ts: Slack does not return the message's.
func (w *Worker) upload(ctx context.Context, api *slack.Client, row store.OutboxRow, p Payload) (string, error) {
	f := p.File
	if f == nil || f.Name == "" || len(f.Content) == 0 {
		return "", permanent("bad_payload: no file to upload")
	}
	up, err := w.store.OutboxUpload(ctx, row.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if up, err = w.reserve(ctx, api, row, f); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case up.Step == store.UploadUploaded:
		return "", w.resumeShare(ctx, api, row, p, up)
	}
	if err := w.sendBytes(ctx, api, row, f, &up); err != nil {
		return "", err
	}
	return "", w.share(ctx, api, row, p, up)
}

// reserve asks Slack for a file ID and an upload URL, and records them.
func (w *Worker) reserve(ctx context.Context, api *slack.Client, row store.OutboxRow, f *File) (store.OutboxUpload, error) {
	res, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{
		FileName: f.Name, FileSize: len(f.Content), AltTxt: f.AltText})
	if err != nil {
		return store.OutboxUpload{}, fmt.Errorf("reserve upload of %s: %w", f.Name, err)
	}
	up := store.OutboxUpload{OutboxID: row.ID, TeamID: row.TeamID, FileID: res.FileID, UploadURL: res.UploadURL, Step: store.UploadReserved}
	return up, w.store.SaveOutboxUpload(ctx, up)
}

// sendBytes sends the file to its upload URL and records it. A failure
// drops the record: the next attempt starts over with a new file.
func (w *Worker) sendBytes(ctx context.Context, api *slack.Client, row store.OutboxRow, f *File, up *store.OutboxUpload) error {
	err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: up.UploadURL, Reader: bytes.NewReader(f.Content), Filename: f.Name})
	if err != nil {
		if ferr := w.store.ForgetOutboxUpload(ctx, row.ID); ferr != nil {
			return errors.Join(fmt.Errorf("upload %s: %w", f.Name, err), ferr)
		}
		return fmt.Errorf("upload %s: %w", f.Name, err)
	}
	up.Step = store.UploadUploaded
	return w.store.SaveOutboxUpload(ctx, *up)
}

// resumeShare finishes an upload an earlier attempt left "uploaded": it
// shares the file unless Slack says it is shared already.
func (w *Worker) resumeShare(ctx context.Context, api *slack.Client, row store.OutboxRow, p Payload, up store.OutboxUpload) error {
	file, _, _, err := api.GetFileInfoContext(ctx, up.FileID, 0, 0)
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &se) && se.Err == "file_deleted":
		return nil // shared, then deleted by someone in Slack: not ours to post again
	case errors.As(err, &se) && se.Err == "file_not_found":
		// Never shared, and discarded by Slack since: start over.
		if err := w.store.ForgetOutboxUpload(ctx, row.ID); err != nil {
			return err
		}
		return fmt.Errorf("upload %s: %w", up.FileID, err)
	case err != nil:
		return fmt.Errorf("check upload %s: %w", up.FileID, err)
	case isShared(file):
		return nil
	}
	return w.share(ctx, api, row, p, up)
}

// isShared reports whether a file is shared anywhere: each upload row has
// a file of its own, shared only where the row sends it.
func isShared(f *slack.File) bool {
	return len(f.Channels)+len(f.Groups)+len(f.IMs)+len(f.Shares.Public)+len(f.Shares.Private) > 0
}

// share completes the upload, which posts the file with its comment.
func (w *Worker) share(ctx context.Context, api *slack.Client, row store.OutboxRow, p Payload, up store.OutboxUpload) error {
	_, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files:   []slack.FileSummary{{ID: up.FileID, Title: p.File.Title}},
		Channel: row.Channel, InitialComment: p.Text, ThreadTimestamp: p.ThreadTS,
	})
	if err != nil {
		return fmt.Errorf("share %s: %w", p.File.Name, err)
	}
	return nil
}
