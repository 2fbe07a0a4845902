package bot

// CommandSpec describes one slash command: the single list that feeds
// `/coalition help`, the app manifest and the README.
type CommandSpec struct {
	Name        string
	Description string
	UsageHint   string
	// Example is one complete invocation, shown in help.
	Example string
}

// Commands lists every slash command the bot answers.
func Commands() []CommandSpec {
	return []CommandSpec{
		{
			Name:        "/coalition",
			Description: "The coalition at a glance, and help with every command",
			UsageHint:   "[help]",
			Example:     "/coalition help",
		},
	}
}

func (b *Bot) commandHandlers() map[string]commandHandler {
	return map[string]commandHandler{
		"/coalition": b.coalition,
	}
}
