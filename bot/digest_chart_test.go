package bot_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// chartTarget is the colour the chart draws targets in.
var chartTarget = color.RGBA{213, 94, 0, 255}

// quarterFigure is one quarter's value of the binge drinking indicator.
type quarterFigure struct {
	period, start string
	value         float64
}

// recentQuarters are four quarters up to 2026-Q3.
var recentQuarters = []quarterFigure{{"2025-Q4", "2025-10-01", 21}, {"2026-Q1", "2026-01-01", 20.2}, {"2026-Q2", "2026-04-01", 19.6}, {"2026-Q3", "2026-07-01", 18.5}}

// seedChartIndicators writes a coalition with a steering channel, one
// partner and two quarterly indicators: binge drinking with figures and a
// target, and youth served with neither.
func seedChartIndicators(t *testing.T, h *harness, figures []quarterFigure) {
	t.Helper()
	db := h.store.DB()
	db.MustExec(`INSERT INTO coalitions (team_id, name, goal, timezone, steering_channel) VALUES ($1, 'CTC', 'A goal', 'UTC', $2)`, cmTeam, generalID)
	var partner, binge, served int64
	mustGet := func(dst *int64, q string, args ...any) {
		t.Helper()
		if err := db.Get(dst, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustGet(&partner, `INSERT INTO partners (team_id, name, sector) VALUES ($1, 'Greenfield Public Schools', 'education') RETURNING id`, cmTeam)
	for _, ind := range []struct {
		id                            *int64
		key, name, unit, dir, combine string
		target                        any
		targetPeriod                  string
	}{
		{&binge, "youth-binge-drinking", "Youth binge drinking", "percent", "down", "mean", 15, "2028-Q4"},
		{&served, "youth-served", "Young people served", "count", "up", "sum", nil, ""},
	} {
		mustGet(ind.id, `INSERT INTO indicators (team_id, key) VALUES ($1, $2) RETURNING id`, cmTeam, ind.key)
		db.MustExec(`INSERT INTO indicator_versions (indicator_id, version, team_id, name, definition, unit, direction, cadence,
			target_value, target_period, combine, changed_by) VALUES ($1, 1, $2, $3, 'A definition', $4, $5, 'quarterly', $6, $7, $8, $9)`,
			*ind.id, cmTeam, ind.name, ind.unit, ind.dir, ind.target, ind.targetPeriod, ind.combine, adminID)
		db.MustExec(`INSERT INTO indicator_partners (indicator_id, partner_id, team_id) VALUES ($1, $2, $3)`, *ind.id, partner, cmTeam)
	}
	for _, r := range figures {
		db.MustExec(`INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start, revision, value, reported_by)
			VALUES ($1, $2, 1, $3, $4, $5, 1, $6, $7)`, cmTeam, binge, partner, r.period, r.start, r.value, partnerID)
	}
}

// decodePNG decodes an upload, failing the test when it is no sensible image.
func decodePNG(t *testing.T, raw []byte) image.Image {
	t.Helper()
	if len(raw) > 1<<20 {
		t.Fatalf("chart is %d bytes, over 1 MB", len(raw))
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 200 || b.Dx() > 1600 || b.Dy() > 1200 {
		t.Fatalf("chart is %v, want between 400×200 and 1600×1200", b)
	}
	return img
}

// longestRun is the longest horizontal stretch, gaps of up to 8 pixels
// bridged (the line is dashed), of pixels in col.
func longestRun(img image.Image, col color.RGBA) int {
	best := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		start, last := -1, -100
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) != col {
				continue
			}
			if x-last > 8 {
				start = x
			}
			last = x
			best = max(best, last-start+1)
		}
	}
	return best
}

