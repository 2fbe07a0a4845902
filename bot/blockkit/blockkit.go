// Package blockkit checks Slack Block Kit payloads against the limits Slack
// enforces, so that a message or view that Slack would refuse with
// invalid_blocks is caught in tests instead of in production.
//
// The checker is pure: it only reads the JSON it is given. Characters are
// counted as Unicode code points, as Slack counts them.
package blockkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Violation is one broken Block Kit rule.
type Violation struct {
	// Path is a JSON pointer to the offending value, such as /blocks/3/text/text.
	Path string
	// Rule says what is wrong, such as "at most 3000 characters, got 3001".
	Rule string
}

// Error describes the violation as "block kit: <path>: <rule>".
func (v Violation) Error() string {
	path := v.Path
	if path == "" {
		path = "/"
	}
	return "block kit: " + path + ": " + v.Rule
}

// surface is where blocks are shown; some limits depend on it.
type surface int

const (
	surfaceMessage surface = iota
	surfaceModal
	surfaceHome
	surfaceUnknown // a view of an unknown type: only its blocks are checked
)

// checker walks one message or view and collects violations.
type checker struct {
	surface   surface
	vs        []Violation
	blockIDs  map[string]string
	textChars int
	hasInput  bool
}

func newChecker(s surface) *checker {
	return &checker{surface: s, blockIDs: map[string]string{}}
}

func (c *checker) add(path, format string, args ...any) {
	c.vs = append(c.vs, Violation{Path: path, Rule: fmt.Sprintf(format, args...)})
}

// CheckMessage checks a message's fallback text and its blocks (a JSON array,
// or empty for a text-only message) against Slack's limits and Backbone's own
// rule that a message with blocks also carries non-empty text.
func CheckMessage(text string, blocks json.RawMessage) []Violation {
	c := newChecker(surfaceMessage)
	if n := utf8.RuneCountInString(text); n > maxMessageText {
		c.add("/text", "at most %d characters, got %d", maxMessageText, n)
	}
	list, ok := c.decodeBlocks(blocks)
	if !ok || len(list) == 0 {
		return c.vs
	}
	if strings.TrimSpace(text) == "" {
		c.add("/text", "required when blocks are set: it is the notification and accessibility fallback")
	}
	c.blockList("/blocks", list, MaxMessageBlocks)
	if c.textChars > maxMessageBlockText {
		c.add("/blocks", "blocks hold %d characters of text, at most %d (msg_blocks_too_long)",
			c.textChars, maxMessageBlockText)
	}
	return c.vs
}

// decodeBlocks parses a message's blocks; absent, empty and null mean none.
func (c *checker) decodeBlocks(blocks json.RawMessage) ([]any, bool) {
	trimmed := bytes.TrimSpace(blocks)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil, false
	}
	v, err := decode(trimmed)
	if err != nil {
		c.add("/blocks", "invalid JSON: %v", err)
		return nil, false
	}
	list, ok := v.([]any)
	if !ok {
		c.add("/blocks", "must be an array")
		return nil, false
	}
	return list, true
}

// CheckView checks a modal or Home tab view object, as sent to views.open,
// views.push, views.update or views.publish.
func CheckView(view json.RawMessage) []Violation {
	v, err := decode(bytes.TrimSpace(view))
	if err != nil {
		return []Violation{{Path: "", Rule: fmt.Sprintf("invalid JSON: %v", err)}}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return []Violation{{Path: "", Rule: "view must be an object"}}
	}
	c := newChecker(surfaceModal)
	switch typ, _ := m["type"].(string); typ {
	case "modal":
	case "home":
		c.surface = surfaceHome
	default:
		c.surface = surfaceUnknown
		c.add("/type", "view type must be modal or home, got %q", typ)
	}
	c.viewBlocks(m)
	c.viewFields(m)
	return c.vs
}

func (c *checker) viewBlocks(m map[string]any) {
	raw, present := m["blocks"]
	list, ok := raw.([]any)
	switch {
	case !present || raw == nil:
		c.add("/blocks", "required")
	case !ok:
		c.add("/blocks", "must be an array")
	default:
		c.blockList("/blocks", list, maxViewBlocks)
	}
}

func (c *checker) viewFields(m map[string]any) {
	c.maxString(m, "private_metadata", "/private_metadata", maxPrivateMetadata)
	c.maxString(m, "callback_id", "/callback_id", maxCallbackID)
	c.maxString(m, "external_id", "/external_id", maxExternalID)
	if c.surface != surfaceModal {
		return
	}
	c.text("/title", m["title"], plainOnly, maxModalButton, true)
	c.text("/submit", m["submit"], plainOnly, maxModalButton, false)
	c.text("/close", m["close"], plainOnly, maxModalButton, false)
	if c.hasInput && m["submit"] == nil {
		c.add("/submit", "required when the modal has an input block")
	}
}

// decode parses JSON keeping numbers exact.
func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if d.More() {
		return nil, fmt.Errorf("decode: trailing data")
	}
	return v, nil
}
