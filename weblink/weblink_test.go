package weblink

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTokenRoundTripAndRefusals(t *testing.T) {
	t.Parallel()
	s, err := New([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := New([]byte(strings.Repeat("x", 32)))
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	tok, err := s.Token("T1", "U1", now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Check(tok, now.Add(14*time.Minute))
	if err != nil || c.TeamID != "T1" || c.UserID != "U1" || c.Nonce == "" {
		t.Fatalf("Check = %+v, %v", c, err)
	}
	if c, err := s.Check(tok, now.Add(TTL)); !errors.Is(err, ErrExpired) || c.UserID != "U1" {
		t.Errorf("at expiry: %+v, %v; want ErrExpired naming U1", c, err)
	}
	forged := strings.Replace(tok, ".", "x.", 1)
	for name, bad := range map[string]string{"other secret": mustToken(t, other, now), "edited": forged, "empty": "", "no mac": "abc"} {
		if _, err := s.Check(bad, now); !errors.Is(err, ErrForged) {
			t.Errorf("%s: %v, want ErrForged", name, err)
		}
	}
	tok2, _ := s.Token("T1", "U1", now)
	if tok2 == tok {
		t.Error("two links for the same member are the same: no nonce")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("a short secret is accepted")
	}
}

func mustToken(t *testing.T, s Signer, now time.Time) string {
	t.Helper()
	tok, err := s.Token("T1", "U1", now)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
