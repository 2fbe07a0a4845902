package bot_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// indicatorSnapshot reads every row of the tables reporting can touch.
func indicatorSnapshot(t *testing.T, h *harness) map[string][]string {
	t.Helper()
	return snapshot(t, h, "indicators", "indicator_versions", "indicator_partners", "reports", "audit_log", "outbox", "settings")
}

func grantsSpec() indicatorSpec {
	return indicatorSpec{
		key: "local-grants", name: "Local grants raised", definition: "Grants from local funders for youth programs, in dollars (partner books)",
		unit: "currency", direction: "up", cadence: "yearly", combine: "sum", partners: []string{mahalo},
	}
}

func TestRefusedReportsStoreNothing(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(bingeSpec())
	h.defineIndicator(servedSpec())
	h.defineIndicator(grantsSpec())
	retired := servedSpec()
	retired.key, retired.name = "old-measure", "An old measure"
	h.defineIndicator(retired)
	mustContain(t, h.command(adminID, generalID, "/indicators", "archive old-measure"), "Archived")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 18.5"), "Recorded")

	before := indicatorSnapshot(t, h)
	tests := []struct{ user, text, want string }{
		{partnerID, `youth-binge-drinking 18.5% partner="Orange Police Department"`, "only for your own organization (*Greenfield Public Schools*)"},
		{steeringID, `youth-binge-drinking 16 partner="Greenfield Public Schools"`, "only for your own organization"},
		{partnerID, "youth-bing-drinking 18.5", "Closest: `youth-binge-drinking`"},
		{partnerID, "served 18", "Closest: `youth-served`"},
		{partnerID, "nothing-like-it 18", "No indicator has the key `nothing-like-it`"},
		{partnerID, "youth-binge-drinking 118%", "over 100%"},
		{partnerID, "youth-binge-drinking 18,5", "use a point for decimals"},
		{partnerID, "youth-binge-drinking 18.5 2026-Q4", "still running (it ends on 31 Dec 2026)"},
		{partnerID, "youth-binge-drinking 18.5 2027-Q1", "in the future"},
		{partnerID, "youth-binge-drinking 18.5 2026-11", "reported quarterly"},
		{partnerID, "youth-binge-drinking 18.5 city=Greenfield", "not broken down by city"},
		{partnerID, "youth-binge-drinking 18.5 town=Boston", "Use one of: Greenfield, Orange, Athol"},
		{partnerID, "youth-binge-drinking", "Give the value"},
		{partnerID, "youth-binge-drinking 18.5 2026-Q3 spring survey", "Put a note after --"},
		{partnerID, "youth-binge-drinking 18.5 -- " + strings.Repeat("x", 501), "keep it to 500"},
		{partnerID, "youth-served 12.5", "not a whole number"},
		{partnerID, "youth-served -3", "negative"},
		{partnerID, "youth-served 18%", "has a % sign"},
		{partnerID, "youth-served $300", "currency sign"},
		{partnerID, "local-grants $12,000", "is not among the partners that report `local-grants`. The partners that report it are *Mahalo Café*"},
		{leadID, "local-grants $12,000.505", "more than two decimals"},
		{partnerID, "old-measure 12", "was archived"},
		{adminID, "youth-binge-drinking 18.5", "Say which partner"},
		{adminID, `youth-binge-drinking 18.5 partner="Nowhere"`, "No partner is called “Nowhere”"},
		{partnerID, `youth-binge-drinking 18.5 partner="Unclosed`, "never closed"},
	}
	for _, tt := range tests {
		if got := h.command(tt.user, generalID, "/report", tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("/report %s (as %s)\n got: %s\nwant: …%s…", tt.text, tt.user, got, tt.want)
		}
	}
	for _, tt := range []struct{ user, command, text, want string }{
		{partnerID, "/indicators", "add", "Only backbone staff can use `/indicators add`"},
		{steeringID, "/indicators", "edit youth-binge-drinking", "Only backbone staff can use `/indicators edit`"},
		{partnerID, "/indicators", "archive youth-binge-drinking", "Only backbone staff can use `/indicators archive`"},
		{partnerID, "/indicators", "export", "Only backbone staff and steering committee members can use `/indicators export`"},
		{adminID, "/indicators", "export from=2026-Q3 to=2026-Q1", "swap them"},
		{adminID, "/indicators", "show nothing-like-it", "No indicator has the key"},
		{adminID, "/indicators", "frobnicate", "Type `/indicators help`"},
	} {
		if got := h.command(tt.user, generalID, tt.command, tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("%s %s (as %s)\n got: %s\nwant: …%s…", tt.command, tt.text, tt.user, got, tt.want)
		}
	}

	// The form refuses a bad value under its input, and an empty form.
	form := h.openModal(partnerID, "/report", "", "report:form")
	input := h.reportInput("youth-binge-drinking", "2026-Q3", "percent", "town=Athol")
	ack := h.submit(partnerID, form.ID, map[string]map[string]slacktest.Value{input: {input: {Value: "18,5"}}})
	if !strings.Contains(ack, input) || !strings.Contains(ack, "use a point for decimals") {
		t.Errorf("a bad value in the form was not flagged under its input: %s", ack)
	}
	if ack := h.submit(partnerID, form.ID, nil); !strings.Contains(ack, "Fill in at least one value") {
		t.Errorf("an empty form was not refused: %s", ack)
	}
	if len(h.slack.OpenModals(partnerID)) != 1 {
		t.Errorf("refused forms closed: %v", h.slack.OpenModals(partnerID))
	}
	if len(h.slack.OpenModals(steeringID)) > 0 {
		t.Error("a refused member got a modal")
	}
	if after := indicatorSnapshot(t, h); !reflect.DeepEqual(before, after) {
		t.Errorf("refused input changed the database:\nbefore %v\nafter  %v", before, after)
	}

	// Backbone staff may report for any partner.
	mustContain(t, h.command(adminID, generalID, "/report", `youth-binge-drinking 17 partner="Mahalo Café"`), "Recorded", "*Mahalo Café*")
}

