// Package leave implements leave (cuti) of civil servants: PP 11/2017 on
// the management of PNS as amended by PP 17/2020 and Peraturan BKN
// 24/2017 as amended by Peraturan BKN 7/2021 for PNS and CPNS, PP 49/2018
// for PPPK. Where a rule has changed, the current one is implemented
// (rules.go cites the article of each). Requests go to the direct
// superior, who approves, postpones or refuses; approval marks the working
// days in the attendance record (internal/attendance) and takes annual
// leave from the balance, which is computed from the approved requests
// (Balance), carry-over included.
//
// The article numbers cited for PP 11/2017 beyond Pasal 311, and for PP
// 49/2018 beyond Pasal 78 and 83, come from secondary sources (BKN's
// guidance material and press summaries); check them against the gazette
// before quoting them in a decree. The carry-over caps of 18 and 24 days
// apply to PPPK as well, by BKN's regulation on PPPK leave (Pasal 7),
// for contracts long enough to carry a right over.
package leave
