package schedules

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// PurgeUninstalled is the nightly job that deletes every row of the
// workspaces uninstalled more than retention ago
// (RETENTION_DAYS_AFTER_UNINSTALL): kept until then so that a reinstall
// finds its coalition as it was. Its sweep covers every such workspace, not
// only the slot's team: an uninstalled team has no slots of its own.
func PurgeUninstalled(retention time.Duration) Job {
	return Job{
		Name:        "purge-uninstalled",
		Description: fmt.Sprintf("deletes the data of workspaces that uninstalled Backbone more than %s ago", days(retention)),
		DefaultSpec: "45 3 * * *",
		Run:         func(context.Context, *store.Tx, Run) (int, error) { return 0, nil },
		Sweep: func(ctx context.Context, st *store.Store, r Run) (int, error) {
			return Purge(ctx, st, r.At.Add(-retention))
		},
	}
}

// Purge deletes the workspaces uninstalled before cutoff, one transaction
// each, and returns how many it deleted.
func Purge(ctx context.Context, st *store.Store, cutoff time.Time) (int, error) {
	teams, err := st.UninstalledBefore(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	for i, team := range teams {
		if _, err := st.DeleteTeam(ctx, team); err != nil {
			return i, err
		}
	}
	return len(teams), nil
}
