package main_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

var metricsLine = regexp.MustCompile(`msg="metrics are served" metrics_addr=(\S+)`)

// TestMetricsCountACommit runs backbone with METRICS_ADDR against the fake
// Slack: a /commit moves the command counter and the ack and work
// histograms by one, and no error answer is counted; the outbox
// gauges and the runtime, process and pool collectors are there; the
// public HTTP_ADDR does not serve /metrics.
func TestMetricsCountACommit(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t)
	fake.AddUser(slacktest.User{ID: adminID, Name: "ana", RealName: "Ana Staff", TZ: "America/New_York", TZOffset: -18000})
	fake.AddChannel(slacktest.Channel{ID: generalID, Name: "general", Members: []string{adminID}, BotIsMember: true})
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	team := fake.Options().TeamID
	err := st.InTx(t.Context(), func(tx *store.Tx) error {
		return tx.SaveCoalition(t.Context(), store.Coalition{TeamID: team, Name: "Metrics coalition", Timezone: "America/New_York"})
	})
	if err != nil {
		t.Fatal(err)
	}
	o := fake.Options()
	env := map[string]string{
		"DATABASE_URL":    dbURL,
		"DATA_DIR":        t.TempDir(),
		"HTTP_ADDR":       "127.0.0.1:0",
		"METRICS_ADDR":    "127.0.0.1:0",
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"BACKBONE_ADMINS": adminID,
	}
	p := start(t, "backbone serve", t.TempDir(), env, "serve")
	base := p.baseURL()
	p.waitHTTP(base+"/readyz", 200, startTimeout)
	metricsURL := "http://" + p.waitLog(metricsLine, startTimeout)[1] + "/metrics"
	if code, _, _ := get(base + "/metrics"); code != http.StatusNotFound {
		t.Errorf("HTTP_ADDR answers /metrics with %d, want 404: metrics have their own listener", code)
	}
	before := scrapeMetrics(t, metricsURL)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if _, err := fake.SlashCommand(ctx, slacktest.Slash{UserID: adminID, ChannelID: generalID, Command: "/commit", Text: "Send the survey to the schools by Friday"}); err != nil {
		t.Fatal(err)
	}
	answer, err := fake.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL })
	if err != nil {
		t.Fatalf("/commit: no answer: %v", err)
	}
	t.Logf("/commit answered %q", answer.Text)
	p.eventually(20*time.Second, "the /commit counted and its messages sent", func() (bool, string) {
		after := scrapeMetrics(t, metricsURL)
		n := sample(after, "backbone_commands_total", "command", "/commit", "outcome", "ok")
		pending := sample(after, "backbone_outbox_pending_rows")
		return n == 1 && pending == 0, "commands_total{/commit,ok}=" + ftoa(n) + " pending=" + ftoa(pending)
	})
	after := scrapeMetrics(t, metricsURL)
	moved := []struct {
		name   string
		labels []string
		by     float64
	}{
		{"backbone_commands_total", []string{"command", "/commit", "outcome", "ok"}, 1},
		{"backbone_ack_duration_seconds", []string{"kind", "command", "transport", "socket_mode"}, 1},
		{"backbone_work_duration_seconds", []string{"kind", "command"}, 1},
	}
	for _, m := range moved {
		if d := sample(after, m.name, m.labels...) - sample(before, m.name, m.labels...); d != m.by {
			t.Errorf("%s%v moved by %v, want %v", m.name, m.labels, d, m.by)
		}
	}
	if n := sample(after, "backbone_commands_total", "outcome", "error"); n != 0 {
		t.Errorf("%v commands answered with an error", n)
	}
	for _, family := range []string{"backbone_outbox_oldest_pending_age_seconds", "backbone_outbox_failed_rows",
		"go_goroutines", "process_resident_memory_bytes", "go_sql_open_connections", "backbone_build_info"} {
		if _, ok := after[family]; !ok {
			t.Errorf("no %s", family)
		}
	}
	p.stop(syscall.SIGTERM)
}

// scrapeMetrics fetches url and parses it with the Prometheus text parser.
func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := httpClient.Get(url)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: status %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse the scrape: %v", err)
	}
	return families
}

// sample sums the samples of a family whose labels include the pairs in
// labels (name, value, name, value…); a histogram counts its observations.
func sample(families map[string]*dto.MetricFamily, family string, labels ...string) float64 {
	f, ok := families[family]
	if !ok {
		return 0
	}
	sum := 0.0
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
