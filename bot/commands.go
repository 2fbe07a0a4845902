package bot

import "github.com/backbone-coalition/backbone/bot/kit"

// Commands lists every slash command the bot answers, for the manifest,
// the sandbox and the README.
func Commands() []kit.CommandSpec { return kit.Commands() }
