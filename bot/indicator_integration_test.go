package bot_test

import (
	"bytes"
	"fmt"
	"image"
	_ "image/png"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// newestValues reads, straight from the database, the newest revision of
// each partner's total for an indicator and period.
func newestValues(t *testing.T, h *harness, key, period string) []float64 {
	t.Helper()
	var raw []string
	err := h.store.DB().Select(&raw, `
		SELECT DISTINCT ON (r.partner_id) r.value::text
		FROM reports r JOIN indicators i ON i.id = r.indicator_id
		WHERE i.key = $1 AND r.period = $2 AND r.segment = ''
		ORDER BY r.partner_id, r.revision DESC`, key, period)
	if err != nil {
		t.Fatal(err)
	}
	var vs []float64
	for _, s := range raw {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

// withCommas writes a whole number with thousands commas, independently
// of the bot's own formatting.
func withCommas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestIndicatorsEndToEnd(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.setRecognitionChannel(youthID)

	// A mistaken form is sent back with each problem under its input, and
	// nothing is stored.
	v := h.openModal(adminID, "/indicators", "add", "indicator:form")
	bad := bingeSpec()
	bad.key, bad.combine, bad.targetPeriod, bad.dimensions = "Youth Binge!", "sum", "2023-Q1", "town Greenfield"
	ack := h.submit(adminID, v.ID, h.indicatorValues(bad, false))
	for _, id := range []string{"ind_key", "ind_combine", "ind_target_period", "ind_dimensions"} {
		if !strings.Contains(ack, `"`+id+`"`) {
			t.Errorf("the bad form was not flagged under %s: %s", id, ack)
		}
	}
	if n := countRows(t, h, "indicators"); n != 0 {
		t.Fatalf("a refused form stored %d indicators", n)
	}
	if ack := h.submit(adminID, v.ID, h.indicatorValues(bingeSpec(), false)); strings.Contains(ack, "errors") {
		t.Fatalf("valid form refused: %s", ack)
	}
	waitFor(t, func() bool { return countRows(t, h, "indicators") == 1 })
	h.defineIndicator(servedSpec())

	// Three partners report: two by command, one by the form.
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412"),
		"Recorded", "18.5%", "town: Greenfield")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 18.5%"),
		"✅ Recorded *Youth binge drinking*", "Greenfield Public Schools", "2026-Q3", "*18.5%*", "no value for 2026-Q2", "target *15%* by 2028-Q4")
	mustContain(t, h.command(leadID, generalID, "/report", "youth-binge-drinking 21 last quarter -- survey, n=96"), "Recorded", "*21%*")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-served 1 234 2026-Q2"), "Recorded", "1,234")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-served 350"), "Recorded", "*350*", "2026-Q2: 1,234 (↓ worse)")
	mustContain(t, h.command(leadID, generalID, "/report", "youth-served 300"), "Recorded")

	form := h.openModal(steeringID, "/report", "", "report:form")
	mustContain(t, string(form.Blocks), "Orange Police Department", "Youth binge drinking", "PNA survey", "Young people served", "town: Athol")
	vals := map[string]map[string]slacktest.Value{}
	fill := func(id, v string) { vals[id] = map[string]slacktest.Value{id: {Value: v}} }
	fill(h.reportInput("youth-binge-drinking", "2026-Q3", "percent", ""), "16%")
	fill(h.reportInput("youth-binge-drinking", "2026-Q3", "percent", "town=Orange"), "12.5")
	fill(h.reportInput("youth-served", "2026-Q3", "count", ""), "400")
	fill("report_note", "Q3 school survey")
	if ack := h.submit(steeringID, form.ID, vals); ack != "" {
		t.Fatalf("the form was refused: %s", ack)
	}
	waitFor(t, func() bool { return reportRows(t, h) == 9 })
	receipt := h.waitDM(steeringID, "Saved for")
	mustContain(t, receipt, "Youth binge drinking*, 2026-Q3: *16%*", "town: Orange: *12.5%*", "Young people served*, 2026-Q3: *400*")

	// One correction: a new revision, the old one kept.
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 19.5% 2026-Q3"), "Corrected", "to *19.5%*", "was 18.5%")
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-binge-drinking 19.5% 2026-Q3"), "already recorded", "Nothing changed")
	var revisions []int
	if err := h.store.DB().Select(&revisions, `SELECT revision FROM reports r JOIN partners p ON p.id = r.partner_id
		WHERE p.name = $1 AND r.period = '2026-Q3' AND r.segment = '' AND r.indicator_id = $2 ORDER BY revision`, greenfield, h.indicatorID("youth-binge-drinking")); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(revisions) != "[1 2]" {
		t.Errorf("revisions after a correction: %v, want [1 2]", revisions)
	}
	if _, err := h.store.DB().Exec("UPDATE reports SET value = 0"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("reports can be overwritten: %v", err)
	}

	// /indicators shows the right mean and sum, computed here from the
	// database.
	binge := newestValues(t, h, "youth-binge-drinking", "2026-Q3")
	served := newestValues(t, h, "youth-served", "2026-Q3")
	if len(binge) != 3 || len(served) != 3 {
		t.Fatalf("newest values: %v, %v", binge, served)
	}
	mean := (binge[0] + binge[1] + binge[2]) / 3
	sum := int64(served[0] + served[1] + served[2])
	wantMean := strconv.FormatFloat(math.Round(mean*100)/100, 'f', -1, 64) + "%"
	overview := h.command(partnerID, generalID, "/indicators", "")
	mustContain(t, overview, "*"+wantMean+"* in 2026-Q3", "*"+withCommas(sum)+"* in 2026-Q3", "*3 of 3* partners have reported 2026-Q3",
		"target *15%* by 2028-Q4 (lower is better)", "target *1,000* by 2026-Q4 (higher is better)")
	if strings.Contains(overview, "worse") {
		t.Errorf("a sum over more partners than the period before is called worse:\n%s", overview)
	}
	// The coalition overview lists the indicators too.
	mustContain(t, h.command(partnerID, generalID, "/coalition", ""), "Shared indicators", "*"+wantMean+"* in 2026-Q3", "*"+withCommas(sum)+"* in 2026-Q3")
	if wantMean != "18.83%" || sum != 1050 {
		t.Errorf("expected figures drifted: %s, %d", wantMean, sum)
	}

	// Reaching a target queues one celebration for the recognition channel.
	celebration := h.waitChannel(youthID, "reached its target")
	mustContain(t, celebration, "Young people served", "*1,050*", "Greenfield Public Schools")
	mustContain(t, h.command(leadID, generalID, "/report", "youth-served 310"), "Corrected")
	if n := h.countMessages(youthID, "reached its target"); n != 1 {
		t.Errorf("%d celebrations, want exactly 1", n)
	}

	// /indicators show uploads a PNG chart that decodes as an image.
	show := h.command(adminID, generalID, "/indicators", "show youth-binge-drinking")
	mustContain(t, show, "Youth binge drinking", "Baseline:* 24% in 2024-Q4", "Target:* 15% by 2028-Q4", "Latest:* "+wantMean+" in 2026-Q3",
		"Mahalo Café: 21%", "Orange Police Department: 16%", "Greenfield Public Schools: 19.5%", "town:* Greenfield 18.5% · Orange 12.5% · Athol no value (gap 6 points between Greenfield and Orange)", "chart in our DM")
	f := h.waitFile("youth-binge-drinking.png")
	img, format, err := image.Decode(bytes.NewReader(f.Content))
	if err != nil || format != "png" || img.Bounds().Dx() < 100 {
		t.Fatalf("the chart is not a PNG image: %v %s %v", err, format, img)
	}
	if f.Channel != h.slack.DMChannel(adminID) || !f.Completed {
		t.Errorf("the chart went to %s (completed %v), want the DM %s", f.Channel, f.Completed, h.slack.DMChannel(adminID))
	}
}
