package commitment

import (
	"context"
	"errors"
	"regexp"

	"github.com/backbone-coalition/backbone/store"
)

// indicatorTag is "#teen-vaping" in a commitment's text: a # at the start
// or after a space (a Slack channel link is "<#C123|name>"), then a key.
var indicatorTag = regexp.MustCompile(`(?:^|\s)#([a-z0-9][a-z0-9-]{1,62})\b`)

// IndicatorTags are the indicator keys a commitment's text names with #.
func IndicatorTags(text string) []string {
	var keys []string
	for _, m := range indicatorTag.FindAllStringSubmatch(text, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

// linkIndicator links c to the first indicator its text names with #KEY,
// so the indicator's scorecard page lists it; a # naming no indicator is
// just text.
func linkIndicator(ctx context.Context, tx *store.Tx, c store.Commitment) error {
	for _, key := range IndicatorTags(c.Text) {
		ind, err := tx.IndicatorByKey(ctx, c.TeamID, key)
		if errors.Is(err, store.ErrNotFound) || err == nil && ind.Archived {
			continue
		}
		if err != nil {
			return err
		}
		return tx.SetCommitmentIndicator(ctx, c.ID, ind.ID)
	}
	return nil
}
