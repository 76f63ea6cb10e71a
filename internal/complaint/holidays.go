package complaint

import (
	"fmt"
	"time"
)

// holiday is a day off for civil servants: a national holiday (hari libur
// nasional) or collective leave (cuti bersama).
type holiday struct {
	date string // YYYY-MM-DD
	name string
}

// holidays lists, per year, the national holidays and collective leave
// decreed by the joint decree (SKB 3 Menteri) of the Ministers of Religious
// Affairs, of Manpower and of Administrative and Bureaucratic Reform.
// Holidays on a weekend are listed too, for completeness; they change
// nothing.
var holidays = map[int][]holiday{
	2025: {
		{"2025-01-01", "Tahun Baru 2025 Masehi"},
		{"2025-01-27", "Isra Mikraj Nabi Muhammad SAW"},
		{"2025-01-28", "Cuti bersama Tahun Baru Imlek"},
		{"2025-01-29", "Tahun Baru Imlek 2576 Kongzili"},
		{"2025-03-28", "Cuti bersama Hari Suci Nyepi"},
		{"2025-03-29", "Hari Suci Nyepi (Tahun Baru Saka 1947)"},
		{"2025-03-31", "Idul Fitri 1446 H"},
		{"2025-04-01", "Idul Fitri 1446 H"},
		{"2025-04-02", "Cuti bersama Idul Fitri"},
		{"2025-04-03", "Cuti bersama Idul Fitri"},
		{"2025-04-04", "Cuti bersama Idul Fitri"},
		{"2025-04-07", "Cuti bersama Idul Fitri"},
		{"2025-04-18", "Wafat Yesus Kristus"},
		{"2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"},
		{"2025-05-01", "Hari Buruh Internasional"},
		{"2025-05-12", "Hari Raya Waisak 2569 BE"},
		{"2025-05-13", "Cuti bersama Hari Raya Waisak"},
		{"2025-05-29", "Kenaikan Yesus Kristus"},
		{"2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"},
		{"2025-06-01", "Hari Lahir Pancasila"},
		{"2025-06-06", "Idul Adha 1446 H"},
		{"2025-06-09", "Cuti bersama Idul Adha"},
		{"2025-06-27", "Tahun Baru Islam 1447 H"},
		{"2025-08-17", "Hari Kemerdekaan Republik Indonesia"},
		// Added in August 2025 by an amendment of the joint decree.
		{"2025-08-18", "Cuti bersama Hari Kemerdekaan"},
		{"2025-09-05", "Maulid Nabi Muhammad SAW"},
		{"2025-12-25", "Hari Raya Natal"},
		{"2025-12-26", "Cuti bersama Hari Raya Natal"},
	},
	2026: {
		{"2026-01-01", "Tahun Baru 2026 Masehi"},
		{"2026-01-16", "Isra Mikraj Nabi Muhammad SAW"},
		{"2026-02-16", "Cuti bersama Tahun Baru Imlek"},
		{"2026-02-17", "Tahun Baru Imlek 2577 Kongzili"},
		{"2026-03-18", "Cuti bersama Hari Suci Nyepi"},
		{"2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)"},
		{"2026-03-20", "Cuti bersama Idul Fitri"},
		{"2026-03-21", "Idul Fitri 1447 H"},
		{"2026-03-22", "Idul Fitri 1447 H"},
		{"2026-03-23", "Cuti bersama Idul Fitri"},
		{"2026-03-24", "Cuti bersama Idul Fitri"},
		{"2026-04-03", "Wafat Yesus Kristus"},
		{"2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"},
		{"2026-05-01", "Hari Buruh Internasional"},
		{"2026-05-14", "Kenaikan Yesus Kristus"},
		{"2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"},
		{"2026-05-27", "Idul Adha 1447 H"},
		{"2026-05-28", "Cuti bersama Idul Adha"},
		{"2026-05-31", "Hari Raya Waisak 2570 BE"},
		{"2026-06-01", "Hari Lahir Pancasila"},
		{"2026-06-16", "Tahun Baru Islam 1448 H"},
		{"2026-08-17", "Hari Kemerdekaan Republik Indonesia"},
		{"2026-08-25", "Maulid Nabi Muhammad SAW"},
		{"2026-12-24", "Cuti bersama Hari Raya Natal"},
		{"2026-12-25", "Hari Raya Natal"},
	},
	// 2027 is provisional: when this list was written the decree for 2027
	// was not out. Fixed-date and Christian holidays are certain; the
	// Islamic, Hindu, Buddhist and Chinese ones are estimated from the
	// lunar calendars and may move by a day; collective leave is not
	// listed at all. Replace it with the decree through configuration.
	2027: {
		{"2027-01-01", "Tahun Baru 2027 Masehi"},
		{"2027-01-06", "Isra Mikraj Nabi Muhammad SAW (estimated)"},
		{"2027-02-06", "Tahun Baru Imlek 2578 Kongzili (estimated)"},
		{"2027-03-08", "Hari Suci Nyepi (Tahun Baru Saka 1949) (estimated)"},
		{"2027-03-10", "Idul Fitri 1448 H (estimated)"},
		{"2027-03-11", "Idul Fitri 1448 H (estimated)"},
		{"2027-03-26", "Wafat Yesus Kristus"},
		{"2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"},
		{"2027-05-01", "Hari Buruh Internasional"},
		{"2027-05-06", "Kenaikan Yesus Kristus"},
		{"2027-05-17", "Idul Adha 1448 H (estimated)"},
		{"2027-05-20", "Hari Raya Waisak 2571 BE (estimated)"},
		{"2027-06-01", "Hari Lahir Pancasila"},
		{"2027-06-06", "Tahun Baru Islam 1449 H (estimated)"},
		{"2027-08-15", "Maulid Nabi Muhammad SAW (estimated)"},
		{"2027-08-17", "Hari Kemerdekaan Republik Indonesia"},
		{"2027-12-25", "Hari Raya Natal"},
	},
}

// DefaultHolidays returns the national holidays and collective leave (cuti
// bersama) of year, as decreed by the joint decree of three ministers (SKB 3
// Menteri), at midnight WIB in date order; nil for years other than 2025,
// 2026 and 2027. It is a starting point, not an authority: the government
// amends the list during the year, the 2027 list is provisional (estimated
// religious holidays, no collective leave yet), and regional holidays are
// not included, so deployments should let the holiday calendar be
// configured (ParseHolidays) and use this only as the default.
func DefaultHolidays(year int) []time.Time {
	list := holidays[year]
	if list == nil {
		return nil
	}
	days := make([]time.Time, len(list))
	for i, h := range list {
		t, err := time.ParseInLocation(time.DateOnly, h.date, WIB)
		if err != nil {
			// The table is constant and covered by tests.
			panic(fmt.Sprintf("complaint: bad holiday %q (%s): %v", h.date, h.name, err))
		}
		days[i] = t
	}
	return days
}
