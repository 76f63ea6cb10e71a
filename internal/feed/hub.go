package feed

import "time"

// now is the clock of the feed.
var now = time.Now

// Hub fans the complaint event log out to the subscribers of one instance.
type Hub struct {
	wake chan struct{}
}

// Wake asks the hub to read the log now. It never blocks.
func (h *Hub) Wake() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}
