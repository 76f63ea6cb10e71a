// Package discipline holds the disciplinary penalties of PNS (hukuman
// disiplin, PP 94/2021 with its implementing Peraturan BKN 6/2022) and the
// workflow that imposes them.
//
// PP 94/2021 art. 8 sets three levels and nine kinds: light (teguran
// lisan, teguran tertulis, pernyataan tidak puas secara tertulis), medium
// (a 25% cut of the performance allowance, tunjangan kinerja, for 6, 9 or
// 12 months) and heavy (demotion one level lower for 12 months, release
// from the position to an executor position for 12 months, and honourable
// dismissal not at one's own request). A penalty has a period of effect:
// the regulation's months from its effective date (TMT) for the medium and
// the timed heavy kinds, no end for a dismissal, and for the light kinds —
// for which the regulation sets no period — the last day the decree states,
// or the effective date alone.
//
// A penalty in effect on a promotion period blocks the promotion (package
// career reads the periods from Load). Penalties are personal data: the
// records carry privacy.Personal and a row rule (internal/access) that
// shows them to the employee, their direct superior, HR officers in scope
// and admins only; analysts and leaders outside the chain see nothing.
package discipline
