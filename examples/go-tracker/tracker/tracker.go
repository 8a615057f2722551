package tracker

import (
	"errors"
	"fmt"
	"time"
)

// Policy is how the tracker decides what to report.
type Policy string

// The two policies of clustersim's docs/DESIGN.md section 4.
const (
	OpenZiti Policy = "openziti" // report when "do we have a leader?" flips; A -> B says nothing
	Stable   Policy = "stable"   // stability window, leader validation, leader changes reported
)

// RaftState is a raft server's role, spelt as hashicorp/raft's RaftState.String().
type RaftState string

// hashicorp/raft's roles.
const (
	Follower  RaftState = "Follower"
	Candidate RaftState = "Candidate"
	Leader    RaftState = "Leader"
	Shutdown  RaftState = "Shutdown"
)

// Observation is what raft's observer delivers: one of RaftStateChange, LeaderChange,
// MembersChange.
type Observation interface{ isObservation() }

// RaftStateChange: the server's role changed (raft.RaftState observations), in term Term.
type RaftStateChange struct {
	State RaftState
	Term  uint64
}

// LeaderChange: the server's idea of the leader changed (raft.LeaderObservation); LeaderID
// "" means the leader was cleared.
type LeaderChange struct {
	LeaderID string
	Term     uint64
}

// MembersChange: the state machine stored a committed configuration (log index Index).
type MembersChange struct {
	Members []Peer
	Index   uint64
}

func (RaftStateChange) isObservation() {}
func (LeaderChange) isObservation()    {}
func (MembersChange) isObservation()   {}

// Config is one controller's tracker configuration.
type Config struct {
	Policy          Policy
	SelfID          string
	Members         []Peer // this node included
	StabilityWindow time.Duration
}

func (c Config) validate() error {
	if c.Policy != OpenZiti && c.Policy != Stable {
		return fmt.Errorf("unknown policy %q (openziti or stable)", c.Policy)
	}
	if c.SelfID == "" {
		return errors.New("SelfID: a tracker needs the id of the controller it runs in")
	}
	if c.StabilityWindow < 0 {
		return errors.New("StabilityWindow: must not be negative")
	}
	for _, m := range c.Members {
		if m.ID == c.SelfID {
			return nil
		}
	}
	return fmt.Errorf("Members: this node %q is not in its own member list", c.SelfID)
}

// View is a reported leader state: the payload of has_leader / is_leaderless.
type View struct {
	HasLeader bool
	LeaderID  string
}

// Tracker is the state machine. It is not safe for concurrent use: a Loop owns it, or a test
// calls it from one goroutine. Timer callbacks reach it through post, which a Loop sets to
// hop onto its goroutine.
type Tracker struct {
	cfg      Config
	clock    Clock
	sink     Sink
	post     func(func())
	started  bool
	reported View
	role     RaftState

	// openziti: the controller's own two fields; A -> B while it has a leader keeps A.
	current View

	// stable: raw (the last leader observation and its term), validated candidate, timer.
	rawLeader  string
	rawTerm    uint64
	newestTerm uint64
	candidate  View
	timer      Timer
	timerGen   uint64
}

// New returns a tracker that has not started: it remembers observations but emits nothing
// until Start. Timer callbacks run f directly (a single-goroutine embedder or a test).
func New(cfg Config, clock Clock, sink Sink) (*Tracker, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.Members = append([]Peer(nil), cfg.Members...)
	return &Tracker{cfg: cfg, clock: clock, sink: sink, role: Follower, post: func(f func()) { f() }}, nil
}

// Reported returns the last reported leader state.
func (t *Tracker) Reported() View { return t.reported }

// Start begins event generation with the announcement of the current state.
func (t *Tracker) Start() {
	if t.started {
		return
	}
	if t.cfg.Policy == Stable {
		t.reconsider()
		t.started = true
		t.report(t.candidate) // the validated state, at once: an operator wants it now
		return
	}
	t.started = true
	t.report(t.current)
}

