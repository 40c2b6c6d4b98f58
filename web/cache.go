package web

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// lru keeps results computed from documents (analyses, drawings) by a key
// derived from the document's content hash. A stored revision never
// changes, and the same bytes always give the same result, so entries never
// go stale; the least recently used go first once the cache holds more than
// max bytes (as estimated by size). Values are shared between requests and
// must not be modified.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	size  func(V) int
	used  int
	order *list.List               // front: most recently used
	items map[string]*list.Element // key -> element holding *lruEntry[V]
}

type lruEntry[V any] struct {
	key  string
	val  V
	size int
}

func newLRU[V any](maxBytes int, size func(V) int) *lru[V] {
	return &lru[V]{max: maxBytes, size: size, order: list.New(), items: map[string]*list.Element{}}
}

// docKey names a result computed from data; kind says which result.
func docKey(kind string, data []byte) string { return kind + ":" + contentHash(data) }

// contentHash names a document's content in docKey's keys.
func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[V]).val, true
}

// put stores val. A value larger than a quarter of the cache is not kept,
// so that one huge drawing cannot evict everything else.
func (c *lru[V]) put(key string, val V) {
	n := c.size(val)
	if n > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry[V]{key: key, val: val, size: n})
	c.used += n
	for c.used > c.max {
		el := c.order.Back()
		e := el.Value.(*lruEntry[V])
		c.order.Remove(el)
		delete(c.items, e.key)
		c.used -= e.size
	}
}
