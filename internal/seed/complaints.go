package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintresponse"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/complaint"
	"simasn/internal/complaintdesk"
)

// The demo complaints' own random source ("LAPOR", "SP4N"), so that they
// do not shift the rest of the demo.
const (
	complaintSeed1 = 0x4c41504f52
	complaintSeed2 = 0x5350344e
)

// The demo reporter: the first public complaint that ends answered gets
// this tracking ID and access key (and is left unrated), which the README publishes so that its
// examples (tracking, rating) run against the demo data. Like the demo
// accounts' passwords they are public: demo data only.
const (
	DemoTrackingID = "LPG-7KQ9-M2XD-4HT8"
	DemoAccessKey  = "demo-pelapor-LPG-7KQ9-M2XD-4HT8-publik"
)

// demoStatuses is how many demo complaints end in each status: 150 in all.
var demoStatuses = []struct {
	status complaint.Status
	n      int
}{
	{complaint.Received, 18},
	{complaint.Verified, 14},
	{complaint.InProgress, 22},
	{complaint.Postponed, 8},
	{complaint.Answered, 20},
	{complaint.Closed, 38},
	{complaint.NotOurAuthority, 8},
	{complaint.Rejected, 8},
	{complaint.Archived, 14},
}

// complaintTopic is a kind of report the demo files about a unit; %s in
// the title and body is the unit's name.
type complaintTopic struct {
	class       entcomplaint.Class
	category    entcomplaint.Category
	title, body string
	about       bool // names an employee of the unit
}

