// The real side of the calibration: five hashicorp/raft 1.1.2 nodes (Debian's
// golang-github-hashicorp-raft-dev) in one process, joined by the library's in-memory
// transport, with a real clock. Each trial waits for a leader, lets the cluster settle, then
// at a random instant within one heartbeat timeout (the mark) either crashes the leader
// (Shutdown, and every transport to it cut, as a dead process refuses connections), cuts it
// off from the others while it runs on (a partition of the leader), or flaps a follower (cut
// off from every other node for a down time, joined again for the rest of a period, a number
// of periods over). It records every node's RaftState and leader observations (a crashed
// one's left out) from the mark until a settle time after the new leader (after the flap's
// end for a flap), and the time no node was in the Leader state in that span: the shapes of
// clustersim's tools/calibrate/*.json scenarios.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/ioutil"
	"math/rand"
	"sort"
	"strconv"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
)

// trialResult is one line of the real side's output, as the compare step reads it.
type trialResult struct {
	Downtime       *float64            `json:"downtime"`         // seconds from the mark to a new leader
	Leaderless     *float64            `json:"leaderless"`       // seconds from the mark to the end without a Leader
	TermsAfterMark *uint64             `json:"terms_after_mark"` // the first new leader's term less the term at the mark
	Observations   map[string][]string `json:"observations"`
}

// shape: what happens at the mark.
type shape int

const (
	leaderCrash shape = iota
	leaderPartition
	followerFlap
)

type timings struct {
	heartbeat, election, lease time.Duration
	settle                     time.Duration // before the mark, and after the new leader (or the flap)
	shape                      shape
	flapPeriod, flapDown       time.Duration // followerFlap: each period starts with the follower cut off
	flapPeriods                int
}

type nullFSM struct{}

func (nullFSM) Apply(*raft.Log) interface{}         { return nil }
func (nullFSM) Snapshot() (raft.FSMSnapshot, error) { return nil, fmt.Errorf("no snapshots") }
func (nullFSM) Restore(io.ReadCloser) error         { return nil }

// recorder keeps one node's observations with the instant each arrived.
type recorder struct {
	mu          sync.Mutex
	self        raft.ServerAddress
	term        func() uint64 // the node's current term
	at          []time.Time
	labels      []string
	leaders     []time.Time // when this node observed itself become Leader
	leaderTerms []uint64    // the term of each
}

func (r *recorder) add(o raft.Observation) {
	label := ""
	switch data := o.Data.(type) {
	case raft.RaftState:
		label = "state:" + data.String()
	case raft.LeaderObservation:
		switch data.Leader {
		case "":
			label = "leader:none"
		case r.self:
			label = "leader:self"
		default:
			label = "leader:other"
		}
	default:
		return // vote requests, peers: not what a controller's tracker is given
	}
	now := time.Now()
	leaderTerm := uint64(0)
	if label == "state:Leader" {
		leaderTerm = r.term() // a leader's term stays until it steps down, which is observed later
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, now)
	r.labels = append(r.labels, label)
	if label == "state:Leader" {
		r.leaders = append(r.leaders, now)
		r.leaderTerms = append(r.leaderTerms, leaderTerm)
	}
}

// leading says whether the node was in the Leader state at each instant of its observations:
// the spans [from, until) in which it was, up to `end`.
func (r *recorder) leading(end time.Time) [][2]time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	var spans [][2]time.Time
	var from *time.Time
	for i, label := range r.labels {
		at := r.at[i]
		if label == "state:Leader" && from == nil {
			from = &at
		} else if label != "state:Leader" && len(label) > 6 && label[:6] == "state:" && from != nil {
			spans = append(spans, [2]time.Time{*from, at})
			from = nil
		}
	}
	if from != nil {
		spans = append(spans, [2]time.Time{*from, end})
	}
	return spans
}

type node struct {
	id        string
	raft      *raft.Raft
	transport *raft.InmemTransport
	rec       *recorder
	stop      chan struct{}
}

