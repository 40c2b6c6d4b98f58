package web

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecoveredHandsAPanicOver checks that a goroutine a request starts
// hands its panic over as an error, with the stack of where it happened,
// instead of ending the process; and that a goroutine that does not panic
// keeps its own result and error.
func TestRecoveredHandsAPanicOver(t *testing.T) {
	run := func(f func() error) error {
		out := make(chan error, 1)
		go func() {
			var err error
			defer func() { out <- err }()
			defer recovered(&err)
			err = f()
		}()
		return <-out
	}

	err := run(func() error { panic("drawing went wrong") })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "panic: drawing went wrong")
	assert.Contains(t, err.Error(), "TestRecoveredHandsAPanicOver", "the stack of the goroutine that panicked")
	status, _, _ := statusOf(err)
	assert.Equal(t, 500, status)

	var nilMap map[string]int
	err = run(func() error { nilMap["x"] = 1; return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "assignment to entry in nil map")

	own := errors.New("its own error")
	assert.Equal(t, own, run(func() error { return own }))
	assert.NoError(t, run(func() error { return nil }))
}
