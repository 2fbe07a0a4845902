package slacktest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// withBlockIDs decodes a blocks array and gives every block without a
// block_id, and every element without an action_id, a generated one, as
// Slack does. Invalid JSON gives nil.
func (st *state) withBlockIDs(raw json.RawMessage) []any {
	var blocks []any
	if len(raw) == 0 || json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	for _, b := range blocks {
		bm, ok := b.(map[string]any)
		if !ok {
			continue
		}
		if id, _ := bm["block_id"].(string); id == "" {
			st.seq++
			bm["block_id"] = fmt.Sprintf("b%d", st.seq)
		}
		for _, e := range blockElements(bm) {
			if id, _ := e["action_id"].(string); id == "" {
				st.seq++
				e["action_id"] = fmt.Sprintf("a%d", st.seq)
			}
		}
	}
	return blocks
}

// blockElements lists a block's interactive elements.
func blockElements(bm map[string]any) []map[string]any {
	var out []map[string]any
	add := func(v any) {
		if e, ok := v.(map[string]any); ok && e["type"] != "image" && !isTextObject(e) {
			out = append(out, e)
		}
	}
	add(bm["accessory"])
	add(bm["element"])
	if bm["type"] == "actions" || bm["type"] == "context_actions" {
		elems, _ := bm["elements"].([]any)
		for _, e := range elems {
			add(e)
		}
	}
	return out
}

func isTextObject(e map[string]any) bool {
	return e["type"] == "plain_text" || e["type"] == "mrkdwn"
}

// element is an interactive element found in blocks.
type element struct {
	blockID string
	obj     map[string]any
}

func (e element) typ() string      { s, _ := e.obj["type"].(string); return s }
func (e element) actionID() string { s, _ := e.obj["action_id"].(string); return s }

// findElement finds the element with actionID (in blockID when not empty).
func findElement(blocks []any, blockID, actionID string) (element, bool) {
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		id, _ := bm["block_id"].(string)
		if blockID != "" && id != blockID {
			continue
		}
		for _, e := range blockElements(bm) {
			if e["action_id"] == actionID {
				return element{blockID: id, obj: e}, true
			}
		}
	}
	return element{}, false
}

// inputElement is an input block's element, with whether it may be empty.
type inputElement struct {
	element
	optional bool
}

// inputElements lists the elements of a view's input blocks.
func inputElements(blocks []any) []inputElement {
	var out []inputElement
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		e, ok := bm["element"].(map[string]any)
		if bm["type"] != "input" || !ok {
			continue
		}
		id, _ := bm["block_id"].(string)
		opt, _ := bm["optional"].(bool)
		out = append(out, inputElement{element: element{blockID: id, obj: e}, optional: opt})
	}
	return out
}

// optionFor finds the option with value among an element's options (and
// option groups), so payloads carry its text as Slack's do.
func optionFor(e map[string]any, value string) map[string]any {
	for _, o := range allOptions(e) {
		if o["value"] == value {
			return o
		}
	}
	return map[string]any{"text": map[string]any{"type": "plain_text", "text": value}, "value": value}
}

func allOptions(e map[string]any) []map[string]any {
	var out []map[string]any
	collect := func(l any) {
		items, _ := l.([]any)
		for _, o := range items {
			if om, ok := o.(map[string]any); ok {
				out = append(out, om)
			}
		}
	}
	collect(e["options"])
	groups, _ := e["option_groups"].([]any)
	for _, g := range groups {
		if gm, ok := g.(map[string]any); ok {
			collect(gm["options"])
		}
	}
	return out
}

// isTextInput reports element types whose state is a "value".
func isTextInput(typ string) bool {
	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		return true
	}
	return false
}

// isMulti reports element types whose state is a list.
func isMulti(typ string) bool {
	return strings.HasPrefix(typ, "multi_") || typ == "checkboxes"
}
