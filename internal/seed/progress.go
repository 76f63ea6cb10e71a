package seed

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// bar is a progress bar on a single line, redrawn with a carriage return:
//
//	employees  45000/100000 [=========>          ]  45% 12.3k/s
type bar struct {
	w     io.Writer
	label string
	total int
	done  int
	start time.Time
}

func newBar(w io.Writer, label string, total int) *bar {
	b := &bar{w: w, label: label, total: total, start: time.Now()}
	b.draw()
	return b
}

// add records n more rows done and redraws.
func (b *bar) add(n int) {
	b.done += n
	b.draw()
}

// finish redraws the bar a last time and ends its line.
func (b *bar) finish() {
	b.draw()
	fmt.Fprintln(b.w)
}

func (b *bar) draw() {
	const width = 20
	frac := 1.0
	if b.total > 0 {
		frac = min(1, float64(b.done)/float64(b.total))
	}
	fill := int(frac * width)
	track := strings.Repeat("=", width)
	if fill < width {
		track = strings.Repeat("=", fill) + ">" + strings.Repeat(" ", width-fill-1)
	}
	rate := 0.0
	if elapsed := time.Since(b.start).Seconds(); elapsed > 0 {
		rate = float64(b.done) / elapsed
	}
	fmt.Fprintf(b.w, "\r%-10s %*d/%d [%s] %3d%% %s/s", b.label, len(strconv.Itoa(b.total)), b.done, b.total, track, int(frac*100), perSecond(rate))
}

// perSecond renders a rate compactly: 850, 12.3k.
func perSecond(r float64) string {
	if r >= 1000 {
		return fmt.Sprintf("%.1fk", r/1000)
	}
	return fmt.Sprintf("%.0f", r)
}
