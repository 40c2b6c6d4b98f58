package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestLoad drives "archway serve" on loopback with 32 clients, each saving,
// analysing and drawing (SVG) its own 100-resource design (once as an API
// client posts it, once as the editor saves it), and reports
// server-side latency per route from the server's own request log,
// throughput, and the server's peak resident memory. It runs only with
// ARCHWAY_LOAD=1 and is bounded in time (phases of a few seconds) and in
// requests (maxCycles per client).
//
//	ARCHWAY_LOAD=1 go test ./cmd/archway -run TestLoad -v
//
// Two phases: "paced", where each client starts a cycle every pace on
// average (users who save now and then), and "saturated", where each client
// starts the next cycle as soon as the last one ends (the most the server
// can do).
//
// Paced clients behave like independent users: each starts at a random
// moment within the first pace and then waits an exponentially distributed
// time (mean pace) between cycles, so that together they arrive as a
// Poisson stream of about clients/pace cycles a second. Clients that all
// started at once and kept a fixed rhythm would arrive in bursts of 32
// every pace, and p99 would measure how long the last of a burst queues
// behind the other 31, not how the server serves users. Each client has its
// own generator, seeded with its number, so runs are repeatable and clients
// share no state.
func TestLoad(t *testing.T) {
	if os.Getenv("ARCHWAY_LOAD") != "1" {
		t.Skip("set ARCHWAY_LOAD=1 to run the load test")
	}
	const (
		clients   = 32
		maxCycles = 2000
	)
	bin := buildArchway(t)
	// Two forms of the same 100 resources: as an API client posts it (no
	// positions, so the renderer places the nodes and routes every arrow)
	// and as the editor saves it (big100-routed.json: positions and arrow
	// routes stored, written once from big100.json with render.Route, which
	// the renderer draws as given).
	for _, form := range []struct{ name, file string }{
		{"plain", "big100.json"},
		{"routed", "big100-routed.json"},
	} {
		doc, err := os.ReadFile(filepath.Join("..", "..", "web", "testdata", form.file))
		require.NoError(t, err)
		t.Run(form.name, func(t *testing.T) { loadPhases(t, bin, doc, clients, maxCycles) })
	}
}

