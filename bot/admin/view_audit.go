package admin

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// auditFieldsShown bounds the fields one entry lists.
const auditFieldsShown = 6

// AuditBlocks lists audit entries as sentences: when, who, what they did
// to what, and each field that changed, old → new.
func AuditBlocks(es []store.AuditEntry, loc *time.Location) []slack.Block {
	lines := make([]string, 0, len(es))
	for _, e := range es {
		lines = append(lines, auditLine(e, loc))
	}
	return append([]slack.Block{kit.Header("Recent changes")}, kit.PackLines(lines, kit.MessageBlockBudget, "Ask for fewer with `/backbone audit 10`.")...)
}

func auditLine(e store.AuditEntry, loc *time.Location) string {
	what := auditVerb(e.Action) + " " + auditTarget(e)
	if e.Action == "member.join" {
		what = "first used Backbone"
	}
	line := fmt.Sprintf("`%s` <@%s> %s", e.At.In(loc).Format("Mon 2 Jan 15:04"), e.Actor, what)
	if changes := auditChanges(e.Before, e.After); changes != "" {
		line += ": " + changes
	}
	return line + " _(" + kit.Escape(e.Action) + ")_"
}

// auditVerb words an action: "partner.rename" → "renamed partner"; an
// action without a word of its own (a commitment's "done", "due"…) is
// "updated commitment", its code closing the line.
func auditVerb(action string) string {
	entity, verb, _ := strings.Cut(action, ".")
	words := map[string]string{"add": "added", "create": "created", "rename": "renamed", "archive": "archived",
		"update": "changed", "set": "changed", "edit": "edited", "remove": "removed", "start": "started", "end": "ended",
		"pause": "paused", "resume": "resumed", "partner": "linked", "setup": "set up", "retry": "resent", "dismiss": "dismissed"}
	w, ok := words[verb]
	if !ok {
		w = "updated"
	}
	return w + " " + kit.Escape(strings.ReplaceAll(entity, "_", " "))
}

func auditTarget(e store.AuditEntry) string {
	if e.Entity == "member" && strings.HasPrefix(e.EntityID, "U") {
		return "<@" + kit.Escape(e.EntityID) + ">"
	}
	return kit.Quote(e.EntityID, 60)
}

// auditChanges lists the fields that differ between before and after
// (JSON objects): "name: “A” → “B”; sector: education → health". A
// creation lists the new values; anything not an object is shown whole.
func auditChanges(before, after []byte) string {
	var b, a map[string]any
	bok, aok := decodeObject(before, &b), decodeObject(after, &a)
	if !bok || !aok {
		return strings.TrimSpace(auditValue(before) + " → " + auditValue(after))
	}
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		old, was := b[k]
		cur, is := a[k]
		if was && is && fmt.Sprint(old) == fmt.Sprint(cur) {
			continue
		}
		field := kit.Escape(strings.ReplaceAll(k, "_", " "))
		switch {
		case before == nil:
			parts = append(parts, field+" "+shortValue(cur))
		case !is:
			parts = append(parts, field+" "+shortValue(old)+" → none")
		default:
			parts = append(parts, field+" "+shortValue(old)+" → "+shortValue(cur))
		}
	}
	if len(parts) > auditFieldsShown {
		parts = append(parts[:auditFieldsShown], fmt.Sprintf("and %d more", len(parts)-auditFieldsShown))
	}
	return strings.Join(parts, "; ")
}

// decodeObject reads raw as a JSON object into v; nil raw is an empty one.
func decodeObject(raw []byte, v *map[string]any) bool {
	if raw == nil {
		*v = map[string]any{}
		return true
	}
	return json.Unmarshal(raw, v) == nil && *v != nil
}

// auditValue shows a whole JSON value compactly; "" for none.
func auditValue(raw []byte) string {
	if raw == nil {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return kit.Quote(string(raw), 80)
	}
	return shortValue(v)
}

// shortValue is one field's value: a string quoted, a number or a bool as
// is, null as "none", anything else as compact JSON, all escaped and short.
func shortValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "none"
	case string:
		if x == "" {
			return "“”"
		}
		return "“" + kit.Quote(x, 60) + "”"
	case bool, float64:
		return fmt.Sprint(x)
	}
	raw, _ := json.Marshal(v)
	return "`" + kit.Escape(kit.Truncate(strings.ReplaceAll(string(raw), "`", "'"), 60)) + "`"
}
