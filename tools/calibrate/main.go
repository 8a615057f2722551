// calibrate: runs the real hashicorp/raft on the shapes of clustersim's calibration scenarios,
// and compares the two sides. tools/calibrate.sh builds it and runs both; see
// experiments/calibration.md.
//
//	calibrate real --shape crash|partition --heartbeat 100ms --election 100ms --lease 50ms --settle 1s --trials 50 --out real.jsonl
//	calibrate compare --real real.jsonl --sim sim.json [--tolerance 0.15] [--common 0.05]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: calibrate real|compare [options]; -h for each")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "real":
		flags := flag.NewFlagSet("real", flag.ExitOnError)
		heartbeat := flags.Duration("heartbeat", 100*time.Millisecond, "HeartbeatTimeout")
		election := flags.Duration("election", 100*time.Millisecond, "ElectionTimeout")
		lease := flags.Duration("lease", 50*time.Millisecond, "LeaderLeaseTimeout")
		settle := flags.Duration("settle", time.Second, "time before the crash and after the new leader")
		shape := flags.String("shape", "crash", "crash (the leader crashes) or partition (the leader is cut off)")
		trials := flags.Int("trials", 50, "trials")
		seed := flags.Int64("seed", 1, "seed of the crash instants")
		out := flags.String("out", "", "JSON lines, one per trial")
		flags.Parse(os.Args[2:])
		if *shape != "crash" && *shape != "partition" {
			fmt.Fprintln(os.Stderr, "calibrate real: --shape must be crash or partition")
			os.Exit(2)
		}
		file, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate real:", err)
			os.Exit(2)
		}
		err = runReal(timings{*heartbeat, *election, *lease, *settle, *shape == "partition"}, *trials, *seed, file)
		if closeErr := file.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate real:", err)
			os.Remove(*out)
			os.Exit(1)
		}
	case "compare":
		flags := flag.NewFlagSet("compare", flag.ExitOnError)
		realPath := flags.String("real", "", "calibrate real's output")
		simPath := flags.String("sim", "", "clustersim sweep --out ... --observations output")
		tolerance := flags.Float64("tolerance", 0.15, "largest relative difference of the median downtimes")
		common := flags.Float64("common", 0.05, "an order in at least this share of one side's sequences must appear on the other")
		flags.Parse(os.Args[2:])
		real, err := readReal(*realPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate compare:", err)
			os.Exit(2)
		}
		sim, err := readSim(*simPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate compare:", err)
			os.Exit(2)
		}
		if !compare(real, sim, *tolerance, *common, os.Stdout) {
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "calibrate: unknown command", os.Args[1])
		os.Exit(2)
	}
}
