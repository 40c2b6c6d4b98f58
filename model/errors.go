package model

import "errors"

// Error kinds. Every error a caller may need to tell apart wraps one of them, so
// callers test with errors.Is and the HTTP layer maps a kind to a status in one place.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
)

// Error is a message safe to show a user, tagged with one of the kinds above.
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }
