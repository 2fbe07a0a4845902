// Package secret seals Slack bot tokens at rest with AES-256-GCM. Each sealed
// value names the key that sealed it, so that a second, older key can still
// open values while `backbone rotate-key` re-seals them under the new one.
// Nothing here ever puts a plaintext or a key in an error.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

// version is the first byte of every sealed value, for a later format.
const version byte = 1

// idSize is the length of a key's ID inside a sealed value.
const idSize = 8

// ErrUnknownKey is returned for a value sealed under a key the keyring does
// not hold (TOKEN_ENCRYPTION_KEY changed without the old one kept).
var ErrUnknownKey = errors.New("sealed with a key this keyring does not hold")

// ErrTampered is returned when a value does not open: it was changed, cut,
// or moved from another row.
var ErrTampered = errors.New("sealed value does not open")

// key is one AES-256-GCM key and its ID, the first bytes of its SHA-256.
type key struct {
	id   [idSize]byte
	aead cipher.AEAD
}

// Keyring seals under its primary key and opens under any of its keys.
type Keyring struct {
	primary key
	all     []key
}

// ParseKey decodes a base64 key of KeySize bytes (standard or URL alphabet,
// padded or not), as `openssl rand -base64 32` prints one.
func ParseKey(b64 string) ([]byte, error) {
	s := strings.TrimSpace(b64)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			if len(raw) != KeySize {
				return nil, fmt.Errorf("key is %d bytes, want %d", len(raw), KeySize)
			}
			return raw, nil
		}
	}
	return nil, errors.New("key is not base64")
}

// NewKeyring builds a keyring sealing under primary and opening under it
// and every older key.
func NewKeyring(primary []byte, older ...[]byte) (*Keyring, error) {
	p, err := newKey(primary)
	if err != nil {
		return nil, err
	}
	k := &Keyring{primary: p, all: []key{p}}
	for _, raw := range older {
		o, err := newKey(raw)
		if err != nil {
			return nil, err
		}
		k.all = append(k.all, o)
	}
	return k, nil
}

func newKey(raw []byte) (key, error) {
	if len(raw) != KeySize {
		return key{}, fmt.Errorf("key is %d bytes, want %d", len(raw), KeySize)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return key{}, fmt.Errorf("aes key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return key{}, fmt.Errorf("gcm: %w", err)
	}
	k := key{aead: aead}
	sum := sha256.Sum256(raw)
	copy(k.id[:], sum[:idSize])
	return k, nil
}

// PrimaryID names the key new values are sealed under, in hex.
func (k *Keyring) PrimaryID() string { return hex.EncodeToString(k.primary.id[:]) }

// Seal encrypts plain under the primary key. bound (a team ID) is
// authenticated with it: the value opens only for the same bound, so a
// sealed token copied onto another team's row does not open.
func (k *Keyring) Seal(plain, bound string) ([]byte, error) {
	nonce := make([]byte, k.primary.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("nonce: %w", err)
	}
	out := append([]byte{version}, k.primary.id[:]...)
	out = append(out, nonce...)
	return k.primary.aead.Seal(out, nonce, []byte(plain), []byte(bound)), nil
}

// Open decrypts a value Seal made for the same bound.
func (k *Keyring) Open(sealed []byte, bound string) (string, error) {
	head := 1 + idSize
	if len(sealed) < head || sealed[0] != version {
		return "", ErrTampered
	}
	for _, c := range k.all {
		if string(c.id[:]) != string(sealed[1:head]) {
			continue
		}
		ns := c.aead.NonceSize()
		if len(sealed) < head+ns {
			return "", ErrTampered
		}
		plain, err := c.aead.Open(nil, sealed[head:head+ns], sealed[head+ns:], []byte(bound))
		if err != nil {
			return "", ErrTampered
		}
		return string(plain), nil
	}
	return "", ErrUnknownKey
}

// SealedUnder reports the hex ID of the key a value was sealed under.
func SealedUnder(sealed []byte) string {
	if len(sealed) < 1+idSize {
		return ""
	}
	return hex.EncodeToString(sealed[1 : 1+idSize])
}
