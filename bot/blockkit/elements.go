package blockkit

import "strconv"

// element checks one block element. seen holds the action_ids already used in
// the containing block, mapped to their paths.
func (c *checker) element(path string, v any, seen map[string]string) {
	m, ok := v.(map[string]any)
	if !ok {
		c.add(path, "element must be an object")
		return
	}
	c.actionID(path, m, seen)
	typ, _ := m["type"].(string)
	switch typ {
	case "button":
		c.button(path, m)
	case "static_select", "multi_static_select":
		c.staticSelect(path, m)
	case "external_select", "multi_external_select", "users_select", "multi_users_select",
		"conversations_select", "multi_conversations_select", "channels_select",
		"multi_channels_select", "datepicker", "timepicker", "email_text_input",
		"url_text_input", "number_input", "rich_text_input":
		c.placeholderAndConfirm(path, m)
	case "overflow":
		c.choices(path, m, plainOnly, minOverflow, maxOverflow)
	case "checkboxes", "radio_buttons":
		c.choices(path, m, anyText, 0, maxChoiceOptions)
	case "plain_text_input":
		c.plainTextInput(path, m)
	case "image":
		c.image(path, m)
	case "workflow_button", "icon_button":
		c.text(path+"/text", m["text"], plainOnly, maxButtonText, true)
	case "datetimepicker", "file_input", "feedback_buttons":
		c.confirm(path+"/confirm", m["confirm"])
	default:
		c.add(path+"/type", "unknown element type %q", typ)
	}
}

// actionID checks an action_id's length and uniqueness within its block.
func (c *checker) actionID(path string, m map[string]any, seen map[string]string) {
	c.maxString(m, "action_id", path+"/action_id", maxID)
	id, ok := m["action_id"].(string)
	if !ok || id == "" {
		return
	}
	if first, dup := seen[id]; dup {
		c.add(path+"/action_id", "duplicate action_id %q in the block (first at %s)", id, first)
		return
	}
	seen[id] = path
}

func (c *checker) button(path string, m map[string]any) {
	c.text(path+"/text", m["text"], plainOnly, maxButtonText, true)
	c.maxString(m, "value", path+"/value", maxButtonValue)
	c.maxString(m, "url", path+"/url", maxURL)
	c.maxString(m, "accessibility_label", path+"/accessibility_label", maxButtonText)
	c.style(m, path+"/style")
	c.confirm(path+"/confirm", m["confirm"])
}

func (c *checker) placeholderAndConfirm(path string, m map[string]any) {
	c.text(path+"/placeholder", m["placeholder"], plainOnly, maxPlaceholder, false)
	c.confirm(path+"/confirm", m["confirm"])
}

func (c *checker) staticSelect(path string, m map[string]any) {
	c.placeholderAndConfirm(path, m)
	opts, hasOpts := c.list(m, "options", path+"/options")
	groups, hasGroups := c.list(m, "option_groups", path+"/option_groups")
	switch {
	case hasOpts && hasGroups:
		c.add(path, "options and option_groups are exclusive")
	case hasOpts:
		c.options(path+"/options", opts, plainOnly, 0, maxSelectOptions)
	case hasGroups:
		c.optionGroups(path+"/option_groups", groups)
	default:
		c.add(path+"/options", "options or option_groups required")
	}
	c.initialOptions(path, m, plainOnly)
}

// choices checks overflow menus, checkboxes and radio buttons.
func (c *checker) choices(path string, m map[string]any, kind textKind, min, max int) {
	c.confirm(path+"/confirm", m["confirm"])
	opts, ok := c.list(m, "options", path+"/options")
	if !ok {
		c.add(path+"/options", "required")
		return
	}
	c.options(path+"/options", opts, kind, min, max)
	c.initialOptions(path, m, kind)
}

// initialOptions checks initial_option and initial_options when present.
func (c *checker) initialOptions(path string, m map[string]any, kind textKind) {
	if o, ok := m["initial_option"]; ok && o != nil {
		c.option(path+"/initial_option", o, kind)
	}
	l, _ := c.list(m, "initial_options", path+"/initial_options")
	for i, o := range l {
		c.option(path+"/initial_options/"+strconv.Itoa(i), o, kind)
	}
}

func (c *checker) plainTextInput(path string, m map[string]any) {
	c.placeholderAndConfirm(path, m)
	max, hasMax := c.intField(m, "max_length", path+"/max_length")
	if hasMax && (max < 1 || max > maxInputLength) {
		c.add(path+"/max_length", "between 1 and %d, got %d", maxInputLength, max)
	}
	min, hasMin := c.intField(m, "min_length", path+"/min_length")
	if hasMin && (min < 0 || min > maxInputLength) {
		c.add(path+"/min_length", "between 0 and %d, got %d", maxInputLength, min)
	}
	if hasMin && hasMax && min > max {
		c.add(path+"/min_length", "greater than max_length (%d > %d)", min, max)
	}
}
