package tracker

import "context"

// Loop runs a Tracker the way a controller's event loop does: one goroutine owns it and takes,
// one at a time, raft's observations from a channel, the tracker's own timer firings, and
// requests to start. Everything the tracker emits goes to the Sink from that goroutine.
type Loop struct {
	tracker *Tracker
	timers  chan func()
	control chan func()
}

// NewLoop makes a tracker whose timer callbacks are delivered to the loop.
func NewLoop(cfg Config, clock Clock, sink Sink) (*Loop, error) {
	t, err := New(cfg, clock, sink)
	if err != nil {
		return nil, err
	}
	l := &Loop{tracker: t, timers: make(chan func()), control: make(chan func())}
	t.post = func(f func()) { l.timers <- f }
	return l, nil
}

// Run handles inputs until ctx is done.
func (l *Loop) Run(ctx context.Context, observations <-chan Observation) {
	for {
		select {
		case <-ctx.Done():
			return
		case o := <-observations:
			l.tracker.Observe(o)
		case f := <-l.timers:
			f()
		case f := <-l.control:
			f()
		}
	}
}

// Start asks the loop to start event generation (the announcement), and waits for it.
func (l *Loop) Start() { l.Do(l.tracker.Start) }

// Do runs f on the loop's goroutine and waits until it has run. Since the loop takes one
// input at a time, every input handed over before Do was called has been handled when Do
// returns (a test, or a simulator that needs to know what the tracker emitted).
func (l *Loop) Do(f func()) {
	done := make(chan struct{})
	l.control <- func() { f(); close(done) }
	<-done
}

// Reported returns the last reported state (read on the loop's goroutine).
func (l *Loop) Reported() View {
	var v View
	l.Do(func() { v = l.tracker.Reported() })
	return v
}
