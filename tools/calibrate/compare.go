// The comparison: the real side's trials (JSON lines from `calibrate real`) against
// clustersim's (`clustersim sweep --out FILE --observations`, with the compared metric),
// printed side by side: quantiles of the metric (downtime, or leaderless time where the
// leader is not what fails), terms per election, and how often each observation-order bigram
// (two consecutive observations of one surviving node) appears. It fails when the medians differ
// by more than the tolerance, or when an order common on one side (in at least `common` of
// that side's node-trials) never appears on the other.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
)

type side struct {
	name      string
	metric    string    // the trial field measured: "downtime" or "leaderless"
	values    []float64 // ms
	missing   int
	terms     []uint64
	bigrams   map[string]int // node-trials in which the bigram appears
	sequences int            // node-trials
}

func newSide(name, metric string) *side {
	return &side{name: name, metric: metric, bigrams: map[string]int{}}
}

func (s *side) add(t trialResult) {
	value := t.Downtime
	if s.metric == "leaderless" {
		value = t.Leaderless
	}
	if value == nil {
		s.missing++
	} else {
		s.values = append(s.values, *value*1000)
	}
	if t.TermsAfterMark != nil {
		s.terms = append(s.terms, *t.TermsAfterMark)
	}
	for _, sequence := range t.Observations {
		s.sequences++
		seen := map[string]bool{}
		for i := 0; i+1 < len(sequence); i++ {
			seen[sequence[i]+" -> "+sequence[i+1]] = true
		}
		for bigram := range seen {
			s.bigrams[bigram]++
		}
	}
}

func readReal(path, metric string) (*side, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	s := newSide("hashicorp/raft", metric)
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for line := 1; scanner.Scan(); line++ {
		var t trialResult
		if err := json.Unmarshal(scanner.Bytes(), &t); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		s.add(t)
	}
	return s, scanner.Err()
}

func readSim(path, metric string) (*side, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var results struct {
		Trials []map[string]json.RawMessage `json:"trials"`
	}
	if err := json.Unmarshal(data, &results); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	s := newSide("clustersim", metric)
	for i, fields := range results.Trials {
		if _, measured := fields[metric]; !measured {
			return nil, fmt.Errorf("%s: trials[%d] has no %s: run the sweep with --metric %s", path, i, metric, metric)
		}
		if _, observed := fields["observations"]; !observed {
			return nil, fmt.Errorf("%s: trials[%d] has no observations: run the sweep with --observations", path, i)
		}
		var t trialResult
		whole, _ := json.Marshal(fields)
		if err := json.Unmarshal(whole, &t); err != nil {
			return nil, fmt.Errorf("%s: trials[%d]: %v", path, i, err)
		}
		s.add(t)
	}
	return s, nil
}

// quantile by the nearest rank, of sorted values.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	if rank < 0 {
		rank = 0
	}
	return sorted[rank]
}

func compare(real, sim *side, metric string, tolerance, common float64, out io.Writer) bool {
	ok := true
	sort.Float64s(real.values)
	sort.Float64s(sim.values)
	fmt.Fprintf(out, "%-20s %12s %12s\n", metric+" (ms)", real.name, sim.name)
	fmt.Fprintf(out, "  trials             %12d %12d\n", len(real.values)+real.missing, len(sim.values)+sim.missing)
	fmt.Fprintf(out, "  not measured       %12d %12d\n", real.missing, sim.missing)
	for _, q := range []struct {
		name  string
		value float64
	}{{"min", 0}, {"p10", 0.1}, {"p25", 0.25}, {"median", 0.5}, {"p75", 0.75}, {"p90", 0.9}, {"p99", 0.99}, {"max", 1}} {
		fmt.Fprintf(out, "  %-18s %12.1f %12.1f\n", q.name, quantile(real.values, q.value), quantile(sim.values, q.value))
	}
	realMedian, simMedian := quantile(real.values, 0.5), quantile(sim.values, 0.5)
	difference := math.Abs(simMedian-realMedian) / realMedian
	verdict := "ok"
	if !(difference <= tolerance) {
		verdict = "FAIL"
		ok = false
	}
	fmt.Fprintf(out, "  medians differ by %.1f%% (at most %.0f%%): %s\n\n", difference*100, tolerance*100, verdict)

	fmt.Fprintf(out, "terms per election   %12s %12s\n", real.name, sim.name)
	for _, k := range []uint64{1, 2, 3} {
		label := fmt.Sprintf("%d", k)
		if k == 3 {
			label = "3 or more"
		}
		fmt.Fprintf(out, "  %-18s %11.1f%% %11.1f%%\n", label, share(real.terms, k), share(sim.terms, k))
	}
	fmt.Fprintf(out, "  %-18s %12.2f %12.2f\n\n", "mean", mean(real.terms), mean(sim.terms))

	fmt.Fprintf(out, "observation orders (share of surviving nodes' sequences that contain each)\n")
	fmt.Fprintf(out, "  %-44s %12s %12s\n", "bigram", real.name, sim.name)
	all := map[string]bool{}
	for b := range real.bigrams {
		all[b] = true
	}
	for b := range sim.bigrams {
		all[b] = true
	}
	names := make([]string, 0, len(all))
	for b := range all {
		names = append(names, b)
	}
	sort.Strings(names)
	for _, b := range names {
		r := fraction(real.bigrams[b], real.sequences)
		s := fraction(sim.bigrams[b], sim.sequences)
		mark := ""
		if (r >= common && sim.bigrams[b] == 0) || (s >= common && real.bigrams[b] == 0) {
			mark = "  FAIL: common on one side only"
			ok = false
		} else if real.bigrams[b] == 0 || sim.bigrams[b] == 0 {
			mark = "  (rare, one side only)"
		}
		fmt.Fprintf(out, "  %-44s %11.1f%% %11.1f%%%s\n", b, r*100, s*100, mark)
	}
	return ok
}

func fraction(count, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(count) / float64(of)
}

func share(terms []uint64, k uint64) float64 {
	count := 0
	for _, t := range terms {
		if t == k || (k == 3 && t >= 3) {
			count++
		}
	}
	return fraction(count, len(terms)) * 100
}

func mean(terms []uint64) float64 {
	sum := 0.0
	for _, t := range terms {
		sum += float64(t)
	}
	return sum / float64(len(terms))
}
