package privacy

// Class says who may read a field.
type Class string

// The classes, from the most open to the most closed.
const (
	// Open fields are read by whoever may see the record.
	Open Class = ""
	// SignedIn fields are read by any signed-in viewer, never the public:
	// internal references such as the employee a complaint is about.
	SignedIn Class = "SIGNED_IN"
	// Personal fields are an employee's personal data: the person, their
	// chain of superiors, HR officers whose scope holds their unit, and
	// admins read them.
	Personal Class = "PERSONAL"
	// AppraisalDetail fields are the ratings and notes of an appraisal:
	// the appraisee and the appraiser, those who may read the appraisee's
	// personal data, and admins read them.
	AppraisalDetail Class = "APPRAISAL_DETAIL"
	// Reporter fields identify a complaint's reporter: those handling the
	// complaint, the reporter (with the access key) and admins read them.
	Reporter Class = "REPORTER"
	// Secret fields are never read through the API, not even by admins.
	Secret Class = "SECRET"
)

// Annotation is the ent schema annotation that declares a field's class.
type Annotation struct {
	// Class says who may read the field.
	Class Class
	// Aggregate lets viewers who may not read the field use it as an
	// aggregate dimension or measure, under disclosure control (groups
	// smaller than k suppressed): an age band, a predicate distribution.
	Aggregate bool `json:",omitempty"`
	// Mask shows viewers who may not read the field a masked value
	// instead of null (the NIP: its year of birth and serial stay).
	Mask bool `json:",omitempty"`
}

// Name identifies the annotation to ent.
func (Annotation) Name() string { return "Privacy" }

// Of declares a field of class c.
func Of(c Class) Annotation { return Annotation{Class: c} }

// InAggregates returns a with aggregates allowed under disclosure control.
func (a Annotation) InAggregates() Annotation { a.Aggregate = true; return a }

// Masked returns a with a masked value shown to those who may not read it.
func (a Annotation) Masked() Annotation { a.Mask = true; return a }
