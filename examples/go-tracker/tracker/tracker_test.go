package tracker

import (
	"context"
	"strings"
	"testing"
	"time"
)

var epoch = time.Date(2025, 1, 10, 13, 54, 48, 0, time.FixedZone("", -5*3600))

var members = []Peer{{ID: "ctrl1", Addr: "tls:ctrl1:6262"}, {ID: "ctrl2", Addr: "tls:ctrl2:6262"}, {ID: "ctrl3", Addr: "tls:ctrl3:6262"}}

// recorder keeps every event's JSON line.
type recorder struct{ lines []string }

func (r *recorder) Accept(e Event) {
	line, err := MarshalEvent(e)
	if err != nil {
		panic(err)
	}
	r.lines = append(r.lines, string(line))
}

func (r *recorder) take() []string {
	lines := r.lines
	r.lines = nil
	return lines
}

func newTracker(t *testing.T, policy Policy, window time.Duration) (*Tracker, *VirtualClock, *recorder) {
	t.Helper()
	clock := NewVirtualClock(epoch)
	sink := &recorder{}
	tr, err := New(Config{Policy: policy, SelfID: "ctrl2", Members: members, StabilityWindow: window}, clock, sink)
	if err != nil {
		t.Fatal(err)
	}
	return tr, clock, sink
}

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTheAnnouncementIsOpenZitiJSONWithNineFractionalDigitsAndTheZone(t *testing.T) {
	tr, clock, sink := newTracker(t, OpenZiti, 0)
	clock.Set(151522421 * time.Nanosecond)
	tr.Start()
	expect(t, sink.take(), `{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.151522421-05:00","eventType":"state.is_leaderless"}`)
}

func TestOpenZitiReportsOnlyFlipsAndKeepsTheOldLeaderOnADirectChange(t *testing.T) {
	tr, clock, sink := newTracker(t, OpenZiti, 0)
	tr.Start()
	sink.take()
	tr.Observe(LeaderChange{LeaderID: "ctrl1", Term: 2})
	tr.Observe(LeaderChange{LeaderID: "ctrl3", Term: 3}) // A -> B: nothing
	clock.Set(time.Second)
	tr.Observe(LeaderChange{LeaderID: "", Term: 3})
	expect(t, sink.take(),
		`{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.000000000-05:00","eventType":"state.has_leader","leaderId":"ctrl1"}`,
		`{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:49.000000000-05:00","eventType":"state.is_leaderless"}`)
	if _, armed := clock.NextDeadline(); armed {
		t.Fatal("the openziti policy never arms a timer")
	}
}

func TestStableWaitsForTheWindowAndForgetsAFlapThatCameBack(t *testing.T) {
	tr, clock, sink := newTracker(t, Stable, 5*time.Second)
	tr.Observe(LeaderChange{LeaderID: "ctrl1", Term: 2})
	tr.Start()
	sink.take() // has_leader ctrl1, at once
	clock.Set(time.Second)
	tr.Observe(LeaderChange{LeaderID: "", Term: 2})
	if deadline, _ := clock.NextDeadline(); deadline != 6*time.Second {
		t.Fatalf("deadline %v, want 6s (the change + the window)", deadline)
	}
	clock.Set(3 * time.Second)
	tr.Observe(LeaderChange{LeaderID: "ctrl1", Term: 2}) // back within the window
	clock.Set(10 * time.Second)
	clock.Fire()
	expect(t, sink.take())
	if _, armed := clock.NextDeadline(); armed {
		t.Fatal("a flap that came back leaves no timer")
	}
}

