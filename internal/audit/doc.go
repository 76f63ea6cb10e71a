// Package audit keeps the audit trail: every write to HR data is captured
// by an ent hook — who, which records, the changed fields before and after —
// and written as one AuditLog entry per API operation (e.g. one for a
// transferEmployee, covering the employee update and the new career event),
// in the same transaction as the change itself, just before it commits. A
// rolled-back operation leaves no entry.
//
// Writes outside an API operation are recorded one entry per write, except
// the system's own bulk work (seeding), which is not audited.
package audit
