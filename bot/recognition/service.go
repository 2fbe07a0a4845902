// Package recognition thanks people in public: /shoutout with its 👏 +1,
// thanks for commitments done, on-time reporting streaks and targets reached.
package recognition

import (
	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
)

// Service answers /shoutout and queues the other recognition posts.
type Service struct {
	kit.Env
	dir *directory.Directory
}

// New builds the recognition feature.
func New(env kit.Env, dir *directory.Directory) *Service {
	return &Service{Env: env, dir: dir}
}

// Routes are the command and button recognition answers.
func (s *Service) Routes() kit.Routes {
	return kit.Routes{
		Commands: map[string]kit.CommandHandler{"/shoutout": s.shoutout},
		Actions:  map[string]kit.ActionHandler{actionShoutoutPlusOne: s.shoutoutPlusOne},
	}
}
