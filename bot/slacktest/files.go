package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// fileLocked finds a file by ID.
func (s *Server) fileLocked(id string) *File {
	for _, f := range s.st.files {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func (s *Server) getUploadURL(_ context.Context, req apiRequest) result {
	length, err := strconv.Atoi(req.param("length"))
	if req.param("filename") == "" || err != nil || length <= 0 {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &File{ID: s.st.nextID("F"), Filename: req.param("filename")}
	s.st.files = append(s.st.files, f)
	s.st.lengths[f.ID] = length
	return ok(map[string]any{"upload_url": s.base + "/upload/" + f.ID, "file_id": f.ID})
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	req := apiRequest{method: "upload", at: s.now()}
	content, err := readUpload(r)
	var res result
	switch {
	case err != nil:
		s.violate(fmt.Errorf("upload: %w", err))
		res = badRequest("invalid_upload")
	case s.stallHere(r.Context(), "upload", false):
		res = stalled()
	default:
		res = s.storeUpload(r.PathValue("id"), content)
		if s.stallHere(r.Context(), "upload", true) {
			res = stalled()
		}
	}
	s.recordCall(req, res)
	if res.status != http.StatusOK {
		writeResult(w, res)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = fmt.Fprintf(w, "OK - %d", len(content))
}

func (s *Server) storeUpload(id string, content []byte) result {
	s.mu.Lock()
	f := s.fileLocked(id)
	want := s.st.lengths[id]
	if f != nil {
		f.Content = content
	}
	s.mu.Unlock()
	if f == nil {
		return notFound("file_not_found")
	}
	if want != len(content) {
		s.violate(fmt.Errorf("upload %s: %d bytes sent, %d announced to files.getUploadURLExternal", id, len(content), want))
	}
	return ok(nil)
}

// readUpload reads the bytes of an upload: the "file" part of a multipart
// form, as slack-go sends it, or the raw body.
func readUpload(r *http.Request) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(mt, "multipart/") {
		b, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		return b, nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("no file part: %w", err)
		}
		if part.FormName() == "file" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<20))
			if err != nil {
				return nil, fmt.Errorf("read file part: %w", err)
			}
			return b, nil
		}
	}
}

// fileRef is one entry of files.completeUploadExternal's files parameter.
type fileRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func (s *Server) completeUpload(_ context.Context, req apiRequest) result {
	var refs []fileRef
	if err := json.Unmarshal([]byte(req.param("files")), &refs); err != nil || len(refs) == 0 {
		return fail("invalid_arguments")
	}
	comment, blocks := req.param("initial_comment"), blocksParam(req)
	if len(blocks) > 0 {
		if res, bad := s.checkBlocks(req.method, comment, blocks); bad {
			return res
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	channel := req.param("channel_id")
	if channel == "" {
		channel, _, _ = strings.Cut(req.param("channels"), ",")
	}
	var t target
	if channel != "" {
		var code string
		if t, code = s.st.resolve(channel, s.opts.BotUserID); code != "" {
			return fail(code)
		}
	}
	return s.shareFilesLocked(req, refs, t, comment, blocks)
}

func (s *Server) shareFilesLocked(req apiRequest, refs []fileRef, t target, comment string, blocks json.RawMessage) result {
	var out []map[string]any
	var ids []string
	for _, ref := range refs {
		f := s.fileLocked(ref.ID)
		if f == nil || f.Content == nil {
			return fail("file_not_found")
		}
		f.Title = ref.Title
		if f.Title == "" {
			f.Title = f.Filename
		}
		f.Channel, f.ThreadTS, f.InitialComment, f.Completed = t.channel, req.param("thread_ts"), comment, true
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
		ids = append(ids, f.ID)
	}
	if t.channel != "" {
		s.storeLocked(Message{Channel: t.channel, User: t.dmUser, TS: s.st.nextTS(req.at),
			ThreadTS: req.param("thread_ts"), Text: comment, Blocks: blocks, FileIDs: ids, Method: req.method})
	}
	s.notifyLocked()
	return ok(map[string]any{"files": out})
}