// topics are the reports per group of units.
var topics = map[string][]complaintTopic{
	"PKM": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryHEALTH_SERVICE, "Antrean pendaftaran di %s sangat lama",
			"Saya datang pukul 07.30 ke %s dan baru dilayani pukul 12.00. Nomor antrean tidak jelas dan loket pendaftaran hanya dibuka satu.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryHEALTH_SERVICE, "Obat hipertensi sering kosong di %s",
			"Sudah tiga bulan berturut-turut obat rutin ayah saya tidak tersedia di apotek %s sehingga kami harus membelinya sendiri di apotek swasta.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategorySTAFF_CONDUCT, "Petugas %s bersikap kasar kepada pasien lansia",
			"Ibu saya yang berusia 70 tahun dibentak petugas di ruang tunggu %s karena salah membawa kartu berobat.", true},
		{entcomplaint.ClassINFORMATION_REQUEST, entcomplaint.CategoryHEALTH_SERVICE, "Syarat rujukan BPJS dari %s",
			"Mohon informasi syarat dan alur rujukan ke rumah sakit bagi peserta BPJS Kesehatan yang terdaftar di %s.", false},
		{entcomplaint.ClassASPIRATION, entcomplaint.CategoryHEALTH_SERVICE, "Usul layanan sore hari di %s",
			"Banyak warga bekerja di kebun pada pagi hari. Kami mengusulkan %s membuka layanan poli umum sampai sore.", false},
		{entcomplaint.ClassWHISTLEBLOWING, entcomplaint.CategoryCORRUPTION, "Dugaan pungutan biaya persalinan di %s",
			"Keluarga pasien peserta BPJS diminta membayar Rp750.000 untuk persalinan normal di %s tanpa kuitansi resmi.", true},
	},
	"SCHOOL": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryEDUCATION, "Pungutan uang komite di %s tanpa rincian",
			"Orang tua siswa %s diminta membayar uang komite Rp1.500.000 per tahun tanpa rincian penggunaan dan tanpa rapat komite.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryEDUCATION, "Guru kimia di %s sering tidak hadir",
			"Sejak awal semester guru kimia kelas XI di %s lebih sering tidak hadir dan kelas dibiarkan kosong tanpa tugas.", true},
		{entcomplaint.ClassINFORMATION_REQUEST, entcomplaint.CategoryEDUCATION, "Informasi jalur zonasi PPDB %s",
			"Mohon penjelasan kuota dan batas jarak jalur zonasi penerimaan peserta didik baru di %s tahun ini.", false},
		{entcomplaint.ClassASPIRATION, entcomplaint.CategoryINFRASTRUCTURE, "Usul perbaikan toilet siswa %s",
			"Toilet siswa di %s rusak dan airnya tidak mengalir. Kami mengusulkan perbaikan sebelum tahun ajaran baru.", false},
		{entcomplaint.ClassWHISTLEBLOWING, entcomplaint.CategoryCORRUPTION, "Dugaan penyalahgunaan dana BOS di %s",
			"Laporan penggunaan dana BOS %s mencantumkan pembelian buku yang tidak pernah diterima siswa.", true},
	},
	"CAPIL": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryCIVIL_REGISTRY, "KTP elektronik belum dicetak setelah tiga bulan",
			"Saya sudah merekam KTP-el tiga bulan lalu dan sampai sekarang belum dicetak dengan alasan blangko habis. Mohon ditindaklanjuti oleh %s.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryCIVIL_REGISTRY, "Nama anak salah ditulis di akta kelahiran",
			"Akta kelahiran anak kami yang diterbitkan %s salah menuliskan nama ibu. Perbaikannya sudah dua kali ditolak.", false},
		{entcomplaint.ClassINFORMATION_REQUEST, entcomplaint.CategoryCIVIL_REGISTRY, "Syarat pindah domisili antarprovinsi",
			"Mohon informasi dari %s tentang syarat dan lama proses surat pindah dari Lampung ke Sumatera Selatan.", false},
		{entcomplaint.ClassWHISTLEBLOWING, entcomplaint.CategoryCORRUPTION, "Dugaan pungli pembuatan kartu keluarga",
			"Seorang petugas meminta uang Rp200.000 agar kartu keluarga selesai dalam satu hari. Kejadian di layanan %s.", true},
		{entcomplaint.ClassASPIRATION, entcomplaint.CategoryCIVIL_REGISTRY, "Usul layanan jemput bola perekaman KTP-el",
			"Warga lansia di desa kami sulit datang ke kantor. Kami mengusulkan %s mengadakan perekaman keliling.", false},
	},
	"BKD": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryPERSONNEL, "Kenaikan pangkat periode April belum diproses",
			"Berkas kenaikan pangkat saya sudah lengkap sejak Februari, tetapi %s belum menerbitkan SK sampai sekarang.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryPERSONNEL, "Tunjangan kinerja terlambat dibayarkan",
			"Tunjangan kinerja dua bulan terakhir belum dibayarkan. Mohon penjelasan dari %s.", false},
		{entcomplaint.ClassINFORMATION_REQUEST, entcomplaint.CategoryPERSONNEL, "Jadwal seleksi PPPK tenaga kesehatan",
			"Mohon informasi dari %s tentang jadwal dan formasi seleksi PPPK tenaga kesehatan tahun ini.", false},
		{entcomplaint.ClassWHISTLEBLOWING, entcomplaint.CategorySTAFF_CONDUCT, "Dugaan jual beli jabatan dalam mutasi",
			"Ada pegawai yang meminta imbalan untuk mengatur mutasi ke unit yang diinginkan. Mohon diperiksa oleh %s.", true},
	},
	"RS": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryHEALTH_SERVICE, "Pasien BPJS diminta membeli obat sendiri",
			"Keluarga kami yang dirawat di %s diminta membeli obat di luar padahal peserta BPJS Kesehatan kelas III.", false},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryHEALTH_SERVICE, "Antrean IGD %s terlalu lama",
			"Pasien kecelakaan menunggu lebih dari dua jam di IGD %s sebelum diperiksa dokter.", false},
	},
	"PUPR": {
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryINFRASTRUCTURE, "Jalan provinsi rusak berat",
			"Ruas jalan provinsi di wilayah kami berlubang dalam dan sudah menyebabkan beberapa kecelakaan. Mohon %s segera memperbaikinya.", false},
		{entcomplaint.ClassASPIRATION, entcomplaint.CategoryINFRASTRUCTURE, "Usul penerangan jalan di tikungan rawan",
			"Tikungan di dekat jembatan gelap pada malam hari. Kami mengusulkan %s memasang lampu penerangan jalan.", false},
	},
	"INSPEKTORAT": {
		{entcomplaint.ClassWHISTLEBLOWING, entcomplaint.CategoryCORRUPTION, "Dugaan perjalanan dinas fiktif",
			"Beberapa perjalanan dinas dilaporkan padahal pegawainya berada di kantor. Mohon diaudit oleh %s.", true},
		{entcomplaint.ClassCOMPLAINT, entcomplaint.CategoryPUBLIC_ORDER, "Pedagang kaki lima menutup trotoar",
			"Trotoar di depan pasar tertutup lapak pedagang sehingga pejalan kaki harus turun ke jalan. Mohon diteruskan %s.", false},
		{entcomplaint.ClassASPIRATION, entcomplaint.CategorySOCIAL_WELFARE, "Bantuan sosial lansia tidak tepat sasaran",
			"Beberapa lansia miskin di desa kami tidak menerima bantuan sosial sementara keluarga mampu menerimanya. Mohon ditindaklanjuti %s.", false},
	},
}

// complaintGroups weighs the groups of units complaints are about: mostly
// health centres, schools, the civil registry and the BKD.
var complaintGroups = []struct {
	group  string
	weight int
}{{"PKM", 34}, {"SCHOOL", 24}, {"CAPIL", 15}, {"BKD", 11}, {"RS", 6}, {"PUPR", 5}, {"INSPEKTORAT", 5}}

// Agency codes of the groups that are agencies.
var groupAgency = map[string]string{"CAPIL": "2.12", "BKD": "5.03", "PUPR": "1.03", "INSPEKTORAT": "6.01"}

var (
	publicResponses = []string{
		"Terima kasih atas laporan Anda. Kami telah berkoordinasi dengan kepala unit dan masalah ini sedang diperbaiki.",
		"Laporan telah ditindaklanjuti: petugas yang bersangkutan sudah dibina dan prosedur layanan diperbaiki.",
		"Stok dan jadwal layanan sudah kami perbaiki mulai minggu ini. Silakan hubungi kami bila masih terjadi.",
		"Informasi yang Anda minta: persyaratan lengkap tersedia di loket layanan dan di laman resmi kami.",
		"Usulan Anda kami tampung dan masuk ke rencana kegiatan tahun anggaran berikutnya.",
		"Kami telah memeriksa laporan ini bersama inspektorat; hasilnya ditindaklanjuti sesuai ketentuan.",
	}
	internalNotes = []string{
		"Sudah dikonfirmasi ke kepala unit melalui telepon.",
		"Menunggu klarifikasi tertulis dari petugas yang dilaporkan.",
		"Perlu pengecekan lapangan minggu depan.",
		"Berkas pendukung dari pelapor sudah lengkap.",
		"Koordinasi dengan bidang terkait sudah dijadwalkan.",
	}
	rejectReasons    = []string{"Laporan tidak memuat informasi yang cukup untuk ditindaklanjuti.", "Laporan berisi ujaran kebencian.", "Laporan ganda dari pelapor yang sama."}
	authorityReasons = []string{"Kewenangan pemerintah kabupaten; pelapor diarahkan ke kanal kabupaten.", "Kewenangan instansi vertikal (BPJS Kesehatan)."}
	postponeReasons  = []string{"Menunggu kelengkapan data dari pelapor.", "Menunggu hasil pemeriksaan inspektorat."}
	ratingComments   = []string{"Cepat ditanggapi, terima kasih.", "Jawaban jelas.", "Masalah selesai.", "Masih kurang memuaskan.", "Lambat sekali."}
)

// complaintWriter writes the demo complaints through the complaint desk,
// so that every change has its event in the log.
type complaintWriter struct {
	ctx   context.Context
	c     *ent.Client
	cal   *complaint.Calendar
	now   time.Time
	rng   *rand.Rand
	units map[string][]*unitPlan // group → units
	staff map[*unitPlan][]*person
	short map[string]string // agency code → short name
	fixed bool              // the demo reporter's complaint is written
}

