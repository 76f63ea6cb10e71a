// Package talent places employees in the nine-box of talent management
// (manajemen talenta, PermenPANRB 3/2020): performance, from the annual
// appraisal (SKP) predicate of the year, against potential, from the
// competency assessments up to the end of that year, weighted by
// competency kind.
//
// Performance: Sangat Baik is above expectation (HIGH), Baik meets it
// (MEDIUM), anything lower is below (LOW). Potential: the mean of the
// latest assessed level (1–5) of each competency, per kind (managerial,
// socio-cultural, technical, functional), weighted by Weights over the
// kinds the employee was assessed on; 4 or more is HIGH, 3 or more MEDIUM,
// else LOW. The boxes are numbered as in the regulation's talent map:
//
//	potential HIGH   | 6 | 8 | 9 |
//	potential MEDIUM | 3 | 5 | 7 |
//	potential LOW    | 1 | 2 | 4 |
//	                  low  med high  performance
//
// An employee without an approved annual appraisal for the year or
// without any assessment is not placed, and counted apart.
//
// The talent pools (pools.go) are boxes 9, 8 and 7 grouped by the family
// of the employee's position (Family). The succession plan
// (succession.go) lists the structural positions of a subtree with their
// candidates, eligible by the conditions of SuccessionRules and ranked by
// the nine-box, performance, potential, rank and seniority in rank.
//
// Access: admins and HR officers and leaders whose scope holds the unit
// see the boxes and who is in them; analysts see the counts only, under
// the disclosure control of the aggregates (analytics.Disclose).
package talent
