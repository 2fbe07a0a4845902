// Package digest is the weekly steering digest and the working groups'
// digests: the job, what it gathers, its chart, its views, and /digest.
package digest

import (
	"time"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/schedules"
)

// Service answers /digest and queues the weekly digests.
type Service struct {
	kit.Env
	dir  *directory.Directory
	jobs kit.JobRunner
}

// New builds the digest feature; jobs runs `/digest send` through the
// scheduler's once-only ledger (nil: send is refused).
func New(env kit.Env, dir *directory.Directory, jobs kit.JobRunner) *Service {
	return &Service{Env: env, dir: dir, jobs: jobs}
}

// Routes is the /digest command.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{Commands: map[string]kit.CommandHandler{"/digest": s.digest}}
}

// Jobs is the weekly digest job.
func (s *Service) Jobs() []schedules.Job {
	return []schedules.Job{{
		Name:        digestJob,
		Description: "posts the weekly digest of the 7 days before it to the steering channel: counts, exceptions, indicators and each working group's section",
		DefaultSpec: "0 8 * * 1",
		Grace:       48 * time.Hour,
		Run:         s.QueueDigest,
	}}
}
