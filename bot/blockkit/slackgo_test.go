package blockkit

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
)

// TestSlackGoBlocksPass checks that blocks built with slack-go's constructors
// marshal to JSON the checker accepts, so it raises no false alarms.
func TestSlackGoBlocksPass(t *testing.T) {
	t.Parallel()
	opt := slack.NewOptionBlockObject("1", slack.NewTextBlockObject(slack.PlainTextType, "One", false, false), nil)
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Weekly digest", true, false)),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*Hello*", false, false), nil,
			slack.NewAccessory(slack.NewButtonBlockElement("c:open", "1", slack.NewTextBlockObject(slack.PlainTextType, "Open", false, false)))),
		slack.NewDividerBlock(),
		slack.NewContextBlock("ctx", slack.NewTextBlockObject(slack.MarkdownType, "due _today_", false, false)),
		slack.NewActionBlock("act",
			slack.NewButtonBlockElement("c:done", "1", slack.NewTextBlockObject(slack.PlainTextType, "Done", false, false)).WithStyle(slack.StylePrimary),
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, slack.NewTextBlockObject(slack.PlainTextType, "Pick", false, false), "c:pick", opt),
			slack.NewOverflowBlockElement("c:more", opt),
			slack.NewDatePickerBlockElement("c:date"),
		),
	}
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if vs := CheckMessage("digest", raw); len(vs) != 0 {
		t.Errorf("message: %v\n%s", vs, raw)
	}
	view := slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      slack.NewTextBlockObject(slack.PlainTextType, "New commitment", false, false),
		Submit:     slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
		Close:      slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false),
		CallbackID: "commit:new",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("what", slack.NewTextBlockObject(slack.PlainTextType, "What", false, false),
				slack.NewTextBlockObject(slack.PlainTextType, "One line", false, false),
				slack.NewPlainTextInputBlockElement(slack.NewTextBlockObject(slack.PlainTextType, "e.g. ship it", false, false), "what")),
			slack.NewInputBlock("when", slack.NewTextBlockObject(slack.PlainTextType, "When", false, false), nil,
				slack.NewDatePickerBlockElement("when")),
			slack.NewInputBlock("who", slack.NewTextBlockObject(slack.PlainTextType, "Who", false, false), nil,
				slack.NewOptionsSelectBlockElement(slack.OptTypeUser, slack.NewTextBlockObject(slack.PlainTextType, "Pick", false, false), "who")),
			slack.NewInputBlock("how", slack.NewTextBlockObject(slack.PlainTextType, "How", false, false), nil,
				slack.NewCheckboxGroupsBlockElement("how", opt)),
		}},
	}
	raw, err = json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	if vs := CheckView(raw); len(vs) != 0 {
		t.Errorf("view: %v\n%s", vs, raw)
	}
}
