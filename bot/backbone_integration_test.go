package bot_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// openSetup runs /backbone setup and returns the modal's view ID.
func (h *harness) openSetup(user string) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: user, ChannelID: generalID, Command: "/backbone", Text: "setup"}); err != nil {
		h.t.Fatal(err)
	}
	v, err := h.slack.WaitView(ctx, func(v slacktest.View) bool { return v.CallbackID == "backbone:setup" && v.UserID == user })
	if err != nil {
		h.t.Fatalf("setup modal never opened: %v", err)
	}
	return v.ID
}

func setupValues(name, goal, tz string) map[string]map[string]slacktest.Value {
	text := func(id, v string) (string, map[string]slacktest.Value) {
		return id, map[string]slacktest.Value{id: {Value: v}}
	}
	vals := map[string]map[string]slacktest.Value{}
	for _, kv := range [][2]string{
		{"setup_name", name}, {"setup_goal", goal}, {"setup_timeframe", "by 2030"},
		{"setup_geography", "Franklin County"}, {"setup_equity", "low-income youth"}, {"setup_timezone", tz},
	} {
		k, v := text(kv[0], kv[1])
		vals[k] = v
	}
	vals["setup_steering"] = map[string]slacktest.Value{"setup_steering": {SelectedConversation: generalID}}
	return vals
}

func TestCoalitionSetupEndToEnd(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := h.timeout()
	defer cancel()

	viewID := h.openSetup(adminID)
	ack, err := h.slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: adminID, ViewID: viewID, Values: setupValues("CTC", "Cut teen drinking", "Mars/Olympus")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), "setup_timezone") {
		t.Fatalf("a bad timezone was not flagged under its input: %s", ack.Payload)
	}
	ack, err = h.slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: adminID, ViewID: viewID,
		Values: setupValues("Communities That Care", "Reduce teen substance use in Franklin County", "America/New_York")})
	if err != nil || strings.Contains(string(ack.Payload), "errors") {
		t.Fatalf("valid setup refused: %s %v", ack.Payload, err)
	}
	waitFor(t, func() bool { return countRows(t, h, "coalitions") == 1 })

	for _, cmd := range []string{
		`partner add "Greenfield Public Schools" sector=education`,
		`partner add “Orange Police Department” sector=government`,
		`partner add Mahalo Café — Orange sector=business`,
		`group add "Youth recognition" <#C0YOUTH|youth-recognition> lead=<@U0LEAD|lee> purpose="Celebrate young people"`,
		`group add "Community norms" <#C0NORMS> lead=<@U0ADMIN>`,
		`member <@U0PARTNER|pat> partner="greenfield public schools"`,
		`member <@U0STEER> partner="Orange Police Department" role=steering`,
		`member <@U0LEAD> partner="Mahalo Café — Orange"`,
	} {
		got := h.command(adminID, generalID, "/backbone", cmd)
		if !strings.Contains(got, "✅") {
			t.Fatalf("/backbone %s: %s", cmd, got)
		}
	}

	overview := h.command(partnerID, generalID, "/coalition", "")
	mustContain(t, overview, "Communities That Care", "Reduce teen substance use", "Youth recognition", "<#C0YOUTH>", "<@U0LEAD>",
		"Celebrate young people", "Community norms", "<#C0NORMS>")

	who := h.command(partnerID, generalID, "/coalition", "who")
	mustContain(t, who, "Greenfield Public Schools* (education): <@U0PARTNER>", "Orange Police Department* (government): <@U0STEER>",
		"Mahalo Café — Orange* (business): <@U0LEAD>", "Backbone staff:* <@U0ADMIN>")
	one := h.command(partnerID, generalID, "/coalition", `who partner="Orange Police Department"`)
	if strings.Contains(one, "Greenfield") || !strings.Contains(one, "<@U0STEER>") {
		t.Errorf("who partner=… is not narrowed:\n%s", one)
	}

	audit := h.command(adminID, generalID, "/backbone", "audit 20")
	for _, action := range []string{"coalition.setup", "partner.add", "group.add", "member.update"} {
		mustContain(t, audit, action)
	}
	if n := strings.Count(audit, "partner.add"); n != 3 {
		t.Errorf("audit lists %d partner.add entries, want 3", n)
	}
	if n := strings.Count(audit, "member.update"); n != 3 {
		t.Errorf("audit lists %d member.update entries, want 3", n)
	}
}