func TestDigestChartGoesIntoTheDigestsThreadOnce(t *testing.T) {
	t.Parallel()
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) // Monday 08:00; the last closed quarter is 2026-Q3
	h, c, s := scheduled(t, run.Add(time.Minute))
	seedChartIndicators(t, h, recentQuarters)
	out, err := s.RunAt(context.Background(), cmTeam, "digest", c.now())
	if err != nil || len(out) != 1 || out[0].Messages != 2 {
		t.Fatalf("RunAt = %+v, %v; want the digest and its chart", out, err)
	}
	f := h.waitFile("indicator-trends-2026-11-23.png")
	ctx, cancel := h.timeout()
	defer cancel()
	parent, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.Channel == generalID && m.ThreadTS == "" && strings.HasPrefix(m.Text, "Weekly digest")
	})
	if err != nil {
		t.Fatalf("no digest: %v", err)
	}
	if f.Channel != generalID || f.ThreadTS != parent.TS {
		t.Errorf("chart shared in %s thread %q, want in the digest's thread %s", f.Channel, f.ThreadTS, parent.TS)
	}
	var shared []slacktest.Message
	for _, m := range h.slack.Messages() {
		if slices.Contains(m.FileIDs, f.ID) {
			shared = append(shared, m)
		}
	}
	if len(shared) != 1 || shared[0].ThreadTS != parent.TS {
		t.Fatalf("chart shared by %d messages (%+v), want once in the digest's thread", len(shared), shared)
	}
	mustContain(t, shared[0].Text, "Indicator trends", "dashed line marked Target is its target", "1 of the 2 indicators")
	if dir := os.Getenv("CHART_OUT"); dir != "" {
		_ = os.WriteFile(dir+"/"+f.Filename, f.Content, 0o644)
	}
	img := decodePNG(t, f.Content)
	if n := longestRun(img, chartTarget); n < img.Bounds().Dx()/3 {
		t.Errorf("the longest target-coloured line is %d pixels in a %d-pixel-wide chart", n, img.Bounds().Dx())
	}
	var alt []string
	for _, call := range h.slack.Calls() {
		if call.Method == "files.getUploadURLExternal" {
			alt = append(alt, call.Params.Get("alt_txt"))
		}
	}
	if len(alt) != 1 || !strings.Contains(alt[0], "Youth binge drinking: 18.5% in 2026-Q3, target 15% by 2028-Q4") {
		t.Errorf("upload alt texts %q, want one naming the latest figure and the target", alt)
	}

	// The same slot again, through the schedule's ledger and past it: nothing new.
	again, err := s.RunAt(context.Background(), cmTeam, "digest", c.now())
	if err != nil || len(again) != 1 || again[0].Ran {
		t.Errorf("second RunAt = %+v, %v; want the slot already run", again, err)
	}
	var queued int
	err = h.store.InTx(ctx, func(tx *store.Tx) (err error) {
		queued, err = runJob(ctx, h, tx, "digest", schedules.Run{TeamID: cmTeam, Job: "digest", Zone: "UTC", Loc: time.UTC, Slot: out[0].Slot, At: run})
		return err
	})
	if err != nil || queued != 0 {
		t.Errorf("queueing the slot's digest again queued %d, %v; want nothing", queued, err)
	}
	var charts int
	if err := h.store.DB().Get(&charts, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'digest:%:chart'`); err != nil || charts != 1 {
		t.Errorf("%d chart rows (%v), want 1", charts, err)
	}
	if n := len(h.slack.Files()); n != 1 {
		t.Errorf("%d files uploaded, want 1", n)
	}
}

func TestDigestWithoutFiguresHasNoChart(t *testing.T) {
	t.Parallel()
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	h, c, s := scheduled(t, run.Add(time.Minute))
	// The only figures are older than the chart's 12 quarters.
	seedChartIndicators(t, h, []quarterFigure{{"2019-Q4", "2019-10-01", 25}, {"2020-Q1", "2020-01-01", 24}})
	out, err := s.RunAt(context.Background(), cmTeam, "digest", c.now())
	if err != nil || len(out) != 1 || out[0].Messages != 1 {
		t.Fatalf("RunAt = %+v, %v; want the digest alone", out, err)
	}
	var charts int
	if err := h.store.DB().Get(&charts, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'digest:%:chart'`); err != nil || charts != 0 {
		t.Errorf("%d chart rows (%v), want none", charts, err)
	}
}
