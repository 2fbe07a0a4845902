package outbox

import (
	"testing"

	"github.com/slack-go/slack"
)

func TestDefuseTextAndMrkdwn(t *testing.T) {
	t.Parallel()
	mrk := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
	}
	plain := slack.NewTextBlockObject(slack.PlainTextType, "<!here> as typed", false, false)
	section := slack.NewSectionBlock(mrk("*<!channel>* and <@U0LEAD>"), []*slack.TextBlockObject{mrk("<https://evil.example|x>")}, nil)
	context := slack.NewContextBlock("", mrk("<!subteam^S123> in <#C0YOUTH>"))
	header := slack.NewHeaderBlock(plain)
	text := Defuse("🟢 Meeting started: <!here>", []slack.Block{section, context, header})
	for _, tc := range []struct{ name, got, want string }{
		{"text", text, "🟢 Meeting started: &lt;!here>"},
		{"section", section.Text.Text, "*&lt;!channel>* and <@U0LEAD>"},
		{"field", section.Fields[0].Text, "&lt;https://evil.example|x>"},
		{"context", context.ContextElements.Elements[0].(*slack.TextBlockObject).Text, "&lt;!subteam^S123> in <#C0YOUTH>"},
		{"plain text is shown as typed", plain.Text, "<!here> as typed"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
