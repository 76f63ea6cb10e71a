// Package access holds SIMASN's access rules (DESIGN §6) in one place, as
// ent interceptors and hooks that Register installs on every client, and
// judges by the viewer in the context (internal/viewer):
//
//   - reads: every query and every edge traversal — lists, edges, node and
//     nodes, the feed, the analytics — is filtered to the rows the viewer
//     may see, so a record outside the viewer's reach does not exist for it;
//   - writes: every create, update and delete is checked against the
//     viewer's role and unit scope, and refused with UNAUTHENTICATED (no
//     token) or FORBIDDEN;
//   - personal fields: Personal decides who sees an employee's contact data
//     and birth date and an appraisal's details.
//
// Roles: ADMIN sees and does everything. HR_OFFICER keeps the records of
// the units in their subtree. LEADER sees their subtree and decides on its
// appraisals. ANALYST reads every record but no personal fields. EMPLOYEE
// sees their own records and those of their direct subordinates. The public
// sees regions and units only.
package access
