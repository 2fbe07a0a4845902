package slacktest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Files people share with the bot, and users.lookupByEmail.

// usersLookupByEmail answers users.lookupByEmail: the user whose profile
// has the email, ignoring case; users_not_found otherwise (Slack's code).
func (s *Server) usersLookupByEmail(_ context.Context, req apiRequest) result {
	email := strings.TrimSpace(req.param("email"))
	if email == "" {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.st.users {
		if u.Email != "" && strings.EqualFold(u.Email, email) {
			return ok(map[string]any{"user": s.userJSON(u)})
		}
	}
	return fail("users_not_found")
}

// SharedFile is a file a person shares in their DM with the bot.
type SharedFile struct {
	User, Filename, Mimetype, Filetype string
	Content                            []byte
}

// ShareFileInDM stores f as shared by f.User in their DM with the bot and
// sends what Slack sends then: a message (subtype file_share) and a
// file_shared event. It returns the file's ID, stored even when the events
// could not be delivered.
func (s *Server) ShareFileInDM(ctx context.Context, f SharedFile) (string, error) {
	s.mu.Lock()
	file := &File{ID: s.st.nextID("F"), Filename: f.Filename, Title: f.Filename, Content: f.Content,
		Channel: s.st.dmFor(f.User), Completed: true, User: f.User}
	s.st.files = append(s.st.files, file)
	s.st.lengths[file.ID] = len(f.Content)
	s.st.mimes[file.ID] = [2]string{f.Mimetype, f.Filetype}
	ts := s.st.nextTS(s.now())
	s.mu.Unlock()
	msg := map[string]any{"type": "message", "subtype": "file_share", "channel": file.Channel, "channel_type": "im",
		"user": f.User, "text": "", "ts": ts, "event_ts": ts, "team": s.opts.TeamID,
		"files": []any{map[string]any{"id": file.ID, "name": f.Filename}}}
	if _, err := s.Event(ctx, msg); err != nil {
		return file.ID, err
	}
	shared := map[string]any{"type": "file_shared", "channel_id": file.Channel, "file_id": file.ID,
		"user_id": f.User, "file": map[string]any{"id": file.ID}, "event_ts": ts}
	_, err := s.Event(ctx, shared)
	return file.ID, err
}

// describeFileLocked adds to a files.info answer what a person's file has:
// its owner, size, type and private download URLs (which need the bot
// token, as Slack's do).
func (s *Server) describeFileLocked(f *File, j map[string]any) {
	if f.User == "" {
		return
	}
	mt := s.st.mimes[f.ID]
	url := fmt.Sprintf("%s/files-pri/%s/%s", s.base, f.ID, f.Filename)
	j["user"], j["size"], j["mimetype"], j["filetype"] = f.User, len(f.Content), mt[0], mt[1]
	j["url_private"], j["url_private_download"] = url, url
	j["ims"] = []string{f.Channel}
}

// handlePrivateFile serves a file's private URL to a request carrying the
// bot token; anyone else is refused (Slack answers them with its login page).
func (s *Server) handlePrivateFile(w http.ResponseWriter, r *http.Request) {
	if bearer(r.Header.Get("Authorization")) != s.opts.BotToken {
		http.Error(w, "not authed", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	f := s.fileLocked(r.PathValue("id"))
	s.mu.Unlock()
	if f == nil || f.User == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(f.Content)
}
