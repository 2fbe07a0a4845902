package bot

import (
	"testing"

	"github.com/backbone-coalition/backbone/store"
)

func TestPolicyEveryCommandAndRole(t *testing.T) {
	t.Parallel()
	staffOnly := map[string]bool{store.RoleBackbone: true}
	everyone := map[string]bool{store.RoleBackbone: true, store.RoleSteering: true, store.RolePartner: true}
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
	}
	for _, spec := range Commands() {
		if _, ok := want[spec.Name]; !ok {
			t.Errorf("%s has no expectation in this test: add one", spec.Name)
		}
	}
	for action, roles := range want {
		cmd, sub := subcommand(action)
		for _, role := range []string{store.RoleBackbone, store.RoleSteering, store.RolePartner} {
			if got := allowed(role, cmd, sub); got != roles[role] {
				t.Errorf("allowed(%s, %q) = %v, want %v", role, action, got, roles[role])
			}
		}
	}
}
