package seed

import (
	"simasn/ent/employee"
	"simasn/ent/unit"
)

// regionRef is a regency (kabupaten) or city (kota) of Lampung with its
// official Kemendagri code and a few of its districts (kecamatan).
type regionRef struct {
	code   string
	name   string // without "Kabupaten"/"Kota"
	city   bool
	remote bool
	seat   string   // seat of government, used to name the first school
	towns  []string // kecamatan, used for health centres and schools
}

// fullName is the official name, e.g. "Kabupaten Lampung Barat".
func (r regionRef) fullName() string {
	if r.city {
		return "Kota " + r.name
	}
	return "Kabupaten " + r.name
}

// lampung lists the 15 regencies and cities of the Province of Lampung.
// Remote marks the districts the province counts as remote or
// disadvantaged, where the shortage of health and education staff weighs
// most.
var lampung = []regionRef{
	{"18.01", "Lampung Barat", false, true, "Liwa", []string{"Balik Bukit", "Sumber Jaya", "Way Tenong", "Sekincau", "Belalau", "Batu Brak"}},
	{"18.02", "Tanggamus", false, false, "Kota Agung", []string{"Kota Agung", "Talang Padang", "Pulau Panggung", "Wonosobo", "Gisting", "Semaka"}},
	{"18.03", "Lampung Selatan", false, false, "Kalianda", []string{"Kalianda", "Natar", "Jati Agung", "Sidomulyo", "Katibung", "Penengahan"}},
	{"18.04", "Lampung Timur", false, false, "Sukadana", []string{"Sukadana", "Way Jepara", "Labuhan Maringgai", "Pekalongan", "Batanghari", "Sekampung"}},
	{"18.05", "Lampung Tengah", false, false, "Gunung Sugih", []string{"Gunung Sugih", "Terbanggi Besar", "Terusan Nunyai", "Seputih Banyak", "Kalirejo", "Bandar Mataram"}},
	{"18.06", "Lampung Utara", false, false, "Kotabumi", []string{"Kotabumi", "Bukit Kemuning", "Abung Selatan", "Tanjung Raja", "Sungkai Utara", "Abung Timur"}},
	{"18.07", "Way Kanan", false, true, "Blambangan Umpu", []string{"Blambangan Umpu", "Baradatu", "Banjit", "Kasui", "Pakuan Ratu", "Bahuga"}},
	{"18.08", "Tulang Bawang", false, false, "Menggala", []string{"Menggala", "Banjar Agung", "Gedung Aji", "Rawajitu Selatan", "Dente Teladas", "Penawar Tama"}},
	{"18.09", "Pesawaran", false, false, "Gedong Tataan", []string{"Gedong Tataan", "Padang Cermin", "Way Lima", "Kedondong", "Tegineneng", "Punduh Pidada"}},
	{"18.10", "Pringsewu", false, false, "Pringsewu", []string{"Pringsewu", "Gading Rejo", "Pagelaran", "Sukoharjo", "Ambarawa", "Pardasuka"}},
	{"18.11", "Mesuji", false, true, "Mesuji", []string{"Mesuji", "Tanjung Raya", "Simpang Pematang", "Way Serdang", "Mesuji Timur", "Panca Jaya"}},
	{"18.12", "Tulang Bawang Barat", false, true, "Tulang Bawang Tengah", []string{"Tulang Bawang Tengah", "Tumijajar", "Lambu Kibang", "Gunung Terang", "Way Kenanga", "Pagar Dewa"}},
	{"18.13", "Pesisir Barat", false, true, "Pesisir Tengah", []string{"Pesisir Tengah", "Pesisir Selatan", "Lemong", "Bengkunat", "Karya Penggawa", "Ngambur"}},
	{"18.71", "Bandar Lampung", true, false, "Bandar Lampung", []string{"Tanjung Karang Pusat", "Kedaton", "Rajabasa", "Teluk Betung Selatan", "Sukarame", "Kemiling", "Way Halim", "Panjang"}},
	{"18.72", "Metro", true, false, "Metro", []string{"Metro Pusat", "Metro Timur", "Metro Barat", "Metro Utara", "Metro Selatan"}},
}

// capitalRegion is the code of Kota Bandar Lampung, where the provincial
// agencies sit.
const capitalRegion = "18.71"

// schooling is one way of meeting a job's education requirement.
type schooling struct {
	level employee.EducationLevel
	major string
	back  string // titles after the name (gelar belakang)
	w     int    // relative weight
}

// job is a position family: its title, type, profession group and the
// schooling it is filled from.
type job struct {
	family string // position name; functional positions add the level
	ptype  employee.PositionType
	group  employee.ProfessionGroup
	front  string // titles before the name, e.g. dr.
	school []schooling
	pppk   int // percentage of PPPK among new staff in this job
	cpns   int // percentage of CPNS (candidates) among staff in this job
	female int // percentage of women
	capIdx int // highest PNS rank index reachable (0: by position type)
	bup    int // retirement age (batas usia pensiun); 0 means 58
}

const (
	keahlian     = employee.PositionTypeFUNGSIONAL_KEAHLIAN
	keterampilan = employee.PositionTypeFUNGSIONAL_KETERAMPILAN
	pelaksana    = employee.PositionTypePELAKSANA

	health      = employee.ProfessionGroupHEALTH
	education   = employee.ProfessionGroupEDUCATION
	technical   = employee.ProfessionGroupTECHNICAL
	admin       = employee.ProfessionGroupADMINISTRATIVE
	finance     = employee.ProfessionGroupFINANCE
	legal       = employee.ProfessionGroupLEGAL
	agriculture = employee.ProfessionGroupAGRICULTURE
	social      = employee.ProfessionGroupSOCIAL
	infotech    = employee.ProfessionGroupINFORMATION_TECHNOLOGY
	other       = employee.ProfessionGroupOTHER
)

// Education levels used below.
const (
	sSLTA = employee.EducationLevelSLTA
	sD3   = employee.EducationLevelD3
	sD4   = employee.EducationLevelD4
	sS1   = employee.EducationLevelS1
	sS2   = employee.EducationLevelS2
	sS3   = employee.EducationLevelS3
)

