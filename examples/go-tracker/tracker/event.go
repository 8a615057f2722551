// Package tracker is a leader-state tracker for a Raft-based controller, written the way a Go
// controller would embed one: raft's observations come in on a channel, events go out through
// a Sink, and time comes from an injected Clock, so that the same code runs against the real
// clock in production and against clustersim's virtual clock under test.
//
// It implements both policies of clustersim's docs/DESIGN.md section 4: "openziti" (what the
// OpenZiti controller does: report only when "do we have a leader?" flips) and "stable" (a
// state must hold for a stability window before it is reported; has_leader only for a member
// observed in the newest term; a change of leader is reported).
package tracker

import (
	"bytes"
	"encoding/json"
	"time"
)

// EventType is the eventType of an OpenZiti cluster event.
type EventType string

// The event types a leader-state tracker emits.
const (
	HasLeader        EventType = "state.has_leader"
	IsLeaderless     EventType = "state.is_leaderless"
	LeadershipGained EventType = "leadership.gained"
	LeadershipLost   EventType = "leadership.lost"
	MembersChanged   EventType = "members.changed"
	clusterNamespace           = "cluster"
	timestampLayout            = "2006-01-02T15:04:05.000000000Z07:00"
)

// Peer is a cluster member as events list it.
type Peer struct {
	ID   string `json:"id"`
	Addr string `json:"addr"`
}

// Timestamp is written as OpenZiti writes event times: RFC 3339 with nine fractional digits,
// in the zone the time carries.
type Timestamp time.Time

// MarshalJSON writes the timestamp with all nine fractional digits.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).Format(timestampLayout) + `"`), nil
}

// Event is one OpenZiti `cluster` event. The field order is OpenZiti's key order.
type Event struct {
	Namespace  string    `json:"namespace"`
	EventSrcID string    `json:"event_src_id"`
	Timestamp  Timestamp `json:"timestamp"`
	EventType  EventType `json:"eventType"`
	Index      uint64    `json:"index,omitempty"`
	Peers      []Peer    `json:"peers,omitempty"`
	LeaderID   string    `json:"leaderId,omitempty"`
}

// MarshalEvent returns the event's JSON as OpenZiti's event log holds it (no HTML escaping).
func MarshalEvent(e Event) ([]byte, error) {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(e); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buffer.Bytes(), []byte("\n")), nil
}

// Sink receives every event the tracker emits, in order, on the tracker's goroutine.
type Sink interface {
	Accept(Event)
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(Event)

// Accept calls f(e).
func (f SinkFunc) Accept(e Event) { f(e) }
