package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestVectors replays clustersim's test vectors (clustersim vectors DIR; the directory in
// $CLUSTERSIM_VECTORS) through this tracker's protocol handling and requires every answer to
// equal the built-in tracker's byte for byte.
func TestVectors(t *testing.T) {
	dir := os.Getenv("CLUSTERSIM_VECTORS")
	if dir == "" {
		t.Skip("CLUSTERSIM_VECTORS is not set: write vectors with `clustersim vectors DIR` and point it there")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files in %s (%v)", dir, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) { replay(t, file) })
	}
}

func replay(t *testing.T, file string) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := &session{nodes: map[string]*node{}}
	defer func() {
		for _, n := range s.nodes {
			n.stop()
		}
	}()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for scanner.Scan() {
		line++
		var vector struct {
			Request json.RawMessage `json:"request"`
			Answer  json.RawMessage `json:"answer"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &vector); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		var r request
		if err := json.Unmarshal(vector.Request, &r); err != nil {
			t.Fatalf("line %d: request: %v", line, err)
		}
		got, err := s.handle(&r)
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if r.Type == "hello" {
			continue // the answer names the tracker
		}
		if string(got) != string(vector.Answer) {
			t.Fatalf("line %d: request %s\n got: %s\nwant: %s", line, vector.Request, got, vector.Answer)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
}
