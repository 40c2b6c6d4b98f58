package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func TestParseServe(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    serveConfig
		wantErr string
	}{
		{name: "defaults", want: serveConfig{addr: ":8080", db: "./data/archway.db"}},
		{name: "flags", args: []string{"--addr", "127.0.0.1:9000", "--db", "/tmp/x.db"},
			want: serveConfig{addr: "127.0.0.1:9000", db: "/tmp/x.db"}},
		{name: "environment", env: map[string]string{"ARCHWAY_ADDR": ":7000", "ARCHWAY_DB": "e.db"},
			want: serveConfig{addr: ":7000", db: "e.db"}},
		{name: "flags win over the environment", args: []string{"-db=f.db"},
			env:  map[string]string{"ARCHWAY_ADDR": ":7000", "ARCHWAY_DB": "e.db"},
			want: serveConfig{addr: ":7000", db: "f.db"}},
		{name: "empty db", args: []string{"--db", ""}, wantErr: "empty path"},
		{name: "unknown flag", args: []string{"--port", "1"}, wantErr: "flag provided but not defined"},
		{name: "stray argument", args: []string{"x"}, wantErr: `unexpected argument "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseServe(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRunServeUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, exitOK, runServe([]string{"--help"}, nil, &out, &errOut))
	assert.Contains(t, out.String(), "ARCHWAY_DB")
	assert.Equal(t, exitProblems, runServe([]string{"--nope"}, nil, &out, &errOut))
}

// server is "archway serve" running as a child process.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *lockedBuffer
	done chan struct{} // closed when the process has exited
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildArchway builds the binary once for the test.
func buildArchway(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "archway")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// startServer starts the binary on a free loopback port and waits until it
// listens.
func startServer(t *testing.T, bin, dbPath string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &server{cmd: cmd, logs: &lockedBuffer{}, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(s.logs, sc.Text())
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				addr <- line.Addr
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-s.done:
		t.Fatalf("archway serve exited early: %s", s.logs)
	case <-time.After(60 * time.Second):
		t.Fatalf("archway serve did not start: %s", s.logs)
	}
	return s
}

// ack is a save the server acknowledged.
type ack struct {
	revision int
	title    string
}

// saveUntilStopped saves to a design in a loop with the last seen revision
// until the server goes away, and reports every acknowledged save.
func saveUntilStopped(client *http.Client, url, tmpl string, worker int, acks chan<- ack) {
	last := 0
	for i := 0; ; i++ {
		if last == 0 {
			resp, err := client.Get(url)
			if err != nil {
				return // the server is gone
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			last, _ = strconv.Atoi(strings.Trim(resp.Header.Get("ETag"), `"`))
			continue
		}
		title := fmt.Sprintf("w%d-%d", worker, i)
		req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(strings.Replace(tmpl, "TITLE", title, 1)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", `"`+strconv.Itoa(last)+`"`)
		resp, err := client.Do(req)
		if err != nil {
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return // the answer was cut off: not acknowledged
		}
		var out struct{ Revision int }
		switch {
		case resp.StatusCode == http.StatusOK && json.Unmarshal(body, &out) == nil && out.Revision > 0:
			acks <- ack{revision: out.Revision, title: title}
			last = out.Revision
		default:
			last = 0 // stale or refused: look again
		}
	}
}

// verify checks that every acknowledged revision is there, intact, and that
// the history has no gaps.
func verify(t *testing.T, client *http.Client, url string, acked map[int]string) {
	t.Helper()
	resp, err := client.Get(url + "/revisions")
	require.NoError(t, err)
	var list struct{ Revisions []struct{ Number int } }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	resp.Body.Close()
	for i, r := range list.Revisions {
		require.Equal(t, len(list.Revisions)-i, r.Number, "no gaps in the history")
	}
	for n, title := range acked {
		resp, err := client.Get(url + "?revision=" + strconv.Itoa(n))
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "acknowledged revision %d is missing", n)
		d, ps := model.Decode(body)
		require.Empty(t, ps, "revision %d is damaged", n)
		require.Equal(t, title, d.Title, "revision %d holds what was acknowledged", n)
	}
}

