package scorecard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

// cookieName is the session cookie's name.
const cookieName = "backbone_session"

// sessionTTL is how long a sign-in lasts.
const sessionTTL = 8 * time.Hour

// session is a signed-in reader, with what they may see.
type session struct {
	Member store.Member
	CSRF   string
	viewer indicator.Viewer
	// tokenHash names the session row (sign-out deletes it).
	tokenHash string
}

// SeesHealth reports whether the reader may see coalition health.
func (s *session) SeesHealth() bool {
	return s.Member.Role == store.RoleBackbone || s.Member.Role == store.RoleSteering
}

// Staff reports whether the reader may edit stories.
func (s *session) Staff() bool { return s.Member.Role == store.RoleBackbone }

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("t")
	c, err := s.Signer.Check(tok, s.Now())
	switch {
	case errors.Is(err, weblink.ErrForged):
		s.Log.Warn("refused a forged scorecard link", "remote", r.RemoteAddr)
		s.message(w, http.StatusUnauthorized, "This link isn't valid",
			"This sign-in link was not made by Backbone, or it was cut short when copied. Type /indicators web in Slack to get a new one.", nil)
		return
	case errors.Is(err, weblink.ErrExpired):
		s.message(w, http.StatusGone, "This link has expired",
			"Sign-in links work for 15 minutes. Ask for a new one: it comes by DM in Slack.", s.again(tok))
		return
	}
	raw, hash, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	csrf, _, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ws := store.WebSession{TeamID: c.TeamID, UserID: c.UserID, CSRF: csrf, ExpiresAt: s.Now().Add(sessionTTL)}
	err = s.Store.InTx(r.Context(), func(tx *store.Tx) error { return tx.UseWebLink(r.Context(), c.Nonce, c.Expires, hash, ws) })
	if errors.Is(err, store.ErrConflict) {
		s.message(w, http.StatusGone, "This link was already used",
			"Each sign-in link works once. Ask for a new one: it comes by DM in Slack.", s.again(tok))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: raw, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(s.Base, "https://"), MaxAge: int(sessionTTL.Seconds())})
	http.Redirect(w, r, "/scorecard/", http.StatusSeeOther)
}

// again is the form asking for a new link, for the member tok names.
func (s *Server) again(tok string) *againForm {
	return &againForm{Token: tok, MAC: s.Signer.MAC("again", tok)}
}

// signInAgain DMs a new link to the member an expired or used link was
// for. The form carries the old link and a MAC of it: only a page we
// served can ask, and only for the member the link named.
func (s *Server) signInAgain(w http.ResponseWriter, r *http.Request) {
	tok := r.PostFormValue("t")
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("mac")), []byte(s.Signer.MAC("again", tok))) != 1 {
		s.message(w, http.StatusForbidden, "This form has expired", "Type /indicators web in Slack to get a new link.", nil)
		return
	}
	c, err := s.Signer.Check(tok, s.Now())
	if errors.Is(err, weblink.ErrForged) {
		s.message(w, http.StatusUnauthorized, "This link isn't valid", "Type /indicators web in Slack to get a new one.", nil)
		return
	}
	m, err := s.Store.Member(r.Context(), c.TeamID, c.UserID)
	if err == nil {
		err = s.Indicators.SendWebLink(r.Context(), m)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.message(w, http.StatusOK, "Check your DMs in Slack", "We sent you a new sign-in link. It works once, within 15 minutes.", nil)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, rd *reader) {
	sess := rd.sess
	if err := s.Store.EndWebSession(r.Context(), sess.tokenHash); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	s.message(w, http.StatusOK, "Signed out", "You are signed out. Type /indicators web in Slack to sign in again.", nil)
}

// signedIn runs next for a reader with a valid session, checking the CSRF
// token of every POST; anyone else is told how to sign in.
func (s *Server) signedIn(next readerHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.session(r.Context(), r)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, http.ErrNoCookie) {
			s.message(w, http.StatusUnauthorized, "Sign in to see the scorecard",
				"Type /indicators web in Slack, or press Open the scorecard in Backbone's Home tab: we DM you a link that signs you in.", nil)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if r.Method == http.MethodPost && subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
			s.message(w, http.StatusForbidden, "This form has expired", "Reload the page and try again.", nil)
			return
		}
		next(w, r, &reader{sess: sess, viewer: sess.viewer, teamID: sess.Member.TeamID, prefix: "/scorecard/indicators/"})
	}
}

// session reads the request's session and what its member may see.
func (s *Server) session(ctx context.Context, r *http.Request) (*session, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil, err
	}
	hash := hashToken(c.Value)
	ws, err := s.Store.WebSession(ctx, hash, s.Now())
	if err != nil {
		return nil, err
	}
	m, err := s.Store.Member(ctx, ws.TeamID, ws.UserID)
	if err != nil {
		return nil, err
	}
	v, err := s.Indicators.ViewerOf(ctx, m)
	if err != nil {
		return nil, err
	}
	return &session{Member: m, CSRF: ws.CSRF, viewer: v, tokenHash: hash}, nil
}

// newToken is a random token and the hash stored for it.
func newToken() (raw, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("session token: %w", err)
	}
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw), nil
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}
