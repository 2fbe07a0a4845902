package blockkit

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func rep(n int) string { return strings.Repeat("a", n) }

func plain(s string) string  { return `{"type":"plain_text","text":"` + s + `"}` }
func mrkdwn(s string) string { return `{"type":"mrkdwn","text":"` + s + `"}` }

func section(s string) string { return `{"type":"section","text":` + mrkdwn(s) + `}` }

func list(n int, f func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func button(id, text, value string) string {
	return `{"type":"button","action_id":"` + id + `","text":` + plain(text) + `,"value":"` + value + `"}`
}

func actions(elems string) string { return `[{"type":"actions","elements":` + elems + `}]` }

func option(text, value string) string {
	return `{"text":` + plain(text) + `,"value":"` + value + `"}`
}

func options(n int) string {
	return list(n, func(i int) string { return option("o", fmt.Sprint(i)) })
}

func elem(e string) string { return actions("[" + e + "]") }

func confirm(title, text string) string {
	return elem(`{"type":"button","action_id":"b","text":` + plain("Go") + `,"confirm":{"title":` +
		plain(title) + `,"text":` + plain(text) + `,"confirm":` + plain("Yes") + `,"deny":` + plain("No") + `}}`)
}

func input(label, hint, element string) string {
	h := ""
	if hint != "" {
		h = `,"hint":` + plain(hint)
	}
	return `{"type":"input","block_id":"in","label":` + plain(label) + h + `,"element":` + element + `}`
}

func textInput(extra string) string {
	return `{"type":"plain_text_input","action_id":"t"` + extra + `}`
}

type wantViolation struct {
	path string
	rule string // substring of the rule; "" for a valid payload
}

func checkResult(t *testing.T, got []Violation, want wantViolation) {
	t.Helper()
	if want.rule == "" {
		if len(got) != 0 {
			t.Fatalf("want no violations, got %v", got)
		}
		return
	}
	if len(got) != 1 {
		t.Fatalf("want one violation at %s, got %v", want.path, got)
	}
	if got[0].Path != want.path || !strings.Contains(got[0].Rule, want.rule) {
		t.Fatalf("want %s: %q, got %v", want.path, want.rule, got[0])
	}
}

func TestCheckMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		text   string
		blocks string
		want   wantViolation
	}{
		{"text only", "hello", "", wantViolation{}},
		{"null blocks", "hello", "null", wantViolation{}},
		{"simple section", "hi", "[" + section("hello") + "]", wantViolation{}},
		{"blocks without text", "", "[" + section("hello") + "]", wantViolation{"/text", "required when blocks"}},
		{"blocks with blank text", "  ", "[" + section("hello") + "]", wantViolation{"/text", "required when blocks"}},
		{"text at limit", rep(40000), "", wantViolation{}},
		{"text too long", rep(40001), "", wantViolation{"/text", "at most 40000"}},
		{"50 blocks", "t", list(50, func(int) string { return `{"type":"divider"}` }), wantViolation{}},
		{"51 blocks", "t", list(51, func(int) string { return `{"type":"divider"}` }), wantViolation{"/blocks", "at most 50 blocks"}},
		{"section text at limit", "t", "[" + section(rep(3000)) + "]", wantViolation{}},
		{"section text counts code points", "t", "[" + section(strings.Repeat("é", 3000)) + "]", wantViolation{}},
		{"section text too long", "t", "[" + section(rep(3001)) + "]", wantViolation{"/blocks/0/text/text", "at most 3000"}},
		{"section without text", "t", `[{"type":"section"}]`, wantViolation{"/blocks/0", "text or fields"}},
		{"10 fields", "t", `[{"type":"section","fields":` + list(10, func(int) string { return mrkdwn("f") }) + `}]`, wantViolation{}},
		{"11 fields", "t", `[{"type":"section","fields":` + list(11, func(int) string { return mrkdwn("f") }) + `}]`, wantViolation{"/blocks/0/fields", "at most 10 fields"}},
		{"field at limit", "t", `[{"type":"section","fields":[` + mrkdwn(rep(2000)) + `]}]`, wantViolation{}},
		{"field too long", "t", `[{"type":"section","fields":[` + mrkdwn(rep(2001)) + `]}]`, wantViolation{"/blocks/0/fields/0/text", "at most 2000"}},
		{"header at limit", "t", `[{"type":"header","text":` + plain(rep(150)) + `}]`, wantViolation{}},
		{"header too long", "t", `[{"type":"header","text":` + plain(rep(151)) + `}]`, wantViolation{"/blocks/0/text/text", "at most 150"}},
		{"header mrkdwn", "t", `[{"type":"header","text":` + mrkdwn("h") + `}]`, wantViolation{"/blocks/0/text/type", "must be plain_text"}},
		{"10 context elements", "t", `[{"type":"context","elements":` + list(10, func(int) string { return mrkdwn("c") }) + `}]`, wantViolation{}},
		{"11 context elements", "t", `[{"type":"context","elements":` + list(11, func(int) string { return mrkdwn("c") }) + `}]`, wantViolation{"/blocks/0/elements", "between 1 and 10 elements"}},
		{"25 actions", "t", actions(list(25, func(i int) string { return button(fmt.Sprint(i), "b", "v") })), wantViolation{}},
		{"26 actions", "t", actions(list(26, func(i int) string { return button(fmt.Sprint(i), "b", "v") })), wantViolation{"/blocks/0/elements", "between 1 and 25 elements"}},
		{"button text at limit", "t", elem(button("a", rep(75), "v")), wantViolation{}},
		{"button text too long", "t", elem(button("a", rep(76), "v")), wantViolation{"/blocks/0/elements/0/text/text", "at most 75"}},
		{"button text mrkdwn", "t", elem(`{"type":"button","action_id":"a","text":` + mrkdwn("b") + `}`), wantViolation{"/blocks/0/elements/0/text/type", "must be plain_text"}},
		{"button value at limit", "t", elem(button("a", "b", rep(2000))), wantViolation{}},
		{"button value too long", "t", elem(button("a", "b", rep(2001))), wantViolation{"/blocks/0/elements/0/value", "at most 2000"}},
		{"action_id at limit", "t", elem(button(rep(255), "b", "v")), wantViolation{}},
		{"action_id too long", "t", elem(button(rep(256), "b", "v")), wantViolation{"/blocks/0/elements/0/action_id", "at most 255"}},
		{"block_id at limit", "t", `[{"type":"divider","block_id":"` + rep(255) + `"}]`, wantViolation{}},
		{"block_id too long", "t", `[{"type":"divider","block_id":"` + rep(256) + `"}]`, wantViolation{"/blocks/0/block_id", "at most 255"}},
		{"duplicate block_id", "t", `[{"type":"divider","block_id":"x"},{"type":"divider","block_id":"x"}]`, wantViolation{"/blocks/1/block_id", "duplicate block_id"}},
		{"duplicate action_id in block", "t", actions("[" + button("a", "b", "v") + "," + button("a", "c", "v") + "]"), wantViolation{"/blocks/0/elements/1/action_id", "duplicate action_id"}},
		{"same action_id in two blocks", "t", `[{"type":"actions","elements":[` + button("done", "b", "1") + `]},{"type":"actions","elements":[` + button("done", "b", "2") + `]}]`, wantViolation{}},
		{"100 select options", "t", elem(`{"type":"static_select","action_id":"s","options":` + options(100) + `}`), wantViolation{}},
		{"101 select options", "t", elem(`{"type":"static_select","action_id":"s","options":` + options(101) + `}`), wantViolation{"/blocks/0/elements/0/options", "at most 100 options"}},
		{"option text at limit", "t", elem(`{"type":"static_select","action_id":"s","options":[` + option(rep(75), "v") + `]}`), wantViolation{}},
		{"option text too long", "t", elem(`{"type":"static_select","action_id":"s","options":[` + option(rep(76), "v") + `]}`), wantViolation{"/blocks/0/elements/0/options/0/text/text", "at most 75"}},
		{"option value at limit", "t", elem(`{"type":"static_select","action_id":"s","options":[` + option("o", rep(150)) + `]}`), wantViolation{}},
		{"option value too long", "t", elem(`{"type":"static_select","action_id":"s","options":[` + option("o", rep(151)) + `]}`), wantViolation{"/blocks/0/elements/0/options/0/value", "at most 150"}},
		{"select option mrkdwn", "t", elem(`{"type":"static_select","action_id":"s","options":[{"text":` + mrkdwn("o") + `,"value":"v"}]}`), wantViolation{"/blocks/0/elements/0/options/0/text/type", "must be plain_text"}},
		{"overflow 5 options", "t", elem(`{"type":"overflow","action_id":"o","options":` + options(5) + `}`), wantViolation{}},
		{"overflow 6 options", "t", elem(`{"type":"overflow","action_id":"o","options":` + options(6) + `}`), wantViolation{"/blocks/0/elements/0/options", "between 1 and 5 options"}},
		{"overflow no options", "t", elem(`{"type":"overflow","action_id":"o","options":[]}`), wantViolation{"/blocks/0/elements/0/options", "between 1 and 5 options"}},
		{"10 checkboxes", "t", elem(`{"type":"checkboxes","action_id":"c","options":` + options(10) + `}`), wantViolation{}},
		{"11 checkboxes", "t", elem(`{"type":"checkboxes","action_id":"c","options":` + options(11) + `}`), wantViolation{"/blocks/0/elements/0/options", "at most 10 options"}},
		{"10 radio buttons", "t", elem(`{"type":"radio_buttons","action_id":"r","options":` + options(10) + `}`), wantViolation{}},
		{"11 radio buttons", "t", elem(`{"type":"radio_buttons","action_id":"r","options":` + options(11) + `}`), wantViolation{"/blocks/0/elements/0/options", "at most 10 options"}},
		{"confirm at limits", "t", confirm(rep(100), rep(300)), wantViolation{}},
		{"confirm title too long", "t", confirm(rep(101), "x"), wantViolation{"/blocks/0/elements/0/confirm/title/text", "at most 100"}},
		{"confirm text too long", "t", confirm("x", rep(301)), wantViolation{"/blocks/0/elements/0/confirm/text/text", "at most 300"}},
		{"input label and hint at limit", "t", "[" + input(rep(2000), rep(2000), textInput("")) + "]", wantViolation{}},
		{"input label too long", "t", "[" + input(rep(2001), "", textInput("")) + "]", wantViolation{"/blocks/0/label/text", "at most 2000"}},
		{"input hint too long", "t", "[" + input("l", rep(2001), textInput("")) + "]", wantViolation{"/blocks/0/hint/text", "at most 2000"}},
		{"placeholder at limit", "t", "[" + input("l", "", textInput(`,"placeholder":`+plain(rep(150)))) + "]", wantViolation{}},
		{"placeholder too long", "t", "[" + input("l", "", textInput(`,"placeholder":`+plain(rep(151)))) + "]", wantViolation{"/blocks/0/element/placeholder/text", "at most 150"}},
		{"max_length at limit", "t", "[" + input("l", "", textInput(`,"max_length":3000`)) + "]", wantViolation{}},
		{"max_length too big", "t", "[" + input("l", "", textInput(`,"max_length":3001`)) + "]", wantViolation{"/blocks/0/element/max_length", "between 1 and 3000"}},
		{"block text total at limit", "t", list(5, func(int) string { return section(rep(2400)) }), wantViolation{}},
		{"block text total too long", "t", list(5, func(i int) string { return section(rep(2400 + i/4)) }), wantViolation{"/blocks", "msg_blocks_too_long"}},
		{"unknown block type", "t", `[{"type":"carousel_of_doom"}]`, wantViolation{"/blocks/0/type", "unknown block type"}},
		{"unknown element type", "t", elem(`{"type":"slider","action_id":"s"}`), wantViolation{"/blocks/0/elements/0/type", "unknown element type"}},
		{"bad text object type", "t", `[{"type":"section","text":{"type":"markdown","text":"x"}}]`, wantViolation{"/blocks/0/text/type", "plain_text or mrkdwn"}},
		{"empty text object", "t", `[{"type":"section","text":` + mrkdwn("") + `}]`, wantViolation{"/blocks/0/text/text", "non-empty"}},
		{"invalid blocks JSON", "t", `[{"type":`, wantViolation{"/blocks", "invalid JSON"}},
		{"blocks not an array", "t", `{"type":"divider"}`, wantViolation{"/blocks", "must be an array"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkResult(t, CheckMessage(tt.text, json.RawMessage(tt.blocks)), tt.want)
		})
	}
}

