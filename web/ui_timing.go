package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// stepTimes notes how long the steps of an editor action took and sends
// them in the Server-Timing header: browsers show them beside the request,
// and the move-latency test reports them.
type stepTimes struct {
	last  time.Time
	steps []string
}

const stepTimesKey = "archway.steps"

// steps returns the request's step clock, started at its first use.
func steps(c echo.Context) *stepTimes {
	if s, ok := c.Get(stepTimesKey).(*stepTimes); ok {
		return s
	}
	s := &stepTimes{last: time.Now()}
	c.Set(stepTimesKey, s)
	return s
}

// done notes that step name ended now. A nil clock notes nothing.
func (s *stepTimes) done(name string) {
	if s == nil {
		return
	}
	now := time.Now()
	s.add(name, now.Sub(s.last))
	s.last = now
}

// add notes a step timed elsewhere (one that ran beside others).
func (s *stepTimes) add(name string, d time.Duration) {
	s.steps = append(s.steps, name+";dur="+strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64))
}

// merge adds the steps of a clock that ran beside this one, prefixed.
func (s *stepTimes) merge(prefix string, o *stepTimes) {
	for _, step := range o.steps {
		s.steps = append(s.steps, prefix+step)
	}
}

// send sets the header; it must come before the body.
func (s *stepTimes) send(c echo.Context) {
	if len(s.steps) > 0 {
		c.Response().Header().Set("Server-Timing", strings.Join(s.steps, ", "))
	}
}
