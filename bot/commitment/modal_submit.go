package commitment

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
	"github.com/slack-go/slack"
)

// validateCommitmentModal checks a change modal before its ack.
func (s *Service) validateCommitmentModal(cb slack.InteractionCallback) map[string]string {
	var meta commitmentModalMeta
	if json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil {
		return nil // submit logs it
	}
	errs := map[string]string{}
	note := kit.InputValue(cb, inputCommitmentNote)
	switch n := utf8.RuneCountInString(note); {
	case n == 0 && meta.Kind != changePropose:
		errs[inputCommitmentNote] = "Write a few words, so the others know."
	case n > maxNoteLen:
		errs[inputCommitmentNote] = fmt.Sprintf("Keep it under %d characters (it is %d).", maxNoteLen, n)
	}
	if meta.Kind == changePropose {
		if msg := s.checkProposedDate(cb, meta.TZ); msg != "" {
			errs[inputCommitmentDate] = msg
		}
	}
	return errs
}

func (s *Service) checkProposedDate(cb slack.InteractionCallback, tz string) string {
	due, err := isoDate(cb.View.State.Values[inputCommitmentDate][inputCommitmentDate].SelectedDate)
	if err != nil {
		return "Pick a date."
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = s.dir.DefaultTZ()
	}
	if today := dates.Today(s.Now(), loc); due.Before(today) {
		return "That date is in the past. Pick one from today on."
	}
	return ""
}

// submitCommitmentModal applies the change a modal asked for, then redraws
// the message, list or Home tab it was opened from.
func (s *Service) submitCommitmentModal(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	var meta commitmentModalMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil {
		return fmt.Errorf("commitment modal metadata %q: %w", cb.View.PrivateMetadata, err)
	}
	ch := change{Kind: meta.Kind, Note: kit.CleanText(kit.InputValue(cb, inputCommitmentNote))}
	if meta.Kind == changePropose {
		due, err := isoDate(cb.View.State.Values[inputCommitmentDate][inputCommitmentDate].SelectedDate)
		if err != nil {
			return err
		}
		ch.Due = due
	}
	r, err := s.applyChange(ctx, actor.TeamID, meta.ID, ch, actor, nil)
	if err != nil {
		return err
	}
	if err := s.redraw(ctx, slack.InteractionCallback{}, actor, meta.Origin, r); err != nil {
		return err
	}
	if r.changed() && !meta.Origin.Pick && meta.Origin.ResponseURL != "" {
		return s.Tell(ctx, actor, meta.Origin, changeSummary(r, s.Now().In(s.dir.MemberLoc(actor))))
	}
	return nil
}
