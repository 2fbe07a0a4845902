// Package weblink signs and checks the one-time links that sign a Slack
// member in to the web scorecard: HMAC-SHA256 over the team, the member,
// the expiry and a random nonce, with the session secret. The link holds
// no secret of its own; its single use is recorded by whoever accepts it.
package weblink

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TTL is how long a link is good for.
const TTL = 15 * time.Minute

// SignInPath is where a link leads, under the public URL.
const SignInPath = "/scorecard/signin"

// Claim is who a link signs in, until when, and its nonce.
type Claim struct {
	TeamID, UserID string
	Expires        time.Time
	Nonce          string
}

// Errors of Check.
var (
	ErrForged  = errors.New("weblink: not a link we signed")
	ErrExpired = errors.New("weblink: link expired")
)

// Signer mints and checks links with one secret.
type Signer struct {
	secret []byte
}

// New is a signer with secret, which must be at least 32 bytes.
func New(secret []byte) (Signer, error) {
	if len(secret) < 32 {
		return Signer{}, fmt.Errorf("weblink: secret of %d bytes, want at least 32", len(secret))
	}
	return Signer{secret: secret}, nil
}

// Token is a fresh link token for the member, good for TTL from now.
func (s Signer) Token(teamID, userID string, now time.Time) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("weblink nonce: %w", err)
	}
	c := Claim{TeamID: teamID, UserID: userID, Expires: now.Add(TTL).Truncate(time.Second), Nonce: base64.RawURLEncoding.EncodeToString(nonce)}
	payload := base64.RawURLEncoding.EncodeToString([]byte(strings.Join([]string{c.TeamID, c.UserID, strconv.FormatInt(c.Expires.Unix(), 10), c.Nonce}, "\n")))
	return payload + "." + s.mac(payload), nil
}

// URL is the sign-in link for token under base (PUBLIC_URL).
func URL(base, token string) string { return base + SignInPath + "?t=" + token }

// Check reads a token: ErrForged when its signature is wrong or it is
// malformed; ErrExpired, with the claim, when it is past its expiry (the
// claim says whom to offer a new link).
func (s Signer) Check(token string, now time.Time) (Claim, error) {
	payload, mac, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.mac(payload))) {
		return Claim{}, ErrForged
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return Claim{}, ErrForged
	}
	parts := strings.Split(string(raw), "\n")
	if len(parts) != 4 {
		return Claim{}, ErrForged
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return Claim{}, ErrForged
	}
	c := Claim{TeamID: parts[0], UserID: parts[1], Expires: time.Unix(exp, 0), Nonce: parts[3]}
	if !now.Before(c.Expires) {
		return c, ErrExpired
	}
	return c, nil
}

// MAC signs any string with the secret under a purpose, for values the
// scorecard hands out and takes back (the resend form's token).
func (s Signer) MAC(purpose, v string) string { return s.mac(purpose + "\n" + v) }

func (s Signer) mac(v string) string {
	h := hmac.New(sha256.New, s.secret)
	h.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// Links mints sign-in links under the server's public address.
type Links struct {
	Signer Signer
	// Base is PUBLIC_URL (or where the server listens), without a
	// trailing slash.
	Base string
}

// ErrOff is returned when no scorecard is configured.
var ErrOff = errors.New("weblink: the scorecard is not configured")

// Link is a fresh sign-in link for the member.
func (l Links) Link(teamID, userID string, now time.Time) (string, error) {
	if l.Base == "" || l.Signer.secret == nil {
		return "", ErrOff
	}
	tok, err := l.Signer.Token(teamID, userID, now)
	if err != nil {
		return "", err
	}
	return URL(l.Base, tok), nil
}
