package analytics

import (
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// x builds an SQL expression from text in which each "?" stands for the
// next part: a sql.Querier is written in its place, any other value is bound
// as an argument (a placeholder of the dialect: ? for SQLite, $n for
// PostgreSQL). The text names tables and columns itself, quoted with double
// quotes, which both dialects accept.
func x(text string, parts ...any) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		rest := text
		for _, p := range parts {
			i := strings.IndexByte(rest, '?')
			if i < 0 {
				break
			}
			b.WriteString(rest[:i])
			b.Arg(p)
			rest = rest[i+1:]
		}
		b.WriteString(rest)
	})
}

// on is a join condition written as SQL text without arguments.
func on(text string) *sql.Predicate { return sql.ExprP(text) }

// col is a quoted, qualified column: col("e", "unit_id") is "e"."unit_id".
func col(alias, name string) string { return `"` + alias + `"."` + name + `"` }

// ident quotes a name.
func ident(name string) string { return `"` + name + `"` }

// lit renders an integer literal; used where a value is part of the query's
// shape (a level of the unit tree, a bound of an age band) rather than data.
func lit(n int) string { return strconv.Itoa(n) }

// str renders a string literal. Only constants of this package go through
// it (enum values), never input.
func str(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// zoneWIB is the offset of Western Indonesian Time in hours: instants
// (a complaint's receipt, a survey's submission) are bucketed into days,
// months and years as Lampung sees them. Calendar dates (a training's last
// day, a work-log day, an appraisal period) are stored as UTC midnight and
// bucketed in UTC.
const zoneWIB = 7

// dia writes the expressions whose SQL differs between SQLite and
// PostgreSQL. SQLite (modernc.org/sqlite) stores times as text in Go's
// time.Time.String format ("2026-01-02 15:04:05.123 +0700 WIB", possibly
// followed by a monotonic clock reading), which its date functions cannot
// read directly; PostgreSQL stores timestamptz.
type dia string

func (d dia) pg() bool { return string(d) == dialect.Postgres }

// iso rewrites a SQLite time column into an ISO 8601 text with a numeric
// offset ("2026-01-02 15:04:05.123+07:00") that julianday and strftime
// read. Values already in ISO form (a 'T' after the date) are kept.
func (d dia) iso(c string) string {
	sp := `instr(substr(` + c + `, 12), ' ')`
	return `(CASE WHEN substr(` + c + `, 11, 1) = 'T' THEN ` + c +
		` ELSE substr(` + c + `, 1, 10 + ` + sp + `) || substr(` + c + `, 12 + ` + sp + `, 3) || ':' || substr(` + c + `, 15 + ` + sp + `, 2) END)`
}

// days is an instant as a (fractional) number of days since the Unix epoch:
// differences of two are durations, comparisons with epochDays order it.
func (d dia) days(c string) string {
	if d.pg() {
		return `(EXTRACT(EPOCH FROM ` + c + `) / 86400.0)`
	}
	return `(julianday(` + d.iso(c) + `) - 2440587.5)`
}

// epochDays is t as days since the Unix epoch, to compare with days.
func epochDays(t time.Time) float64 { return float64(t.UnixNano()) / float64(24*time.Hour) }

// hoursBetween is the duration from a to b in hours (NULL if either is).
func (d dia) hoursBetween(a, b string) string {
	return `((` + d.days(b) + ` - ` + d.days(a) + `) * 24.0)`
}

// daysBetween is the duration from a to b in days.
func (d dia) daysBetween(a, b string) string {
	return `(` + d.days(b) + ` - ` + d.days(a) + `)`
}

// year, month: the calendar year or month (1–12) of an instant, read in
// the zone zone hours east of UTC, as an integer. On PostgreSQL through
// date_part, which returns a double, not EXTRACT, which since PostgreSQL 14
// returns a numeric: the same whole numbers, at about half the cost over
// the 294,000 work logs of the scale dataset (the month key: 80–138 → 62–78
// ms of backend CPU for the two fields).
func (d dia) year(c string, zone int) string  { return d.part(c, zone, "year", "%Y") }
func (d dia) month(c string, zone int) string { return d.part(c, zone, "month", "%m") }

func (d dia) part(c string, zone int, pgField, sqliteFormat string) string {
	if d.pg() {
		local := `(` + c + ` AT TIME ZONE 'UTC')`
		if zone != 0 {
			local = `(` + local + ` + INTERVAL '` + lit(zone) + ` hours')`
		}
		return `CAST(date_part('` + pgField + `', ` + local + `) AS INTEGER)`
	}
	mod := ""
	if zone != 0 {
		mod = `, '+` + lit(zone) + ` hours'`
	}
	return `CAST(strftime('` + sqliteFormat + `', ` + d.iso(c) + mod + `) AS INTEGER)`
}

// ymd is the UTC calendar date of c as the integer yyyymmdd. Whole years
// between two dates are (ymd(later) − ymd(earlier)) / 10000 in integer
// arithmetic, in both dialects.
func (d dia) ymd(c string) string {
	if d.pg() {
		return `CAST(to_char(` + c + ` AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)`
	}
	return `CAST(strftime('%Y%m%d', ` + d.iso(c) + `) AS INTEGER)`
}

// ymdOf is t's UTC calendar date as the integer yyyymmdd.
func ymdOf(t time.Time) int {
	y, m, dd := t.UTC().Date()
	return y*10000 + int(m)*100 + dd
}

// yearsSince is the whole years from the date in c to the date now (an
// age, years of service); NULL when c is.
//
// On PostgreSQL the years from 0 to maxYears are found by searching c
// among the instants each one begins: width_bucket over a constant array
// of them, one call doing its binary search in C (about seven comparisons
// of timestamps), instead of formatting every date as text (to_char),
// which costs several times more over 100,000 employees, or of the same
// search written as nested CASEs (round 5: region × profession × age band,
// with both an age and service years, 91–96 → 73–74 ms of backend CPU).
// Dates outside that span take the text form.
func (d dia) yearsSince(c string, now time.Time) string {
	exact := `((` + lit(ymdOf(now)) + ` - ` + d.ymd(c) + `) / 10000)`
	if !d.pg() {
		return exact
	}
	var b strings.Builder
	b.WriteString(`(CASE WHEN ` + c + ` IS NULL THEN NULL WHEN ` + c + ` < ` + yearStarts(now, maxYears+1) +
		` OR ` + c + ` >= ` + yearStarts(now, 0) + ` THEN ` + exact + ` ELSE `)
	// The bucket of c is the number of starts at or before it: the
	// starts of maxYears, maxYears−1, …, 1 years, ascending.
	b.WriteString(`(` + lit(maxYears) + ` - width_bucket(` + c + `, CAST(ARRAY[`)
	for n := maxYears; n >= 1; n-- {
		if n < maxYears {
			b.WriteString(`, `)
		}
		b.WriteString(`'` + yearStart(now, n).Format("2006-01-02 15:04:05Z07:00") + `'`)
	}
	b.WriteString(`] AS TIMESTAMPTZ[]))) END)`)
	return b.String()
}

// maxYears bounds the ages and service years yearsSince finds by search.
const maxYears = 100

// yearStarts is the timestamp literal of the first instant whose UTC date
// is less than n whole years before now's: c < yearStarts(now, n) exactly
// when (ymd(now) − ymd(c)) / 10000 ≥ n. That date is the day after
// now's month and day n years back, or 1 March when that day is 29
// February of a common year (ymd arithmetic counts a 29 February birthday
// from 1 March then).
func yearStarts(now time.Time, n int) string {
	return `CAST('` + yearStart(now, n).Format("2006-01-02 15:04:05Z07:00") + `' AS TIMESTAMPTZ)`
}

// yearStart is the instant of yearStarts.
func yearStart(now time.Time, n int) time.Time {
	y, m, dd := now.UTC().Date()
	t := time.Date(y-n, m, dd, 0, 0, 0, 0, time.UTC)
	if t.Day() == dd {
		t = t.AddDate(0, 0, 1)
	} // else normalised past a missing 29 February: 1 March already
	return t
}

// before is the condition c < t.
func (d dia) before(c string, t time.Time) sql.Querier {
	if d.pg() {
		return x(c+` < ?`, t)
	}
	return x(d.days(c)+` < ?`, epochDays(t))
}

// afterOrAt is the condition c >= t.
func (d dia) afterOrAt(c string, t time.Time) sql.Querier {
	if d.pg() {
		return x(c+` >= ?`, t)
	}
	return x(d.days(c)+` >= ?`, epochDays(t))
}

// notAfter is the condition a <= b between two time columns.
func (d dia) notAfter(a, b string) string {
	if d.pg() {
		return a + ` <= ` + b
	}
	return d.days(a) + ` <= ` + d.days(b)
}

// float makes an integer expression a floating-point one, so divisions and
// averages do not truncate.
func float(e string) string { return `CAST(` + e + ` AS DOUBLE PRECISION)` }

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// The helpers below take columns written out by col, which ent's own
// predicates (sql.EQ, sql.In) would quote a second time on SQLite.

// inQuery is the condition "c IN (sub)".
func inQuery(c string, sub *sql.Selector) *sql.Predicate {
	return sql.P(func(b *sql.Builder) {
		b.WriteString(c + " IN ").Wrap(func(b *sql.Builder) { b.Join(sub) })
	})
}

// eq is the condition "c = v" with v bound as an argument.
func eq(c string, v any) *sql.Predicate {
	return sql.P(func(b *sql.Builder) { b.WriteString(c + " = ").Arg(v) })
}

// calendarSearch is the year and the month (1–12) of the instant in c, read
// zone hours east of UTC, found on PostgreSQL by a binary search of c among
// the first instants of the months from ten years before now to two years
// after (width_bucket over a constant array: one call, about eight
// comparisons of timestamps) rather than by two date_part of c in the zone
// (the month key of the 294,000 work logs of the scale dataset: 57–69 →
// 33–36 ms of backend CPU for the expressions alone). Instants outside that
// span take d.year and d.month; NULL stays NULL. Elsewhere, d.year and
// d.month.
func (d dia) calendarSearch(c string, zone int, now time.Time) (year, month string) {
	exactY, exactM := d.year(c, zone), d.month(c, zone)
	if !d.pg() {
		return exactY, exactM
	}
	loc := time.FixedZone("", zone*3600)
	y, m, _ := now.In(loc).Date()
	first, end := time.Date(y-10, m, 1, 0, 0, 0, 0, loc), time.Date(y+2, m, 1, 0, 0, 0, 0, loc)
	at := func(t time.Time) string { return t.Format("2006-01-02 15:04:05-07:00") }
	var starts []string
	for t := first; !t.After(end); t = t.AddDate(0, 1, 0) {
		starts = append(starts, `'`+at(t)+`'`)
	}
	// The bucket of c is k when it lies in the k-th month from first (k ≥
	// 1): the month first.Year()·12 + first.Month() − 1 + k − 1, counted
	// from year 0.
	month0 := first.Year()*12 + int(first.Month()) - 2
	abs := `(` + lit(month0) + ` + width_bucket(` + c + `, CAST(ARRAY[` + strings.Join(starts, ", ") + `] AS TIMESTAMPTZ[])))`
	wrap := func(exact, inside string) string {
		return `(CASE WHEN ` + c + ` IS NULL THEN NULL WHEN ` + c + ` < CAST('` + at(first) + `' AS TIMESTAMPTZ) OR ` +
			c + ` >= CAST('` + at(end) + `' AS TIMESTAMPTZ) THEN ` + exact + ` ELSE ` + inside + ` END)`
	}
	return wrap(exactY, abs+` / 12`), wrap(exactM, `(`+abs+` % 12 + 1)`)
}