// jobs are the position families the seed staffs units with, by key.
var jobs = map[string]*job{
	// Health (rumpun kesehatan).
	"doctor": {family: "Dokter", ptype: keahlian, group: health, front: "dr.", school: []schooling{{sS1, "Pendidikan Dokter", "", 8}, {sS2, "Ilmu Kesehatan Masyarakat", "M.Kes.", 1}}, pppk: 5, cpns: 10, female: 55},
	"specialist": {family: "Dokter Spesialis", ptype: keahlian, group: health, front: "dr.", capIdx: 15, bup: 60, school: []schooling{
		{sS2, "Ilmu Penyakit Dalam", "Sp.PD.", 3}, {sS2, "Ilmu Kesehatan Anak", "Sp.A.", 3}, {sS2, "Obstetri dan Ginekologi", "Sp.OG.", 3},
		{sS2, "Ilmu Bedah", "Sp.B.", 2}, {sS2, "Anestesiologi dan Terapi Intensif", "Sp.An.", 2}, {sS2, "Radiologi", "Sp.Rad.", 1},
		{sS2, "Neurologi", "Sp.N.", 1}, {sS2, "Kardiologi dan Kedokteran Vaskular", "Sp.JP.", 1}, {sS2, "Patologi Klinik", "Sp.PK.", 1},
	}, cpns: 5, female: 45},
	"dentist":        {family: "Dokter Gigi", ptype: keahlian, group: health, front: "drg.", school: []schooling{{sS1, "Pendidikan Dokter Gigi", "", 1}}, pppk: 5, cpns: 10, female: 70},
	"nurse":          {family: "Perawat", ptype: keahlian, group: health, school: []schooling{{sS1, "Ilmu Keperawatan", "S.Kep., Ners", 6}, {sS2, "Magister Keperawatan", "S.Kep., Ns., M.Kep.", 1}}, pppk: 20, cpns: 6, female: 70},
	"nurseD3":        {family: "Perawat", ptype: keterampilan, group: health, school: []schooling{{sD3, "Keperawatan", "A.Md.Kep.", 1}}, pppk: 25, cpns: 5, female: 70},
	"midwife":        {family: "Bidan", ptype: keahlian, group: health, school: []schooling{{sD4, "Kebidanan", "S.Tr.Keb.", 2}, {sS1, "Kebidanan", "S.Keb., Bd.", 1}}, pppk: 20, cpns: 6, female: 100},
	"midwifeD3":      {family: "Bidan", ptype: keterampilan, group: health, school: []schooling{{sD3, "Kebidanan", "A.Md.Keb.", 1}}, pppk: 25, cpns: 5, female: 100},
	"pharmacist":     {family: "Apoteker", ptype: keahlian, group: health, school: []schooling{{sS1, "Farmasi (Profesi Apoteker)", "S.Farm., Apt.", 1}}, pppk: 10, cpns: 8, female: 70},
	"pharmTech":      {family: "Asisten Apoteker", ptype: keterampilan, group: health, school: []schooling{{sD3, "Farmasi", "A.Md.Farm.", 1}}, pppk: 20, cpns: 5, female: 75},
	"nutritionist":   {family: "Nutrisionis", ptype: keterampilan, group: health, school: []schooling{{sD3, "Gizi", "A.Md.Gz.", 1}}, pppk: 20, cpns: 5, female: 80},
	"labTech":        {family: "Pranata Laboratorium Kesehatan", ptype: keterampilan, group: health, school: []schooling{{sD3, "Analis Kesehatan", "A.Md.AK.", 1}}, pppk: 20, cpns: 5, female: 60},
	"sanitarian":     {family: "Tenaga Sanitasi Lingkungan", ptype: keterampilan, group: health, school: []schooling{{sD3, "Kesehatan Lingkungan", "A.Md.KL.", 1}}, pppk: 20, cpns: 5, female: 50},
	"radiographer":   {family: "Radiografer", ptype: keterampilan, group: health, school: []schooling{{sD3, "Radiodiagnostik dan Radioterapi", "A.Md.Rad.", 1}}, pppk: 15, cpns: 5, female: 40},
	"epidemiologist": {family: "Epidemiolog Kesehatan", ptype: keahlian, group: health, school: []schooling{{sS1, "Kesehatan Masyarakat", "S.K.M.", 3}, {sS2, "Epidemiologi", "S.K.M., M.Epid.", 1}}, pppk: 5, cpns: 6, female: 55},
	"healthPromoter": {family: "Penyuluh Kesehatan Masyarakat", ptype: keahlian, group: health, school: []schooling{{sS1, "Kesehatan Masyarakat", "S.K.M.", 1}}, pppk: 10, cpns: 6, female: 60},
	"healthAdmin":    {family: "Administrator Kesehatan", ptype: keahlian, group: health, school: []schooling{{sS1, "Kesehatan Masyarakat", "S.K.M.", 3}, {sS2, "Ilmu Kesehatan Masyarakat", "S.K.M., M.Kes.", 1}}, pppk: 5, cpns: 5, female: 55},

	// Education (rumpun pendidikan).
	"teacher": {family: "Guru", ptype: keahlian, group: education, capIdx: 14, bup: 60, school: []schooling{
		{sS1, "Pendidikan Matematika", "S.Pd.", 3}, {sS1, "Pendidikan Bahasa Indonesia", "S.Pd.", 3}, {sS1, "Pendidikan Bahasa Inggris", "S.Pd.", 3},
		{sS1, "Pendidikan Fisika", "S.Pd.", 2}, {sS1, "Pendidikan Kimia", "S.Pd.", 2}, {sS1, "Pendidikan Biologi", "S.Pd.", 2},
		{sS1, "Pendidikan Ekonomi", "S.Pd.", 2}, {sS1, "Pendidikan Sejarah", "S.Pd.", 2}, {sS1, "Pendidikan Geografi", "S.Pd.", 1},
		{sS1, "Pendidikan Pancasila dan Kewarganegaraan", "S.Pd.", 2}, {sS1, "Pendidikan Jasmani, Kesehatan dan Rekreasi", "S.Pd.", 2},
		{sS1, "Bimbingan dan Konseling", "S.Pd.", 2}, {sS1, "Pendidikan Agama Islam", "S.Pd.I.", 2}, {sS1, "Pendidikan Sosiologi", "S.Pd.", 1},
		{sS1, "Pendidikan Seni Budaya", "S.Pd.", 1}, {sS2, "Pendidikan Matematika", "S.Pd., M.Pd.", 1}, {sS2, "Manajemen Pendidikan", "S.Pd., M.Pd.", 1},
	}, pppk: 28, cpns: 4, female: 62},
	"vocTeacher": {family: "Guru", ptype: keahlian, group: education, capIdx: 14, bup: 60, school: []schooling{
		{sS1, "Pendidikan Teknik Mesin", "S.Pd.", 2}, {sS1, "Pendidikan Teknik Elektro", "S.Pd.", 2}, {sS1, "Teknik Informatika", "S.Kom.", 2},
		{sS1, "Akuntansi", "S.E.", 2}, {sS1, "Teknik Sipil", "S.T.", 1}, {sS1, "Agribisnis", "S.P.", 1}, {sS1, "Pendidikan Tata Boga", "S.Pd.", 1},
		{sS1, "Pendidikan Teknik Otomotif", "S.Pd.", 2},
	}, pppk: 30, cpns: 4, female: 45},
	"schoolSupervisor": {family: "Pengawas Sekolah", ptype: keahlian, group: education, capIdx: 14, bup: 60, school: []schooling{{sS2, "Manajemen Pendidikan", "S.Pd., M.Pd.", 1}}, female: 45},
	"learningDev":      {family: "Pengembang Teknologi Pembelajaran", ptype: keahlian, group: education, school: []schooling{{sS1, "Teknologi Pendidikan", "S.Pd.", 1}}, cpns: 8, female: 50},
	"widyaiswara": {family: "Widyaiswara", ptype: keahlian, group: education, capIdx: 15, bup: 60, school: []schooling{
		{sS2, "Magister Manajemen", "S.E., M.M.", 1}, {sS2, "Magister Administrasi Publik", "S.Sos., M.A.P.", 1}, {sS2, "Magister Pendidikan", "S.Pd., M.Pd.", 1},
	}, female: 40},
	"culture": {family: "Pamong Budaya", ptype: keahlian, group: social, school: []schooling{{sS1, "Ilmu Sejarah", "S.Hum.", 1}, {sS1, "Antropologi", "S.Ant.", 1}}, cpns: 8, female: 50},

	// Administration, finance, law, IT (rumpun manajemen, keuangan, hukum, TI).
	"clerk":          {family: "Pengadministrasi Perkantoran", ptype: pelaksana, group: admin, school: []schooling{{sSLTA, "", "", 3}, {sD3, "Administrasi Perkantoran", "A.Md.", 1}}, pppk: 12, cpns: 3, female: 55},
	"operator":       {family: "Penata Layanan Operasional", ptype: pelaksana, group: admin, school: []schooling{{sS1, "Ilmu Administrasi Negara", "S.A.P.", 2}, {sS1, "Manajemen", "S.E.", 1}, {sS1, "Ilmu Komunikasi", "S.I.Kom.", 1}}, pppk: 15, cpns: 6, female: 55},
	"hrAnalyst":      {family: "Analis Sumber Daya Manusia Aparatur", ptype: keahlian, group: admin, school: []schooling{{sS1, "Manajemen", "S.E.", 2}, {sS1, "Ilmu Administrasi Negara", "S.A.P.", 2}, {sS1, "Psikologi", "S.Psi.", 1}, {sS2, "Magister Manajemen", "S.E., M.M.", 1}}, pppk: 3, cpns: 6, female: 55},
	"policyAnalyst":  {family: "Analis Kebijakan", ptype: keahlian, group: admin, school: []schooling{{sS1, "Ilmu Pemerintahan", "S.I.P.", 2}, {sS1, "Ilmu Administrasi Negara", "S.Sos.", 2}, {sS2, "Ilmu Administrasi", "S.Sos., M.Si.", 1}}, pppk: 3, cpns: 6, female: 45},
	"planner":        {family: "Perencana", ptype: keahlian, group: admin, school: []schooling{{sS1, "Ekonomi Pembangunan", "S.E.", 2}, {sS1, "Perencanaan Wilayah dan Kota", "S.T.", 1}, {sS2, "Perencanaan Wilayah dan Kota", "S.T., M.T.", 1}}, pppk: 3, cpns: 6, female: 50},
	"archivist":      {family: "Arsiparis", ptype: keterampilan, group: admin, school: []schooling{{sD3, "Kearsipan", "A.Md.", 1}}, pppk: 10, cpns: 5, female: 60},
	"procurement":    {family: "Pengelola Pengadaan Barang/Jasa", ptype: keahlian, group: admin, school: []schooling{{sS1, "Teknik Sipil", "S.T.", 1}, {sS1, "Manajemen", "S.E.", 1}}, pppk: 3, cpns: 5, female: 40},
	"finance":        {family: "Analis Keuangan Pusat dan Daerah", ptype: keahlian, group: finance, school: []schooling{{sS1, "Akuntansi", "S.E.", 3}, {sS2, "Magister Akuntansi", "S.E., M.Ak.", 1}}, pppk: 3, cpns: 6, female: 60},
	"treasurer":      {family: "Pengelola Keuangan", ptype: pelaksana, group: finance, school: []schooling{{sD3, "Akuntansi", "A.Md.Ak.", 2}, {sS1, "Akuntansi", "S.Ak.", 1}, {sSLTA, "", "", 1}}, pppk: 10, cpns: 5, female: 65},
	"auditor":        {family: "Auditor", ptype: keahlian, group: finance, school: []schooling{{sS1, "Akuntansi", "S.E., Ak.", 3}, {sS1, "Ilmu Hukum", "S.H.", 1}, {sS1, "Teknik Sipil", "S.T.", 1}, {sS2, "Magister Akuntansi", "S.E., M.Ak.", 1}}, cpns: 6, female: 50},
	"revenue":        {family: "Pengelola Pajak dan Retribusi Daerah", ptype: pelaksana, group: finance, school: []schooling{{sSLTA, "", "", 2}, {sD3, "Perpajakan", "A.Md.", 1}, {sS1, "Akuntansi", "S.E.", 1}}, pppk: 15, cpns: 5, female: 45},
	"lawyer":         {family: "Analis Hukum", ptype: keahlian, group: legal, school: []schooling{{sS1, "Ilmu Hukum", "S.H.", 4}, {sS2, "Ilmu Hukum", "S.H., M.H.", 1}}, pppk: 3, cpns: 6, female: 50},
	"drafter":        {family: "Perancang Peraturan Perundang-undangan", ptype: keahlian, group: legal, school: []schooling{{sS1, "Ilmu Hukum", "S.H.", 3}, {sS2, "Ilmu Hukum", "S.H., M.H.", 1}}, cpns: 6, female: 50},
	"it":             {family: "Pranata Komputer", ptype: keahlian, group: infotech, school: []schooling{{sS1, "Teknik Informatika", "S.Kom.", 2}, {sS1, "Sistem Informasi", "S.Kom.", 1}, {sS1, "Ilmu Komputer", "S.Kom.", 1}}, pppk: 8, cpns: 10, female: 30},
	"itD3":           {family: "Pranata Komputer", ptype: keterampilan, group: infotech, school: []schooling{{sD3, "Manajemen Informatika", "A.Md.Kom.", 1}}, pppk: 15, cpns: 8, female: 35},
	"dbAdmin":        {family: "Administrator Database Kependudukan", ptype: keahlian, group: infotech, school: []schooling{{sS1, "Teknik Informatika", "S.Kom.", 1}, {sS1, "Sistem Informasi", "S.Kom.", 1}}, pppk: 5, cpns: 8, female: 35},
	"populationData": {family: "Pengelola Data Kependudukan", ptype: pelaksana, group: admin, school: []schooling{{sSLTA, "", "", 2}, {sD3, "Manajemen Informatika", "A.Md.Kom.", 1}}, pppk: 15, cpns: 5, female: 55},
	"driver":         {family: "Pengemudi", ptype: pelaksana, group: other, school: []schooling{{sSLTA, "", "", 1}}, pppk: 20, female: 0},

	// Technical and agriculture (rumpun teknik, pertanian).
	"civilEng":      {family: "Teknik Jalan dan Jembatan", ptype: keahlian, group: technical, school: []schooling{{sS1, "Teknik Sipil", "S.T.", 3}, {sS2, "Teknik Sipil", "S.T., M.T.", 1}}, pppk: 3, cpns: 8, female: 25},
	"waterEng":      {family: "Teknik Pengairan", ptype: keahlian, group: technical, school: []schooling{{sS1, "Teknik Sipil", "S.T.", 2}, {sS1, "Teknik Pengairan", "S.T.", 1}}, pppk: 3, cpns: 8, female: 25},
	"spatial":       {family: "Penata Ruang", ptype: keahlian, group: technical, school: []schooling{{sS1, "Perencanaan Wilayah dan Kota", "S.T.", 2}, {sS1, "Arsitektur", "S.T.", 1}}, pppk: 3, cpns: 8, female: 40},
	"roadTech":      {family: "Teknik Jalan dan Jembatan", ptype: keterampilan, group: technical, school: []schooling{{sD3, "Teknik Sipil", "A.Md.T.", 1}}, pppk: 15, cpns: 5, female: 15},
	"surveyor":      {family: "Surveyor Pemetaan", ptype: keterampilan, group: technical, school: []schooling{{sD3, "Teknik Geodesi", "A.Md.T.", 1}}, pppk: 10, cpns: 5, female: 20},
	"agriExt":       {family: "Penyuluh Pertanian", ptype: keahlian, group: agriculture, school: []schooling{{sS1, "Agroteknologi", "S.P.", 2}, {sS1, "Agribisnis", "S.P.", 1}, {sS2, "Agronomi", "S.P., M.P.", 1}}, pppk: 10, cpns: 6, female: 40},
	"agriExtD3":     {family: "Penyuluh Pertanian", ptype: keterampilan, group: agriculture, school: []schooling{{sD3, "Penyuluhan Pertanian", "A.Md.P.", 1}}, pppk: 20, cpns: 5, female: 35},
	"pestControl":   {family: "Pengendali Organisme Pengganggu Tumbuhan", ptype: keahlian, group: agriculture, school: []schooling{{sS1, "Proteksi Tanaman", "S.P.", 1}}, pppk: 5, cpns: 6, female: 40},
	"seedInspector": {family: "Pengawas Benih Tanaman", ptype: keterampilan, group: agriculture, school: []schooling{{sD3, "Agronomi", "A.Md.P.", 1}}, pppk: 10, cpns: 5, female: 35},
}

