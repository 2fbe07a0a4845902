package blockkit

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// textKind says which text object types a field accepts.
type textKind int

const (
	anyText   textKind = iota // plain_text or mrkdwn
	plainOnly                 // plain_text only
)

// text checks a text object: its type, non-empty text and length. It also
// counts the characters toward the message's total.
func (c *checker) text(path string, v any, kind textKind, limit int, required bool) {
	if v == nil {
		if required {
			c.add(path, "required")
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.add(path, "must be a text object")
		return
	}
	c.textType(path, m, kind)
	s, ok := m["text"].(string)
	if !ok || s == "" {
		c.add(path+"/text", "must be a non-empty string")
		return
	}
	n := utf8.RuneCountInString(s)
	c.textChars += n
	if limit > 0 && n > limit {
		c.add(path+"/text", "at most %d characters, got %d", limit, n)
	}
}

func (c *checker) textType(path string, m map[string]any, kind textKind) {
	switch typ, _ := m["type"].(string); {
	case typ != "plain_text" && typ != "mrkdwn":
		c.add(path+"/type", "text type must be plain_text or mrkdwn, got %q", typ)
	case kind == plainOnly && typ != "plain_text":
		c.add(path+"/type", "must be plain_text, got %q", typ)
	}
}

// maxString checks an optional string field's length.
func (c *checker) maxString(m map[string]any, key, path string, limit int) {
	v, ok := m[key]
	if !ok || v == nil {
		return
	}
	s, ok := v.(string)
	if !ok {
		c.add(path, "must be a string")
		return
	}
	if n := utf8.RuneCountInString(s); n > limit {
		c.add(path, "at most %d characters, got %d", limit, n)
	}
}

// list returns the array at key; a missing key gives ok=false without a
// violation, a non-array adds one.
func (c *checker) list(m map[string]any, key, path string) ([]any, bool) {
	v, present := m[key]
	if !present || v == nil {
		return nil, false
	}
	l, ok := v.([]any)
	if !ok {
		c.add(path, "must be an array")
	}
	return l, ok
}

// count checks that a list has between min and max items.
func (c *checker) count(path, what string, n, min, max int) {
	switch {
	case min > 0 && max > 0 && (n < min || n > max):
		c.add(path, "between %d and %d %s, got %d", min, max, what, n)
	case n > max:
		c.add(path, "at most %d %s, got %d", max, what, n)
	case n < min:
		c.add(path, "at least %d %s, got %d", min, what, n)
	}
}

// options checks an option list: its size and every option.
func (c *checker) options(path string, l []any, kind textKind, min, max int) {
	c.count(path, "options", len(l), min, max)
	for i, o := range l {
		c.option(path+"/"+strconv.Itoa(i), o, kind)
	}
}

// option checks one option object.
func (c *checker) option(path string, v any, kind textKind) {
	m, ok := v.(map[string]any)
	if !ok {
		c.add(path, "must be an option object")
		return
	}
	c.text(path+"/text", m["text"], kind, maxOptionText, true)
	c.text(path+"/description", m["description"], plainOnly, maxOptionDesc, false)
	if _, ok := m["value"].(string); !ok {
		c.add(path+"/value", "required")
	}
	c.maxString(m, "value", path+"/value", maxOptionValue)
	c.maxString(m, "url", path+"/url", maxURL)
}

// optionGroups checks a select menu's option_groups.
func (c *checker) optionGroups(path string, l []any) {
	c.count(path, "option groups", len(l), 0, maxOptionGroups)
	for i, g := range l {
		p := path + "/" + strconv.Itoa(i)
		m, ok := g.(map[string]any)
		if !ok {
			c.add(p, "must be an option group object")
			continue
		}
		c.text(p+"/label", m["label"], plainOnly, maxGroupLabel, true)
		opts, ok := c.list(m, "options", p+"/options")
		if !ok {
			c.add(p+"/options", "required")
			continue
		}
		c.options(p+"/options", opts, plainOnly, 0, maxSelectOptions)
	}
}

// confirm checks an optional confirmation dialog object.
func (c *checker) confirm(path string, v any) {
	if v == nil {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.add(path, "must be a confirmation dialog object")
		return
	}
	c.text(path+"/title", m["title"], plainOnly, maxConfirmTitle, true)
	c.text(path+"/text", m["text"], anyText, maxConfirmText, true)
	c.text(path+"/confirm", m["confirm"], plainOnly, maxConfirmButton, true)
	c.text(path+"/deny", m["deny"], plainOnly, maxConfirmButton, true)
	c.style(m, path+"/style")
}

// style checks an optional button or confirm style.
func (c *checker) style(m map[string]any, path string) {
	v, ok := m["style"]
	if !ok || v == nil {
		return
	}
	if s, _ := v.(string); s != "primary" && s != "danger" {
		c.add(path, "style must be primary or danger, got %v", v)
	}
}

// intField returns an optional integer field.
func (c *checker) intField(m map[string]any, key, path string) (int64, bool) {
	v, ok := m[key]
	if !ok || v == nil {
		return 0, false
	}
	num, ok := v.(json.Number)
	if !ok {
		c.add(path, "must be a number")
		return 0, false
	}
	n, err := num.Int64()
	if err != nil {
		c.add(path, "must be an integer")
		return 0, false
	}
	return n, true
}
