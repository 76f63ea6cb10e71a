package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"simasn/internal/feed"
)

// FeedSnapshot is what the complaint feed reports about itself.
type FeedSnapshot struct {
	// Subscribers is the number of open subscriptions; ByTransport splits
	// them by transport ("websocket", "sse").
	Subscribers int
	ByTransport map[string]int
	// Lag is how many events of the log the slowest subscriber has yet
	// to receive; negative when the feed does not know.
	Lag int64
	// Events counts the events read from the log; Delivered those handed
	// to subscribers; Dropped the subscribers ended for falling behind;
	// Reconnects the listener's reconnections (PostgreSQL).
	Events, Delivered, Dropped, Reconnects int64
	// EventsPerSecond is the rate of events read from the log, over the
	// last seconds.
	EventsPerSecond float64
}

// FeedStats is a complaint feed that can say how it is doing.
type FeedStats interface {
	FeedSnapshot() FeedSnapshot
}

// HubStats adapts the feed hub of this instance to FeedStats.
func HubStats(h *feed.Hub) FeedStats { return hubStats{h} }

type hubStats struct{ h *feed.Hub }

func (s hubStats) FeedSnapshot() FeedSnapshot {
	st := s.h.Stats()
	return FeedSnapshot{
		Subscribers: s.h.Subscribers(), ByTransport: st.Subscribers, Lag: int64(st.Lag),
		Events: st.Events, Delivered: st.Delivered, Dropped: st.SlowEnded, Reconnects: st.Reconnects,
		EventsPerSecond: st.EventsPerSecond,
	}
}

// WatchFeed exports the feed's figures, read at each scrape.
func (m *Metrics) WatchFeed(f FeedStats) {
	m.reg.MustRegister(feedCollector{f})
}

var (
	feedSubscribers = prometheus.NewDesc("simasn_feed_subscribers", "Open subscriptions to the complaint feed.", nil, nil)
	feedByTransport = prometheus.NewDesc("simasn_feed_subscribers_by_transport", "Open subscriptions to the complaint feed by transport.", []string{"transport"}, nil)
	feedLag         = prometheus.NewDesc("simasn_feed_lag_events", "Events of the log the slowest subscriber has yet to receive (absent when unknown).", nil, nil)
	feedRate        = prometheus.NewDesc("simasn_feed_events_per_second", "Events published to subscribers per second, over the last ten seconds.", nil, nil)
	feedEvents      = prometheus.NewDesc("simasn_feed_events_read_total", "Events read from the complaint log.", nil, nil)
	feedDelivered   = prometheus.NewDesc("simasn_feed_deliveries_total", "Events handed to subscribers.", nil, nil)
	feedDropped     = prometheus.NewDesc("simasn_feed_dropped_subscribers_total", "Subscribers ended for falling behind, by the hub or their connection (they resume by cursor).", nil, nil)
	feedReconnects  = prometheus.NewDesc("simasn_feed_listener_reconnects_total", "Reconnections of the PostgreSQL listener.", nil, nil)
)

type feedCollector struct{ f FeedStats }

func (c feedCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{feedSubscribers, feedByTransport, feedLag, feedRate, feedEvents, feedDelivered, feedDropped, feedReconnects} {
		ch <- d
	}
}

func (c feedCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.f.FeedSnapshot()
	ch <- prometheus.MustNewConstMetric(feedSubscribers, prometheus.GaugeValue, float64(s.Subscribers))
	for transport, n := range s.ByTransport {
		if transport == "" {
			transport = "none"
		}
		ch <- prometheus.MustNewConstMetric(feedByTransport, prometheus.GaugeValue, float64(n), transport)
	}
	if s.Lag >= 0 {
		ch <- prometheus.MustNewConstMetric(feedLag, prometheus.GaugeValue, float64(s.Lag))
	}
	ch <- prometheus.MustNewConstMetric(feedRate, prometheus.GaugeValue, s.EventsPerSecond)
	ch <- prometheus.MustNewConstMetric(feedEvents, prometheus.CounterValue, float64(s.Events))
	ch <- prometheus.MustNewConstMetric(feedDelivered, prometheus.CounterValue, float64(s.Delivered))
	ch <- prometheus.MustNewConstMetric(feedDropped, prometheus.CounterValue, float64(s.Dropped))
	ch <- prometheus.MustNewConstMetric(feedReconnects, prometheus.CounterValue, float64(s.Reconnects))
}