// masters is the postgraduate degree a head of unit adds to a first degree,
// by profession group.
var masters = map[employee.ProfessionGroup]schooling{
	health:      {sS2, "Ilmu Kesehatan Masyarakat", "M.Kes.", 1},
	education:   {sS2, "Manajemen Pendidikan", "M.Pd.", 1},
	technical:   {sS2, "Teknik Sipil", "M.T.", 1},
	admin:       {sS2, "Ilmu Administrasi", "M.Si.", 1},
	finance:     {sS2, "Magister Manajemen", "M.M.", 1},
	legal:       {sS2, "Ilmu Hukum", "M.H.", 1},
	agriculture: {sS2, "Agronomi", "M.P.", 1},
	social:      {sS2, "Sosiologi", "M.Si.", 1},
	infotech:    {sS2, "Sistem Informasi", "M.Kom.", 1},
	other:       {sS2, "Magister Manajemen", "M.M.", 1},
}

// slot says how many staff of one job a unit has: between lo and hi.
type slot struct {
	job    string
	lo, hi int
}

func s(job string, lo, hi int) slot { return slot{job, lo, hi} }

// unitSpec describes a unit of an agency, its staff and its subunits.
type unitSpec struct {
	suffix   string // code below the parent, e.g. "01"
	name     string
	kind     unit.Kind
	address  string
	prior    string // job the head held before heading the unit ("" = agency default)
	roster   []slot
	children []unitSpec
}

// agencySpec is a provincial agency (OPD) in Bandar Lampung.
type agencySpec struct {
	code    string
	name    string
	short   string
	address string
	prior   string // job the heads of the agency's units come from
	units   []unitSpec
}

