package admin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/mrkdwn"
)

const (
	callbackImportPaste = "admin:import_paste"
	importKindBlock     = "import_kind"
	importTextBlock     = "import_csv"
	actionImportApply   = "admin:import_apply"
	// maxPaste is the most a plain-text input holds (Slack's limit).
	maxPaste = 3000
)

// ImportPasteView is the "Paste CSV" modal of /backbone import.
func ImportPasteView(origin string) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, k := range importer.Kinds() {
		opts = append(opts, slack.NewOptionBlockObject(string(k), kit.Plain(kindLabel(k)), nil))
	}
	kind := slack.NewInputBlock(importKindBlock, kit.Plain("What the rows are"), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, kit.Plain("Pick one"), importKindBlock, opts...))
	text := kit.TextInput(importTextBlock, "CSV rows, with the header line first", "",
		"name,sector,short_name\nGreenfield Public Schools,education,GPS", maxPaste, true, false)
	text.Hint = kit.Plain("Up to 3,000 characters. For a bigger file, share the .csv file with me in our DM instead. Nothing changes until you press Import on the preview.")
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackImportPaste, Title: kit.Plain("Paste CSV"),
		Submit: kit.Plain("Preview"), Close: kit.Plain("Cancel"), PrivateMetadata: origin,
		Blocks: slack.Blocks{BlockSet: []slack.Block{kind, text}},
	}
}

func kindLabel(k importer.Kind) string {
	return map[importer.Kind]string{importer.Partners: "Partners (organizations)", importer.Groups: "Working groups",
		importer.Members: "Members (people)", importer.Indicators: "Indicators", importer.Reports: "Reports (past figures)"}[k]
}

// ImportPreviewBlocks shows what importing a file would do, with the
// Import button (naming the draft) when there is something to change.
func ImportPreviewBlocks(p importer.Plan, filename string, draftID int64) []slack.Block {
	blocks := []slack.Block{
		kit.Header(mrkdwn.Snippet("Import preview: "+filename, 140)),
		slack.NewSectionBlock(kit.Mrkdwn(previewCounts(p)), nil, nil),
	}
	for _, a := range []importer.Action{importer.Add, importer.Update} {
		if line := changedNames(p, a); line != "" {
			blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(line), nil, nil))
		}
	}
	if len(p.Refused) > 0 {
		hint := fmt.Sprintf("`backbone import %s FILE --dry-run` on the server lists them all.", p.Kind)
		blocks = append(blocks, kit.PackWithin(refusedLines(p), 12, 9000, hint)...)
	}
	if p.NoOp() {
		return append(blocks, kit.ContextNote("Nothing to change: everything in the file is already there."))
	}
	btn := slack.NewButtonBlockElement(actionImportApply, strconv.FormatInt(draftID, 10), kit.Plain("Import"))
	btn.Style = slack.StylePrimary
	btn.Confirm = slack.NewConfirmationBlockObject(kit.Plain("Import?"),
		kit.Plain(fmt.Sprintf("%d rows will be added and %d updated, in one go. Refused rows are left out.", p.Count(importer.Add), p.Count(importer.Update))),
		kit.Plain("Import"), kit.Plain("Not yet"))
	return append(blocks, slack.NewActionBlock("import_actions", btn),
		kit.ContextNote("Refused rows are left out; fix them and share the file again: rows already imported stay unchanged."))
}

func previewCounts(p importer.Plan) string {
	return fmt.Sprintf("*%s* — %s to add, %s to update, %s unchanged, %s refused.", kindLabel(p.Kind),
		kit.Plural(p.Count(importer.Add), "row", "rows"), kit.Plural(p.Count(importer.Update), "row", "rows"),
		kit.Plural(p.Count(importer.Unchanged), "row", "rows"), kit.Plural(len(p.Refused), "row", "rows"))
}

// changedNames lists a few of the rows getting action a.
func changedNames(p importer.Plan, a importer.Action) string {
	var names []string
	n := 0
	for _, c := range p.Changes {
		if c.Action != a {
			continue
		}
		if n++; n <= 10 {
			names = append(names, kit.Escape(mrkdwn.Snippet(c.Label, 60)))
		}
	}
	if n == 0 {
		return ""
	}
	more := ""
	if n > 10 {
		more = fmt.Sprintf(" and %d more", n-10)
	}
	verb := map[importer.Action]string{importer.Add: "To add", importer.Update: "To update"}[a]
	return fmt.Sprintf("%s: %s%s", verb, strings.Join(names, ", "), more)
}

func refusedLines(p importer.Plan) []string {
	lines := []string{fmt.Sprintf("*Refused* (%s, left out):", kit.Plural(len(p.Refused), "row", "rows"))}
	for _, r := range p.Refused {
		lines = append(lines, fmt.Sprintf("• line %d: %s", r.Line, kit.Escape(r.Reason)))
	}
	return lines
}
