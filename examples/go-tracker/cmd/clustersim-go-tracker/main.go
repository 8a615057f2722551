// Command clustersim-go-tracker runs the reference tracker (package tracker) under clustersim
// through the tracker protocol (docs/tracker-protocol.md): requests on stdin, one JSON line
// each; one answer line on stdout per request; diagnostics on stderr.
//
//	clustersim run scenarios/leader_crash.json --tracker-cmd ./clustersim-go-tracker
//
// Each node gets its own tracker Loop on its own goroutine, with a VirtualClock that the
// requests move; a request is handed to the loop and waited for, so the answer holds exactly
// what the tracker emitted while handling it, and runs stay deterministic.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"clustersim.example/go-tracker/tracker"
)

const protocolVersion = 1

// request is every field any request has (docs/tracker-protocol.md, "Requests").
type request struct {
	Type              string         `json:"type"`
	Protocol          int            `json:"protocol"`
	Policy            string         `json:"policy"`
	StabilityWindowNs int64          `json:"stability_window_ns"`
	Nodes             []string       `json:"nodes"`
	Node              string         `json:"node"`
	NowNs             int64          `json:"now_ns"`
	EpochUnixNs       int64          `json:"epoch_unix_ns"`
	UTCOffsetMinutes  int            `json:"utc_offset_minutes"`
	Members           []tracker.Peer `json:"members"`
	State             string         `json:"state"`
	Leader            string         `json:"leader"`
	Term              uint64         `json:"term"`
	Index             uint64         `json:"index"`
}

// node is one simulated controller's tracker while its process is up.
type node struct {
	clock        *tracker.VirtualClock
	loop         *tracker.Loop
	observations chan tracker.Observation
	stop         context.CancelFunc
	emitted      []tracker.Event
}

type session struct {
	policy tracker.Policy
	window time.Duration
	nodes  map[string]*node
}

func main() {
	// One request is handled at a time, so a second processor buys nothing; on one, the hand-
	// offs between this goroutine and the trackers' loops are goroutine switches, not wake-ups
	// of other OS threads (which cost a round trip several times over).
	runtime.GOMAXPROCS(1)
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	s := &session{nodes: map[string]*node{}}
	for {
		line, err := in.ReadBytes('\n')
		if err == io.EOF && len(line) == 0 {
			return
		}
		if err != nil && err != io.EOF {
			fmt.Fprintln(os.Stderr, "clustersim-go-tracker: reading stdin:", err)
			os.Exit(1)
		}
		var r request
		if err := json.Unmarshal(line, &r); err != nil {
			fmt.Fprintf(os.Stderr, "clustersim-go-tracker: not a request: %v: %s\n", err, line)
			os.Exit(1)
		}
		if r.Type == "bye" {
			return
		}
		answer, err := s.handle(&r)
		if err != nil {
			fmt.Fprintf(os.Stderr, "clustersim-go-tracker: %s request: %v\n", r.Type, err)
			os.Exit(1)
		}
		out.Write(answer)
		out.WriteByte('\n')
		if err := out.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, "clustersim-go-tracker: writing stdout:", err)
			os.Exit(1)
		}
	}
}

func (s *session) handle(r *request) ([]byte, error) {
	if r.Type == "hello" {
		if r.Protocol != protocolVersion {
			return json.Marshal(map[string]string{"error": fmt.Sprintf("speaks protocol %d, not %d", protocolVersion, r.Protocol)})
		}
		s.policy = tracker.Policy(r.Policy)
		s.window = time.Duration(r.StabilityWindowNs)
		return json.Marshal(map[string]string{"tracker": "clustersim-go-tracker (reference, protocol 1)"})
	}
	if r.Type == "boot" {
		if err := s.boot(r); err != nil {
			return nil, err
		}
		return answer(nil, s.nodes[r.Node].clock)
	}
	n, ok := s.nodes[r.Node]
	if !ok {
		return nil, fmt.Errorf("node %q is not running", r.Node)
	}
	n.clock.Set(time.Duration(r.NowNs))
	n.emitted = n.emitted[:0]
	switch r.Type {
	case "start":
		n.loop.Start()
	case "raft_state":
		n.observe(tracker.RaftStateChange{State: tracker.RaftState(r.State), Term: r.Term})
	case "leader":
		n.observe(tracker.LeaderChange{LeaderID: r.Leader, Term: r.Term})
	case "members":
		n.observe(tracker.MembersChange{Members: r.Members, Index: r.Index})
	case "wakeup":
		n.clock.Fire() // timers due now post to the loop
		n.loop.Do(func() {})
	case "crash":
		n.stop()
		delete(s.nodes, r.Node)
		return answer(nil, nil)
	default:
		return nil, fmt.Errorf("unknown request type %q", r.Type)
	}
	return answer(n.emitted, n.clock)
}

func (s *session) boot(r *request) error {
	if _, running := s.nodes[r.Node]; running {
		return fmt.Errorf("node %q booted twice", r.Node)
	}
	zone := time.FixedZone("", r.UTCOffsetMinutes*60)
	n := &node{clock: tracker.NewVirtualClock(time.Unix(0, r.EpochUnixNs).In(zone))}
	n.clock.Set(time.Duration(r.NowNs))
	cfg := tracker.Config{Policy: s.policy, SelfID: r.Node, Members: r.Members, StabilityWindow: s.window}
	loop, err := tracker.NewLoop(cfg, n.clock, tracker.SinkFunc(func(e tracker.Event) { n.emitted = append(n.emitted, e) }))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.loop, n.stop, n.observations = loop, cancel, make(chan tracker.Observation)
	go loop.Run(ctx, n.observations)
	s.nodes[r.Node] = n
	return nil
}

// observe hands the observation to the loop and waits until it is handled.
func (n *node) observe(o tracker.Observation) {
	n.observations <- o
	n.loop.Do(func() {})
}

// answer writes {"events":[...],"wakeup_ns":N|null}: the events' OpenZiti JSON, and the
// earliest pending timer of the node's clock.
func answer(events []tracker.Event, clock *tracker.VirtualClock) ([]byte, error) {
	buffer := []byte(`{"events":[`)
	for i, e := range events {
		if i > 0 {
			buffer = append(buffer, ',')
		}
		encoded, err := tracker.MarshalEvent(e)
		if err != nil {
			return nil, err
		}
		buffer = append(buffer, encoded...)
	}
	buffer = append(buffer, `],"wakeup_ns":`...)
	if deadline, ok := nextDeadline(clock); ok {
		buffer = strconv.AppendInt(buffer, int64(deadline), 10)
	} else {
		buffer = append(buffer, "null"...)
	}
	return append(buffer, '}'), nil
}

func nextDeadline(clock *tracker.VirtualClock) (time.Duration, bool) {
	if clock == nil {
		return 0, false
	}
	return clock.NextDeadline()
}