// TestDurability runs "archway serve", saves continuously from several
// clients, kills the process with SIGKILL mid-stream, restarts it and checks
// that every acknowledged revision is intact, several times over; the last
// round stops it with SIGTERM instead, which must finish the saves in flight
// and exit 0.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildArchway(t)
	dbPath := filepath.Join(t.TempDir(), "data", "archway.db")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	tmplBytes, err := os.ReadFile(filepath.Join("..", "..", "examples", "E05.json"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(tmplBytes, &doc))
	doc["title"] = "TITLE"
	tmplJSON, err := json.Marshal(doc)
	require.NoError(t, err)
	tmpl := string(tmplJSON)

	var designURL string
	acked := map[int]string{}
	const rounds = 5
	for round := range rounds {
		srv := startServer(t, bin, dbPath)
		if designURL == "" {
			resp, err := client.Post(srv.url+"/api/v1/designs", "application/json", strings.NewReader(tmpl))
			require.NoError(t, err)
			var c struct{ EditToken string }
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
			resp.Body.Close()
			require.NotEmpty(t, c.EditToken)
			designURL = "/api/v1/designs/" + c.EditToken
		}
		verify(t, client, srv.url+designURL, acked)

		acks := make(chan ack, 1<<16)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() { saveUntilStopped(client, srv.url+designURL, tmpl, w, acks) })
		}
		time.Sleep(time.Duration(300+200*round) * time.Millisecond)
		graceful := round == rounds-1
		if graceful {
			require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
		} else {
			require.NoError(t, srv.cmd.Process.Signal(syscall.SIGKILL))
		}
		<-srv.done
		wg.Wait()
		client.CloseIdleConnections()
		close(acks)
		n := 0
		for a := range acks {
			_, dup := acked[a.revision]
			require.False(t, dup, "revision %d acknowledged twice", a.revision)
			acked[a.revision] = a.title
			n++
		}
		require.Positive(t, n, "round %d saved nothing", round)
		if graceful {
			assert.Equal(t, 0, srv.cmd.ProcessState.ExitCode(), "SIGTERM is a clean stop: %s", srv.logs)
			assert.Contains(t, srv.logs.String(), `"msg":"stopped"`)
		} else {
			var ws syscall.WaitStatus
			if status, ok := srv.cmd.ProcessState.Sys().(syscall.WaitStatus); ok {
				ws = status
			}
			assert.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "killed, not exited")
		}
		t.Logf("round %d (%s): %d saves acknowledged", round, map[bool]string{true: "SIGTERM", false: "SIGKILL"}[graceful], n)
	}
	srv := startServer(t, bin, dbPath)
	verify(t, client, srv.url+designURL, acked)
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	<-srv.done
	assert.NotContains(t, srv.logs.String(), `"level":"ERROR"`)
}

// TestServeSeedsExamples: a new database gets the public examples, once.
func TestServeSeedsExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildArchway(t)
	dbPath := filepath.Join(t.TempDir(), "new", "archway.db")
	for i := range 2 {
		srv := startServer(t, bin, dbPath)
		resp, err := http.Get(srv.url + "/api/v1/examples")
		require.NoError(t, err)
		var list struct{ Examples []struct{ Slug string } }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
		resp.Body.Close()
		assert.Len(t, list.Examples, 14)
		seeded := strings.Contains(srv.logs.String(), "seeded the public examples")
		assert.Equal(t, i == 0, seeded, "seeded on the first start only")
		health, err := http.Get(srv.url + "/healthz")
		require.NoError(t, err)
		health.Body.Close()
		assert.Equal(t, http.StatusOK, health.StatusCode)
		require.NoError(t, srv.cmd.Process.Signal(syscall.SIGINT))
		<-srv.done
		assert.Equal(t, 0, srv.cmd.ProcessState.ExitCode())
	}
}

// TestServeBadDatabase: a database path that cannot be used is bad input,
// reported in the log before anything listens.
func TestServeBadDatabase(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))
	var logs bytes.Buffer
	cfg := serveConfig{addr: "127.0.0.1:0", db: filepath.Join(file, "archway.db")}
	code := serve(context.Background(), func() {}, cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, logs.String(), "database")
	assert.NotContains(t, logs.String(), "listening")
}