func modal(fields string, blocks string) string {
	return `{"type":"modal"` + fields + `,"blocks":` + blocks + `}`
}

func titled(title string) string { return `,"title":` + plain(title) }

func TestCheckView(t *testing.T) {
	t.Parallel()
	form := "[" + input("Name", "", textInput("")) + "]"
	dividers := func(n int) string { return list(n, func(int) string { return `{"type":"divider"}` }) }
	tests := []struct {
		name string
		view string
		want wantViolation
	}{
		{"modal with submit", modal(titled("Commit")+`,"submit":`+plain("Save"), form), wantViolation{}},
		{"input without submit", modal(titled("Commit"), form), wantViolation{"/submit", "required when the modal has an input block"}},
		{"modal without input needs no submit", modal(titled("Info"), "["+section("x")+"]"), wantViolation{}},
		{"100 modal blocks", modal(titled("T"), dividers(100)), wantViolation{}},
		{"101 modal blocks", modal(titled("T"), dividers(101)), wantViolation{"/blocks", "at most 100 blocks"}},
		{"100 home blocks", `{"type":"home","blocks":` + dividers(100) + `}`, wantViolation{}},
		{"101 home blocks", `{"type":"home","blocks":` + dividers(101) + `}`, wantViolation{"/blocks", "at most 100 blocks"}},
		{"title at limit", modal(titled(rep(24)), "[]"), wantViolation{}},
		{"title too long", modal(titled(rep(25)), "[]"), wantViolation{"/title/text", "at most 24"}},
		{"title missing", modal("", "[]"), wantViolation{"/title", "required"}},
		{"title mrkdwn", modal(`,"title":`+mrkdwn("T"), "[]"), wantViolation{"/title/type", "must be plain_text"}},
		{"submit too long", modal(titled("T")+`,"submit":`+plain(rep(25)), form), wantViolation{"/submit/text", "at most 24"}},
		{"close at limit", modal(titled("T")+`,"close":`+plain(rep(24)), "[]"), wantViolation{}},
		{"close too long", modal(titled("T")+`,"close":`+plain(rep(25)), "[]"), wantViolation{"/close/text", "at most 24"}},
		{"private_metadata at limit", modal(titled("T")+`,"private_metadata":"`+rep(3000)+`"`, "[]"), wantViolation{}},
		{"private_metadata too long", modal(titled("T")+`,"private_metadata":"`+rep(3001)+`"`, "[]"), wantViolation{"/private_metadata", "at most 3000"}},
		{"callback_id at limit", modal(titled("T")+`,"callback_id":"`+rep(255)+`"`, "[]"), wantViolation{}},
		{"callback_id too long", modal(titled("T")+`,"callback_id":"`+rep(256)+`"`, "[]"), wantViolation{"/callback_id", "at most 255"}},
		{"unknown view type", `{"type":"dialog","blocks":[]}`, wantViolation{"/type", "modal or home"}},
		{"missing blocks", `{"type":"home"}`, wantViolation{"/blocks", "required"}},
		{"duplicate block_id in view", `{"type":"home","blocks":[{"type":"divider","block_id":"d"},{"type":"divider","block_id":"d"}]}`, wantViolation{"/blocks/1/block_id", "duplicate"}},
		{"home needs no title", `{"type":"home","blocks":[` + section("hi") + `]}`, wantViolation{}},
		{"not an object", `[]`, wantViolation{"", "must be an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkResult(t, CheckView(json.RawMessage(tt.view)), tt.want)
		})
	}
}

func TestViolationError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Violation
		want string
	}{
		{Violation{Path: "/blocks/0/text/text", Rule: "at most 3000 characters, got 3001"}, "block kit: /blocks/0/text/text: at most 3000 characters, got 3001"},
		{Violation{Path: "", Rule: "view must be an object"}, "block kit: /: view must be an object"},
	}
	for _, tt := range tests {
		if got := tt.v.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
