package recognition

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// Kind is one kind of recognition from evidence: whether its own setting
// lets it through (under the master switch recognition_posts).
type Kind func(settings.Values) bool

// KindDone thanks a commitment's owner when it is marked done.
func KindDone(v settings.Values) bool { return v.ThankDone() }

// KindOnTime thanks a partner for a run of on-time reports.
func KindOnTime(v settings.Values) bool { return v.ThankOnTime() }

// KindTargets celebrates an indicator reaching its target.
func KindTargets(v settings.Values) bool { return v.CelebrateTargets() }

// Config is what one kind of recognition may use, read in the
// transaction of the change that earned it.
type Config struct {
	// On is false when recognition_posts or the kind's own setting is off.
	On        bool
	Settings  settings.Values
	Coalition store.Coalition
}

// Read reads the settings and channels for kind; before setup
// the coalition's channels are empty.
func Read(ctx context.Context, tx *store.Tx, teamID string, kind Kind) (Config, error) {
	raw, err := tx.Settings(ctx, teamID)
	if err != nil {
		return Config{}, err
	}
	v := settings.From(raw)
	r := Config{On: v.RecognitionPosts() && kind(v), Settings: v}
	if !r.On {
		return r, nil
	}
	c, err := tx.Coalition(ctx, teamID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	r.Coalition = c
	return r, nil
}

// CelebrationChannels are the steering and recognition channels, once each
// when they are the same, keyed by the role that names them (so the
// dedupe key stays put when setup moves a channel).
func (r Config) CelebrationChannels() [][2]string {
	var out [][2]string
	rec, steer := r.Coalition.RecognitionChannel, r.Coalition.SteeringChannel
	if rec != "" {
		out = append(out, [2]string{"recognition", rec})
	}
	if steer != "" && steer != rec {
		out = append(out, [2]string{"steering", steer})
	}
	return out
}

// QueueDoneThanks thanks the owner of a commitment just marked done, in its
// working group's channel, once per commitment (the dedupe key), unless
// recognition_posts or thank_done is off or the commitment belongs to no
// group.
func (s *Service) QueueDoneThanks(ctx context.Context, tx *store.Tx, c store.Commitment) error {
	if c.GroupChannel == "" {
		return nil
	}
	r, err := Read(ctx, tx, c.TeamID, KindDone)
	if err != nil || !r.On {
		return err
	}
	_, err = kit.Queue(ctx, tx, kit.Message{TeamID: c.TeamID, Key: "thanks:commitment:" + strconv.FormatInt(c.ID, 10), Channel: c.GroupChannel, Text: DoneThanks(c)})
	return err
}

// DoneThanks is the short public thank-you for a finished commitment.
func DoneThanks(c store.Commitment) string {
	return fmt.Sprintf("🙌 Done: *%s* — thank you, <@%s>!", kit.Truncate(kit.UserText(c.Text), 500), c.OwnerID)
}
