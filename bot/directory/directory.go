// Package directory is who is who in a coalition: members (read from
// Slack's profiles and kept in the database), partners looked up by name,
// and whose clock applies — a member's, the coalition's, or a job run's.
package directory

import (
	"log/slog"
	"time"

	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
)

// Deps is what the directory needs.
type Deps struct {
	Store *store.Store
	// Clients gives each workspace's Web API client.
	Clients *workspace.Clients
	Log     *slog.Logger
	Now     func() time.Time
	// Admins are the Slack user IDs that get the backbone role in the
	// SLACK_BOT_TOKEN workspace (an installed one names its own staff).
	Admins []string
	// DefaultTZ is the coalition timezone until setup sets one.
	DefaultTZ *time.Location
}

// Directory reads and keeps members, partners and timezones.
type Directory struct {
	store     *store.Store
	clients   *workspace.Clients
	log       *slog.Logger
	now       func() time.Time
	admins    map[string]bool
	defaultTZ *time.Location
}

// New builds a directory.
func New(d Deps) *Directory {
	dir := &Directory{store: d.Store, clients: d.Clients, log: d.Log, now: d.Now, defaultTZ: d.DefaultTZ}
	if dir.defaultTZ == nil {
		dir.defaultTZ = time.UTC
	}
	dir.admins = make(map[string]bool, len(d.Admins))
	for _, id := range d.Admins {
		dir.admins[id] = true
	}
	return dir
}
