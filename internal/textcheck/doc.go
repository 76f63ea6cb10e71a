// Package textcheck refuses invisible and control characters in the texts
// SIMASN stores: names, titles, descriptions, notes, complaint bodies.
//
// Such characters make one text look like another (a bidirectional
// override shows "gpj.exe" as "exe.jpg", a zero-width space splits a name
// so that it no longer matches itself) and break the CSV downloads and the
// logs. Refused everywhere: C0 controls (U+0000–U+001F, except as below),
// DEL and the C1 controls (U+007F–U+009F), the bidirectional marks,
// embeddings, overrides and isolates (U+061C, U+200E–U+200F,
// U+202A–U+202E, U+2066–U+2069), zero-width and invisible characters
// (U+200B–U+200D, U+2060–U+2064, U+FEFF), the line and paragraph
// separators (U+2028, U+2029) and invalid UTF-8. Long texts (Multiline)
// may also hold tabs and line breaks (LF, or CR LF).
//
// Hook applies the check to every string field of every ent mutation, so a
// new field or a new entity is covered without further code; store.Open
// installs it on every client.
package textcheck
