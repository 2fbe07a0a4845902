package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// The kinds of recognition from evidence, each named by the setting that
// turns it off under the master switch recognition_posts.
const (
	recognizeDone    = "thank_done"
	recognizeOnTime  = "thank_on_time"
	recognizeTargets = "celebrate_targets"
)

// recognition is what one kind of recognition may use, read in the
// transaction of the change that earned it.
type recognition struct {
	// on is false when recognition_posts or the kind's own setting is off.
	on        bool
	settings  settings.Values
	coalition store.Coalition
}

// readRecognition reads the settings and channels for kind; before setup
// the coalition's channels are empty.
func readRecognition(ctx context.Context, tx *store.Tx, teamID, kind string) (recognition, error) {
	raw, err := tx.Settings(ctx, teamID)
	if err != nil {
		return recognition{}, err
	}
	v := settings.From(raw)
	r := recognition{on: v.Bool("recognition_posts") && v.Bool(kind), settings: v}
	if !r.on {
		return r, nil
	}
	c, err := tx.Coalition(ctx, teamID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	r.coalition = c
	return r, nil
}

// celebrationChannels are the steering and recognition channels, once each
// when they are the same, keyed by the role that names them (so the
// dedupe key stays put when setup moves a channel).
func (r recognition) celebrationChannels() [][2]string {
	var out [][2]string
	rec, steer := r.coalition.RecognitionChannel, r.coalition.SteeringChannel
	if rec != "" {
		out = append(out, [2]string{"recognition", rec})
	}
	if steer != "" && steer != rec {
		out = append(out, [2]string{"steering", steer})
	}
	return out
}

// queueDoneThanks thanks the owner of a commitment just marked done, in its
// working group's channel, once per commitment (the dedupe key), unless
// recognition_posts or thank_done is off or the commitment belongs to no
// group.
func (b *Bot) queueDoneThanks(ctx context.Context, tx *store.Tx, c store.Commitment) error {
	if c.GroupChannel == "" {
		return nil
	}
	r, err := readRecognition(ctx, tx, c.TeamID, recognizeDone)
	if err != nil || !r.on {
		return err
	}
	m, err := outbox.Message(c.TeamID, "thanks:commitment:"+strconv.FormatInt(c.ID, 10), c.GroupChannel, DoneThanks(c), nil)
	return queue(ctx, tx, m, err)
}

// DoneThanks is the short public thank-you for a finished commitment.
func DoneThanks(c store.Commitment) string {
	return fmt.Sprintf("🙌 Done: *%s* — thank you, <@%s>!", truncate(renderCommitText(c.Text), 500), c.OwnerID)
}

// queuePost queues one recognition post; a key queued before adds nothing.
func queuePost(ctx context.Context, tx *store.Tx, teamID, key, channel, text string, blocks []slack.Block) error {
	m, err := outbox.Message(teamID, key, channel, text, blocks)
	return queue(ctx, tx, m, err)
}