func startCluster(t timings) ([]*node, error) {
	const count = 5
	nodes := make([]*node, count)
	var servers []raft.Server
	for i := range nodes {
		id := "ctrl" + strconv.Itoa(i+1)
		addr, transport := raft.NewInmemTransport(raft.ServerAddress(id))
		nodes[i] = &node{id: id, transport: transport, rec: &recorder{self: addr}, stop: make(chan struct{})}
		servers = append(servers, raft.Server{Suffrage: raft.Voter, ID: raft.ServerID(id), Address: addr})
	}
	for _, a := range nodes {
		for _, b := range nodes {
			if a != b {
				a.transport.Connect(b.transport.LocalAddr(), b.transport)
			}
		}
	}
	for _, n := range nodes {
		config := raft.DefaultConfig()
		config.LocalID = raft.ServerID(n.id)
		config.HeartbeatTimeout = t.heartbeat
		config.ElectionTimeout = t.election
		config.LeaderLeaseTimeout = t.lease
		config.Logger = hclog.New(&hclog.LoggerOptions{Output: ioutil.Discard, Level: hclog.Error})
		logs, stable, snaps := raft.NewInmemStore(), raft.NewInmemStore(), raft.NewInmemSnapshotStore()
		if err := raft.BootstrapCluster(config, logs, stable, snaps, n.transport, raft.Configuration{Servers: servers}); err != nil {
			return nil, err
		}
		r, err := raft.NewRaft(config, nullFSM{}, logs, stable, snaps, n.transport)
		if err != nil {
			return nil, err
		}
		n.raft = r
		self := n
		n.rec.term = func() uint64 { return term(self) }
		channel := make(chan raft.Observation, 4096)
		r.RegisterObserver(raft.NewObserver(channel, false, nil))
		go func(n *node, channel chan raft.Observation) {
			for {
				select {
				case o := <-channel:
					n.rec.add(o)
				case <-n.stop:
					return
				}
			}
		}(n, channel)
	}
	return nodes, nil
}

func leaderOf(nodes []*node, skip *node) *node {
	for _, n := range nodes {
		if n != skip && n.raft.State() == raft.Leader {
			return n
		}
	}
	return nil
}

func waitFor(deadline time.Duration, done func() bool) bool {
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		if done() {
			return true
		}
		time.Sleep(200 * time.Microsecond)
	}
	return done()
}

func term(n *node) uint64 {
	value, _ := strconv.ParseUint(n.raft.Stats()["term"], 10, 64)
	return value
}

// cut takes every link between n and the other nodes down (both ways), or brings them back.
func cut(nodes []*node, n *node, down bool) {
	for _, other := range nodes {
		if other == n {
			continue
		}
		if down {
			n.transport.Disconnect(other.transport.LocalAddr())
			other.transport.Disconnect(n.transport.LocalAddr())
		} else {
			n.transport.Connect(other.transport.LocalAddr(), other.transport)
			other.transport.Connect(n.transport.LocalAddr(), n.transport)
		}
	}
}

// flap cuts the follower off for flapDown at the start of each period, flapPeriods times.
func flap(t timings, nodes []*node, follower *node, mark time.Time) {
	for i := 0; i < t.flapPeriods; i++ {
		start := mark.Add(time.Duration(i) * t.flapPeriod)
		time.Sleep(time.Until(start))
		cut(nodes, follower, true)
		time.Sleep(time.Until(start.Add(t.flapDown)))
		cut(nodes, follower, false)
	}
	time.Sleep(time.Until(mark.Add(time.Duration(t.flapPeriods) * t.flapPeriod)))
}

// leaderless is the time in [mark, end] in which no node was in the Leader state (a crashed
// node, gone, leads no more from the mark on).
func leaderless(nodes []*node, gone *node, mark, end time.Time) float64 {
	type change struct {
		at    time.Time
		delta int
	}
	var changes []change
	for _, n := range nodes {
		until := end
		if n == gone {
			until = mark
		}
		for _, span := range n.rec.leading(until) {
			if span[1].After(until) {
				span[1] = until
			}
			changes = append(changes, change{span[0], +1}, change{span[1], -1})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].at.Before(changes[j].at) })
	leaders, since, without := 0, mark, time.Duration(0)
	for _, c := range changes {
		if c.at.After(end) {
			break
		}
		if c.at.After(since) {
			if leaders == 0 {
				without += c.at.Sub(since)
			}
			since = c.at
		}
		leaders += c.delta
	}
	if leaders == 0 && end.After(since) {
		without += end.Sub(since)
	}
	return without.Seconds()
}

