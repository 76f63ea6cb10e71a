package feed

// LocalHubs reports how many hubs l wakes, for the tests of feed_test.
func LocalHubs(l *Local) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hubs)
}