func secretariat(extra ...unitSpec) unitSpec {
	children := append([]unitSpec{
		{name: "Subbagian Umum dan Kepegawaian", kind: unit.KindSECTION, prior: "hrAnalyst", roster: []slot{s("clerk", 2, 3), s("hrAnalyst", 1, 1), s("archivist", 0, 1), s("driver", 1, 1)}},
		{name: "Subbagian Keuangan dan Aset", kind: unit.KindSECTION, prior: "finance", roster: []slot{s("treasurer", 1, 2), s("finance", 1, 2), s("clerk", 0, 1)}},
	}, extra...)
	return unitSpec{name: "Sekretariat", kind: unit.KindSECRETARIAT, prior: "planner", roster: []slot{s("planner", 0, 1)}, children: children}
}

func programme() unitSpec {
	return unitSpec{name: "Subbagian Program dan Pelaporan", kind: unit.KindSECTION, prior: "planner", roster: []slot{s("planner", 1, 2), s("it", 0, 1), s("operator", 0, 1)}}
}

func division(name, prior string, roster []slot, children ...unitSpec) unitSpec {
	return unitSpec{name: name, kind: unit.KindDIVISION, prior: prior, roster: roster, children: children}
}

func section(name, prior string, roster ...slot) unitSpec {
	return unitSpec{name: name, kind: unit.KindSECTION, prior: prior, roster: roster}
}

// agencies are the provincial agencies the seed builds, with their
// divisions (bidang, biro) and sections (seksi, subbagian, subbidang).
// Codes follow the regional government nomenclature (1.01 education, 1.02
// health, 4.01 regional secretariat, ...).
var agencies = []agencySpec{
	{code: "4.01", name: "Sekretariat Daerah Provinsi Lampung", short: "Setda", prior: "policyAnalyst",
		address: "Jl. Wolter Monginsidi No. 69, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			division("Biro Pemerintahan dan Otonomi Daerah", "policyAnalyst", []slot{s("policyAnalyst", 1, 2)},
				section("Bagian Pemerintahan Umum", "policyAnalyst", s("policyAnalyst", 2, 3), s("clerk", 1, 2)),
				section("Bagian Otonomi Daerah dan Kerja Sama", "policyAnalyst", s("policyAnalyst", 2, 3), s("clerk", 1, 1))),
			division("Biro Hukum", "drafter", []slot{s("drafter", 1, 2)},
				section("Bagian Peraturan Perundang-undangan", "drafter", s("drafter", 2, 3), s("lawyer", 1, 2), s("clerk", 1, 1)),
				section("Bagian Bantuan Hukum dan Hak Asasi Manusia", "lawyer", s("lawyer", 2, 3), s("clerk", 1, 1))),
			division("Biro Organisasi", "hrAnalyst", []slot{s("hrAnalyst", 1, 1)},
				section("Bagian Kelembagaan dan Analisis Jabatan", "hrAnalyst", s("hrAnalyst", 2, 3), s("policyAnalyst", 1, 1), s("clerk", 1, 1)),
				section("Bagian Reformasi Birokrasi dan Akuntabilitas Kinerja", "policyAnalyst", s("policyAnalyst", 2, 2), s("planner", 1, 1), s("clerk", 1, 1))),
			division("Biro Umum", "finance", []slot{s("clerk", 1, 1)},
				section("Bagian Tata Usaha Pimpinan", "operator", s("clerk", 2, 3), s("archivist", 1, 1), s("driver", 1, 2)),
				section("Bagian Keuangan", "finance", s("finance", 2, 2), s("treasurer", 2, 2), s("clerk", 1, 1))),
		}},
	{code: "1.02", name: "Dinas Kesehatan Provinsi Lampung", short: "Dinkes", prior: "healthAdmin",
		address: "Jl. Dr. Susilo No. 46, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(programme()),
			division("Bidang Kesehatan Masyarakat", "healthAdmin", []slot{s("healthPromoter", 1, 1)},
				section("Seksi Kesehatan Keluarga dan Gizi", "healthAdmin", s("healthAdmin", 1, 1), s("nutritionist", 1, 2), s("midwife", 1, 1)),
				section("Seksi Promosi dan Pemberdayaan Masyarakat", "healthPromoter", s("healthPromoter", 2, 3), s("clerk", 1, 1))),
			division("Bidang Pencegahan dan Pengendalian Penyakit", "epidemiologist", []slot{s("epidemiologist", 1, 1)},
				section("Seksi Surveilans dan Imunisasi", "epidemiologist", s("epidemiologist", 2, 3), s("nurse", 1, 1)),
				section("Seksi Pencegahan dan Pengendalian Penyakit Menular", "doctor", s("epidemiologist", 1, 2), s("doctor", 1, 1), s("sanitarian", 1, 1))),
			division("Bidang Pelayanan dan Sumber Daya Kesehatan", "healthAdmin", []slot{s("healthAdmin", 1, 1)},
				section("Seksi Pelayanan Kesehatan Primer", "doctor", s("doctor", 1, 1), s("healthAdmin", 1, 2)),
				section("Seksi Kefarmasian dan Alat Kesehatan", "pharmacist", s("pharmacist", 1, 2), s("pharmTech", 1, 1))),
		}},
	{code: "1.01", name: "Dinas Pendidikan dan Kebudayaan Provinsi Lampung", short: "Disdikbud", prior: "teacher",
		address: "Jl. Drs. Warsito No. 72, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(programme()),
			division("Bidang Pembinaan SMA", "teacher", []slot{s("schoolSupervisor", 2, 3)},
				section("Seksi Kurikulum dan Penilaian SMA", "teacher", s("learningDev", 1, 1), s("operator", 2, 2), s("clerk", 1, 1)),
				section("Seksi Peserta Didik dan Pembangunan Karakter SMA", "teacher", s("operator", 2, 2), s("clerk", 1, 1))),
			division("Bidang Pembinaan SMK", "vocTeacher", []slot{s("schoolSupervisor", 2, 2)},
				section("Seksi Kurikulum dan Kelembagaan SMK", "vocTeacher", s("learningDev", 1, 1), s("operator", 2, 2)),
				section("Seksi Sarana dan Prasarana SMK", "procurement", s("procurement", 1, 1), s("operator", 1, 1), s("clerk", 1, 1))),
			division("Bidang Kebudayaan", "culture", []slot{s("culture", 2, 3)},
				section("Seksi Cagar Budaya dan Permuseuman", "culture", s("culture", 2, 2), s("clerk", 1, 1))),
		}},
	{code: "2.12", name: "Dinas Kependudukan dan Pencatatan Sipil Provinsi Lampung", short: "Disdukcapil", prior: "policyAnalyst",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(),
			division("Bidang Pelayanan Pendaftaran Penduduk dan Pencatatan Sipil", "policyAnalyst", nil,
				section("Seksi Identitas Penduduk", "operator", s("populationData", 3, 4), s("operator", 1, 1)),
				section("Seksi Pencatatan Sipil", "lawyer", s("populationData", 2, 3), s("lawyer", 0, 1))),
			division("Bidang Pengelolaan Informasi Administrasi Kependudukan", "dbAdmin", []slot{s("dbAdmin", 1, 1)},
				section("Seksi Sistem Informasi Administrasi Kependudukan", "dbAdmin", s("dbAdmin", 2, 2), s("it", 1, 2)),
				section("Seksi Pengolahan dan Penyajian Data Kependudukan", "dbAdmin", s("dbAdmin", 1, 1), s("populationData", 2, 2), s("planner", 0, 1))),
		}},
	{code: "5.03", name: "Badan Kepegawaian Daerah Provinsi Lampung", short: "BKD", prior: "hrAnalyst",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(programme()),
			division("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "hrAnalyst", nil,
				section("Subbidang Pengadaan dan Pemberhentian", "hrAnalyst", s("hrAnalyst", 2, 3), s("clerk", 1, 2)),
				section("Subbidang Data dan Sistem Informasi Kepegawaian", "it", s("it", 2, 2), s("itD3", 1, 1), s("hrAnalyst", 1, 1))),
			division("Bidang Mutasi dan Promosi", "hrAnalyst", nil,
				section("Subbidang Kepangkatan", "hrAnalyst", s("hrAnalyst", 2, 3), s("clerk", 1, 2)),
				section("Subbidang Jabatan", "hrAnalyst", s("hrAnalyst", 2, 2), s("clerk", 1, 1))),
			division("Bidang Penilaian Kinerja Aparatur dan Penghargaan", "hrAnalyst", nil,
				section("Subbidang Penilaian Kinerja", "hrAnalyst", s("hrAnalyst", 2, 3), s("operator", 1, 1)),
				section("Subbidang Disiplin dan Penghargaan", "lawyer", s("hrAnalyst", 1, 1), s("lawyer", 1, 1), s("clerk", 1, 1))),
		}},
	{code: "5.04", name: "Badan Pengembangan Sumber Daya Manusia Provinsi Lampung", short: "BPSDM", prior: "hrAnalyst",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Kemiling, Bandar Lampung",
		units: []unitSpec{
			secretariat(programme()),
			division("Bidang Pengembangan Kompetensi Manajerial dan Fungsional", "hrAnalyst", []slot{s("widyaiswara", 3, 4), s("learningDev", 1, 1), s("operator", 1, 1)}),
			division("Bidang Pengembangan Kompetensi Teknis", "hrAnalyst", []slot{s("widyaiswara", 3, 4), s("learningDev", 1, 1), s("operator", 1, 1)}),
			division("Bidang Sertifikasi Kompetensi dan Pengelolaan Kelembagaan", "hrAnalyst", []slot{s("hrAnalyst", 1, 1), s("learningDev", 1, 1), s("it", 1, 1), s("operator", 1, 1)}),
		}},
	{code: "1.03", name: "Dinas Pekerjaan Umum dan Penataan Ruang Provinsi Lampung", short: "PUPR", prior: "civilEng",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(),
			division("Bidang Bina Marga", "civilEng", nil,
				section("Seksi Pembangunan Jalan dan Jembatan", "civilEng", s("civilEng", 2, 3), s("roadTech", 1, 2)),
				section("Seksi Preservasi Jalan dan Jembatan", "civilEng", s("civilEng", 1, 2), s("roadTech", 2, 2), s("surveyor", 1, 1))),
			division("Bidang Sumber Daya Air", "waterEng", nil,
				section("Seksi Irigasi dan Rawa", "waterEng", s("waterEng", 2, 3), s("surveyor", 1, 1)),
				section("Seksi Sungai dan Pantai", "waterEng", s("waterEng", 1, 2), s("roadTech", 1, 1))),
			division("Bidang Penataan Ruang", "spatial", []slot{s("spatial", 2, 3), s("surveyor", 1, 1), s("it", 0, 1)}),
		}},
	{code: "5.02", name: "Badan Pendapatan Daerah Provinsi Lampung", short: "Bapenda", prior: "finance",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(),
			division("Bidang Pajak Daerah", "finance", nil,
				section("Subbidang Pajak Kendaraan Bermotor", "finance", s("revenue", 3, 4), s("clerk", 1, 1)),
				section("Subbidang Pajak Air Permukaan dan Pajak Rokok", "finance", s("revenue", 2, 3))),
			division("Bidang Retribusi dan Pendapatan Lain-lain", "finance", []slot{s("revenue", 2, 3), s("finance", 1, 1)}),
			division("Bidang Pengendalian dan Evaluasi Pendapatan", "planner", nil,
				section("Subbidang Evaluasi dan Pelaporan", "finance", s("finance", 2, 2), s("planner", 1, 1), s("it", 1, 1))),
		}},
	{code: "3.27", name: "Dinas Tanaman Pangan dan Hortikultura Provinsi Lampung", short: "Distan", prior: "agriExt",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			secretariat(),
			division("Bidang Produksi Tanaman Pangan", "agriExt", nil,
				section("Seksi Serealia", "agriExt", s("agriExt", 2, 2), s("pestControl", 1, 1)),
				section("Seksi Aneka Kacang dan Umbi", "agriExt", s("agriExt", 1, 2), s("seedInspector", 1, 1))),
			division("Bidang Hortikultura", "agriExt", nil,
				section("Seksi Sayuran dan Tanaman Obat", "agriExt", s("agriExt", 1, 2), s("pestControl", 1, 1)),
				section("Seksi Buah dan Florikultura", "agriExt", s("agriExt", 1, 2))),
			division("Bidang Penyuluhan dan Perlindungan Tanaman", "agriExt", []slot{s("agriExt", 2, 3), s("agriExtD3", 1, 2), s("pestControl", 1, 2), s("seedInspector", 1, 1)}),
		}},
	{code: "6.01", name: "Inspektorat Provinsi Lampung", short: "Inspektorat", prior: "auditor",
		address: "Kompleks Perkantoran Pemerintah Provinsi Lampung, Teluk Betung Utara, Bandar Lampung",
		units: []unitSpec{
			{name: "Sekretariat", kind: unit.KindSECRETARIAT, prior: "planner", children: []unitSpec{
				{name: "Subbagian Umum dan Kepegawaian", kind: unit.KindSECTION, prior: "hrAnalyst", roster: []slot{s("clerk", 2, 2), s("hrAnalyst", 1, 1), s("driver", 1, 1)}},
				{name: "Subbagian Perencanaan dan Keuangan", kind: unit.KindSECTION, prior: "finance", roster: []slot{s("planner", 1, 1), s("treasurer", 1, 2)}},
			}},
			division("Inspektur Pembantu Wilayah I", "auditor", []slot{s("auditor", 4, 6), s("lawyer", 0, 1)}),
			division("Inspektur Pembantu Wilayah II", "auditor", []slot{s("auditor", 4, 6)}),
			division("Inspektur Pembantu Wilayah III", "auditor", []slot{s("auditor", 4, 6), s("it", 0, 1)}),
		}},
}

