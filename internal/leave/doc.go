// Package leave implements leave (cuti) of civil servants: PP 11/2017 on
// the management of PNS as amended by PP 17/2020 and Peraturan BKN
// 24/2017 as amended by Peraturan BKN 7/2021 for PNS and CPNS, PP 49/2018
// for PPPK. Where a rule has changed, the current one is implemented
// (rules.go cites the article of each). Requests go to the direct
// superior, who approves, postpones or refuses; approval marks the working
// days in the attendance record (internal/attendance) and takes annual
// leave from the balance, which is computed from the approved requests
// (Balance), carry-over included.
package leave
