package admin

import (
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

func TestAuditLinesAreSentences(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 15, 4, 0, 0, time.UTC)
	tests := []struct {
		e    store.AuditEntry
		want string
	}{
		{store.AuditEntry{Actor: "U0ANA", Action: "partner.rename", Entity: "partner", EntityID: "Greenfield",
			Before: []byte(`{"name":"Greenfield","sector":"education"}`), After: []byte(`{"name":"Greenfield Schools","sector":"education"}`), At: at},
			"`Mon 23 Nov 15:04` <@U0ANA> renamed partner Greenfield: name “Greenfield” → “Greenfield Schools” _(partner.rename)_"},
		{store.AuditEntry{Actor: "U0ANA", Action: "member.update", Entity: "member", EntityID: "U0LEE",
			Before: []byte(`{"role":"partner","away_until":null}`), After: []byte(`{"role":"steering","away_until":"2026-12-10"}`), At: at},
			"`Mon 23 Nov 15:04` <@U0ANA> changed member <@U0LEE>: away until none → “2026-12-10”; role “partner” → “steering” _(member.update)_"},
		{store.AuditEntry{Actor: "U0ANA", Action: "setting.set", Entity: "setting", EntityID: "weekend_reminders",
			Before: []byte(`"off"`), After: []byte(`"on"`), At: at},
			"`Mon 23 Nov 15:04` <@U0ANA> changed setting weekend_reminders: “off” → “on” _(setting.set)_"},
		{store.AuditEntry{Actor: "U0ANA", Action: "partner.add", Entity: "partner", EntityID: "<!here> Org",
			After: []byte(`{"name":"<!here> Org"}`), At: at},
			"`Mon 23 Nov 15:04` <@U0ANA> added partner @here Org: name “@here Org” _(partner.add)_"},
		{store.AuditEntry{Actor: "U0LEE", Action: "member.join", Entity: "member", EntityID: "U0LEE",
			After: []byte(`{"role":"partner"}`), At: at},
			"`Mon 23 Nov 15:04` <@U0LEE> first used Backbone: role “partner” _(member.join)_"},
		{store.AuditEntry{Actor: "U0PAT", Action: "commitment.done", Entity: "commitment", EntityID: "42",
			Before: []byte(`{"status":"open"}`), After: []byte(`{"status":"done"}`), At: at},
			"`Mon 23 Nov 15:04` <@U0PAT> updated commitment 42: status “open” → “done” _(commitment.done)_"},
	}
	for _, tt := range tests {
		if got := auditLine(tt.e, time.UTC); got != tt.want {
			t.Errorf("auditLine:\n got %s\nwant %s", got, tt.want)
		}
		if strings.Contains(auditLine(tt.e, time.UTC), "{") {
			t.Errorf("a JSON document in %s", auditLine(tt.e, time.UTC))
		}
	}
}