// Codes of the agencies that own the field units, organise trainings and
// head the government.
const (
	codeSetda  = "4.01"
	codeHealth = "1.02"
	codeSchool = "1.01"
	codeBPSDM  = "5.04"
)

// hospital is the provincial general hospital under the health agency.
var hospital = unitSpec{
	name: "RSUD Dr. H. Abdul Moeloek", kind: unit.KindHOSPITAL, prior: "specialist",
	address: "Jl. Dr. Rivai No. 6, Penengahan, Tanjung Karang Pusat, Bandar Lampung",
	children: []unitSpec{
		division("Bidang Pelayanan Medik", "doctor", []slot{
			s("specialist", 14, 18), s("doctor", 8, 10), s("dentist", 1, 2), s("pharmacist", 3, 4), s("pharmTech", 4, 5),
			s("labTech", 5, 6), s("radiographer", 3, 4), s("nutritionist", 2, 3),
		}),
		division("Bidang Keperawatan", "nurse", []slot{s("nurse", 26, 30), s("nurseD3", 48, 54), s("midwife", 4, 5), s("midwifeD3", 8, 10)}),
		division("Bagian Umum dan Keuangan", "finance", []slot{s("clerk", 8, 10), s("treasurer", 4, 5), s("finance", 2, 3), s("it", 2, 3), s("hrAnalyst", 2, 2), s("driver", 2, 3)}),
	},
}

// Field-unit rosters, for a region that is not remote; remote regions get
// about half (DESIGN.md §1: remote districts lack health and education staff).
var (
	healthCentreRoster = []slot{
		s("doctor", 1, 2), s("dentist", 0, 1), s("nurse", 1, 2), s("nurseD3", 2, 4), s("midwife", 0, 1), s("midwifeD3", 2, 4),
		s("pharmacist", 0, 1), s("pharmTech", 1, 1), s("nutritionist", 0, 1), s("labTech", 1, 1), s("sanitarian", 0, 1),
		s("healthPromoter", 0, 1), s("clerk", 1, 1),
	}
	highSchoolRoster       = []slot{s("teacher", 12, 16), s("clerk", 1, 2), s("treasurer", 0, 1)}
	vocationalSchoolRoster = []slot{s("vocTeacher", 6, 9), s("teacher", 5, 7), s("clerk", 1, 2), s("treasurer", 0, 1)}
)