func TestWhoSeesPerPartnerValues(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(servedSpec())
	h.defineIndicator(bingeSpec())
	for _, r := range []struct{ user, text string }{
		{partnerID, "youth-served 7"},
		{steeringID, "youth-served 400"},
		{leadID, "youth-served 300"},
		{partnerID, "youth-binge-drinking 18.5 town=Greenfield"},
		{partnerID, "youth-binge-drinking 18.5"},
		{steeringID, "youth-binge-drinking 16"},
	} {
		mustContain(t, h.command(r.user, generalID, "/report", r.text), "Recorded")
	}

	// Steering sees every partner, small counts hidden; staff see all.
	mustContain(t, h.command(steeringID, generalID, "/indicators", "show youth-served"),
		"Greenfield Public Schools: <10", "Orange Police Department: 400", "Mahalo Café: 300", "Counts under 10 show as <10")
	mustContain(t, h.command(adminID, generalID, "/indicators", "show youth-served"), "Greenfield Public Schools: 7", "Latest:* 707 in 2026-Q3")

	// A partner member sees the coalition figure and their own value only.
	own := h.command(leadID, generalID, "/indicators", "show youth-served")
	mustContain(t, own, "Latest:* 707 in 2026-Q3", "Mahalo Café: 300", "shared with backbone staff and the steering committee")
	for _, hidden := range []string{"Greenfield Public Schools:", "Orange Police Department:"} {
		if strings.Contains(own, hidden) {
			t.Errorf("a partner member sees %q:\n%s", hidden, own)
		}
	}
	// A segment from a single partner would give that partner away.
	mustContain(t, h.command(leadID, generalID, "/indicators", "show youth-binge-drinking"), "town:* Greenfield suppressed")
	if other := h.command(leadID, generalID, "/indicators", "show youth-binge-drinking"); strings.Contains(other, "Your organization's own") {
		t.Errorf("Mahalo, which reported no segment, is shown someone's segment values:\n%s", other)
	}
	// ...but not from the partner who reported it: its own values are its own.
	mustContain(t, h.command(partnerID, generalID, "/indicators", "show youth-binge-drinking"),
		"town:* Greenfield suppressed", "Your organization's own:* town=Greenfield 18.5%", "to protect other organizations' data")
	mustContain(t, h.command(steeringID, generalID, "/indicators", "show youth-binge-drinking"), "town:* Greenfield 18.5%")
	overview := h.command(leadID, generalID, "/indicators", "")
	mustContain(t, overview, "*707* in 2026-Q3", "Mahalo Café* still owes `youth-binge-drinking` (2026-Q3)")
	if strings.Contains(overview, "Greenfield Public Schools") {
		t.Errorf("the overview names another partner:\n%s", overview)
	}

	// The coalition may share per-partner values with everyone.
	mustContain(t, h.command(adminID, generalID, "/backbone", "set partner_view per_partner"), "per_partner")
	mustContain(t, h.command(leadID, generalID, "/indicators", "show youth-served"), "Greenfield Public Schools: <10", "Orange Police Department: 400")
	mustContain(t, h.command(adminID, generalID, "/backbone", "set suppression_threshold 0"), "✅")
	mustContain(t, h.command(leadID, generalID, "/indicators", "show youth-served"), "Greenfield Public Schools: 7")
}

