package slacktest

// Value is what a user entered in one element, as view_submission state and
// block_actions payloads carry it. Set the field that fits the element;
// option fields take option values (the fake adds the option's text from the
// view or message). Type defaults to the element's type.
type Value struct {
	Type                  string
	Value                 string
	SelectedOption        string
	SelectedOptions       []string
	SelectedDate          string
	SelectedTime          string
	SelectedUser          string
	SelectedUsers         []string
	SelectedChannel       string
	SelectedChannels      []string
	SelectedConversation  string
	SelectedConversations []string
}

// empty reports whether nothing was entered.
func (v Value) empty() bool {
	return v.Value == "" && v.SelectedOption == "" && len(v.SelectedOptions) == 0 &&
		v.SelectedDate == "" && v.SelectedTime == "" && v.SelectedUser == "" &&
		len(v.SelectedUsers) == 0 && v.SelectedChannel == "" && len(v.SelectedChannels) == 0 &&
		v.SelectedConversation == "" && len(v.SelectedConversations) == 0
}

// render gives the JSON Slack sends for v in element e (e may be nil). Fields
// the element has but the user left empty are null, as in Slack's payloads.
func (v Value) render(e map[string]any) map[string]any {
	typ := v.Type
	if typ == "" && e != nil {
		typ, _ = e["type"].(string)
	}
	out := map[string]any{"type": typ}
	switch {
	case isTextInput(typ):
		out["value"] = orNil(v.Value)
	case typ == "static_select" || typ == "external_select" || typ == "radio_buttons" || typ == "overflow":
		out["selected_option"] = v.option(e)
	case typ == "multi_static_select" || typ == "multi_external_select" || typ == "checkboxes":
		out["selected_options"] = v.options(e)
	default:
		v.renderPickers(typ, out)
	}
	return out
}

func (v Value) renderPickers(typ string, out map[string]any) {
	switch typ {
	case "users_select":
		out["selected_user"] = orNil(v.SelectedUser)
	case "multi_users_select":
		out["selected_users"] = orEmpty(v.SelectedUsers)
	case "channels_select":
		out["selected_channel"] = orNil(v.SelectedChannel)
	case "multi_channels_select":
		out["selected_channels"] = orEmpty(v.SelectedChannels)
	case "conversations_select":
		out["selected_conversation"] = orNil(v.SelectedConversation)
	case "multi_conversations_select":
		out["selected_conversations"] = orEmpty(v.SelectedConversations)
	case "datepicker":
		out["selected_date"] = orNil(v.SelectedDate)
	case "timepicker":
		out["selected_time"] = orNil(v.SelectedTime)
	default:
		if v.Value != "" {
			out["value"] = v.Value
		}
	}
}

func (v Value) option(e map[string]any) any {
	if v.SelectedOption == "" {
		return nil
	}
	return optionFor(e, v.SelectedOption)
}

func (v Value) options(e map[string]any) []any {
	out := []any{}
	for _, val := range v.SelectedOptions {
		out = append(out, optionFor(e, val))
	}
	return out
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
