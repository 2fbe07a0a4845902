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
			UsageHint:   "[who | me | help]",
			Example:     "/coalition who",
		},
		{
			Name:        "/backbone",
			Description: "Backbone staff: set up the coalition, partners, people, working groups and settings",
			UsageHint:   "setup | partner | member | group | settings | set | audit | help",
			Example:     "/backbone partner add \"Greenfield Public Schools\" sector=education",
		},
	}
}

func (b *Bot) commandHandlers() map[string]commandHandler {
	return map[string]commandHandler{
		"/coalition": b.coalition,
		"/backbone":  b.backbone,
	}
}