func TestEditingAnIndicatorKeepsVersions(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(bingeSpec())
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 20 2026-Q2"), "Recorded")

	v := h.openModal(adminID, "/indicators", "edit youth-binge-drinking", "indicator:form")
	mustContain(t, string(v.Blocks), `"initial_value":"Youth binge drinking"`, `"initial_value":"24"`, `"initial_value":"2028-Q4"`,
		`"initial_value":"town: Greenfield, Orange, Athol"`, "definition v1")
	spec := bingeSpec()
	spec.cadence = "monthly"
	if ack := h.submit(adminID, v.ID, h.indicatorValues(spec, true)); !strings.Contains(ack, "ind_cadence") || !strings.Contains(ack, "stays quarterly") {
		t.Errorf("a cadence change with reported values was not refused: %s", ack)
	}
	spec = bingeSpec()
	spec.definition = "% of 8th, 10th and 12th graders reporting 5+ drinks in a row in the past 2 weeks (PNA survey)"
	spec.partners = []string{greenfield, mahalo}
	if ack := h.submit(adminID, v.ID, h.indicatorValues(spec, true)); ack != "" {
		t.Fatalf("edit refused: %s", ack)
	}
	waitFor(t, func() bool { return countRows(t, h, "indicator_versions") == 2 })
	h.waitEphemeral(adminID, "as definition v2")

	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 19"), "Recorded")
	show := h.command(adminID, generalID, "/indicators", "show youth-binge-drinking")
	mustContain(t, show, "5+ drinks in a row", "Definition v2 since", "<@U0ADMIN>", "`2026-Q2`  *20%* · 1 partner · † v1", "`2026-Q3`  *19%* · 1 partner")
	if strings.Contains(show, "Orange Police Department") {
		t.Errorf("a partner no longer reporting is listed:\n%s", show)
	}
	mustContain(t, h.command(steeringID, generalID, "/report", "youth-binge-drinking 16"), "not among the partners")

	// Saving the form unchanged makes no version.
	v = h.openModal(adminID, "/indicators", "edit youth-binge-drinking", "indicator:form")
	if ack := h.submit(adminID, v.ID, h.indicatorValues(spec, true)); ack != "" {
		t.Fatalf("edit refused: %s", ack)
	}
	h.waitEphemeral(adminID, "Nothing changed")
	if n := countRows(t, h, "indicator_versions"); n != 2 {
		t.Errorf("%d versions after an unchanged save, want 2", n)
	}
	mustContain(t, h.command(adminID, generalID, "/backbone", "audit 5"), "indicator.edit", "report.add")

	mustContain(t, h.command(adminID, generalID, "/indicators", "archive youth-binge-drinking"), "Archived")
	mustContain(t, h.command(partnerID, generalID, "/indicators", ""), "No indicators yet")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 18"), "was archived")
	mustContain(t, h.command(partnerID, generalID, "/indicators", "show youth-binge-drinking"), "(archived)", "`2026-Q3`  *19%*")
}
