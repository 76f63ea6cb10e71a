// Package dates holds the bounds on the dates SIMASN stores and the clock
// they are measured against.
//
// A date field (a birth date, a decree's TMT, a training's first day, the
// day of a work log) is a calendar day. The day of a value is its calendar
// date in the value's own location, as the client wrote it; "today" is the
// calendar day in Western Indonesia Time (WIB, UTC+7, Asia/Jakarta), where
// Lampung is. Every bound is a closed range of days:
//
//	Birth    birth dates               1940-01-01 … today
//	Service  TMT and decree dates       1950-01-01 … today + 1 year
//	Training training windows and days 1950-01-01 … today + 5 years
//	WorkDay  work logs (e-kinerja)      2000-01-01 … today
//
// Today comes from the clock of the context (NewContext), so the server's
// injectable clock moves the bounds of every write it makes, whichever
// layer checks them; without one it is time.Now.
package dates
