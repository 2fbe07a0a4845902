package kit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/schedules"
)

// JobRunner is the scheduler as features see it: its jobs, and a run of one
// of them now, through the once-only ledger.
type JobRunner interface {
	Jobs() []schedules.Job
	RunAt(ctx context.Context, team, name string, at time.Time) ([]schedules.Outcome, error)
}

// JobOutcomeText says what a manual run did.
func JobOutcomeText(name string, out []schedules.Outcome) string {
	if len(out) == 0 {
		return fmt.Sprintf("`%s` has no slot at or before that time; nothing ran.", name)
	}
	var lines []string
	for _, o := range out {
		if o.Ran {
			lines = append(lines, fmt.Sprintf("✅ %s (%s): ran, %s queued", o.Slot, o.Zone, Plural(o.Messages, "message", "messages")))
		} else {
			lines = append(lines, fmt.Sprintf("↩️ %s (%s): already ran (or was missed); not sent again", o.Slot, o.Zone))
		}
	}
	return fmt.Sprintf("`%s`:\n%s", name, strings.Join(lines, "\n"))
}