// writeComplaints writes about 150 complaints in every status, class,
// channel and privacy, received over the last months before now, with
// their verifications, assignments, responses, notes and ratings; some are
// overdue now. It returns how many it wrote.
func (d *demoData) writeComplaints(ctx context.Context, c *ent.Client, now time.Time, log io.Writer) (int, error) {
	w := &complaintWriter{
		ctx:   ctx,
		c:     c,
		cal:   complaintdesk.DefaultCalendarFor(now.In(complaint.WIB).Year()),
		now:   now,
		rng:   rand.New(rand.NewPCG(complaintSeed1, complaintSeed2)),
		units: map[string][]*unitPlan{},
		staff: map[*unitPlan][]*person{},
		short: map[string]string{},
	}
	for _, a := range agencies {
		w.short[a.code] = strings.ToLower(a.short)
	}
	for _, u := range d.tree.units {
		switch {
		case u.kind == unit.KindHEALTH_CENTRE:
			w.units["PKM"] = append(w.units["PKM"], u)
		case u.kind == unit.KindSCHOOL:
			w.units["SCHOOL"] = append(w.units["SCHOOL"], u)
		case u.kind == unit.KindHOSPITAL:
			w.units["RS"] = append(w.units["RS"], u)
		}
		// An agency's complaints go to the agency or one of its divisions.
		for g, code := range groupAgency {
			if root(u).code == code && (u.depth == 0 || u.kind == unit.KindDIVISION) {
				w.units[g] = append(w.units[g], u)
			}
		}
	}
	for _, p := range d.people {
		if p.status != employee.StatusACTIVE {
			continue
		}
		for u := p.unit; u != nil; u = u.parent {
			w.staff[u] = append(w.staff[u], p)
		}
	}
	var statuses []complaint.Status
	for _, s := range demoStatuses {
		for range s.n {
			statuses = append(statuses, s.status)
		}
	}
	w.rng.Shuffle(len(statuses), func(i, j int) { statuses[i], statuses[j] = statuses[j], statuses[i] })
	var sample *complaintdesk.Receipt
	for k, st := range statuses {
		r, err := w.write(k, st, d.tree.regions)
		if err != nil {
			return k, fmt.Errorf("demo complaint %d (%s): %w", k+1, st, err)
		}
		if r.TrackingID == DemoTrackingID {
			sample = r
		}
	}
	fmt.Fprintf(log, "seed: %d complaints\n", len(statuses))
	if sample != nil {
		fmt.Fprintf(log, "seed: a demo reporter follows complaint %s with access key %s\n", sample.TrackingID, sample.AccessKey)
	}
	return len(statuses), nil
}

// root returns the top unit above u.
func root(u *unitPlan) *unitPlan {
	for u.parent != nil {
		u = u.parent
	}
	return u
}

// pickWeighted returns the index of a choice drawn with the given weights.
func (w *complaintWriter) pickWeighted(weights ...int) int {
	total := 0
	for _, x := range weights {
		total += x
	}
	n := w.rng.IntN(total)
	for i, x := range weights {
		if n < x {
			return i
		}
		n -= x
	}
	return len(weights) - 1
}

func pickOne[T any](w *complaintWriter, xs []T) T { return xs[w.rng.IntN(len(xs))] }