// Given names and family names: a Lampung, Javanese, Sundanese, Batak and
// Minang mix, as in the province's civil service.
var (
	maleNames = []string{
		"Ahmad", "Agus", "Andi", "Arief", "Bambang", "Budi", "Dedi", "Dimas", "Eko", "Fajar", "Fauzi", "Firman", "Gilang", "Hadi",
		"Hendra", "Herman", "Irfan", "Iwan", "Joko", "Rahmat", "Rizal", "Rizky", "Rudi", "Slamet", "Suryadi", "Teguh", "Wahyu",
		"Yusuf", "Asep", "Ujang", "Dadang", "Cecep", "Yayan", "Togar", "Parulian", "Martin", "Roy", "Zulkarnain", "Syahrial",
		"Ismail", "Khairul", "Afrizal", "Syafril", "Novri", "Yuliandri", "Hermansyah", "Irwansyah", "Anton", "Heri", "Sugeng",
		"Supriyadi", "Wawan", "Arif", "Reza", "Yoga", "Bayu", "Adi", "Ferdi", "Ricky", "Fikri", "Ilham", "Taufik",
	}
	femaleNames = []string{
		"Siti", "Sri", "Dewi", "Rina", "Fitri", "Ani", "Wulan", "Indah", "Nurul", "Ratna", "Yuni", "Putri", "Ayu", "Eka", "Dian",
		"Nining", "Neneng", "Euis", "Rika", "Maria", "Yulia", "Novita", "Mega", "Desi", "Kartini", "Intan", "Nova", "Elfira",
		"Yusnita", "Hasnah", "Lina", "Nurhayati", "Rosmawati", "Sulastri", "Wahyuni", "Yanti", "Lia", "Tuti", "Endang", "Erna",
		"Fatimah", "Aisyah", "Melati", "Citra", "Anisa", "Reni", "Santi", "Vivi", "Yessi", "Meilani", "Rahmi", "Zahra", "Ida",
		"Marlina", "Rosdiana", "Tiurma", "Rumondang", "Nella", "Ratih", "Lilis",
	}
	// Second given names placed after the first.
	maleMiddle   = []string{"Adi", "Budi", "Agung", "Eko", "Hadi", "Nur", "Putra", "Rahman", "Wahyu", "Hidayat"}
	femaleMiddle = []string{"Ayu", "Dwi", "Nur", "Puspita", "Rahayu", "Sari", "Tri", "Wulan", "Indah", "Kusuma"}
	familyNames  = []string{
		"Wijaya", "Hidayat", "Susanto", "Santoso", "Nugroho", "Siregar", "Nasution", "Lubis", "Simanjuntak", "Sitompul", "Harahap",
		"Panjaitan", "Sinaga", "Hasibuan", "Tanjung", "Chaniago", "Koto", "Piliang", "Permana", "Hermawan", "Gunawan", "Kusnadi",
		"Purnomo", "Wibowo", "Prasetyo", "Effendi", "Sanjaya", "Hakim", "Hasan", "Ibrahim", "Abdullah", "Rusli", "Zainal",
		"Marzuki", "Syamsudin", "Rachman", "Hamzah", "Irawan", "Sutrisno", "Sudirman", "Kurnia", "Ramadhan", "Suhendar", "Ruhiyat",
	}
	maleFamily   = []string{"Saputra", "Pratama", "Kurniawan", "Setiawan", "Firmansyah", "Syahputra", "Nugraha", "Hidayatullah"}
	femaleFamily = []string{"Saputri", "Pratiwi", "Kurniawati", "Setiawati", "Rahayu", "Utami", "Anggraini", "Maharani", "Puspitasari", "Handayani", "Lestari", "Wulandari", "Susanti", "Febriani", "Oktaviani"}
	// Single names, common among older Javanese.
	maleSingle = []string{"Sugiyono", "Supardi", "Suparman", "Mulyono", "Paiman", "Sukirman", "Tukiman", "Suwarno", "Sutarno",
		"Sumardi", "Wagiman", "Parjo", "Ngadiman", "Sarjono", "Riyanto"}
	femaleSingle = []string{"Sumarni", "Sunarti", "Suparmi", "Tukiyem", "Sulastri", "Painem", "Suwarni", "Sumiyati", "Wartini",
		"Parsini", "Sukinah", "Ngatini", "Suyatmi"}

	birthPlaces = []string{
		"Bandar Lampung", "Bandar Lampung", "Bandar Lampung", "Metro", "Kotabumi", "Kalianda", "Liwa", "Kota Agung", "Menggala",
		"Gunung Sugih", "Sukadana", "Pringsewu", "Gedong Tataan", "Krui", "Blambangan Umpu", "Palembang", "Jakarta", "Bandung",
		"Yogyakarta", "Semarang", "Surabaya", "Medan", "Padang", "Bukittinggi", "Tasikmalaya", "Kediri", "Purwokerto",
	}
	streets = []string{
		"Jl. Pramuka", "Jl. Teuku Umar", "Jl. Ahmad Yani", "Jl. Sultan Agung", "Jl. Ryacudu", "Jl. Imam Bonjol", "Jl. Soekarno-Hatta",
		"Jl. Diponegoro", "Jl. Kartini", "Jl. Raden Intan", "Jl. Z.A. Pagar Alam", "Jl. Hayam Wuruk", "Jl. Gajah Mada", "Jl. Pangeran Antasari",
		"Jl. Lintas Sumatera", "Jl. Jenderal Sudirman", "Jl. Merdeka", "Jl. Pahlawan",
	}
	phonePrefixes = []string{"11", "12", "13", "21", "22", "23", "52", "53", "77", "78", "81", "82", "95", "96"}
)

// trainingSpec is a competency-development course of the demo catalogue.
// Its calendar is relative to the seed's clock and follows from state (see
// gen.schedule): a finished course ended ago days before the clock, an
// ongoing one started ago days before it, an open one opened registration
// ago days before it; days is the course's length.
type trainingSpec struct {
	prefix   string
	title    string
	desc     string
	category string
	method   string
	health   bool // organised by the health agency rather than BPSDM
	hours    int
	quota    int
	state    string // finished, ongoing, open, full, upcoming, draft or cancelled
	days     int
	ago      int
	targets  []string           // target profession groups; none means open to all
	who      func(*person) bool // who registers for it
}

