package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/scorecard"
	"github.com/backbone-coalition/backbone/weblink"
)

// sessionSecretFile is where a generated SESSION_SECRET is kept, under
// DATA_DIR, so links and sessions survive a restart.
const sessionSecretFile = "session_secret"

// sessionSecret is SESSION_SECRET, or the one kept under DATA_DIR,
// generated on first start.
func sessionSecret(cfg config.Config) ([]byte, error) {
	if cfg.SessionSecret != "" {
		return []byte(cfg.SessionSecret.Reveal()), nil
	}
	path := filepath.Join(cfg.DataDir, sessionSecretFile)
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= config.MinSessionSecret {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("generate session secret: %w", err)
	}
	secret := hex.EncodeToString(raw)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create DATA_DIR for the session secret: %w", err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return []byte(secret), nil
}

// webLinks is the signer of the scorecard's links and where they lead.
func webLinks(cfg config.Config) (weblink.Links, error) {
	secret, err := sessionSecret(cfg)
	if err != nil {
		return weblink.Links{}, err
	}
	signer, err := weblink.New(secret)
	if err != nil {
		return weblink.Links{}, err
	}
	return weblink.Links{Signer: signer, Base: cfg.BaseURL()}, nil
}

// mountScorecard serves the web scorecard on mux.
func (a *app) mountScorecard(mux *http.ServeMux) error {
	sc, err := scorecard.New(scorecard.Deps{Store: a.store, Indicators: a.bot.Indicators(), Signer: a.web.Signer,
		Base: a.web.Base, Now: a.now, Log: a.log})
	if err != nil {
		return fmt.Errorf("scorecard: %w", err)
	}
	h := sc.Handler()
	mux.Handle("/scorecard/", h)
	mux.Handle("/public", h)
	mux.Handle("/public/", h)
	return nil
}
