package reach

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistinct(t *testing.T) {
	tests := []struct {
		name  string
		items []string
	}{
		{"none", nil},
		{"one", []string{"a"}},
		{"all different", []string{"a", "b", "c"}},
		{"repeats", []string{"a", "b", "a", "c", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, len(uniq(tt.items)), distinct(tt.items))
		})
	}
}
