package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the outbox query of one scrape.
const scrapeTimeout = 2 * time.Second

// outboxCollector reads the outbox's depth at each scrape: the count of
// pending and failed rows and the age of the oldest pending one, each from a
// partial index, so millions of sent rows cost nothing.
type outboxCollector struct {
	outbox  OutboxReader
	now     func() time.Time
	log     *slog.Logger
	pending *prometheus.Desc
	failed  *prometheus.Desc
	oldest  *prometheus.Desc
	up      *prometheus.Desc
}

func newOutboxCollector(o OutboxReader, now func() time.Time, log *slog.Logger) *outboxCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "outbox", name), help, nil, nil)
	}
	return &outboxCollector{outbox: o, now: now, log: log,
		pending: desc("pending_rows", "Messages queued and not sent yet."),
		failed:  desc("failed_rows", "Messages that failed for good and wait for someone to retry or dismiss them (/backbone status)."),
		oldest:  desc("oldest_pending_age_seconds", "Age of the oldest message not sent yet; 0 when none waits."),
		up:      desc("stats_up", "1 when this scrape could read the outbox, 0 when the database did not answer."),
	}
}

// Describe sends the collector's descriptions.
func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.pending, c.failed, c.oldest, c.up} {
		ch <- d
	}
}

// Collect reads the outbox and sends its figures.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	s, err := c.outbox.OutboxStats(ctx)
	if err != nil {
		c.log.Warn("metrics: outbox not read", "err", err)
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if !s.OldestPending.IsZero() {
		age = max(0, c.now().Sub(s.OldestPending).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(s.Pending))
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, float64(s.Failed))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
}
