package bot_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

const otherTeam = "T0OTHER"

// seedHostile gives the hostile corpus something to aim at: partners, a
// working group, an indicator, a commitment and a shout-out in the
// harness's team, and the same in another team, whose row IDs forged
// requests then use. It returns the placeholder values.
func seedHostile(t *testing.T, h *harness) map[string]string {
	t.Helper()
	seedPartners(t, h, `group add "Youth recognition" <#C0YOUTH|youth-recognition> lead=<@U0LEAD|lee>`)
	h.defineIndicator(servedSpec())
	h.command(partnerID, generalID, "/commit", "Send flyers to the middle schools by Friday")
	h.command(partnerID, generalID, "/shoutout", "<@U0LEAD|lee> Thank you for the parent night!")
	h.otherTeamSlash("/backbone", `partner add "Other Org" sector=other`)
	h.otherTeamSlash("/commit", "Other team's commitment by Friday")
	h.otherTeamSlash("/shoutout", "<@U0LEAD|lee> Other team's thanks")
	h.otherTeamIndicator()
	waitFor(t, func() bool { // the seed's posts are out before the first case
		var pending int
		_ = h.store.DB().Get(&pending, "SELECT count(*) FROM outbox WHERE status = 'pending'")
		return pending == 0
	})
	fx := map[string]string{}
	for name, q := range map[string]string{
		"own_commitment":   "SELECT id FROM commitments WHERE team_id = $1",
		"own_shoutout":     "SELECT id FROM shoutouts WHERE team_id = $1",
		"partner":          "SELECT id FROM partners WHERE team_id = $1 AND name = '" + greenfield + "'",
		"indicator":        "SELECT id FROM indicators WHERE team_id = $1",
		"other_commitment": "SELECT id FROM commitments WHERE team_id = $2",
		"other_shoutout":   "SELECT id FROM shoutouts WHERE team_id = $2",
		"other_partner":    "SELECT id FROM partners WHERE team_id = $2",
		"other_indicator":  "SELECT id FROM indicators WHERE team_id = $2",
	} {
		var ids []int64
		team := "T0BACKBONE"
		if strings.HasPrefix(name, "other_") {
			q, team = strings.Replace(q, "$2", "$1", 1), otherTeam
		}
		if err := h.store.DB().Select(&ids, q+" ORDER BY id", team); err != nil || len(ids) != 1 {
			t.Fatalf("seed %s: %v %v", name, ids, err)
		}
		fx[name] = strconv.FormatInt(ids[0], 10)
	}
	return fx
}

// otherTeamSlash sends a slash command from the admin as if typed in
// another workspace, and waits for the answer.
func (h *harness) otherTeamSlash(command, text string) {
	h.t.Helper()
	form := h.slack.SlashForm(slacktest.Slash{UserID: adminID, ChannelID: generalID, Command: command, Text: text})
	form.Set("team_id", otherTeam)
	fields := map[string]string{}
	for k := range form {
		fields[k] = form.Get(k)
	}
	p, _ := json.Marshal(fields)
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.RawEnvelope(ctx, "slash_commands", p); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.ViaResponseURL }); err != nil {
		h.t.Fatalf("%s %s in %s: no answer: %v", command, text, otherTeam, err)
	}
}

// otherTeamIndicator defines an indicator in the other team through a
// view_submission claiming that team.
func (h *harness) otherTeamIndicator() {
	h.t.Helper()
	p := viewSubmission(adminID, "indicator:form", "{}", func() map[string]any {
		v := map[string]any{}
		for id, val := range map[string]string{"ind_key": "other-served", "ind_name": "Other served", "ind_definition": "Other team's count"} {
			v[id] = textInput(id, val)[id]
		}
		for id, val := range map[string]string{"ind_unit": "count", "ind_direction": "up", "ind_cadence": "quarterly", "ind_combine": "sum"} {
			v[id] = map[string]any{id: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": val}}}
		}
		return v
	}())
	p = strings.Replace(p, `"id":"T0BACKBONE"`, `"id":"`+otherTeam+`"`, 1)
	p = strings.ReplaceAll(p, "{{trigger_id}}", h.slack.NewTriggerID(adminID))
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.RawEnvelope(ctx, "interactive", []byte(p)); err != nil {
		h.t.Fatal(err)
	}
	waitFor(h.t, func() bool {
		var n int
		_ = h.store.DB().Get(&n, "SELECT count(*) FROM indicators WHERE team_id = $1", otherTeam)
		return n == 1
	})
}