// trainingCatalogue is the demo's training calendar around the seed clock.
var trainingCatalogue = []trainingSpec{
	{"PKP", "Pelatihan Kepemimpinan Pengawas (PKP) Angkatan I", "Pelatihan kepemimpinan bagi pejabat pengawas untuk memimpin pelaksanaan kegiatan dan mengendalikan kinerja unit.", "MANAGERIAL", "BLENDED", false, 366, 40, "finished", 75, 200, nil,
		func(p *person) bool {
			return p.ptype == employee.PositionTypePENGAWAS || (p.empType == employee.EmploymentTypePNS && p.head == nil && (p.rank == "III/c" || p.rank == "III/d"))
		}},
	{"PKA", "Pelatihan Kepemimpinan Administrator (PKA) Angkatan I", "Pelatihan kepemimpinan bagi pejabat administrator untuk memimpin perubahan dan kinerja organisasi.", "MANAGERIAL", "BLENDED", false, 381, 30, "finished", 80, 120, nil,
		func(p *person) bool {
			return p.ptype == employee.PositionTypeADMINISTRATOR || p.ptype == employee.PositionTypePENGAWAS
		}},
	{"LATSAR", "Pelatihan Dasar CPNS Golongan III Angkatan I", "Pelatihan dasar bagi calon PNS golongan III: nilai dasar ASN BerAKHLAK, kedudukan dan peran ASN, aktualisasi.", "SOCIO_CULTURAL", "BLENDED", false, 241, 80, "ongoing", 51, 20, nil,
		func(p *person) bool { return p.empType == employee.EmploymentTypeCPNS && rankIdx(p.rank) >= idxIIIa }},
	{"LATSAR", "Pelatihan Dasar CPNS Golongan II Angkatan I", "Pelatihan dasar bagi calon PNS golongan II.", "SOCIO_CULTURAL", "BLENDED", false, 241, 40, "open", 51, 10, nil,
		func(p *person) bool { return p.empType == employee.EmploymentTypeCPNS && rankIdx(p.rank) < idxIIIa }},
	{"SKP", "Pelatihan Teknis Penyusunan SKP dan Manajemen Kinerja ASN", "Menyusun Sasaran Kinerja Pegawai menurut PermenPANRB 6/2022: ekspektasi, indikator, umpan balik berkelanjutan.", "TECHNICAL", "E_LEARNING", false, 30, 200, "finished", 14, 60, nil,
		func(p *person) bool { return p.empType == employee.EmploymentTypePNS }},
	{"PBJ", "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "Prinsip, etika dan tahapan pengadaan barang/jasa pemerintah; persiapan sertifikasi tingkat dasar.", "TECHNICAL", "BLENDED", false, 40, 40, "finished", 6, 150, nil,
		func(p *person) bool { return p.unit.agency && p.empType != employee.EmploymentTypePPPK }},
	{"ANJAB", "Pelatihan Analisis Jabatan dan Analisis Beban Kerja", "Menyusun Anjab dan ABK untuk kebutuhan formasi: uraian tugas, beban kerja, kebutuhan pegawai.", "TECHNICAL", "CLASSICAL", false, 40, 30, "finished", 5, 240, []string{"ADMINISTRATIVE"},
		func(p *person) bool { return p.group == admin && p.empType != employee.EmploymentTypePPPK }},
	{"LEGDRAF", "Pelatihan Penyusunan Peraturan Perundang-undangan (Legal Drafting)", "Teknik penyusunan peraturan daerah dan peraturan gubernur.", "TECHNICAL", "CLASSICAL", false, 40, 30, "open", 5, 7, []string{"LEGAL", "ADMINISTRATIVE"},
		func(p *person) bool {
			return (p.group == legal || p.group == admin) && p.empType != employee.EmploymentTypePPPK
		}},
	{"SIPD", "Pelatihan Pengelolaan Keuangan Daerah Berbasis SIPD", "Penatausahaan, akuntansi dan pelaporan keuangan daerah dalam Sistem Informasi Pemerintahan Daerah.", "TECHNICAL", "BLENDED", false, 32, 35, "finished", 4, 90, []string{"FINANCE"},
		func(p *person) bool { return p.group == finance && p.empType != employee.EmploymentTypePPPK }},
	{"SPBE", "Pelatihan Keamanan Informasi dan Tata Kelola SPBE", "Manajemen keamanan informasi, tata kelola dan arsitektur Sistem Pemerintahan Berbasis Elektronik.", "TECHNICAL", "E_LEARNING", false, 24, 100, "open", 4, 5, []string{"INFORMATION_TECHNOLOGY"},
		func(p *person) bool { return p.group == infotech || p.group == admin }},
	{"KURMER", "Pelatihan Implementasi Kurikulum Merdeka bagi Guru SMA/SMK", "Merancang modul ajar, asesmen diagnostik dan projek penguatan profil pelajar Pancasila.", "TECHNICAL", "E_LEARNING", false, 24, 250, "finished", 10, 45, []string{"EDUCATION"},
		func(p *person) bool { return p.group == education && p.unit.kind == unit.KindSCHOOL }},
	{"GURU", "Pelatihan Pembelajaran Berdiferensiasi dan Asesmen Formatif", "Strategi pembelajaran berdiferensiasi dan asesmen formatif untuk guru SMA/SMK.", "FUNCTIONAL", "BLENDED", false, 24, 30, "full", 4, 9, []string{"EDUCATION"},
		func(p *person) bool { return p.group == education && p.unit.kind == unit.KindSCHOOL }},
	{"WASBANG", "Pelatihan Wawasan Kebangsaan dan Nilai-Nilai Bela Negara", "Penguatan wawasan kebangsaan, Pancasila dan bela negara bagi ASN.", "SOCIO_CULTURAL", "CLASSICAL", false, 20, 40, "finished", 3, 300, nil,
		func(p *person) bool { return true }},
	{"YANPRIM", "Pelatihan Pelayanan Prima", "Standar pelayanan publik, budaya melayani dan penanganan pengaduan masyarakat.", "SOCIO_CULTURAL", "E_LEARNING", false, 20, 150, "open", 10, 6, nil,
		func(p *person) bool { return true }},
	{"COACH", "Pelatihan Coaching dan Mentoring bagi Pejabat Administrator dan Pengawas", "Keterampilan coaching dan mentoring untuk pengembangan kompetensi bawahan.", "MANAGERIAL", "CLASSICAL", false, 24, 30, "upcoming", 3, 0, nil,
		func(p *person) bool { return p.head != nil }},
	{"TANI", "Pelatihan Budidaya Padi dan Jagung Adaptif Perubahan Iklim bagi Penyuluh", "Teknologi budidaya adaptif iklim dan pendampingan kelompok tani.", "TECHNICAL", "BLENDED", false, 32, 30, "draft", 4, 0, []string{"AGRICULTURE"},
		func(p *person) bool { return p.group == agriculture }},
	{"JFA", "Pelatihan Pembentukan Jabatan Fungsional Auditor", "Pelatihan pembentukan bagi calon auditor.", "FUNCTIONAL", "CLASSICAL", false, 120, 25, "cancelled", 15, 0, []string{"FINANCE"},
		func(p *person) bool { return p.group == finance }},
	{"DATA", "Pelatihan Analisis Data untuk Perencanaan Pembangunan Daerah", "Pengolahan, visualisasi dan analisis data untuk perencanaan dan evaluasi program.", "TECHNICAL", "E_LEARNING", false, 24, 120, "open", 5, 12, nil,
		func(p *person) bool { return p.unit.agency }},
	{"PONED", "Pelatihan Pelayanan Obstetri Neonatal Emergensi Dasar (PONED)", "Penanganan kegawatdaruratan maternal dan neonatal di puskesmas mampu PONED bagi tim dokter, bidan dan perawat.", "FUNCTIONAL", "CLASSICAL", true, 48, 30, "finished", 6, 75, []string{"HEALTH"},
		func(p *person) bool {
			return p.unit.kind == unit.KindHEALTH_CENTRE && (p.job.family == "Dokter" || p.job.family == "Bidan" || p.job.family == "Perawat")
		}},
	{"BTCLS", "Pelatihan Basic Trauma and Cardiac Life Support (BTCLS)", "Penanganan awal kegawatdaruratan trauma dan jantung bagi perawat.", "TECHNICAL", "CLASSICAL", true, 40, 30, "open", 5, 8, []string{"HEALTH"},
		func(p *person) bool { return p.job.family == "Perawat" && p.empType != employee.EmploymentTypePPPK }},
	{"MANPKM", "Pelatihan Manajemen Puskesmas", "Perencanaan tingkat puskesmas, lokakarya mini dan penilaian kinerja puskesmas.", "MANAGERIAL", "BLENDED", true, 45, 40, "finished", 8, 180, []string{"HEALTH"},
		func(p *person) bool {
			return p.unit.kind == unit.KindHEALTH_CENTRE && p.empType != employee.EmploymentTypePPPK
		}},
}

// lastYearCatalogue is the trainings of the calendar year before the seed
// clock (ago is the day of that year a training ends), so that last year's
// training hours (`trainingHours(year: …)`) have something to show.
var lastYearCatalogue = []trainingSpec{
	{"INTEG", "Pelatihan Penguatan Integritas dan Budaya Antikorupsi bagi ASN", "Nilai integritas, benturan kepentingan, gratifikasi dan pelaporan pelanggaran.", "SOCIO_CULTURAL", "CLASSICAL", false, 20, 60, "lastyear", 3, 130, nil,
		func(p *person) bool { return true }},
	{"PPI", "Pelatihan Pencegahan dan Pengendalian Infeksi (PPI) di Fasilitas Kesehatan", "Kewaspadaan standar, kebersihan tangan, pengelolaan limbah medis dan surveilans infeksi.", "TECHNICAL", "BLENDED", true, 30, 120, "lastyear", 4, 290, []string{"HEALTH"},
		func(p *person) bool { return p.group == health && p.empType != employee.EmploymentTypePPPK }},
	{"MERDEKA", "Pelatihan Implementasi Kurikulum Merdeka bagi Guru SMA/SMK Angkatan Awal", "Merancang modul ajar, asesmen diagnostik dan projek penguatan profil pelajar Pancasila.", "TECHNICAL", "E_LEARNING", false, 24, 250, "lastyear", 10, 320, []string{"EDUCATION"},
		func(p *person) bool { return p.group == education && p.unit.kind == unit.KindSCHOOL }},
}

