package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/backbone-coalition/backbone/metrics"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// scrape fetches h's /metrics and parses it as Prometheus does.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value returns the value of the sample of family with labels, and whether
// there is one; a histogram's value is its count.
func value(families map[string]*dto.MetricFamily, family string, labels map[string]string) (float64, bool) {
	f, ok := families[family]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if got[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func TestScrapeShowsWhatWasRecorded(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	st := store.New(db)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	db.MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, created_at) VALUES
		('T1', 'a', 'C1', '{}', $1), ('T1', 'b', 'C1', '{}', $2)`, now.Add(-90*time.Second), now.Add(-10*time.Second))
	db.MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, status) VALUES ('T1', 'c', 'C1', '{}', 'failed')`)
	m := metrics.New(metrics.Options{DB: db.DB, Outbox: st, Now: func() time.Time { return now }, Version: "v1.2.3", Commit: "abc123"})

	m.Acked("command", "socket_mode", 2*time.Millisecond)
	m.CommandDone("/commit", "ok", 40*time.Millisecond)
	m.CommandDone("/commit", "ok", 50*time.Millisecond)
	m.CommandDone("/report", "error", time.Second)
	m.InteractionDone("commitment:done", "ok", 10*time.Millisecond)
	m.Sent("chat.postMessage", "ok", 30*time.Millisecond)
	m.Sent("chat.postMessage", "rate_limited", 30*time.Millisecond)
	m.JobRun("reminders", "done", time.Second)
	m.JobRun("digest", "failed", time.Second)
	m.JobRun("digest", "missed", 0)

	got := scrape(t, m.Handler())
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"backbone_commands_total", map[string]string{"command": "/commit", "outcome": "ok"}, 2},
		{"backbone_commands_total", map[string]string{"command": "/report", "outcome": "error"}, 1},
		{"backbone_interactions_total", map[string]string{"interaction": "commitment:done", "outcome": "ok"}, 1},
		{"backbone_ack_duration_seconds", map[string]string{"kind": "command", "transport": "socket_mode"}, 1},
		{"backbone_work_duration_seconds", map[string]string{"kind": "command"}, 3},
		{"backbone_slack_sends_total", map[string]string{"method": "chat.postMessage", "outcome": "rate_limited"}, 1},
		{"backbone_job_runs_total", map[string]string{"job": "digest", "outcome": "failed"}, 1},
		{"backbone_job_runs_total", map[string]string{"job": "digest", "outcome": "missed"}, 1},
		{"backbone_job_duration_seconds", map[string]string{"job": "digest"}, 1},
		{"backbone_outbox_pending_rows", nil, 2},
		{"backbone_outbox_failed_rows", nil, 1},
		{"backbone_outbox_oldest_pending_age_seconds", nil, 90},
		{"backbone_outbox_stats_up", nil, 1},
		{"backbone_build_info", map[string]string{"version": "v1.2.3", "commit": "abc123"}, 1},
	}
	for _, tt := range tests {
		if v, ok := value(got, tt.family, tt.labels); !ok || v != tt.want {
			t.Errorf("%s%v = %v (found %v), want %v", tt.family, tt.labels, v, ok, tt.want)
		}
	}
	for _, family := range []string{"go_goroutines", "process_resident_memory_bytes", "go_sql_open_connections"} {
		if _, ok := got[family]; !ok {
			t.Errorf("no %s", family)
		}
	}
}

// A scrape while the database does not answer still serves the rest, and
// says the outbox could not be read.
func TestScrapeWithoutDatabase(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	st := store.New(db)
	m := metrics.New(metrics.Options{DB: db.DB, Outbox: st})
	db.Close()
	got := scrape(t, m.Handler())
	if v, ok := value(got, "backbone_outbox_stats_up", nil); !ok || v != 0 {
		t.Errorf("backbone_outbox_stats_up = %v (found %v), want 0", v, ok)
	}
	if _, ok := got["go_goroutines"]; !ok {
		t.Error("the rest of the metrics are missing")
	}
}
