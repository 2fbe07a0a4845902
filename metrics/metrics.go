// Package metrics exposes Backbone's Prometheus metrics: what the bot
// answered and how fast, what the outbox sent and what waits in it, how the
// scheduled jobs ran, the database pool, and the Go runtime and process.
// A Metrics is built once in main and handed to the parts it watches, each
// of which sees it through its own small interface (bot.Observer,
// outbox.Observer, schedules.Observer).
package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/backbone-coalition/backbone/store"
)

// namespace prefixes every Backbone metric.
const namespace = "backbone"

// OutboxReader reads the outbox's depth; *store.Store implements it.
type OutboxReader interface {
	OutboxStats(ctx context.Context) (store.OutboxStats, error)
}

// Options is what the metrics read on their own at each scrape.
type Options struct {
	// DB is the pool whose statistics are exported; nil for none.
	DB *sql.DB
	// Outbox is read at each scrape for its depth; nil for none.
	Outbox OutboxReader
	// Now is the clock the oldest pending row's age is measured on.
	Now func() time.Time
	// Log hears about scrapes that could not read the outbox.
	Log *slog.Logger
	// Version and Commit label backbone_build_info.
	Version, Commit string
}

// Metrics holds Backbone's registry and the metrics the program updates.
type Metrics struct {
	reg          *prometheus.Registry
	commands     *prometheus.CounterVec
	interactions *prometheus.CounterVec
	ack          *prometheus.HistogramVec
	work         *prometheus.HistogramVec
	sends        *prometheus.CounterVec
	sendTime     *prometheus.HistogramVec
	jobs         *prometheus.CounterVec
	jobTime      *prometheus.HistogramVec
}

// ackBuckets reach from a tenth of a millisecond to Slack's 3 s deadline.
var ackBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 3}

// New builds the registry with every Backbone metric, the database pool's
// statistics, and the Go runtime and process collectors.
func New(o Options) *Metrics {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "commands_total",
			Help: "Slash commands handled, by command and outcome (ok, user_error, error, reply_failed)."}, []string{"command", "outcome"}),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "interactions_total",
			Help: "Buttons, menus and modal submissions handled, by action or view and outcome (ok, error)."}, []string{"interaction", "outcome"}),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "ack_duration_seconds",
			Help:    "Time from a request's arrival to its acknowledgement, by kind (command, interaction, event) and transport (http, socket_mode).",
			Buckets: ackBuckets}, []string{"kind", "transport"}),
		work: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "work_duration_seconds",
			Help:    "Time a command or interaction took after its acknowledgement, answer included, by kind (command, interaction).",
			Buckets: prometheus.DefBuckets}, []string{"kind"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "slack_sends_total",
			Help: "Outbox deliveries, by Slack method and outcome (ok, rate_limited, transient_error, permanent_error)."}, []string{"method", "outcome"}),
		sendTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "slack_send_duration_seconds",
			Help: "Time of one outbox delivery to Slack, by method.", Buckets: prometheus.DefBuckets}, []string{"method"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "job_runs_total",
			Help: "Scheduled job runs, by job and outcome (done, failed, missed)."}, []string{"job", "outcome"}),
		jobTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "job_duration_seconds",
			Help:    "Time of a job run (done or failed), by job.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300}}, []string{"job"}),
	}
	m.reg.MustRegister(m.commands, m.interactions, m.ack, m.work, m.sends, m.sendTime, m.jobs, m.jobTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), buildInfo(o))
	if o.DB != nil {
		m.reg.MustRegister(collectors.NewDBStatsCollector(o.DB, "backbone"))
	}
	if o.Outbox != nil {
		m.reg.MustRegister(newOutboxCollector(o.Outbox, o.Now, o.Log))
	}
	return m
}

func buildInfo(o Options) prometheus.Collector {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "build_info",
		Help:        "Always 1; the labels name the running build.",
		ConstLabels: prometheus.Labels{"version": o.Version, "commit": o.Commit, "goversion": runtime.Version()}})
	g.Set(1)
	return g
}

// Handler serves the registry in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry itself, for tests that gather it.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Acked records how long a request took to be acknowledged.
func (m *Metrics) Acked(kind, transport string, took time.Duration) {
	m.ack.WithLabelValues(kind, transport).Observe(took.Seconds())
}

// CommandDone records a slash command handled after its ack.
func (m *Metrics) CommandDone(command, outcome string, work time.Duration) {
	m.commands.WithLabelValues(command, outcome).Inc()
	m.work.WithLabelValues("command").Observe(work.Seconds())
}

// InteractionDone records an interaction handled after its ack.
func (m *Metrics) InteractionDone(interaction, outcome string, work time.Duration) {
	m.interactions.WithLabelValues(interaction, outcome).Inc()
	m.work.WithLabelValues("interaction").Observe(work.Seconds())
}

// Sent records one outbox delivery.
func (m *Metrics) Sent(method, outcome string, took time.Duration) {
	m.sends.WithLabelValues(method, outcome).Inc()
	m.sendTime.WithLabelValues(method).Observe(took.Seconds())
}

// JobRun records one run of a scheduled job.
func (m *Metrics) JobRun(job, outcome string, took time.Duration) {
	m.jobs.WithLabelValues(job, outcome).Inc()
	if outcome != "missed" {
		m.jobTime.WithLabelValues(job).Observe(took.Seconds())
	}
}
