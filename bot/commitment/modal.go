package commitment

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

const (
	// callbackCommitmentChange is the modal asking for a reason, what help
	// is needed, or another date.
	callbackCommitmentChange = "commitment:change"
	// callbackCommitmentHistory is the read-only history modal.
	callbackCommitmentHistory = "commitment:history"

	inputCommitmentNote = "commitment_note"
	inputCommitmentDate = "commitment_date"

	maxNoteLen = 1000
)

// commitmentModalMeta is the modal's private_metadata: which commitment,
// which change, the actor's timezone (to validate dates before the ack) and
// where to redraw afterwards.
type commitmentModalMeta struct {
	ID     int64      `json:"id"`
	Kind   string     `json:"k"`
	TZ     string     `json:"tz"`
	Origin kit.Origin `json:"o"`
}

// modalText is a change modal's wording.
type modalText struct {
	title, submit, label, placeholder, hint string
}

func modalTexts(kind string) modalText {
	switch kind {
	case changeNeedHelp:
		return modalText{"Ask for help", "Send", "What help do you need?",
			"e.g. We are still waiting on the county's data; could someone call them?",
			"Your working group's lead and the backbone staff will see this."}
	case changeDrop:
		return modalText{"Drop commitment", "Drop", "Why is it dropped?", "e.g. The event was cancelled.",
			"The group sees it was dropped, and why."}
	case changeDecline:
		return modalText{"Decline", "Decline", "Why can't you take it on?", "e.g. I'm away that week; Jo could do it.",
			"The person who asked will see this."}
	}
	return modalText{"Propose another date", "Propose", "Anything to add?", "e.g. The printer needs two weeks.",
		"You take it on with this date; the person who asked is told."}
}

// CommitmentModal is the modal of a change that needs a note or a date.
func CommitmentModal(c store.Commitment, meta commitmentModalMeta, v CommitmentView) (slack.ModalViewRequest, error) {
	raw, err := json.Marshal(meta)
	if err != nil {
		return slack.ModalViewRequest{}, fmt.Errorf("encode modal metadata: %w", err)
	}
	t := modalTexts(meta.Kind)
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(CommitmentText(c, v), 2900)), nil, nil)}
	if meta.Kind == changePropose {
		picker := slack.NewDatePickerBlockElement(inputCommitmentDate)
		picker.InitialDate = dueOf(c.Due).String()
		blocks = append(blocks, slack.NewInputBlock(inputCommitmentDate, kit.Plain("New date"), nil, picker))
	}
	note := kit.TextInput(inputCommitmentNote, t.label, "", t.placeholder, maxNoteLen, true, meta.Kind == changePropose)
	note.Hint = kit.Plain(t.hint)
	blocks = append(blocks, note)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackCommitmentChange,
		Title: kit.Plain(t.title), Submit: kit.Plain(t.submit), Close: kit.Plain("Cancel"),
		PrivateMetadata: string(raw), Blocks: slack.Blocks{BlockSet: blocks},
	}, nil
}

// HistoryModal shows every change to a commitment, oldest first.
func HistoryModal(c store.Commitment, es []store.CommitmentEvent, now time.Time) slack.ModalViewRequest {
	lines := make([]string, 0, len(es))
	for _, e := range es {
		lines = append(lines, EventLine(e, now))
	}
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(kit.Truncate(CommitmentText(c, CommitmentView{Now: now}), 2900)), nil, nil), slack.NewDividerBlock()}
	blocks = append(blocks, kit.PackLines(lines, 90, "")...)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackCommitmentHistory,
		Title: kit.Plain("History"), Close: kit.Plain("Close"), Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// EventLine is one history entry: when, who, what.
func EventLine(e store.CommitmentEvent, now time.Time) string {
	at := e.At.In(now.Location())
	line := fmt.Sprintf("`%s %s` <@%s> %s", dates.Of(at).Human(now), at.Format("15:04"), e.Actor, eventLabel(e, now))
	if e.Note != "" {
		line += ": “" + kit.UserText(e.Note) + "”"
	}
	return line
}

func eventLabel(e store.CommitmentEvent, now time.Time) string {
	switch e.Kind {
	case store.EventDueChanged, store.EventDateProposed:
		verb := "moved the date"
		if e.Kind == store.EventDateProposed {
			verb = "accepted with another date"
		}
		return fmt.Sprintf("%s: %s → %s", verb, kit.OrDefault(dueOf(e.DueBefore).Human(now), "no date"), kit.OrDefault(dueOf(e.DueAfter).Human(now), "no date"))
	}
	if e.Kind == store.EventCreated && e.DueAfter != nil {
		return "made it, due " + dueOf(e.DueAfter).Human(now)
	}
	labels := map[string]string{
		store.EventCreated: "made it", store.EventAccepted: "accepted it", store.EventDeclined: "declined it",
		store.EventDone: "marked it done", store.EventOnTrack: "marked it on track", store.EventNeedHelp: "asked for help",
		store.EventBlocked: "marked it blocked", store.EventDropped: "dropped it",
	}
	return kit.OrDefault(labels[e.Kind], e.Kind)
}
