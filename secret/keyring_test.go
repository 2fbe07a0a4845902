package secret

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func mustKey(t *testing.T, fill byte) []byte {
	t.Helper()
	return bytes.Repeat([]byte{fill}, KeySize)
}

func TestSealOpenRoundTripAndRotation(t *testing.T) {
	t.Parallel()
	old, err := NewKeyring(mustKey(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := old.Seal("xoxb-1-secret", "T1")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("xoxb")) {
		t.Fatal("the sealed value holds the plaintext")
	}
	rotated, err := NewKeyring(mustKey(t, 2), mustKey(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		ring   *Keyring
		sealed []byte
		bound  string
		want   error
	}{
		{"same key", old, sealed, "T1", nil},
		{"older key of a rotated ring", rotated, sealed, "T1", nil},
		{"another team's row", old, sealed, "T2", ErrTampered},
		{"flipped byte", old, flip(sealed, len(sealed)-1), "T1", ErrTampered},
		{"cut short", old, sealed[:5], "T1", ErrTampered},
		{"key dropped", mustRing(t, mustKey(t, 3)), sealed, "T1", ErrUnknownKey},
	} {
		got, err := tc.ring.Open(tc.sealed, tc.bound)
		if !errors.Is(err, tc.want) || (err == nil && got != "xoxb-1-secret") {
			t.Errorf("%s: %q, %v; want %v", tc.name, got, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "xoxb") {
			t.Errorf("%s: the error holds the token", tc.name)
		}
	}
	again, _ := rotated.Seal("xoxb-1-secret", "T1")
	if SealedUnder(again) != rotated.PrimaryID() || SealedUnder(sealed) == rotated.PrimaryID() {
		t.Errorf("key IDs: new %s, old %s, primary %s", SealedUnder(again), SealedUnder(sealed), rotated.PrimaryID())
	}
}

// TestOpensWhatStandardLibraryGCMSealed checks the format against a value
// built by hand with crypto/cipher: version, key ID, nonce, ciphertext.
func TestOpensWhatStandardLibraryGCMSealed(t *testing.T) {
	t.Parallel()
	raw := mustKey(t, 7)
	ring := mustRing(t, raw)
	block, _ := aes.NewCipher(raw)
	gcm, _ := cipher.NewGCM(block)
	nonce := bytes.Repeat([]byte{9}, gcm.NonceSize())
	id := ring.primary.id
	value := append(append(append([]byte{1}, id[:]...), nonce...), gcm.Seal(nil, nonce, []byte("xoxb-by-hand"), []byte("T9"))...)
	if got, err := ring.Open(value, "T9"); err != nil || got != "xoxb-by-hand" {
		t.Errorf("Open = %q, %v", got, err)
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	raw := mustKey(t, 0xfb)
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{base64.StdEncoding.EncodeToString(raw), true},
		{base64.RawURLEncoding.EncodeToString(raw), true},
		{" " + base64.StdEncoding.EncodeToString(raw) + "\n", true},
		{base64.StdEncoding.EncodeToString(raw[:16]), false},
		{"not base64 at all!", false},
	} {
		got, err := ParseKey(tc.in)
		if (err == nil) != tc.ok || (tc.ok && !bytes.Equal(got, raw)) {
			t.Errorf("ParseKey(%q) = %x, %v", tc.in, got, err)
		}
	}
}

func mustRing(t *testing.T, raw []byte) *Keyring {
	t.Helper()
	k, err := NewKeyring(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}