// loadPhases runs the two phases of TestLoad on doc.
func loadPhases(t *testing.T, bin string, doc []byte, clients, maxCycles int) {
	for _, phase := range []struct {
		name string
		pace time.Duration
		dur  time.Duration
	}{
		{"paced", 2 * time.Second, 12 * time.Second},
		{"saturated", 0, 5 * time.Second},
	} {
		t.Run(phase.name, func(t *testing.T) {
			var err error
			if b, err := os.ReadFile("/proc/loadavg"); err == nil {
				t.Logf("load average before: %s", strings.Join(strings.Fields(string(b))[:3], " "))
			}
			srv := startServer(t, bin, filepath.Join(t.TempDir(), "load.db"))
			client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
			defer client.CloseIdleConnections()

			// The designs are created before the clock starts: creating is
			// not what is measured, and 32 creations at once would queue
			// the first saves behind them.
			designs := make([]design, clients)
			for i := range designs {
				designs[i], err = create(client, srv.url, doc)
				require.NoError(t, err)
			}

			var (
				wg       sync.WaitGroup
				mu       sync.Mutex
				cycles   int
				failures []string
			)
			cpu0 := cpuTime(t, srv.cmd.Process.Pid)
			start := time.Now()
			deadline := start.Add(phase.dur)
			for i, d := range designs {
				wg.Go(func() {
					n, err := loadClient(client, srv.url, d, doc, i, phase.pace, deadline, maxCycles)
					mu.Lock()
					defer mu.Unlock()
					cycles += n
					if err != nil {
						failures = append(failures, err.Error())
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			peak := peakRSS(t, srv.cmd.Process.Pid)
			cpu := cpuTime(t, srv.cmd.Process.Pid) - cpu0
			require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
			<-srv.done
			require.Empty(t, failures)

			byRoute := requestDurations(t, srv.logs.String())
			routes := slices.Sorted(maps.Keys(byRoute))
			var all []time.Duration
			for _, route := range routes {
				if ds := byRoute[route]; strings.HasPrefix(route, "PUT") || strings.Contains(route, "analysis") || strings.HasPrefix(route, "GET /v/") {
					all = append(all, ds...)
					t.Logf("%-42s n=%5d p50=%6.2fms p99=%6.2fms", route, len(ds), ms(pct(ds, 50)), ms(pct(ds, 99)))
				}
			}
			t.Logf("all three: n=%d p50=%.2fms p99=%.2fms", len(all), ms(pct(all, 50)), ms(pct(all, 99)))
			t.Logf("%d cycles in %s: %.0f cycles/s, %.0f requests/s; server peak RSS %.0f MiB; server CPU %.2f ms per cycle",
				cycles, elapsed.Round(time.Millisecond), float64(cycles)/elapsed.Seconds(),
				float64(3*cycles)/elapsed.Seconds(), float64(peak)/(1<<20), ms(cpu)/float64(max(cycles, 1)))
		})
	}
}

// design is a design a client created: its tokens.
type design struct{ EditToken, ViewToken string }

// create stores doc as a new design.
func create(client *http.Client, base string, doc []byte) (design, error) {
	resp, err := client.Post(base+"/api/v1/designs", "application/json", bytes.NewReader(doc))
	if err != nil {
		return design{}, err
	}
	defer resp.Body.Close()
	var d design
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || resp.StatusCode != http.StatusCreated {
		return design{}, fmt.Errorf("create: %d %v", resp.StatusCode, err)
	}
	return d, nil
}

// loadClient runs save, analysis, SVG export cycles on its design until the
// deadline or maxCycles. With a pace it waits a random time before the
// first cycle and between cycles (see TestLoad); without one it goes back
// to back.
func loadClient(client *http.Client, base string, d design, doc []byte, id int, pace time.Duration, deadline time.Time, maxCycles int) (int, error) {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(loadSeed, uint64(id)))
	next := time.Now().Add(time.Duration(rng.Float64() * float64(pace)))
	rev := 1
	n := 0
	for ; n < maxCycles; n++ {
		if pace > 0 {
			if next.After(deadline) {
				break
			}
			time.Sleep(time.Until(next))
			next = next.Add(time.Duration(rng.ExpFloat64() * float64(pace)))
		}
		if !time.Now().Before(deadline) {
			break
		}
		m["title"] = fmt.Sprintf("client %d cycle %d", id, n)
		body, _ := json.Marshal(m)
		req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/designs/"+d.EditToken, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", `"`+strconv.Itoa(rev)+`"`)
		if err := expect(client, req, http.StatusOK); err != nil {
			return n, err
		}
		rev++
		for _, path := range []string{"/api/v1/designs/" + d.ViewToken + "/analysis", "/v/" + d.ViewToken + ".svg"} {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			if err := expect(client, req, http.StatusOK); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// loadSeed seeds every client's generator, with the client's number as the
// stream.
const loadSeed = 6

func expect(client *http.Client, req *http.Request, status int) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != status {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return nil
}

// requestDurations reads the server's request log: durations by method and
// route.
func requestDurations(t *testing.T, logs string) map[string][]time.Duration {
	t.Helper()
	out := map[string][]time.Duration{}
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l struct {
			Msg, Method, Route string
			Duration           int64
		}
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Msg != "request" {
			continue
		}
		key := l.Method + " " + l.Route
		out[key] = append(out[key], time.Duration(l.Duration))
	}
	require.NoError(t, sc.Err())
	return out
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// peakRSS reads a process's peak resident set size (VmHWM) from /proc.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// cpuTime reads the user and system CPU time a process has used so far from
// /proc (fields 14 and 15 of stat, in clock ticks of 1/100 s on Linux).
func cpuTime(t *testing.T, pid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	require.NoError(t, err)
	// The command name (field 2) may hold spaces; fields after it are plain.
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	utime, err := strconv.ParseInt(fields[11], 10, 64)
	require.NoError(t, err)
	stime, err := strconv.ParseInt(fields[12], 10, 64)
	require.NoError(t, err)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
