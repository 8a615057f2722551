package tracker

import (
	"sort"
	"sync"
	"time"
)

// VirtualClock is a Clock that moves only when told: time is Origin + the elapsed time set
// with Set, and timers fire only in Fire, on the caller's goroutine. It is how a simulator
// (clustersim's tracker protocol) or a unit test drives a tracker deterministically. Safe for
// use from several goroutines, as the time package is.
type VirtualClock struct {
	mu      sync.Mutex
	origin  time.Time
	elapsed time.Duration
	timers  []*virtualTimer
	nextID  uint64
}

type virtualTimer struct {
	clock    *VirtualClock
	id       uint64
	deadline time.Duration
	f        func()
	pending  bool
}

// NewVirtualClock returns a clock that reads origin until Set moves it.
func NewVirtualClock(origin time.Time) *VirtualClock {
	return &VirtualClock{origin: origin}
}

// Now returns origin + the elapsed time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.origin.Add(c.elapsed)
}

// Set moves the clock to origin + elapsed; time never goes backwards. No timer fires here.
func (c *VirtualClock) Set(elapsed time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if elapsed > c.elapsed {
		c.elapsed = elapsed
	}
}

// AfterFunc arms a timer for the current elapsed time + d.
func (c *VirtualClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	t := &virtualTimer{clock: c, id: c.nextID, deadline: c.elapsed + d, f: f, pending: true}
	c.timers = append(c.timers, t)
	return t
}

// Stop disarms the timer.
func (t *virtualTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	if !t.pending {
		return false
	}
	t.pending = false
	t.clock.remove(t)
	return true
}

func (c *VirtualClock) remove(t *virtualTimer) {
	for i, other := range c.timers {
		if other == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return
		}
	}
}

// Fire calls, in deadline order (then arming order), every timer due at the current time,
// on the caller's goroutine and without the clock's lock (a callback may arm timers).
func (c *VirtualClock) Fire() {
	c.mu.Lock()
	var due []*virtualTimer
	for _, t := range c.timers {
		if t.deadline <= c.elapsed {
			due = append(due, t)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].deadline < due[j].deadline })
	for _, t := range due {
		t.pending = false
		c.remove(t)
	}
	c.mu.Unlock()
	for _, t := range due {
		t.f()
	}
}

// NextDeadline returns the earliest pending timer's deadline (as elapsed time), if any.
func (c *VirtualClock) NextDeadline() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	found := false
	var earliest time.Duration
	for _, t := range c.timers {
		if !found || t.deadline < earliest {
			earliest, found = t.deadline, true
		}
	}
	return earliest, found
}
