package nip

// Mask hides what a NIP tells about its holder beyond the year of birth:
// 198503122010011001 becomes 1985**********1001. The year of birth stays so
// that people with the same name can still be told apart on a list, and
// the gender digit and serial stay because the gender is shown anyway.
// Strings that are not 18 characters are masked whole.
func Mask(s string) string {
	if len(s) != Length {
		return "******************"[:min(len(s), 18)]
	}
	return s[:4] + "**********" + s[14:]
}
