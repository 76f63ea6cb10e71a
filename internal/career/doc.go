// Package career answers the questions of a merit system about one
// employee's career, and about who in a unit is due for what: the next
// regular rank promotion (kenaikan pangkat reguler), the next periodic
// salary step (kenaikan gaji berkala, KGB), the retirement date by the
// position's age limit (batas usia pensiun, BUP), the training hours
// against the 20 JP right, and the competency gaps of the position.
//
// The rules, and where they come from:
//
//   - Regular promotion (PP 99/2000 as amended by PP 12/2002): at least
//     four years in the current rank, each of the last two annual
//     appraisals (SKP, PermenPANRB 6/2022) at least Baik, and no further
//     than the ceiling of the employee's education (the table of Keputusan
//     Kepala BKN 12/2002: SD II/a, SMP II/c, SLTA and D1 III/b, D2 III/b, D3
//     III/c, S1 and D4 III/d, S2 IV/a, S3 IV/b); promotions take effect on
//     the two periods of the year, 1 April and 1 October. Only a PNS is
//     promoted (a CPNS becomes PNS first; a PPPK has no rank promotion).
//   - A disciplinary penalty in effect (PP 94/2021) on the period's date
//     blocks the promotion: the employee is not proposed while serving it.
//   - Periodic salary step: every two years of service, counted here from
//     the CPNS appointment (TMT CPNS), given an annual appraisal of at
//     least Baik in the year before (PP 7/1977 as amended, lastly by
//     PP 15/2019); a lower predicate defers the step.
//   - Retirement (UU 20/2023, PP 11/2017 as amended by PP 17/2020): the
//     age limit of the position (analytics.RetirementAges: 58, 60 for JPT
//     and ahli madya, 65 for ahli utama); the pension starts on the first
//     day of the month after the birthday on which the limit is reached.
//   - Training: at least 20 JP a year (analytics.JPRight) for a PNS and a
//     CPNS; a PPPK at most 24 JP per contract year.
//
// The rules are pure functions of Facts (rules.go), so that they are tested
// day by day without a database; outlook.go loads the Facts and applies the
// access rules.
package career
