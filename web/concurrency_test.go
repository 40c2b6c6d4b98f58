package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// httpSaver is one editor saving a design in a loop over HTTP, always with
// the last revision it has seen as If-Match.
type httpSaver struct {
	client *http.Client
	base   string // server URL + design path
}

// put saves doc on top of revision base and returns the status, the new
// revision (on 200) and the body.
func (s httpSaver) put(doc []byte, base int) (int, int, []byte, error) {
	req, err := http.NewRequest(http.MethodPut, s.base, bytes.NewReader(doc))
	if err != nil {
		return 0, 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", etag(base))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, nil, err
	}
	n, _ := parseETag(resp.Header.Get("ETag"))
	return resp.StatusCode, n, body, nil
}

// current asks for the current revision.
func (s httpSaver) current() (int, error) {
	resp, err := s.client.Get(s.base)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	n, ok := parseETag(resp.Header.Get("ETag"))
	if resp.StatusCode != http.StatusOK || !ok {
		return 0, fmt.Errorf("GET: %d %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	return n, nil
}

func TestConcurrentSavesHTTP(t *testing.T) {
	dur := 5 * time.Second
	if testing.Short() {
		dur = time.Second
	}
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	s := httpSaver{client: client, base: f.srv.URL + designPath(c.EditToken)}
	template := retitled(t, exampleDoc(t, "E01"), "TITLE")

	var (
		mu        sync.Mutex
		acks      = map[int]string{} // revision -> title saved
		dups      []int
		failures  []string
		conflicts int
	)
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			last := 1
			for i := 0; time.Now().Before(deadline); i++ {
				title := fmt.Sprintf("g%d i%d", g, i)
				doc := bytes.Replace(template, []byte(`"TITLE"`), []byte(`"`+title+`"`), 1)
				status, n, body, err := s.put(doc, last)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case status == http.StatusOK:
					if _, dup := acks[n]; dup {
						dups = append(dups, n)
					}
					acks[n] = title
					last = n
				case status == http.StatusPreconditionFailed:
					conflicts++
				default:
					failures = append(failures, fmt.Sprintf("%d %s", status, body))
				}
				mu.Unlock()
				if err != nil || status == http.StatusPreconditionFailed {
					if last, err = s.current(); err != nil {
						mu.Lock()
						failures = append(failures, err.Error())
						mu.Unlock()
						return
					}
				}
			}
		})
	}
	wg.Wait()

	require.Empty(t, failures, "no 5xx, no transport errors, nothing but 200 and 412")
	assert.Empty(t, dups, "every success has its own revision")
	assert.NotContains(t, f.logs.String(), "database is locked")
	require.NotEmpty(t, acks)

	r := f.do(http.MethodGet, designPath(c.ViewToken, "/revisions"), nil)
	require.Equal(t, http.StatusOK, r.status)
	var list struct{ Revisions []revision }
	r.decode(t, &list)
	require.Len(t, list.Revisions, len(acks)+1, "every stored revision after the first was acknowledged")
	for i, rev := range list.Revisions {
		require.Equal(t, len(list.Revisions)-i, rev.Number, "no gaps")
	}
	for n, title := range acks {
		r := f.do(http.MethodGet, designPath(c.ViewToken, "?revision="+strconv.Itoa(n)), nil)
		require.Equal(t, http.StatusOK, r.status)
		d, ps := model.Decode(r.body)
		require.Empty(t, ps)
		require.Equal(t, title, d.Title, "revision %d holds what was acknowledged", n)
	}
	t.Logf("%d saves acknowledged, %d answered 412 in %s", len(acks), conflicts, dur)
	assert.False(t, strings.Contains(f.logs.String(), `"status":5`), "no 5xx in the logs")
}
