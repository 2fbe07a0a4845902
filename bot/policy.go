package bot

import (
	"slices"

	"github.com/backbone-coalition/backbone/store"
)

// Who may do what, in one place. An action is "command subcommand"; an
// action missing from the table is open to every member.
func policy() map[string][]string {
	staff := []string{store.RoleBackbone}
	return map[string][]string{
		"/backbone": staff,
	}
}

// allowed reports whether role may perform action (a command, or a command
// and its subcommand: the most specific rule wins).
func allowed(role, command, sub string) bool {
	p := policy()
	if roles, ok := p[command+" "+sub]; ok {
		return slices.Contains(roles, role)
	}
	if roles, ok := p[command]; ok {
		return slices.Contains(roles, role)
	}
	return true
}

// refusal tells a member, kindly, who can do what they tried.
func refusal(command string) string {
	return "Only backbone staff can use `" + command + "`. If something needs changing, ask one of them — `/coalition who` lists who they are."
}
