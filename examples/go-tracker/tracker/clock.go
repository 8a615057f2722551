package tracker

import "time"

// Clock is what the tracker knows of time: the present, and timers. A controller passes
// RealClock; a test or a simulator passes a clock it moves by hand (see VirtualClock).
type Clock interface {
	Now() time.Time
	// AfterFunc calls f on its own goroutine once d has passed, unless the timer is stopped
	// first, as time.AfterFunc does.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a timer armed by a Clock.
type Timer interface {
	// Stop prevents the timer from firing; false if it already fired or was stopped.
	Stop() bool
}

// RealClock is the production Clock: the time package.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// AfterFunc arms time.AfterFunc.
func (RealClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