// activity is a kind of daily work (uraian kegiatan) and its unit of output.
type activity struct {
	text   string
	output string
	lo, hi int // quantity range
}

// activities by position family, then by profession group.
var activities = map[string][]activity{
	"Dokter": {
		{"Melakukan pemeriksaan dan pengobatan pasien rawat jalan di poli umum", "pasien", 10, 30},
		{"Melakukan visite pasien rawat inap", "pasien", 4, 15},
		{"Melakukan rujukan pasien ke fasilitas kesehatan lanjutan", "pasien", 1, 4},
		{"Menyusun resume medis dan rekam medis elektronik", "dokumen", 5, 20},
	},
	"Dokter Spesialis": {
		{"Melakukan pemeriksaan pasien di poliklinik spesialis", "pasien", 10, 30},
		{"Melakukan tindakan medis spesialistik", "tindakan", 1, 5},
		{"Melakukan visite pasien rawat inap", "pasien", 5, 20},
		{"Memberikan konsultasi antarbagian", "konsultasi", 1, 6},
	},
	"Dokter Gigi": {
		{"Melakukan pemeriksaan dan perawatan gigi pasien", "pasien", 5, 15},
		{"Melakukan penyuluhan kesehatan gigi di sekolah", "kegiatan", 1, 1},
	},
	"Perawat": {
		{"Melaksanakan asuhan keperawatan pasien", "pasien", 4, 15},
		{"Melakukan pengkajian dan triase pasien gawat darurat", "pasien", 3, 12},
		{"Melakukan pemasangan infus dan pemberian obat parenteral", "tindakan", 3, 10},
		{"Mendokumentasikan asuhan keperawatan", "dokumen", 4, 15},
		{"Melaksanakan kunjungan rumah program perawatan kesehatan masyarakat", "keluarga", 2, 6},
	},
	"Bidan": {
		{"Melakukan pemeriksaan kehamilan (ANC)", "ibu hamil", 3, 12},
		{"Menolong persalinan normal", "persalinan", 1, 2},
		{"Melakukan pelayanan KB", "akseptor", 2, 8},
		{"Melaksanakan imunisasi dasar di posyandu", "balita", 10, 30},
		{"Melakukan kunjungan nifas dan neonatal", "kunjungan", 2, 6},
	},
	"Apoteker": {
		{"Melakukan pengkajian dan pelayanan resep", "resep", 20, 80},
		{"Memberikan konseling obat kepada pasien", "pasien", 3, 10},
		{"Menyusun laporan pemakaian dan lembar permintaan obat", "laporan", 1, 1},
	},
	"Asisten Apoteker": {
		{"Menyiapkan dan menyerahkan obat sesuai resep", "resep", 30, 90},
		{"Mencatat kartu stok obat", "item", 20, 60},
	},
	"Guru": {
		{"Melaksanakan pembelajaran tatap muka di kelas", "jam pelajaran", 2, 8},
		{"Menyusun modul ajar dan asesmen", "modul", 1, 2},
		{"Memeriksa tugas dan hasil asesmen peserta didik", "lembar", 20, 70},
		{"Melaksanakan bimbingan dan konseling peserta didik", "siswa", 2, 8},
		{"Mengisi nilai rapor di aplikasi e-Rapor", "siswa", 20, 36},
	},
	"Widyaiswara": {
		{"Mengajar pada pelatihan", "jam pelajaran", 2, 8},
		{"Menyusun bahan ajar pelatihan", "modul", 1, 1},
		{"Mengevaluasi hasil belajar peserta pelatihan", "peserta", 10, 40},
	},
	"Auditor": {
		{"Melakukan audit kinerja perangkat daerah", "kertas kerja", 1, 4},
		{"Melakukan reviu laporan keuangan perangkat daerah", "dokumen", 1, 3},
		{"Menyusun laporan hasil pemeriksaan", "laporan", 1, 1},
	},
	"Analis Sumber Daya Manusia Aparatur": {
		{"Memverifikasi usulan kenaikan pangkat", "berkas", 5, 25},
		{"Memutakhirkan data kepegawaian di SIMASN", "data", 10, 60},
		{"Menyusun analisis kebutuhan pengembangan kompetensi", "dokumen", 1, 1},
		{"Memverifikasi dokumen penilaian kinerja pegawai", "berkas", 5, 20},
	},
	"Penyuluh Pertanian": {
		{"Melaksanakan penyuluhan kepada kelompok tani", "kelompok", 1, 3},
		{"Mendampingi demplot budidaya padi", "kegiatan", 1, 1},
		{"Menyusun programa penyuluhan pertanian", "dokumen", 1, 1},
	},
	string(health): {
		{"Melaksanakan pelayanan kesehatan masyarakat", "kegiatan", 1, 3},
		{"Mengolah data program kesehatan", "laporan", 1, 2},
		{"Melakukan pemeriksaan sampel laboratorium", "sampel", 10, 40},
	},
	string(education): {
		{"Menyusun bahan pembinaan satuan pendidikan", "dokumen", 1, 2},
		{"Melakukan supervisi akademik ke sekolah", "sekolah", 1, 2},
	},
	string(admin): {
		{"Mengagendakan surat masuk dan surat keluar", "surat", 10, 40},
		{"Menyusun konsep nota dinas", "dokumen", 1, 4},
		{"Menyiapkan bahan rapat koordinasi", "dokumen", 1, 3},
		{"Mengarsipkan dokumen kedinasan", "berkas", 10, 50},
		{"Melayani permintaan data dan informasi", "layanan", 2, 10},
	},
	string(finance): {
		{"Memverifikasi surat pertanggungjawaban (SPJ) belanja", "dokumen", 5, 25},
		{"Menyusun laporan realisasi anggaran", "laporan", 1, 1},
		{"Menginput transaksi penatausahaan keuangan di SIPD", "transaksi", 10, 50},
		{"Melayani pembayaran pajak kendaraan bermotor di Samsat", "wajib pajak", 20, 80},
	},
	string(legal): {
		{"Menelaah rancangan peraturan gubernur", "naskah", 1, 2},
		{"Menyusun pendapat hukum", "dokumen", 1, 2},
		{"Mengharmonisasi rancangan peraturan daerah", "naskah", 1, 1},
	},
	string(technical): {
		{"Melakukan survei kondisi ruas jalan provinsi", "ruas", 1, 3},
		{"Menyusun rencana anggaran biaya pekerjaan", "dokumen", 1, 2},
		{"Mengawasi pelaksanaan pekerjaan konstruksi", "laporan", 1, 1},
		{"Melakukan pengukuran dan pemetaan lokasi", "titik", 5, 30},
	},
	string(infotech): {
		{"Memelihara server dan jaringan", "kegiatan", 1, 3},
		{"Memperbaiki dan mengembangkan modul aplikasi layanan", "modul", 1, 2},
		{"Menangani permintaan dukungan teknis pengguna", "tiket", 3, 15},
		{"Melakukan pencadangan basis data", "kegiatan", 1, 1},
	},
	string(agriculture): {
		{"Memantau serangan organisme pengganggu tumbuhan", "laporan", 1, 1},
		{"Melakukan sertifikasi benih di lapangan", "lot benih", 1, 5},
	},
	string(social): {
		{"Melakukan inventarisasi objek cagar budaya", "objek", 1, 5},
		{"Menyusun kajian pelestarian budaya daerah", "dokumen", 1, 1},
	},
}

// returnNotes are a superior's reasons for returning a work log.
var returnNotes = []string{
	"Uraian kegiatan kurang rinci; lengkapi dengan lokasi dan hasil.",
	"Jumlah output tidak sesuai dengan bukti dukung yang diunggah.",
	"Kegiatan ini tidak termasuk dalam rencana hasil kerja SKP; mohon disesuaikan.",
	"Waktu yang dicatat tidak wajar untuk volume kegiatan tersebut.",
}

// appraisalReturnReasons are reasons for returning an appraisal.
var appraisalReturnReasons = []string{
	"Bukti dukung capaian indikator kinerja belum lengkap.",
	"Realisasi target tidak sesuai dengan rencana hasil kerja; mohon diperbaiki.",
	"Umpan balik perilaku kerja belum diisi untuk seluruh aspek BerAKHLAK.",
}
