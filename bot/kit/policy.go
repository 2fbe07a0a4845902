package kit

import (
	"slices"
	"strings"

	"github.com/backbone-coalition/backbone/store"
)

// Actions the policy names that are not slash commands; their names hold a
// space, so no one can invoke them by typing them as one.
const (
	ActionSeePerPartner   = "/indicators see per-partner values"
	ActionReportForOthers = "/report for another partner"
)

// Roles lists every role, most powerful first.
func Roles() []string { return []string{store.RoleBackbone, store.RoleSteering, store.RolePartner} }

// Who may do what, in one place. An action is "command subcommand"; an
// action missing from the table is open to every member.
func policy() map[string][]string {
	staff := []string{store.RoleBackbone}
	staffSteering := []string{store.RoleBackbone, store.RoleSteering}
	everyone := []string{store.RoleBackbone, store.RoleSteering, store.RolePartner}
	return map[string][]string{
		"/backbone":           staff,
		"/indicators":         everyone,
		"/indicators add":     staff,
		"/indicators edit":    staff,
		"/indicators archive": staff,
		"/indicators story":   staff,
		"/indicators export":  staffSteering,
		// Partner members also see them when partner_view is per_partner.
		ActionSeePerPartner: staffSteering,
		"/report":           everyone,
		"/digest":           staffSteering,
		"/digest send":      staff,
		// Everyone else reports for their own partner only.
		ActionReportForOthers: staff,
	}
}

// Allowed reports whether role may perform action (a command, or a command
// and its subcommand: the most specific rule wins).
func Allowed(role, command, sub string) bool {
	p := policy()
	if roles, ok := p[command+" "+sub]; ok {
		return slices.Contains(roles, role)
	}
	if roles, ok := p[command]; ok {
		return slices.Contains(roles, role)
	}
	return true
}

// Refusal tells a member, kindly, who can do what they tried, naming the
// rule that refused them (the subcommand's, or else the command's).
func Refusal(command, sub string) string {
	p := policy()
	rule := command
	if _, ok := p[command+" "+sub]; ok {
		rule = command + " " + sub
	}
	var who []string
	for _, role := range p[rule] {
		who = append(who, roleLabelPlural(role))
	}
	return "Only " + strings.Join(who, " and ") + " can use `" + rule + "`. If something needs changing, ask one of them — `/coalition who` lists who they are."
}

func roleLabelPlural(role string) string {
	switch role {
	case store.RoleBackbone:
		return "backbone staff"
	case store.RoleSteering:
		return "steering committee members"
	}
	return "partner members"
}