// write files complaint number k and takes it to status target.
func (w *complaintWriter) write(k int, target complaint.Status, regions []*regionPlan) (*complaintdesk.Receipt, error) {
	weights := make([]int, len(complaintGroups))
	for i, g := range complaintGroups {
		weights[i] = g.weight
	}
	group := complaintGroups[w.pickWeighted(weights...)].group
	u := pickOne(w, w.units[group])
	topic := pickOne(w, topics[group])
	region := u.region
	if u.agency {
		region = pickOne(w, regions)
	}
	town := pickOne(w, region.ref.towns)

	in := complaintdesk.SubmitInput{
		Class:    topic.class,
		Category: &topic.category,
		Title:    strings.ReplaceAll(topic.title, "%s", u.name),
		Body:     strings.ReplaceAll(topic.body, "%s", u.name),
		Location: ptrTo("Kecamatan " + town + ", " + region.ref.fullName()),
		RegionID: &region.id,
	}
	// Privacy: whistle-blowing mostly confidential; the first three
	// complaints take each choice once.
	privacies := []entcomplaint.Privacy{entcomplaint.PrivacyPUBLIC, entcomplaint.PrivacyANONYMOUS, entcomplaint.PrivacyCONFIDENTIAL}
	switch {
	case k < len(privacies):
		in.Privacy = privacies[k]
	case topic.class == entcomplaint.ClassWHISTLEBLOWING:
		in.Privacy = privacies[w.pickWeighted(0, 30, 70)]
	default:
		in.Privacy = privacies[w.pickWeighted(65, 25, 10)]
	}
	channels := []entcomplaint.Channel{entcomplaint.ChannelWEB, entcomplaint.ChannelMOBILE, entcomplaint.ChannelSOCIAL_MEDIA,
		entcomplaint.ChannelSMS, entcomplaint.ChannelWALK_IN, entcomplaint.ChannelLAPOR}
	if k < len(channels) {
		in.Channel = &channels[k]
	} else {
		in.Channel = &channels[w.pickWeighted(40, 25, 10, 10, 10, 5)]
	}
	if in.Privacy != entcomplaint.PrivacyANONYMOUS {
		in.ReporterName, in.ReporterContact = w.reporter(*in.Channel)
	}
	if !w.fixed && in.Privacy == entcomplaint.PrivacyPUBLIC && target == complaint.Answered {
		in.Fixed = &complaintdesk.FixedReceipt{TrackingID: DemoTrackingID, AccessKey: DemoAccessKey}
		w.fixed = true
	}
	// Some reporters leave the category open; the verifier sets it.
	var correct *entcomplaint.Category
	if w.rng.IntN(100) < 15 {
		other := entcomplaint.CategoryOTHER
		in.Category, correct = &other, &topic.category
	}
	staff := w.staff[u]
	if topic.about && len(staff) > 0 {
		in.EmployeeID = &pickOne(w, staff).id
	}
	// Most reporters name the unit; some name a wrong one, some none.
	var wrong *unitPlan
	switch n := w.rng.IntN(100); {
	case n < 70:
		in.UnitID = &u.id
	case n < 80:
		wrong = pickOne(w, w.units["BKD"])
		if wrong == u {
			wrong = nil
		}
		if wrong != nil {
			in.UnitID = &wrong.id
		}
	}

	f := &flow{w: w, author: "petugas." + w.short[root(u).code]}
	f.t = w.received(target)
	r, err := complaintdesk.Submit(w.ctx, w.c, w.cal, nil, f.t, in)
	if err != nil {
		return nil, err
	}
	f.id, f.r = r.Complaint.ID, r
	return r, f.run(target, u, wrong, correct, staff)
}

// received returns when a complaint that is to end in status target
// arrived: recently for one still waiting or just answered, long ago for
// one settled; some open ones are old enough to be overdue.
func (w *complaintWriter) received(target complaint.Status) time.Time {
	var lo, hi int // days before now
	switch target {
	case complaint.Received:
		lo, hi = 0, 9
	case complaint.Verified:
		lo, hi = 1, 20
	case complaint.InProgress:
		lo, hi = 3, 75
	case complaint.Postponed:
		lo, hi = 10, 75
	case complaint.Answered:
		lo, hi = 2, 10
	case complaint.Archived:
		lo, hi = 30, 120
	default:
		lo, hi = 15, 90
	}
	day := w.now.In(complaint.WIB).AddDate(0, 0, -(lo + w.rng.IntN(hi-lo+1)))
	y, m, dd := day.Date()
	t := time.Date(y, m, dd, 7+w.rng.IntN(14), w.rng.IntN(60), 0, 0, complaint.WIB)
	if limit := w.now.Add(-2 * time.Hour); t.After(limit) {
		t = limit
	}
	return t
}

