// The real side of the calibration: five hashicorp/raft 1.1.2 nodes (Debian's
// golang-github-hashicorp-raft-dev) in one process, joined by the library's in-memory
// transport, with a real clock. Each trial waits for a leader, lets the cluster settle, then
// at a random instant within one heartbeat timeout either crashes the leader (Shutdown, and
// every transport to it cut, as a dead process refuses connections) or cuts it off from the
// others while it runs on (a partition of the leader), and records every node's RaftState
// and leader observations (a crashed one's left out) from then until a settle time after the
// new leader: the shapes of clustersim's tools/calibrate/*.json scenarios.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/ioutil"
	"math/rand"
	"strconv"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
)

// trialResult is one line of the real side's output, as the compare step reads it.
type trialResult struct {
	Downtime       *float64            `json:"downtime"`         // seconds from the mark to a new leader
	TermsAfterMark *uint64             `json:"terms_after_mark"` // the new leader's term less the term at the mark
	Observations   map[string][]string `json:"observations"`
}

type timings struct {
	heartbeat, election, lease time.Duration
	settle                     time.Duration // before the mark, and after the new leader
	partition                  bool          // cut the leader off instead of crashing it
}

type nullFSM struct{}

func (nullFSM) Apply(*raft.Log) interface{}         { return nil }
func (nullFSM) Snapshot() (raft.FSMSnapshot, error) { return nil, fmt.Errorf("no snapshots") }
func (nullFSM) Restore(io.ReadCloser) error         { return nil }

// recorder keeps one node's observations with the instant each arrived.
type recorder struct {
	mu      sync.Mutex
	self    raft.ServerAddress
	at      []time.Time
	labels  []string
	leaders []time.Time // when this node observed itself become Leader
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
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, now)
	r.labels = append(r.labels, label)
	if label == "state:Leader" {
		r.leaders = append(r.leaders, now)
	}
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

func runTrial(t timings, random *rand.Rand) (trialResult, error) {
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
	time.Sleep(t.settle + time.Duration(random.Int63n(int64(t.heartbeat))))
	old := leaderOf(nodes, nil)
	if old == nil {
		return result, nil
	}
	oldTerm := term(old)
	mark := time.Now()
	if !t.partition {
		old.raft.Shutdown().Error()
	}
	old.transport.DisconnectAll()
	for _, n := range nodes {
		if n != old {
			n.transport.Disconnect(old.transport.LocalAddr())
		}
	}
	if waitFor(100*t.election, func() bool { return leaderOf(nodes, old) != nil }) {
		newTerm := term(leaderOf(nodes, old))
		time.Sleep(t.settle)
		first := time.Time{}
		for _, n := range nodes {
			if n == old {
				continue
			}
			n.rec.mu.Lock()
			for _, at := range n.rec.leaders {
				if at.After(mark) && (first.IsZero() || at.Before(first)) {
					first = at
				}
			}
			n.rec.mu.Unlock()
		}
		if !first.IsZero() {
			downtime := first.Sub(mark).Seconds()
			result.Downtime = &downtime
			terms := newTerm - oldTerm
			result.TermsAfterMark = &terms
		}
	}
	for _, n := range nodes {
		if n == old && !t.partition {
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

func runReal(t timings, trials int, seed int64, out io.Writer) error {
	random := rand.New(rand.NewSource(seed)) // which instant within the heartbeat the mark falls at
	encoder := json.NewEncoder(out)
	for i := 0; i < trials; i++ {
		result, err := runTrial(t, random)
		if err != nil {
			return err
		}
		if err := encoder.Encode(result); err != nil {
			return err
		}
	}
	return nil
}