// Observe handles one observation from raft.
func (t *Tracker) Observe(o Observation) {
	switch o := o.(type) {
	case RaftStateChange:
		if t.cfg.Policy == Stable {
			t.noteTerm(o.Term)
		}
		t.trackRole(o.State)
		if t.cfg.Policy == Stable {
			t.reconsider()
		}
	case LeaderChange:
		if t.cfg.Policy == Stable {
			t.observeLeaderStable(o)
		} else {
			t.observeLeaderOpenZiti(o)
		}
	case MembersChange:
		t.cfg.Members = append(t.cfg.Members[:0:0], o.Members...)
		if t.started {
			t.emit(Event{EventType: MembersChanged, Index: o.Index, Peers: t.cfg.Members})
		}
		if t.cfg.Policy == Stable {
			t.reconsider()
		}
	}
}

func (t *Tracker) observeLeaderOpenZiti(o LeaderChange) {
	if o.LeaderID == "" {
		if !t.current.HasLeader {
			return
		}
		t.current = View{}
	} else {
		if t.current.HasLeader {
			return // only a flip from "no leader" counts
		}
		t.current = View{HasLeader: true, LeaderID: o.LeaderID}
	}
	if t.started {
		t.report(t.current)
	}
}

func (t *Tracker) observeLeaderStable(o LeaderChange) {
	// An observation from a term older than one already seen was overtaken on its way here.
	if o.Term < t.newestTerm {
		return
	}
	t.noteTerm(o.Term)
	t.rawLeader, t.rawTerm = o.LeaderID, o.Term
	t.reconsider()
}

func (t *Tracker) noteTerm(term uint64) {
	if term > t.newestTerm {
		t.newestTerm = term
	}
}

func (t *Tracker) isMember(id string) bool {
	for _, m := range t.cfg.Members {
		if m.ID == id {
			return true
		}
	}
	return false
}

// reconsider recomputes the candidate after an input and reports it, now (no window) or when
// it has held for the window.
func (t *Tracker) reconsider() {
	next := View{}
	if t.rawLeader != "" && t.rawTerm >= t.newestTerm && t.isMember(t.rawLeader) {
		next = View{HasLeader: true, LeaderID: t.rawLeader}
	}
	changed := next != t.candidate
	t.candidate = next
	if !t.started {
		return
	}
	switch {
	case t.candidate == t.reported:
		t.stopTimer() // a flap that came back within the window: nothing to say
	case t.cfg.StabilityWindow == 0:
		t.stopTimer()
		t.report(t.candidate)
	case changed || t.timer == nil:
		t.stopTimer()
		t.armTimer()
	}
}

func (t *Tracker) armTimer() {
	t.timerGen++
	gen := t.timerGen
	t.timer = t.clock.AfterFunc(t.cfg.StabilityWindow, func() {
		t.post(func() { t.windowEnded(gen) })
	})
}

func (t *Tracker) stopTimer() {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
}

// windowEnded: the candidate held for the whole window (unless a newer timer replaced this
// one, which a real timer racing Stop can deliver late: then nothing is due).
func (t *Tracker) windowEnded(gen uint64) {
	if gen != t.timerGen || t.timer == nil {
		return
	}
	t.timer = nil
	if t.candidate != t.reported {
		t.report(t.candidate)
	}
}

func (t *Tracker) trackRole(state RaftState) {
	previous := t.role
	t.role = state
	if !t.started || previous == state {
		return
	}
	if state == Leader {
		t.emit(Event{EventType: LeadershipGained, Peers: t.cfg.Members})
	} else if previous == Leader {
		t.emit(Event{EventType: LeadershipLost})
	}
}

func (t *Tracker) report(v View) {
	t.reported = v
	if v.HasLeader {
		t.emit(Event{EventType: HasLeader, LeaderID: v.LeaderID})
	} else {
		t.emit(Event{EventType: IsLeaderless})
	}
}

func (t *Tracker) emit(e Event) {
	e.Namespace = clusterNamespace
	e.EventSrcID = t.cfg.SelfID
	e.Timestamp = Timestamp(t.clock.Now())
	t.sink.Accept(e)
}