// firstLeadership after the mark among the nodes other than skip: when, and in which term.
func firstLeadership(nodes []*node, skip *node, mark time.Time) (time.Time, uint64) {
	first, firstTerm := time.Time{}, uint64(0)
	for _, n := range nodes {
		if n == skip {
			continue
		}
		n.rec.mu.Lock()
		for i, at := range n.rec.leaders {
			if at.After(mark) && (first.IsZero() || at.Before(first)) {
				first, firstTerm = at, n.rec.leaderTerms[i]
			}
		}
		n.rec.mu.Unlock()
	}
	return first, firstTerm
}

func runTrial(t timings, offset time.Duration) (trialResult, error) {
	nodes, err := startCluster(t)
	if err != nil {
		return trialResult{}, err
	}
	defer func() {
		for _, n := range nodes {
			n.raft.Shutdown().Error()
			close(n.stop)
		}
	}()
	result := trialResult{Observations: map[string][]string{}}
	if !waitFor(100*t.election, func() bool { return leaderOf(nodes, nil) != nil }) {
		return result, nil // no first leader: a trial without a measure
	}
	time.Sleep(t.settle + offset)
	old := leaderOf(nodes, nil)
	if old == nil {
		return result, nil
	}
	oldTerm := term(old)
	mark := time.Now()
	var gone *node // the crashed leader: its tracker is gone
	switch t.shape {
	case leaderCrash:
		old.raft.Shutdown().Error()
		gone = old
		cut(nodes, old, true)
	case leaderPartition:
		cut(nodes, old, true)
	case followerFlap:
		var follower *node // the first in id order, as clustersim's "follower" reference
		for _, n := range nodes {
			if n != old && follower == nil {
				follower = n
			}
		}
		flap(t, nodes, follower, mark)
	}
	if t.shape == followerFlap || waitFor(100*t.election, func() bool { return leaderOf(nodes, gone) != nil }) {
		time.Sleep(t.settle)
	}
	end := time.Now()
	if first, firstTerm := firstLeadership(nodes, gone, mark); !first.IsZero() {
		downtime := first.Sub(mark).Seconds()
		result.Downtime = &downtime
		terms := firstTerm - oldTerm
		result.TermsAfterMark = &terms
	}
	without := leaderless(nodes, gone, mark, end)
	result.Leaderless = &without
	for _, n := range nodes {
		if n == gone {
			continue
		}
		n.rec.mu.Lock()
		sequence := []string{}
		for i, at := range n.rec.at {
			if !at.Before(mark) {
				sequence = append(sequence, n.rec.labels[i])
			}
		}
		n.rec.mu.Unlock()
		result.Observations[n.id] = sequence
	}
	return result, nil
}

// runReal runs the trials, `parallel` clusters at a time (each its own nodes and transports;
// for long timeouts, where a scheduling delay of a millisecond is no part of the answer), and
// writes their results in trial order.
func runReal(t timings, trials, parallel int, seed int64, out io.Writer) error {
	random := rand.New(rand.NewSource(seed)) // which instant within the heartbeat the mark falls at
	offsets := make([]time.Duration, trials)
	for i := range offsets {
		offsets[i] = time.Duration(random.Int63n(int64(t.heartbeat)))
	}
	results := make([]trialResult, trials)
	errs := make([]error, trials)
	slots := make(chan struct{}, parallel)
	var running sync.WaitGroup
	for i := 0; i < trials; i++ {
		slots <- struct{}{}
		running.Add(1)
		go func(i int) {
			defer func() { <-slots; running.Done() }()
			results[i], errs[i] = runTrial(t, offsets[i])
		}(i)
	}
	running.Wait()
	encoder := json.NewEncoder(out)
	for i := range results {
		if errs[i] != nil {
			return errs[i]
		}
		if err := encoder.Encode(results[i]); err != nil {
			return err
		}
	}
	return nil
}
