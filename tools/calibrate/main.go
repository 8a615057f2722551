// calibrate: runs the real hashicorp/raft on the shapes of clustersim's calibration scenarios,
// and compares the two sides. tools/calibrate.sh builds it and runs both; see
// experiments/calibration.md.
//
//	calibrate real --shape crash|partition|flap --heartbeat 100ms --election 100ms --lease 50ms --settle 1s
//	               [--flap-period 1s --flap-down 300ms --flap-periods 3] --trials 50 [--parallel 1] --out real.jsonl
//	calibrate compare --real real.jsonl --sim sim.json [--metric downtime|leaderless] [--tolerance 0.15] [--common 0.05]
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
		shapeName := flags.String("shape", "crash", "crash (the leader crashes), partition (the leader is cut off) or flap (a follower flaps)")
		flapPeriod := flags.Duration("flap-period", time.Second, "flap: each period starts with the follower cut off")
		flapDown := flags.Duration("flap-down", 300*time.Millisecond, "flap: how long it is cut off in each period")
		flapPeriods := flags.Int("flap-periods", 3, "flap: how many periods")
		trials := flags.Int("trials", 50, "trials")
		parallel := flags.Int("parallel", 1, "trials run at a time, each its own cluster")
		seed := flags.Int64("seed", 1, "seed of the crash instants")
		out := flags.String("out", "", "JSON lines, one per trial")
		flags.Parse(os.Args[2:])
		shapes := map[string]shape{"crash": leaderCrash, "partition": leaderPartition, "flap": followerFlap}
		chosen, known := shapes[*shapeName]
		if !known {
			fmt.Fprintln(os.Stderr, "calibrate real: --shape must be crash, partition or flap")
			os.Exit(2)
		}
		if *parallel < 1 || *trials < 1 || *flapPeriods < 1 || *flapDown <= 0 || *flapDown >= *flapPeriod {
			fmt.Fprintln(os.Stderr, "calibrate real: --trials, --parallel and --flap-periods are at least 1, and 0 < --flap-down < --flap-period")
			os.Exit(2)
		}
		file, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate real:", err)
			os.Exit(2)
		}
		t := timings{*heartbeat, *election, *lease, *settle, chosen, *flapPeriod, *flapDown, *flapPeriods}
		err = runReal(t, *trials, *parallel, *seed, file)
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
		metric := flags.String("metric", "downtime", "what the medians compare: downtime (mark to a new leader) or leaderless (mark to the end without one)")
		tolerance := flags.Float64("tolerance", 0.15, "largest relative difference of the medians")
		common := flags.Float64("common", 0.05, "an order in at least this share of one side's sequences must appear on the other")
		flags.Parse(os.Args[2:])
		if *metric != "downtime" && *metric != "leaderless" {
			fmt.Fprintln(os.Stderr, "calibrate compare: --metric must be downtime or leaderless")
			os.Exit(2)
		}
		real, err := readReal(*realPath, *metric)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate compare:", err)
			os.Exit(2)
		}
		sim, err := readSim(*simPath, *metric)
		if err != nil {
			fmt.Fprintln(os.Stderr, "calibrate compare:", err)
			os.Exit(2)
		}
		if !compare(real, sim, *metric, *tolerance, *common, os.Stdout) {
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "calibrate: unknown command", os.Args[1])
		os.Exit(2)
	}
}
