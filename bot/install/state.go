package install

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// stateLifetime is how long an "Add to Slack" click may take to come back:
// Slack's codes live ten minutes too.
const stateLifetime = 10 * time.Minute

// cookieName holds the nonce binding a state to the browser that asked for
// it: a state lifted from a URL (a log, a shared link) is useless in any
// other browser, and works once.
const cookieName = "backbone_install"

func random() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hash(nonce string) []byte {
	sum := sha256.Sum256([]byte(nonce))
	return sum[:]
}

// newState stores a state bound to a fresh nonce, sets the nonce's cookie
// and returns the state. The state is in the database, so the redirect may
// reach any replica.
func (s *Service) newState(ctx context.Context, w http.ResponseWriter) (string, error) {
	state, err := random()
	if err != nil {
		return "", err
	}
	nonce, err := random()
	if err != nil {
		return "", err
	}
	if err := s.Store.SaveOAuthState(ctx, state, hash(nonce), s.Now()); err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: nonce, Path: "/slack/", MaxAge: int(stateLifetime / time.Second),
		HttpOnly: true, Secure: strings.HasPrefix(s.cfg.PublicURL, "https://"),
		// Lax: the cookie comes back on Slack's top-level redirect (a GET)
		// and on nothing cross-site else.
		SameSite: http.SameSiteLaxMode,
	})
	return state, nil
}

// useState consumes the request's state if this browser asked for it, in
// the last stateLifetime, and never before.
func (s *Service) useState(ctx context.Context, r *http.Request) (bool, error) {
	state := r.URL.Query().Get("state")
	c, err := r.Cookie(cookieName)
	if state == "" || err != nil || c.Value == "" {
		return false, nil
	}
	now := s.Now()
	return s.Store.UseOAuthState(ctx, state, hash(c.Value), now.Add(-stateLifetime), now)
}

// clearCookie drops the nonce once used.
func clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/slack/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
