package web

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// cacheBytes bounds the memory the cache holds.
const cacheBytes = 32 << 20

// cache keeps encoded results (analyses, drawings) of documents by content
// hash. A stored revision never changes, and the same bytes always give the
// same result, so entries never go stale; the least recently used go first
// when the cache is full. Saving fills it, so the analysis a client fetches
// right after a save costs nothing.
type cache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List               // front: most recently used
	items map[string]*list.Element // key -> element holding *entry
}

type entry struct {
	key string
	val []byte
}

func newCache(maxBytes int) *cache {
	return &cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

// docKey names a result computed from data; kind says which result.
func docKey(kind string, data []byte) string {
	sum := sha256.Sum256(data)
	return kind + ":" + hex.EncodeToString(sum[:])
}

func (c *cache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).val, true
}

// put stores val; callers must not change it afterwards. A value larger than
// a quarter of the cache is not kept, so one huge drawing cannot evict all.
func (c *cache) put(key string, val []byte) {
	if len(val) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, val: val})
	c.size += len(val)
	for c.size > c.max {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.items, e.key)
		c.size -= len(e.val)
	}
}
