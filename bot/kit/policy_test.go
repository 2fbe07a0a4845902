package kit

import (
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/store"
)

func TestPolicyEveryCommandAndRole(t *testing.T) {
	t.Parallel()
	staffOnly := map[string]bool{store.RoleBackbone: true}
	everyone := map[string]bool{store.RoleBackbone: true, store.RoleSteering: true, store.RolePartner: true}
	staffAndSteering := map[string]bool{store.RoleBackbone: true, store.RoleSteering: true}
	// Written out by hand, not derived from policy(): this is the contract.
	want := map[string]map[string]bool{
		"/coalition":           everyone,
		"/coalition help":      everyone,
		"/coalition who":       everyone,
		"/coalition me":        everyone,
		"/backbone":            staffOnly,
		"/backbone help":       staffOnly,
		"/backbone setup":      staffOnly,
		"/backbone partner":    staffOnly,
		"/backbone member":     staffOnly,
		"/backbone group":      staffOnly,
		"/backbone settings":   staffOnly,
		"/backbone set":        staffOnly,
		"/backbone audit":      staffOnly,
		"/backbone unknownsub": staffOnly,
		"/report":              everyone,
		"/report help":         everyone,
		"/report youth-binge":  everyone,
		"/indicators":          everyone,
		"/indicators help":     everyone,
		"/indicators show":     everyone,
		"/indicators add":      staffOnly,
		"/indicators edit":     staffOnly,
		"/indicators archive":  staffOnly,
		"/indicators export":   staffAndSteering,
		"/indicators other":    everyone,
		"/commit":              everyone,
		"/commit help":         everyone,
		"/commitments":         everyone,
		"/commitments all":     everyone,
		"/meeting":             everyone,
		"/meeting start":       everyone,
		"/meeting end":         everyone,
		"/shoutout":            everyone,
		"/shoutout help":       everyone,
		"/digest":              staffAndSteering,
		"/digest preview":      staffAndSteering,
		"/digest send":         staffOnly,
	}
	for _, spec := range Commands() {
		if _, ok := want[spec.Name]; !ok {
			t.Errorf("%s has no expectation in this test: add one", spec.Name)
		}
	}
	for action, roles := range want {
		cmd, sub := Subcommand(action)
		for _, role := range []string{store.RoleBackbone, store.RoleSteering, store.RolePartner} {
			if got := Allowed(role, cmd, sub); got != roles[role] {
				t.Errorf("Allowed(%s, %q) = %v, want %v", role, action, got, roles[role])
			}
		}
	}
}

// TestPolicyActionsWithinCommands covers the rules handlers check
// themselves, which no typed subcommand can reach.
func TestPolicyActionsWithinCommands(t *testing.T) {
	t.Parallel()
	want := map[string]map[string]bool{
		"/indicators see per-partner values": {store.RoleBackbone: true, store.RoleSteering: true},
		"/report for another partner":        {store.RoleBackbone: true},
	}
	for action, roles := range want {
		for _, role := range []string{store.RoleBackbone, store.RoleSteering, store.RolePartner} {
			if got := Allowed(role, action, ""); got != roles[role] {
				t.Errorf("Allowed(%s, %q) = %v, want %v", role, action, got, roles[role])
			}
		}
	}
	if got := Refusal("/indicators", "export"); !strings.HasPrefix(got, "Only backbone staff and steering committee members can use `/indicators export`") {
		t.Errorf("refusal = %q", got)
	}
	if got := Refusal("/backbone", "partner"); !strings.HasPrefix(got, "Only backbone staff can use `/backbone`") {
		t.Errorf("refusal = %q", got)
	}
}