// reporter returns a name and a phone number or e-mail address.
func (w *complaintWriter) reporter(ch entcomplaint.Channel) (*string, *string) {
	var first string
	if w.rng.IntN(2) == 0 {
		first = pickOne(w, maleNames)
	} else {
		first = pickOne(w, femaleNames)
	}
	family := pickOne(w, familyNames)
	name := first + " " + family
	contact := fmt.Sprintf("0812-%04d-%04d", w.rng.IntN(10000), w.rng.IntN(10000))
	if (ch == entcomplaint.ChannelWEB || ch == entcomplaint.ChannelMOBILE) && w.rng.IntN(100) < 40 {
		contact = strings.ToLower(first+"."+family) + "@gmail.com"
	}
	return &name, &contact
}

func ptrTo[T any](v T) *T { return &v }

// flow takes one complaint through its steps, each at a later time, never
// after the writer's now.
type flow struct {
	w      *complaintWriter
	id     int
	r      *complaintdesk.Receipt
	t      time.Time // the last step
	author string
}

// after moves the flow's clock n working days on, to a time of day in
// office hours, but never past now.
func (f *flow) after(n int) time.Time {
	next := f.w.cal.AddWorkingDays(f.t, n).In(complaint.WIB)
	if n > 0 {
		y, m, d := next.Date()
		next = time.Date(y, m, d, 8+f.w.rng.IntN(8), f.w.rng.IntN(60), 0, 0, complaint.WIB)
	} else {
		next = next.Add(time.Duration(10+f.w.rng.IntN(120)) * time.Minute)
	}
	if limit := f.w.now.Add(-time.Hour); next.After(limit) {
		next = limit
	}
	if next.Before(f.t) {
		next = f.t
	}
	f.t = next
	return next
}

func (f *flow) ctx() context.Context { return complaintdesk.OnBehalfOf(f.w.ctx, f.author) }

// run takes the complaint from RECEIVED to target.
func (f *flow) run(target complaint.Status, u, wrong *unitPlan, category *entcomplaint.Category, staff []*person) error {
	w := f.w
	switch target {
	case complaint.Received:
		return nil
	case complaint.Rejected:
		return f.status(1, complaint.Rejected, pickOne(w, rejectReasons))
	case complaint.NotOurAuthority:
		if w.rng.IntN(2) == 0 {
			return f.status(1, complaint.NotOurAuthority, pickOne(w, authorityReasons))
		}
		if err := f.verify(u, wrong, category); err != nil {
			return err
		}
		return f.status(1, complaint.NotOurAuthority, pickOne(w, authorityReasons))
	case complaint.Archived:
		switch w.rng.IntN(3) {
		case 0: // a duplicate
			return f.status(1, complaint.Archived, "Laporan ganda; ditindaklanjuti pada laporan sebelumnya.")
		case 1:
			if err := f.status(1, complaint.Rejected, pickOne(w, rejectReasons)); err != nil {
				return err
			}
		default:
			if err := f.answer(u, wrong, category, staff, true); err != nil {
				return err
			}
			if err := f.status(complaint.ObjectionWindow, complaint.Closed, ""); err != nil {
				return err
			}
		}
		return f.status(10, complaint.Archived, "Diarsipkan setelah selesai.")
	}
	if err := f.verify(u, wrong, category); err != nil {
		return err
	}
	if target == complaint.Verified {
		return nil
	}
	if target == complaint.Postponed {
		if err := f.assign(staff); err != nil {
			return err
		}
		return f.status(1, complaint.Postponed, pickOne(w, postponeReasons))
	}
	if target == complaint.InProgress {
		if err := f.assign(staff); err != nil {
			return err
		}
		if w.rng.IntN(4) == 0 {
			if err := f.status(1, complaint.Postponed, pickOne(w, postponeReasons)); err != nil {
				return err
			}
		}
		if err := f.status(1, complaint.InProgress, ""); err != nil {
			return err
		}
		return f.note(0)
	}
	if err := f.answer(u, wrong, category, staff, false); err != nil {
		return err
	}
	if target == complaint.Answered {
		return f.rate(60)
	}
	// Closed: some reporters object first and get a second answer.
	if w.rng.IntN(6) == 0 {
		if _, err := complaintdesk.Object(w.ctx, w.c, w.cal, f.after(2), f.r.TrackingID, f.r.AccessKey, "Jawaban belum menyelesaikan masalah; kejadian yang sama masih terulang."); err != nil {
			return err
		}
		if err := f.respond(2, complaintresponse.KindPUBLIC_RESPONSE, pickOne(w, publicResponses)); err != nil {
			return err
		}
	}
	if err := f.rate(65); err != nil {
		return err
	}
	return f.status(complaint.ObjectionWindow, complaint.Closed, "Tidak ada keberatan dari pelapor dalam 10 hari kerja.")
}

