package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// indicatorNow is Monday 23 Nov 2026, 15:00 UTC (the harness coalition's
// timezone): the last closed quarter is 2026-Q3.
var indicatorNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// The partners of the indicator tests, and who is with which.
const (
	greenfield = "Greenfield Public Schools" // partnerID
	orangePD   = "Orange Police Department"  // steeringID, role steering
	mahalo     = "Mahalo Café"               // leadID
)

// indicatorSetup is a harness on a fixed clock (unless opts set another)
// with three partners, one person each.
func indicatorSetup(t *testing.T, opts ...func(*harnessOptions)) *harness {
	t.Helper()
	fixed := func(o *harnessOptions) { o.now = func() time.Time { return indicatorNow } }
	h := setup(t, append([]func(*harnessOptions){fixed}, opts...)...)
	seedPartners(t, h)
	return h
}

// seedPartners adds three partners, one person in each, as staff would.
func seedPartners(t *testing.T, h *harness, more ...string) {
	t.Helper()
	cmds := append([]string{
		`partner add "` + greenfield + `" sector=education`,
		`partner add "` + orangePD + `" sector=government`,
		`partner add "` + mahalo + `" sector=business`,
		`member <@U0PARTNER> partner="` + greenfield + `"`,
		`member <@U0STEER> partner="` + orangePD + `" role=steering`,
		`member <@U0LEAD> partner="` + mahalo + `"`,
	}, more...)
	for _, cmd := range cmds {
		if got := h.command(adminID, generalID, "/backbone", cmd); !strings.Contains(got, "✅") {
			t.Fatalf("/backbone %s: %s", cmd, got)
		}
	}
}

// indicatorSpec is what the indicator form is filled with.
type indicatorSpec struct {
	key, name, definition                          string
	unit, direction, cadence, combine              string
	baseline, baselinePeriod, target, targetPeriod string
	dimensions                                     string
	partners                                       []string
}

func bingeSpec() indicatorSpec {
	return indicatorSpec{
		key: "youth-binge-drinking", name: "Youth binge drinking",
		definition: "% of 8th, 10th and 12th graders reporting binge drinking in the past 2 weeks (PNA survey)",
		unit:       "percent", direction: "down", cadence: "quarterly", combine: "mean",
		baseline: "24%", baselinePeriod: "2024-Q4", target: "15%", targetPeriod: "2028-Q4",
		dimensions: "town: Greenfield, Orange, Athol",
		partners:   []string{greenfield, orangePD, mahalo},
	}
}

func servedSpec() indicatorSpec {
	return indicatorSpec{
		key: "youth-served", name: "Young people served",
		definition: "Young people aged 10–18 who took part in at least one program session (attendance sheets)",
		unit:       "count", direction: "up", cadence: "quarterly", combine: "sum",
		target: "1,000", targetPeriod: "2026-Q4",
		partners: []string{greenfield, orangePD, mahalo},
	}
}

// partnerIDOf reads a partner's ID.
func (h *harness) partnerIDOf(name string) string {
	h.t.Helper()
	var id int64
	if err := h.store.DB().Get(&id, "SELECT id FROM partners WHERE name = $1", name); err != nil {
		h.t.Fatalf("partner %s: %v", name, err)
	}
	return strconv.FormatInt(id, 10)
}

// indicatorValues fills the indicator form; editing leaves out the key.
func (h *harness) indicatorValues(s indicatorSpec, editing bool) map[string]map[string]slacktest.Value {
	h.t.Helper()
	vals := map[string]map[string]slacktest.Value{}
	text := func(id, v string) { vals[id] = map[string]slacktest.Value{id: {Value: v}} }
	pick := func(id, v string) { vals[id] = map[string]slacktest.Value{id: {SelectedOption: v}} }
	if !editing {
		text("ind_key", s.key)
	}
	text("ind_name", s.name)
	text("ind_definition", s.definition)
	pick("ind_unit", s.unit)
	pick("ind_direction", s.direction)
	pick("ind_cadence", s.cadence)
	pick("ind_combine", s.combine)
	text("ind_baseline", s.baseline)
	text("ind_baseline_period", s.baselinePeriod)
	text("ind_target", s.target)
	text("ind_target_period", s.targetPeriod)
	text("ind_dimensions", s.dimensions)
	var ids []string
	for _, p := range s.partners {
		ids = append(ids, h.partnerIDOf(p))
	}
	vals["ind_partners"] = map[string]slacktest.Value{"ind_partners": {SelectedOptions: ids}}
	return vals
}

// openModal runs a slash command that opens a modal and returns its view.
func (h *harness) openModal(user, command, text, callbackID string) slacktest.View {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Views())
	if _, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: user, ChannelID: generalID, Command: command, Text: text}); err != nil {
		h.t.Fatal(err)
	}
	return h.waitView(ctx, before, user, callbackID)
}