func TestStableReportsAChangeOfLeaderOnceItHeldForTheWindow(t *testing.T) {
	tr, clock, sink := newTracker(t, Stable, 5*time.Second)
	tr.Start()
	sink.take()
	clock.Set(time.Second)
	tr.Observe(LeaderChange{LeaderID: "ctrl3", Term: 4})
	clock.Set(5 * time.Second)
	clock.Fire() // early: nothing is due
	expect(t, sink.take())
	clock.Set(6 * time.Second)
	clock.Fire()
	expect(t, sink.take(), `{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:54.000000000-05:00","eventType":"state.has_leader","leaderId":"ctrl3"}`)
	if tr.Reported() != (View{HasLeader: true, LeaderID: "ctrl3"}) {
		t.Fatalf("reported %+v", tr.Reported())
	}
}

func TestStableValidatesLeadersAgainstMembersAndTerms(t *testing.T) {
	tr, _, sink := newTracker(t, Stable, 0)
	tr.Start()
	sink.take()
	tr.Observe(LeaderChange{LeaderID: "ctrl9", Term: 2}) // not a member
	tr.Observe(RaftStateChange{State: Candidate, Term: 5})
	tr.Observe(LeaderChange{LeaderID: "ctrl1", Term: 4}) // older than term 5: overtaken, ignored
	expect(t, sink.take())
	tr.Observe(LeaderChange{LeaderID: "ctrl1", Term: 5})
	expect(t, sink.take(), `{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.000000000-05:00","eventType":"state.has_leader","leaderId":"ctrl1"}`)
}

func TestRoleEventsAndMembershipChanges(t *testing.T) {
	tr, _, sink := newTracker(t, Stable, 0)
	tr.Start()
	sink.take()
	tr.Observe(RaftStateChange{State: Leader, Term: 3})
	tr.Observe(MembersChange{Members: members[:2], Index: 12})
	tr.Observe(RaftStateChange{State: Follower, Term: 4})
	expect(t, sink.take(),
		`{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.000000000-05:00","eventType":"leadership.gained","peers":[{"id":"ctrl1","addr":"tls:ctrl1:6262"},{"id":"ctrl2","addr":"tls:ctrl2:6262"},{"id":"ctrl3","addr":"tls:ctrl3:6262"}]}`,
		`{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.000000000-05:00","eventType":"members.changed","index":12,"peers":[{"id":"ctrl1","addr":"tls:ctrl1:6262"},{"id":"ctrl2","addr":"tls:ctrl2:6262"}]}`,
		`{"namespace":"cluster","event_src_id":"ctrl2","timestamp":"2025-01-10T13:54:48.000000000-05:00","eventType":"leadership.lost"}`)
}

func TestConfigurationProblemsAreErrors(t *testing.T) {
	clock := NewVirtualClock(epoch)
	if _, err := New(Config{Policy: "eager", SelfID: "ctrl2", Members: members}, clock, &recorder{}); err == nil {
		t.Fatal("an unknown policy was accepted")
	}
	if _, err := New(Config{Policy: Stable, SelfID: "ctrl7", Members: members}, clock, &recorder{}); err == nil {
		t.Fatal("a node missing from its own member list was accepted")
	}
}

// The event loop: observations from a channel, the window's timer delivered to the loop, on
// the real clock, as a controller runs it.
func TestTheLoopReportsAfterTheWindowOnTheRealClock(t *testing.T) {
	events := make(chan Event, 8)
	loop, err := NewLoop(Config{Policy: Stable, SelfID: "ctrl2", Members: members, StabilityWindow: 20 * time.Millisecond},
		RealClock{}, SinkFunc(func(e Event) { events <- e }))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	observations := make(chan Observation)
	go loop.Run(ctx, observations)
	loop.Start()
	if e := <-events; e.EventType != IsLeaderless {
		t.Fatalf("announcement %v", e.EventType)
	}
	observations <- LeaderChange{LeaderID: "ctrl1", Term: 2}
	select {
	case e := <-events:
		if e.EventType != HasLeader || e.LeaderID != "ctrl1" {
			t.Fatalf("got %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no has_leader within 5s of a 20ms window")
	}
	if loop.Reported() != (View{HasLeader: true, LeaderID: "ctrl1"}) {
		t.Fatalf("reported %+v", loop.Reported())
	}
}