// verify verifies and forwards the complaint, to the wrong unit first when
// the reporter named one (then on to the right one); sometimes late.
func (f *flow) verify(u, wrong *unitPlan, category *entcomplaint.Category) error {
	days := f.w.rng.IntN(3)
	if f.w.rng.IntN(100) < 15 {
		days = 4 + f.w.rng.IntN(3) // late
	}
	first := u
	if wrong != nil {
		first = wrong
	}
	if _, err := complaintdesk.Verify(f.ctx(), f.w.c, f.w.cal, f.after(days), f.id, first.id, category); err != nil {
		return err
	}
	if wrong != nil {
		if _, err := complaintdesk.Forward(f.ctx(), f.w.c, f.w.cal, f.after(1), f.id, u.id); err != nil {
			return err
		}
	}
	return nil
}

// assign assigns an officer of the unit, when it has one.
func (f *flow) assign(staff []*person) error {
	if len(staff) == 0 {
		return nil
	}
	f.after(0)
	_, err := complaintdesk.Assign(f.ctx(), f.w.c, f.id, pickOne(f.w, staff).id)
	return err
}

// answer takes a verified complaint to ANSWERED: an officer, work in
// progress, an internal note, then the public response; some answers are
// late.
func (f *flow) answer(u, wrong *unitPlan, category *entcomplaint.Category, staff []*person, verify bool) error {
	if verify {
		if err := f.verify(u, wrong, category); err != nil {
			return err
		}
	}
	if err := f.assign(staff); err != nil {
		return err
	}
	if err := f.status(1, complaint.InProgress, ""); err != nil {
		return err
	}
	if err := f.note(0); err != nil {
		return err
	}
	days := 1 + f.w.rng.IntN(3)
	if f.w.rng.IntN(100) < 20 {
		days = 5 + f.w.rng.IntN(5) // late
	}
	return f.respond(days, complaintresponse.KindPUBLIC_RESPONSE, pickOne(f.w, publicResponses))
}

func (f *flow) note(days int) error {
	return f.respond(days, complaintresponse.KindINTERNAL_NOTE, pickOne(f.w, internalNotes))
}

func (f *flow) respond(days int, kind complaintresponse.Kind, body string) error {
	_, err := complaintdesk.Respond(f.ctx(), f.w.c, f.after(days), f.id, kind, body)
	return err
}

func (f *flow) status(days int, to complaint.Status, reason string) error {
	var why *string
	if reason != "" {
		why = &reason
	}
	_, err := complaintdesk.ChangeStatus(f.ctx(), f.w.c, f.after(days), f.id, entcomplaint.Status(to), why)
	return err
}

// rate has the reporter rate the answer, with the given chance in percent.
func (f *flow) rate(percent int) error {
	if f.w.rng.IntN(100) >= percent || f.r.TrackingID == DemoTrackingID {
		return nil // the README has the demo reporter rate it
	}
	rating := 1 + f.w.pickWeighted(5, 10, 20, 35, 30)
	var comment *string
	if f.w.rng.IntN(2) == 0 {
		comment = ptrTo(ratingComments[min(len(ratingComments)-1, 5-rating)])
	}
	_, err := complaintdesk.Rate(f.w.ctx, f.w.c, f.after(1), f.r.TrackingID, f.r.AccessKey, rating, comment)
	return err
}
