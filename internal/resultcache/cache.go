package resultcache

import (
	"container/list"
	"context"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type markKey struct{}

// Mark returns ctx whose reads (outside transactions) may be answered from
// the result cache. The analytics mark the contexts of their aggregates.
func Mark(ctx context.Context) context.Context {
	return context.WithValue(ctx, markKey{}, true)
}

// Marked reports whether ctx was marked by Mark.
func Marked(ctx context.Context) bool {
	on, _ := ctx.Value(markKey{}).(bool)
	return on
}

// Stats are a cache's counters since it was made.
type Stats struct {
	// Hits are statements answered from the cache.
	Hits int64
	// Misses are statements run and kept (or run for a concurrent
	// identical miss that then shared their result).
	Misses int64
	// Uncacheable are marked statements run as usual: they name a table
	// without a change fingerprint, or a function such as now().
	Uncacheable int64
	// Bytes is the estimated memory the kept results hold.
	Bytes int64
	// Entries is the number of kept results.
	Entries int64
}

// Cache is a bounded (by bytes, least recently used out first) map from
// (statement, arguments, fingerprints) to a statement's result.
type Cache struct {
	limit atomic.Int64

	mu      sync.Mutex
	lru     *list.List // of *entry, most recent first
	entries map[string]*list.Element
	flights map[string]*flight
	bytes   int64

	hits, misses, uncacheable atomic.Int64
}

// New returns a cache holding at most limit bytes of results (0 disables it).
func New(limit int64) *Cache {
	c := &Cache{lru: list.New(), entries: map[string]*list.Element{}, flights: map[string]*flight{}}
	c.limit.Store(limit)
	return c
}

// SetLimit changes the bound (0 disables the cache and empties it).
func (c *Cache) SetLimit(limit int64) {
	c.limit.Store(limit)
	c.mu.Lock()
	c.evict()
	c.mu.Unlock()
}

// Limit is the bound in bytes (0: disabled).
func (c *Cache) Limit() int64 { return c.limit.Load() }

// Stats returns the counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	b, n := c.bytes, int64(len(c.entries))
	c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Uncacheable: c.uncacheable.Load(), Bytes: b, Entries: n}
}

// result is a statement's answer as the driver gave it.
type result struct {
	cols  []column
	rows  [][]driver.Value
	bytes int64
}

// column is what database/sql's ColumnType said of a column.
type column struct {
	name             string
	scanType         reflect.Type
	dbType           string
	nullable, hasNul bool
}

type entry struct {
	key string
	res *result
}

type flight struct {
	done    chan struct{}
	res     *result
	err     error
	waiters atomic.Int64 // callers waiting for it (for tests)
}

// get returns the kept result of key and marks it recently used.
func (c *Cache) get(key string) *result {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(el)
	return el.Value.(*entry).res
}

// put keeps res under key unless it is larger than a quarter of the bound.
func (c *Cache) put(key string, res *result) {
	size := res.bytes + int64(len(key)) + 64
	limit := c.limit.Load()
	if size > limit/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return
	}
	c.entries[key] = c.lru.PushFront(&entry{key: key, res: res})
	c.bytes += size
	c.evict()
}

// evict drops the least recently used results until the bound holds.
func (c *Cache) evict() {
	limit := c.limit.Load()
	for c.bytes > limit && c.lru.Len() > 0 {
		el := c.lru.Back()
		e := el.Value.(*entry)
		c.lru.Remove(el)
		delete(c.entries, e.key)
		c.bytes -= e.res.bytes + int64(len(e.key)) + 64
	}
}

// do returns the result of key, from the cache or from run; concurrent
// callers of one missing key wait for the first one's run.
func (c *Cache) do(ctx context.Context, key string, run func() (*result, error)) (*result, error) {
	if res := c.get(key); res != nil {
		c.hits.Add(1)
		return res, nil
	}
	c.mu.Lock()
	if f, ok := c.flights[key]; ok {
		f.waiters.Add(1)
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err == nil {
			c.hits.Add(1)
			return f.res, nil
		}
		// The first caller failed (its context ended, say): run it here.
		c.misses.Add(1)
		return run()
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.mu.Unlock()
	c.misses.Add(1)
	f.res, f.err = run()
	if f.err == nil {
		c.put(key, f.res)
	}
	c.mu.Lock()
	delete(c.flights, key)
	c.mu.Unlock()
	close(f.done)
	return f.res, f.err
}

// appendArgs appends an exact text form of args to b; ok is false for an
// argument of a kind it does not know (the statement is then not cached).
func appendArgs(b *strings.Builder, args []any) bool {
	for _, a := range args {
		if v, ok := a.(driver.Valuer); ok {
			dv, err := v.Value()
			if err != nil {
				return false
			}
			a = dv
		}
		b.WriteByte(0)
		switch v := a.(type) {
		case nil:
			b.WriteString("n")
		case string:
			b.WriteString("s")
			b.WriteString(strconv.Itoa(len(v)))
			b.WriteByte(':')
			b.WriteString(v)
		case []byte:
			b.WriteString("x")
			b.WriteString(hex.EncodeToString(v))
		case bool:
			b.WriteString("b" + strconv.FormatBool(v))
		case int64:
			b.WriteString("i" + strconv.FormatInt(v, 10))
		case float64:
			b.WriteString("d" + strconv.FormatUint(math.Float64bits(v), 16))
		case time.Time:
			// The offset is kept: a date cast of the same instant
			// differs between zones.
			b.WriteString("t" + v.Format(time.RFC3339Nano))
		default:
			// Other integer and float types, and named kinds (ent's
			// enums are strings, ids ints): by their kind.
			rv := reflect.ValueOf(a)
			switch rv.Kind() {
			case reflect.String:
				b.WriteString("s")
				b.WriteString(strconv.Itoa(rv.Len()))
				b.WriteByte(':')
				b.WriteString(rv.String())
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				b.WriteString("i" + strconv.FormatInt(rv.Int(), 10))
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				b.WriteString("u" + strconv.FormatUint(rv.Uint(), 10))
			case reflect.Bool:
				b.WriteString("b" + strconv.FormatBool(rv.Bool()))
			case reflect.Float64, reflect.Float32:
				b.WriteString("d" + strconv.FormatUint(math.Float64bits(rv.Float()), 16))
			default:
				return false
			}
		}
	}
	return true
}

// size estimates the memory of a driver value.
func size(v driver.Value) int64 {
	switch v := v.(type) {
	case string:
		return 16 + int64(len(v))
	case []byte:
		return 24 + int64(len(v))
	case time.Time:
		return 24
	default:
		return 16
	}
}

// String describes the counters, for logs.
func (s Stats) String() string {
	return fmt.Sprintf("hits=%d misses=%d uncacheable=%d bytes=%d entries=%d", s.Hits, s.Misses, s.Uncacheable, s.Bytes, s.Entries)
}
