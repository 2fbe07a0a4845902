package indicator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// modalBlockBudget keeps a form under Slack's 100 blocks per view, with
// room for the intro, the note and a "more" note.
const modalBlockBudget = 96

// ReportFormView is the form in which partner p reports its numbers: per
// indicator, its definition, unit, last value and target, then one input
// for the total and one per segment. Every input is optional.
func ReportFormView(p store.Partner, items []reportFormItem) slack.ModalViewRequest {
	meta, _ := json.Marshal(reportFormMeta{Partner: p.ID})
	blocks := []slack.Block{kit.ContextNote(fmt.Sprintf("For *%s*. Fill in what you have: empty boxes are skipped, and you can come back for them.", kit.Escape(p.Name)))}
	for i, it := range items {
		group := reportFormBlocks(it)
		if len(blocks)+len(group) > modalBlockBudget {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("%d more indicators did not fit: report them with `/report KEY VALUE`.", len(items)-i)))
			break
		}
		blocks = append(blocks, group...)
	}
	note := kit.TextInput(reportNoteBlock, "Note (optional): source, sample size, anything unusual", "", "spring survey, n=412", measure.MaxNoteLen, true, true)
	blocks = append(blocks, note)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackReport,
		Title:           kit.Plain("Report numbers"),
		Submit:          kit.Plain("Save"),
		Close:           kit.Plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// reportFormBlocks is one indicator's part of the form.
func reportFormBlocks(it reportFormItem) []slack.Block {
	ind, unit := it.ind, it.ind.Unit
	about := fmt.Sprintf("*%s* · %s\n_%s_\n%s · %s", kit.Escape(ind.Name), it.period.Human(),
		kit.Escape(kit.Truncate(ind.Definition, 500)), unit.Label(), targetText(ind))
	if it.last != nil {
		about += fmt.Sprintf(" · last: %s for %s", measure.Format(it.last.Value, unit), it.last.Period)
	}
	blocks := []slack.Block{slack.NewDividerBlock(), slack.NewSectionBlock(kit.Mrkdwn(about), nil, nil)}
	segments := append([]string{""}, measure.SingleSegments(dimensions(ind.Dimensions))...)
	for _, seg := range segments {
		blocks = append(blocks, reportValueInput(it, seg))
	}
	return blocks
}

func reportValueInput(it reportFormItem, segment string) *slack.InputBlock {
	unit := it.ind.Unit
	id := reportInputID(it.ind, it.period, segment)
	label := kit.Truncate(it.ind.Name, 120) + ", " + it.period.String() + " — " + measure.SegmentLabel(segment)
	el := slack.NewPlainTextInputBlockElement(kit.Plain(exampleFor(unit)), id)
	el.MaxLength = 40
	var hint *slack.TextBlockObject
	if cur, ok := it.current[segment]; ok {
		hint = kit.Plain("Already reported: " + measure.Format(cur.Value, unit) + ". A new value corrects it; the old one stays in the history.")
	}
	block := slack.NewInputBlock(id, kit.Plain(label), hint, el)
	block.Optional = true
	return block
}

// exampleFor is a placeholder value for unit u.
func exampleFor(u measure.Unit) string { return "e.g. " + measure.Example(u) }

// ReportReceipt is the DM listing what a form saved, and what it could not.
func ReportReceipt(p store.Partner, lines, problems []string) string {
	var sb strings.Builder
	switch len(lines) {
	case 0:
		sb.WriteString(fmt.Sprintf("Nothing was saved for *%s*.", kit.Escape(p.Name)))
	default:
		sb.WriteString(fmt.Sprintf("✅ Saved for *%s* — thank you!", kit.Escape(p.Name)))
		for _, l := range lines {
			sb.WriteString("\n• " + l)
		}
	}
	for _, pr := range problems {
		sb.WriteString("\n⚠️ " + pr)
	}
	sb.WriteString("\nSee how the coalition is doing with `/indicators`.")
	return kit.Truncate(sb.String(), 3900)
}

// OwedItem is one indicator a partner still owes for a period.
type OwedItem struct {
	Ind    store.Indicator
	Period measure.Period
}

// PromptMessage is the DM asking a partner's member for the numbers their
// organization owes, with a Report now button; followUp words it as a
// reminder.
func PromptMessage(p store.Partner, items []OwedItem, followUp bool) (string, []slack.Block) {
	when := items[0].Period.Human()
	for _, it := range items {
		if it.Period != items[0].Period {
			when = "the periods that just ended"
		}
	}
	text := fmt.Sprintf("Time to report %s's numbers for %s", kit.Escape(p.Name), when)
	intro := fmt.Sprintf("📊 Time to report *%s*'s numbers for the period that just ended. It takes a minute, and it is how the coalition sees what is working.", kit.Escape(p.Name))
	if followUp {
		text = fmt.Sprintf("Reminder: %s's numbers for %s are still missing", p.Name, when)
		intro = fmt.Sprintf("👋 A friendly reminder: the coalition is still missing *%s*'s numbers below. Whatever you have helps — you can send the rest later.", kit.Escape(p.Name))
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, fmt.Sprintf("• *%s* (`%s`) for %s, %s", kit.Escape(it.Ind.Name), it.Ind.Key, it.Period, it.Ind.Unit.Label()))
	}
	button := slack.NewButtonBlockElement(ActionReportOpen, strconv.FormatInt(p.ID, 10), kit.Plain("Report now"))
	button.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil)}
	blocks = append(blocks, kit.PackLines(lines, kit.MessageBlockBudget-4, "Type `/report` to see them all.")...)
	blocks = append(blocks, slack.NewActionBlock("report:prompt", button),
		kit.ContextNote(fmt.Sprintf("Or type `/report KEY VALUE`, such as `/report %s %s`.", items[0].Ind.Key, measure.Example(measure.Unit(items[0].Ind.Unit)))))
	return text, blocks
}

// CelebrationMessage is the post for the recognition channel when an
// indicator's coalition figure reaches its target.
func CelebrationMessage(ind store.Indicator, p measure.Period, v float64, partners []string) (string, []slack.Block) {
	unit := ind.Unit
	text := fmt.Sprintf("🎉 %s reached its target: %s for %s", kit.Escape(ind.Name), measure.Format(v, unit), p)
	body := fmt.Sprintf("🎉 *%s* reached its target! The coalition figure for %s is *%s* (target %s, %s).",
		kit.Escape(ind.Name), p.Human(), measure.Format(v, unit), measure.Format(*ind.TargetValue, unit), ind.Direction.Label())
	var names []string
	for _, n := range partners {
		names = append(names, "*"+kit.Escape(n)+"*")
	}
	if len(names) > 0 {
		body += "\nThank you to " + kit.JoinAnd(names) + " for the work behind it, and for reporting it."
	}
	return text, []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(body, kit.SectionBudget)), nil, nil),
		kit.ContextNote("See the trend with `/indicators show " + ind.Key + "`.")}
}