func TestBackboneMistakesSaySomethingUseful(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.command(adminID, generalID, "/backbone", `partner add "Greenfield Public Schools" sector=education`)
	tests := []struct{ text, want string }{
		{`partner add "Greenfield public schools" sector=education`, "already a partner"},
		{`partner add "New Org" sector=educaton`, "Did you mean `education`"},
		{`partner add "New Org"`, "sector"},
		{`partner add "Unclosed sector=education`, "never closed"},
		{`partner add "` + strings.Repeat("x", 81) + `" sector=other`, "keep it to 80"},
		{`partner rename "Greenfeld Public Schools" "GPS"`, "Did you mean “Greenfield Public Schools”"},
		{`partner archive`, "Which partner"},
		{`partner frobnicate`, "takes add, rename, archive or list"},
		{`member <@U0PARTNER> partner="Nowhere"`, "No partner is called"},
		{`member <@U0PARTNER> role=boss`, "not a role"},
		{`partner add "New Org" sectr=education`, "Did you mean sector="},
		{`member <@U0ROBOT> role=steering`, "bot or a deactivated"},
		{`member <@U0NOBODY> role=steering`, "can't find"},
		{`member <@U0PARTNER>`, "Say what to change"},
		{`group add "Youth" lead=<@U0LEAD>`, "channel"},
		{`group add "Youth" <#C0YOUTH>`, "lead"},
		{`set reminder_lead_days 25`, "0 to 14"},
		{`set remnder_lead_days 2`, "Did you mean `reminder_lead_days`"},
		{`audit 1000`, "from 1 to 40"},
		{`partnr list`, "Did you mean `partner`"},
	}
	for _, tt := range tests {
		got := h.command(adminID, generalID, "/backbone", tt.text)
		if !strings.Contains(got, tt.want) {
			t.Errorf("/backbone %s\n got: %s\nwant: …%s…", tt.text, got, tt.want)
		}
	}
	if n := countRows(t, h, "partners"); n != 1 {
		t.Errorf("mistakes created partners: %d rows", n)
	}
	if n := countRows(t, h, "working_groups") + countRows(t, h, "settings"); n != 0 {
		t.Errorf("mistakes changed groups or settings: %d rows", n)
	}
}

func TestOnlyBackboneStaffMayUseBackbone(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.command(adminID, generalID, "/backbone", `partner add "Greenfield Public Schools" sector=education`)
	h.command(adminID, generalID, "/backbone", `member <@U0STEER> role=steering`)
	h.command(partnerID, generalID, "/coalition", "") // the partner appears
	before := snapshot(t, h)
	for _, user := range []string{partnerID, steeringID} {
		for _, text := range []string{
			"", "help", "setup",
			`partner add "Sneaky" sector=other`, `partner rename "Greenfield Public Schools" "Mine"`,
			`partner archive "Greenfield Public Schools"`, "partner list",
			fmt.Sprintf("member <@%s> role=backbone", user), "member list",
			`group add "X" <#C0YOUTH> lead=<@U0LEAD>`, "group list", `group archive "X"`,
			"settings", "set reminder_lead_days 1", "audit",
		} {
			got := h.command(user, generalID, "/backbone", text)
			if !strings.Contains(got, "Only backbone staff") {
				t.Errorf("%s ran /backbone %s: %s", user, text, got)
			}
		}
	}
	if len(h.slack.OpenModals(partnerID))+len(h.slack.OpenModals(steeringID)) > 0 {
		t.Error("a refused member got the setup modal")
	}
	if after := snapshot(t, h); !reflect.DeepEqual(before, after) {
		t.Errorf("refused commands changed the database:\nbefore %v\nafter  %v", before, after)
	}
}