// waitView waits for a modal opened for user after the first `after`
// view snapshots.
func (h *harness) waitView(ctx context.Context, after int, user, callbackID string) slacktest.View {
	h.t.Helper()
	for {
		for _, v := range h.slack.Views()[after:] {
			if v.CallbackID == callbackID && v.UserID == user && v.Method == "views.open" {
				return v
			}
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("no %s modal for %s: %v", callbackID, user, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// submit submits a modal and returns the ack's payload ("" for a plain ack).
func (h *harness) submit(user, viewID string, vals map[string]map[string]slacktest.Value) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	ack, err := h.slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: user, ViewID: viewID, Values: vals})
	if err != nil {
		h.t.Fatal(err)
	}
	return string(ack.Payload)
}

// defineIndicator defines an indicator through the form and waits for it.
func (h *harness) defineIndicator(s indicatorSpec) {
	h.t.Helper()
	n := countRows(h.t, h, "indicators")
	v := h.openModal(adminID, "/indicators", "add", "indicator:form")
	if ack := h.submit(adminID, v.ID, h.indicatorValues(s, false)); strings.Contains(ack, "errors") {
		h.t.Fatalf("indicator %s refused: %s", s.key, ack)
	}
	waitFor(h.t, func() bool { return countRows(h.t, h, "indicators") == n+1 })
}

// indicatorID reads an indicator's ID.
func (h *harness) indicatorID(key string) string {
	h.t.Helper()
	var id int64
	if err := h.store.DB().Get(&id, "SELECT id FROM indicators WHERE key = $1", key); err != nil {
		h.t.Fatalf("indicator %s: %v", key, err)
	}
	return strconv.FormatInt(id, 10)
}

// reportInput is the block_id of a value input in the report form.
func (h *harness) reportInput(key, period, unit, segment string) string {
	return "rv|" + h.indicatorID(key) + "|" + period + "|" + unit + "|" + segment
}

// reportRows counts the stored report revisions.
func reportRows(t *testing.T, h *harness) int { t.Helper(); return countRows(t, h, "reports") }

// setRecognitionChannel runs the coalition setup form, naming channel the
// recognition channel (timezone UTC).
func (h *harness) setRecognitionChannel(channel string) {
	h.t.Helper()
	viewID := h.openSetup(adminID)
	vals := setupValues("Communities That Care", "Reduce teen substance use", "UTC")
	vals["setup_recognition"] = map[string]slacktest.Value{"setup_recognition": {SelectedConversation: channel}}
	if ack := h.submit(adminID, viewID, vals); strings.Contains(ack, "errors") {
		h.t.Fatalf("setup refused: %s", ack)
	}
	waitFor(h.t, func() bool { return countRows(h.t, h, "coalitions") == 1 })
}

// waitMessage waits for a message the bot posted on its own (not through a
// response_url) that matches, and returns its flattened text.
func (h *harness) waitMessage(what string, match func(slacktest.Message) bool) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return !m.ViaResponseURL && match(m) })
	if err != nil {
		h.t.Fatalf("no %s: %v", what, err)
	}
	return flatten(m)
}

// waitDM waits for a DM to user containing text.
func (h *harness) waitDM(user, text string) string {
	h.t.Helper()
	return h.waitMessage("DM to "+user+" with "+text, func(m slacktest.Message) bool {
		return m.User == user && !m.Ephemeral && strings.Contains(flatten(m), text)
	})
}

// waitChannel waits for a post in channel containing text.
func (h *harness) waitChannel(channel, text string) string {
	h.t.Helper()
	return h.waitMessage("post in "+channel+" with "+text, func(m slacktest.Message) bool {
		return m.Channel == channel && !m.Ephemeral && strings.Contains(flatten(m), text)
	})
}

// countMessages counts the bot's posts in channel containing text.
func (h *harness) countMessages(channel, text string) int {
	n := 0
	for _, m := range h.slack.Messages() {
		if m.Channel == channel && !m.ViaResponseURL && strings.Contains(flatten(m), text) {
			n++
		}
	}
	return n
}

// waitFile waits for a completed upload named filename.
func (h *harness) waitFile(filename string) slacktest.File {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, f := range h.slack.Files() {
			if f.Filename == filename && f.Completed {
				return f
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no file %s uploaded; files: %v", filename, h.slack.Files())
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
}

// waitEphemeral waits for a message only user sees containing text.
func (h *harness) waitEphemeral(user, text string) string {
	h.t.Helper()
	return h.waitMessage("ephemeral to "+user+" with "+text, func(m slacktest.Message) bool {
		return m.User == user && m.Ephemeral && strings.Contains(flatten(m), text)
	})
}
