package blockkit

import (
	"strconv"
	"unicode/utf8"
)

// blockList checks a list of blocks and its size.
func (c *checker) blockList(path string, list []any, max int) {
	c.count(path, "blocks", len(list), 0, max)
	for i, b := range list {
		c.block(path+"/"+strconv.Itoa(i), b)
	}
}

// blockCheckers maps each known block type to its checker.
func blockCheckers() map[string]func(*checker, string, map[string]any) {
	return map[string]func(*checker, string, map[string]any){
		"section":         (*checker).section,
		"header":          (*checker).header,
		"context":         (*checker).context,
		"actions":         (*checker).actions,
		"context_actions": (*checker).contextActions,
		"input":           (*checker).input,
		"image":           (*checker).imageBlock,
		"markdown":        (*checker).markdown,
		"rich_text":       (*checker).richText,
		"divider":         nil,
		"file":            nil,
		"video":           nil,
		"table":           nil,
	}
}

// block checks one block: its block_id and its type's rules.
func (c *checker) block(path string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.add(path, "block must be an object")
		return
	}
	c.blockID(path, m)
	typ, _ := m["type"].(string)
	check, known := blockCheckers()[typ]
	if !known {
		c.add(path+"/type", "unknown block type %q", typ)
		return
	}
	if check != nil {
		check(c, path, m)
	}
}

// blockID checks a block_id's length and uniqueness in the message or view.
func (c *checker) blockID(path string, m map[string]any) {
	c.maxString(m, "block_id", path+"/block_id", maxID)
	id, ok := m["block_id"].(string)
	if !ok || id == "" {
		return
	}
	if first, dup := c.blockIDs[id]; dup {
		c.add(path+"/block_id", "duplicate block_id %q (first at %s)", id, first)
		return
	}
	c.blockIDs[id] = path
}

func (c *checker) section(path string, m map[string]any) {
	c.text(path+"/text", m["text"], anyText, MaxSectionText, false)
	fields, hasFields := c.list(m, "fields", path+"/fields")
	if m["text"] == nil && !hasFields {
		c.add(path, "section needs text or fields")
	}
	c.count(path+"/fields", "fields", len(fields), 0, maxFields)
	for i, f := range fields {
		c.text(path+"/fields/"+strconv.Itoa(i), f, anyText, maxFieldText, true)
	}
	if acc, ok := m["accessory"]; ok {
		c.element(path+"/accessory", acc, map[string]string{})
	}
}

func (c *checker) header(path string, m map[string]any) {
	c.text(path+"/text", m["text"], plainOnly, MaxHeaderText, true)
}

func (c *checker) context(path string, m map[string]any) {
	elems, ok := c.list(m, "elements", path+"/elements")
	if !ok {
		c.add(path+"/elements", "required")
		return
	}
	c.count(path+"/elements", "elements", len(elems), 1, maxContextElems)
	for i, e := range elems {
		p := path + "/elements/" + strconv.Itoa(i)
		if em, ok := e.(map[string]any); ok && em["type"] == "image" {
			c.image(p, em)
			continue
		}
		c.text(p, e, anyText, 0, true)
	}
}

func (c *checker) actions(path string, m map[string]any) {
	c.elementList(path, m, maxActionsElems)
}

func (c *checker) contextActions(path string, m map[string]any) {
	c.elementList(path, m, maxCtxActions)
}

// elementList checks a block's interactive elements; action_ids must be
// unique among the elements of one block.
func (c *checker) elementList(path string, m map[string]any, max int) {
	elems, ok := c.list(m, "elements", path+"/elements")
	if !ok {
		c.add(path+"/elements", "required")
		return
	}
	c.count(path+"/elements", "elements", len(elems), 1, max)
	seen := map[string]string{}
	for i, e := range elems {
		c.element(path+"/elements/"+strconv.Itoa(i), e, seen)
	}
}

func (c *checker) input(path string, m map[string]any) {
	c.hasInput = true
	c.text(path+"/label", m["label"], plainOnly, maxInputLabel, true)
	c.text(path+"/hint", m["hint"], plainOnly, maxInputHint, false)
	if m["element"] == nil {
		c.add(path+"/element", "required")
		return
	}
	c.element(path+"/element", m["element"], map[string]string{})
}

func (c *checker) imageBlock(path string, m map[string]any) {
	c.image(path, m)
	c.text(path+"/title", m["title"], plainOnly, maxImageTitle, false)
}

// image checks an image block or image element: a source and alt_text.
func (c *checker) image(path string, m map[string]any) {
	if m["image_url"] == nil && m["slack_file"] == nil {
		c.add(path+"/image_url", "image_url or slack_file required")
	}
	c.maxString(m, "image_url", path+"/image_url", maxURL)
	if s, _ := m["alt_text"].(string); s == "" {
		c.add(path+"/alt_text", "required")
	}
	c.maxString(m, "alt_text", path+"/alt_text", maxAltText)
}

func (c *checker) markdown(path string, m map[string]any) {
	s, ok := m["text"].(string)
	if !ok || s == "" {
		c.add(path+"/text", "must be a non-empty string")
		return
	}
	n := utf8.RuneCountInString(s)
	c.textChars += n
	if n > maxMarkdownBlock {
		c.add(path+"/text", "at most %d characters, got %d", maxMarkdownBlock, n)
	}
}

// richText counts the characters of a rich_text block toward the total.
func (c *checker) richText(_ string, m map[string]any) {
	c.textChars += richTextChars(m["elements"])
}

func richTextChars(v any) int {
	n := 0
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			n += richTextChars(e)
		}
	case map[string]any:
		if s, ok := t["text"].(string); ok {
			n += utf8.RuneCountInString(s)
		}
		n += richTextChars(t["elements"])
	}
	return n
}
