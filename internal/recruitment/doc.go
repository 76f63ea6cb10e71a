// Package recruitment runs the yearly civil-servant recruitment (seleksi
// CASN): formasi opened from the workforce plan, applicants and their
// selection scores, the ranking per formasi, the appointment of the
// selected as CPNS or PPPK, and the probation year with its basic training
// (latsar) up to the appointment as PNS.
//
// The selection rules follow the national regulations, with each year's
// numbers stored on its RecruitmentYear:
//
//   - SKD (seleksi kompetensi dasar) has three sub-tests, TWK, TIU and TKP;
//     an applicant passes SKD when every sub-test reaches the year's
//     threshold (a score equal to the threshold passes). The 2024
//     thresholds, the defaults, are those of KepmenPANRB No. 321 Tahun 2024:
//     TWK 65, TIU 80, TKP 166.
//   - Those who pass SKD are ranked by their SKD total; on equal totals BKN
//     orders by TKP, then TIU, then TWK. At most three times the formasi's
//     places go on to SKB (PermenPANRB No. 27 Tahun 2021).
//   - The final score weighs SKD (its total scaled to 0–100 over the
//     maximum of 550) and SKB (0–100) by the year's weights, by default 40%
//     and 60% (PermenPANRB 27/2021).
//   - The final ranking orders by the final score; on equal scores — a rule
//     we chose, documented here and in the README, since we could not cite
//     the regulation's own — by the higher SKB, then the SKD order above
//     (SKD total, TKP, TIU, TWK), then the older applicant, then the
//     registration number. The best-ranked up to the formasi's places are
//     selected.
//   - A CPNS serves a probation year and must complete the basic training
//     (latsar) before appointment as PNS (PP 11/2017 art. 34 and 63): the
//     PNS appointment takes effect no earlier than one year after the CPNS
//     TMT, and the latsar must be completed by then.
package recruitment