// snapshot reads every row of tables (default: the coalition tables), as
// JSON text. Outbox rows count by what was queued, not by their delivery
// state, which the worker changes in the background.
func snapshot(t *testing.T, h *harness, tables ...string) map[string][]string {
	t.Helper()
	if len(tables) == 0 {
		tables = []string{"coalitions", "settings", "partners", "members", "working_groups", "group_members", "audit_log", "outbox"}
	}
	out := map[string][]string{}
	for _, table := range tables {
		from := table + " t"
		if table == "outbox" {
			from = "(SELECT team_id, dedupe_key, method, channel, payload FROM outbox) t"
		}
		var rows []string
		if err := h.store.DB().Select(&rows, "SELECT row_to_json(t)::text FROM "+from+" ORDER BY 1"); err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		out[table] = rows
	}
	return out
}

func TestJoiningAGroupChannelWelcomesOnce(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.command(adminID, generalID, "/backbone", `partner add "Greenfield Public Schools" sector=education`)
	h.command(adminID, generalID, "/backbone", `group add "Youth recognition" <#C0YOUTH> lead=<@U0LEAD> purpose="Celebrate young people"`)
	ctx, cancel := h.timeout()
	defer cancel()
	join := map[string]any{"type": "member_joined_channel", "user": partnerID, "channel": youthID, "channel_type": "C", "team": "T0BACKBONE"}
	if _, err := h.slack.EventWithID(ctx, "Ev0JOIN", 0, "", join); err != nil {
		t.Fatal(err)
	}
	if _, err := h.slack.EventWithID(ctx, "Ev0JOIN", 1, "timeout", join); err != nil {
		t.Fatal(err)
	}
	// Slack has also been seen to resend an event under a new event_id.
	if _, err := h.slack.MemberJoined(ctx, partnerID, youthID); err != nil {
		t.Fatal(err)
	}
	// A channel that is no group's: no welcome.
	if _, err := h.slack.MemberJoined(ctx, steeringID, generalID); err != nil {
		t.Fatal(err)
	}
	welcome, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return strings.Contains(m.Text, "Welcome to Youth recognition") })
	if err != nil {
		t.Fatalf("no welcome DM: %v", err)
	}
	// Three events remembered (the slash commands' envelopes are too, apart).
	waitFor(t, func() bool {
		return countRows(t, h, "slack_events WHERE event_id NOT LIKE 'envelope:%' AND event_id NOT LIKE 'request:%'") == 3
	})
	waitFor(t, func() bool { return countRows(t, h, "group_members") == 1 })
	var welcomes int
	for _, m := range h.slack.Messages() {
		if strings.Contains(m.Text, "Welcome") {
			welcomes++
		}
	}
	if welcomes != 1 || welcome.User != partnerID {
		t.Errorf("%d welcome DMs (to %s), want exactly 1 to %s", welcomes, welcome.User, partnerID)
	}
	mustContain(t, flatten(welcome), "Celebrate young people", "Which organization are you with?")

	// Picking an organization in the DM links them.
	var blocks []map[string]any
	_ = json.Unmarshal(welcome.Blocks, &blocks)
	partnerValue := findOptionValue(blocks, "Greenfield Public Schools")
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: partnerID, ChannelID: welcome.Channel, MessageTS: welcome.TS,
		ActionID: "onboarding:partner", SelectedOption: partnerValue}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		var n int
		_ = h.store.DB().Get(&n, "SELECT count(*) FROM members WHERE user_id = $1 AND partner_id IS NOT NULL", partnerID)
		return n == 1
	})
}

// findOptionValue finds the value of the option labelled label anywhere in blocks.
func findOptionValue(v any, label string) string {
	switch x := v.(type) {
	case map[string]any:
		if t, ok := x["text"].(map[string]any); ok && t["text"] == label {
			if val, ok := x["value"].(string); ok {
				return val
			}
		}
		for _, c := range x {
			if s := findOptionValue(c, label); s != "" {
				return s
			}
		}
	case []map[string]any:
		for _, c := range x {
			if s := findOptionValue(c, label); s != "" {
				return s
			}
		}
	case []any:
		for _, c := range x {
			if s := findOptionValue(c, label); s != "" {
				return s
			}
		}
	}
	return ""
}
