// Texts in Bahasa Indonesia (the default) and English, the names of the
// API's enum values, and number and date formats: numbers as id-ID writes
// them, every time in WIB (Asia/Jakarta), whatever the browser's zone.

const STORE = 'simasn.lang';

let lang = 'id';
try {
  const saved = localStorage.getItem(STORE);
  if (saved === 'en' || saved === 'id') lang = saved;
} catch { /* storage disabled: stay with Indonesian */ }

/** The current language: 'id' or 'en'. */
export function currentLang() { return lang; }

/** Switches the language and remembers it. */
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'id';
  try { localStorage.setItem(STORE, lang); } catch { /* not remembered */ }
  document.documentElement.lang = lang;
}

const texts = {
  id: {
    app: 'SIMASN Provinsi Lampung', appShort: 'SIMASN', tagline: 'Sistem Informasi Manajemen ASN',
    skip: 'Lewati ke konten', menu: 'Menu', language: 'Bahasa', switchLang: 'English', switchLangShort: 'EN',
    signIn: 'Masuk', signOut: 'Keluar', signedInAs: 'Masuk sebagai {0}',
    loading: 'Memuat…', empty: 'Belum ada data.', retry: 'Coba lagi', error: 'Terjadi kesalahan',
    save: 'Simpan', cancel: 'Batal', close: 'Tutup', send: 'Kirim', search: 'Cari', reset: 'Atur ulang',
    prev: '‹ Sebelumnya', next: 'Berikutnya ›', pageOf: 'Halaman {0} · {1} data', copy: 'Salin', copied: 'Tersalin',
    yes: 'Ya', no: 'Tidak', all: 'Semua', none: '—', details: 'Rincian', actions: 'Tindakan',
    notFound: 'Halaman tidak ditemukan.', forbidden: 'Anda tidak berhak melihat data ini.',
    sessionExpired: 'Sesi Anda berakhir. Silakan masuk lagi.', networkError: 'Server tidak dapat dihubungi. Periksa koneksi Anda.',
    needSignIn: 'Halaman ini memerlukan masuk.',
    // navigation
    navCitizens: 'Layanan publik', navWork: 'Pekerjaan', navMe: 'Saya',
    navReport: 'Buat pengaduan', navTrack: 'Lacak pengaduan', navFeed: 'Pengaduan publik', navSurvey: 'Survei kepuasan',
    navOverview: 'Ringkasan', navInbox: 'Kotak pengaduan', navEmployees: 'Pegawai', navUnits: 'Unit kerja',
    navTrainings: 'Pelatihan', navAppraisals: 'Penilaian kinerja', navWorkLogs: 'Catatan kerja', navAnalytics: 'Analisis',
    navMe2: 'Profil saya', navGraphiQL: 'GraphiQL (API)',
    // sign in
    signInTitle: 'Masuk ke SIMASN', username: 'Nama pengguna', password: 'Kata sandi',
    signInHelp: 'Untuk pegawai, petugas SDM, pimpinan dan analis. Warga dapat membuat dan melacak pengaduan tanpa masuk.',
    demoTitle: 'Mode demo', demoHelp: 'Server ini berjalan dengan data demo. Pilih akun demo untuk masuk dengan satu klik (kata sandinya publik).',
    signInAs: 'Masuk sebagai {0}',
    roles: { ADMIN: 'Admin BKD', HR_OFFICER: 'Petugas SDM', LEADER: 'Pimpinan', ANALYST: 'Analis', EMPLOYEE: 'Pegawai', PUBLIC: 'Publik' },
    // complaints: citizens
    reportTitle: 'Buat pengaduan', reportIntro: 'Sampaikan keluhan, aspirasi atau permintaan informasi tentang layanan Pemerintah Provinsi Lampung. Anda tidak perlu mendaftar.',
    cClass: 'Jenis laporan', cCategory: 'Bidang', cTitle: 'Judul singkat', cBody: 'Uraian', cLocation: 'Lokasi kejadian',
    cRegion: 'Kabupaten/kota', cUnit: 'Unit layanan', cName: 'Nama Anda', cContact: 'Telepon atau e-mail', cPrivacy: 'Siapa yang boleh melihat laporan ini?',
    cTitleHint: '5–200 karakter, misalnya "Obat hipertensi kosong di puskesmas".', cBodyHint: 'Apa yang terjadi, di mana dan kapan. Minimal 20 karakter.',
    cContactHint: 'Agar petugas dapat menghubungi Anda. Hanya petugas yang menangani yang melihatnya.',
    privacy: {
      PUBLIC: ['Publik', 'Laporan tampil di daftar pengaduan publik. Nama dan kontak Anda tidak pernah ditampilkan ke publik; hanya petugas yang menangani yang melihatnya.'],
      ANONYMOUS: ['Anonim', 'Laporan tampil di daftar publik, tetapi nama dan kontak Anda sama sekali tidak dicatat. Petugas tidak dapat menghubungi Anda: pantau lewat nomor tiket.'],
      CONFIDENTIAL: ['Rahasia', 'Seluruh laporan tidak dipublikasikan. Hanya petugas yang menangani yang dapat membacanya. Cocok untuk laporan pelanggaran atau hal pribadi.'],
    },
    submitReport: 'Kirim pengaduan', selectNone: '— pilih —', optional: '(opsional)',
    receiptTitle: 'Pengaduan diterima', receiptWarn: 'Simpan nomor tiket dan kunci akses ini sekarang. Kunci akses hanya ditampilkan sekali dan tidak dapat dipulihkan; tanpa kunci, Anda tidak dapat melihat jawaban khusus untuk Anda atau memberi penilaian.',
    trackingId: 'Nomor tiket', accessKey: 'Kunci akses', trackNow: 'Pantau pengaduan ini', deadlines: 'Tenggat',
    verifyDue: 'Verifikasi paling lambat', answerDue: 'Jawaban paling lambat', settleDue: 'Selesai paling lambat',
    trackTitle: 'Lacak pengaduan', trackIntro: 'Masukkan nomor tiket dan kunci akses dari tanda terima. Halaman ini diperbarui langsung saat ada tanggapan.',
    track: 'Lacak', trackNotFound: 'Pengaduan dengan nomor tiket itu tidak ditemukan, atau kunci aksesnya salah.',
    status: 'Status', received: 'Diterima', responses: 'Tanggapan', noResponses: 'Belum ada tanggapan. Halaman ini akan menampilkannya begitu ada.',
    live: 'Langsung', connecting: 'Menghubungkan…', reconnecting: 'Terputus — menyambung ulang…', offline: 'Tidak terhubung',
    rateTitle: 'Nilai jawaban', ratingScale: ['Sangat puas', 'Puas', 'Cukup', 'Tidak puas', 'Sangat tidak puas'], rating: 'Nilai (1–5)', ratingComment: 'Komentar', rate: 'Kirim nilai', rated: 'Terima kasih atas penilaian Anda.',
    objectTitle: 'Keberatan atas jawaban', objectReason: 'Alasan keberatan', object: 'Ajukan keberatan',
    feedTitle: 'Pengaduan publik', feedIntro: 'Pengaduan publik dan anonim terbaru dengan statusnya, diperbarui langsung. Identitas pelapor tidak pernah ditampilkan.',
    surveyTitle: 'Survei kepuasan masyarakat (SKM)', surveyIntro: 'Nilai layanan yang Anda terima, 1 (tidak baik) sampai 4 (sangat baik). Jawaban Anda membentuk Indeks Kepuasan Masyarakat (IKM) unit tersebut.',
    surveyUnit: 'Unit layanan yang dinilai', surveyUnitSearch: 'Cari unit (puskesmas, sekolah, kantor…)', surveyThanks: 'Terima kasih. Jawaban Anda untuk {0} tercatat pada {1}.',
    surveyElements: ['Persyaratan', 'Prosedur', 'Waktu pelayanan', 'Biaya/tarif', 'Produk layanan', 'Kompetensi pelaksana', 'Perilaku pelaksana', 'Penanganan pengaduan', 'Sarana dan prasarana'],
    surveyScale: ['Tidak baik', 'Kurang baik', 'Baik', 'Sangat baik'],
    respondentAge: 'Usia Anda', respondentGender: 'Jenis kelamin', respondentEducation: 'Pendidikan', comment: 'Saran',
    // inbox
    inboxTitle: 'Kotak pengaduan', inboxIntro: 'Pengaduan untuk unit Anda, diperbarui langsung dari umpan pengaduan.',
    overdueTitle: 'Lewat tenggat', shownOf: '{0} dari {1} ditampilkan', overdueNone: 'Tidak ada pengaduan yang lewat tenggat.', newEvent: 'Baru', filterStatus: 'Status',
    openOnly: 'Yang masih berjalan', handling: 'Penanganan', verify: 'Verifikasi & teruskan', forward: 'Teruskan ke unit lain',
    assign: 'Tugaskan petugas', respond: 'Tanggapi', changeStatus: 'Ubah status', reason: 'Alasan', officer: 'Petugas',
    officerSearch: 'Cari pegawai unit', publicResponse: 'Tanggapan publik (menjawab pengaduan)', internalNote: 'Catatan internal',
    responseBody: 'Isi tanggapan', reporter: 'Pelapor', unitResponsible: 'Unit penanggung jawab', region: 'Wilayah',
    events: { SUBMITTED: 'Pengaduan baru', VERIFIED: 'Diverifikasi', FORWARDED: 'Diteruskan', ASSIGNED: 'Petugas ditugaskan', STATUS_CHANGED: 'Status berubah', RESPONDED: 'Ditanggapi', NOTE_ADDED: 'Catatan internal', RATED: 'Dinilai pelapor' },
    overdueKinds: { VERIFICATION: 'verifikasi', ANSWER: 'jawaban', SETTLEMENT: 'penyelesaian' },
    done: 'Tersimpan.',
    // overview
    overviewTitle: 'Ringkasan', headcount: 'Jumlah pegawai', activeStaff: 'pegawai aktif', shortageMap: 'Kekurangan tenaga kesehatan dan pendidikan per kabupaten/kota',
    shortageHelp: 'Warna menunjukkan kekurangan (formasi − terisi) tenaga kesehatan dan pendidikan tahun {0}. Daerah terpencil ditandai garis putus-putus.',
    shortage: 'Kekurangan', needed: 'Formasi', filled: 'Terisi', fillRate: 'Keterisian', byProfession: 'Per profesi',
    retirements: 'Pensiun 5 tahun ke depan', jpCompliance: 'Kepatuhan 20 JP ({0})', compliant: 'memenuhi 20 JP', below20: 'di bawah 20 JP',
    appraisalDist: 'Sebaran predikat kinerja ({0})', responseTimes: 'Waktu tanggapan pengaduan', ikmPerUnit: 'IKM per unit (terendah)',
    medianHours: 'Median jam ke jawaban', p90Hours: 'P90 jam', withinDeadline: 'Tepat waktu', openCount: 'Terbuka', overdueCount: 'Lewat tenggat',
    respondents: 'Responden', index: 'Indeks', grade: 'Mutu', year: 'Tahun', count: 'Jumlah', remote: 'terpencil',
    // employees
    employeesTitle: 'Pegawai', searchName: 'Nama atau NIP', profession: 'Profesi', empStatus: 'Status', empType: 'Jenis',
    unit: 'Unit', rank: 'Pangkat/gol.', position: 'Jabatan', nip: 'NIP', name: 'Nama', results: '{0} pegawai',
    profile: 'Profil', career: 'Riwayat karier', trainings: 'Pelatihan', appraisals: 'Penilaian kinerja (SKP)', personal: 'Data pribadi',
    birthDate: 'Tanggal lahir', birthPlace: 'Tempat lahir', email: 'E-mail', phone: 'Telepon', address: 'Alamat', gender: 'Jenis kelamin',
    education: 'Pendidikan', superior: 'Atasan langsung', cpnsDate: 'TMT CPNS', hidden: 'tidak ditampilkan', notRated: 'belum dinilai',
    careerActions: 'Tindakan karier', transfer: 'Mutasi', promote: 'Kenaikan pangkat', changePosition: 'Ubah jabatan', changeEmpStatus: 'Ubah status',
    toUnit: 'Unit tujuan', unitSearch: 'Cari unit', toRank: 'Pangkat baru', positionName: 'Nama jabatan', positionType: 'Jenis jabatan', positionLevel: 'Jenjang',
    decreeNumber: 'Nomor SK', decreeDate: 'Tanggal SK', effectiveDate: 'TMT', notes: 'Keterangan', newStatus: 'Status baru',
    kind: 'Peristiwa', from: 'Dari', to: 'Menjadi',
    // units
    unitsTitle: 'Unit kerja', children: 'subunit',
    // trainings
    trainingsTitle: 'Pelatihan', trainingsIntro: 'Pelatihan yang dibuka. Setiap PNS berhak atas paling sedikit 20 JP per tahun.',
    seats: 'Kursi', jp: 'JP', method: 'Metode', category: 'Kategori', regCloses: 'Pendaftaran ditutup', dates: 'Pelaksanaan',
    register: 'Daftar', registered: 'Terdaftar', full: 'Penuh', registerWaitlist: 'Daftar tunggu',
    registeredOk: 'Pendaftaran Anda diterima dan menunggu persetujuan.', waitlistedMsg: 'Pelatihan ini sudah penuh: semua {0} kursi terisi. Pendaftaran Anda masuk daftar tunggu dan baru mendapat kursi jika ada yang mundur.',
    enrollments: 'Pendaftar', approve: 'Setujui', waitlist: 'Daftar tunggu', reject: 'Tolak', myEnrollments: 'Pendaftaran saya', withdraw: 'Mundur',
    // appraisals
    appraisalsTitle: 'Penilaian kinerja (SKP)', period: 'Periode', predicate: 'Predikat', appraisee: 'Pegawai', appraiser: 'Penilai',
    resultsRating: 'Hasil kerja', behaviourRating: 'Perilaku kerja', submit: 'Ajukan', returnIt: 'Kembalikan', returnReason: 'Alasan dikembalikan', toDecide: 'Menunggu keputusan Anda', awaitingLeader: 'Diajukan, menunggu keputusan pimpinan', mine: 'Milik saya',
    // work logs
    workLogsTitle: 'Catatan kerja (e-kinerja)', fileWorkLog: 'Isi catatan kerja', date: 'Tanggal', activity: 'Uraian kegiatan', output: 'Satuan hasil',
    quantity: 'Jumlah hasil', minutes: 'Durasi (menit)', toVerify: 'Perlu diverifikasi', verifyOk: 'Setujui', returnLog: 'Kembalikan', note: 'Catatan',
    myLogs: 'Catatan saya',
    // analytics
    analyticsTitle: 'Analisis', analyticsIntro: 'Pilih data, saring, kelompokkan dan pilih ukuran. Hasil tampil sebagai tabel dan grafik, dapat diunduh sebagai CSV.',
    records: 'Data', groups: '{0} kelompok', unitLevel: 'Tingkat unit (untuk kelompok Unit)', unitLevel0: 'Perangkat daerah (tingkat 0)', unitLevel1: 'Bidang, UPTD, sekolah (tingkat 1)', groupBy: 'Kelompokkan menurut', measures: 'Ukuran', filters: 'Saring', run: 'Jalankan', downloadCSV: 'Unduh CSV',
    theQuery: 'GraphQL yang dijalankan', suppressed: 'disembunyikan', suppressedNote: '{0} kelompok kecil disembunyikan (kontrol pengungkapan: kelompok kurang dari k orang tidak ditampilkan kepada yang tidak berhak melihat data pribadinya).', copyQuery: 'Salin GraphQL', chartOf: 'Grafik: {0}', noGroups: 'Tidak ada kelompok yang cocok.',
    rec: { employees: 'Pegawai', enrollments: 'Pendaftaran pelatihan', appraisals: 'Penilaian kinerja', workLogs: 'Catatan kerja', complaints: 'Pengaduan' },
    // me
    meTitle: 'Profil saya', noEmployee: 'Akun ini tidak terhubung dengan data pegawai.',
  },
  en: {
    app: 'SIMASN Lampung Province', appShort: 'SIMASN', tagline: 'Civil Servant Management System',
    skip: 'Skip to content', menu: 'Menu', language: 'Language', switchLang: 'Bahasa Indonesia', switchLangShort: 'ID',
    signIn: 'Sign in', signOut: 'Sign out', signedInAs: 'Signed in as {0}',
    loading: 'Loading…', empty: 'Nothing here yet.', retry: 'Try again', error: 'Something went wrong',
    save: 'Save', cancel: 'Cancel', close: 'Close', send: 'Send', search: 'Search', reset: 'Reset',
    prev: '‹ Previous', next: 'Next ›', pageOf: 'Page {0} · {1} records', copy: 'Copy', copied: 'Copied',
    yes: 'Yes', no: 'No', all: 'All', none: '—', details: 'Details', actions: 'Actions',
    notFound: 'Page not found.', forbidden: 'You may not see this data.',
    sessionExpired: 'Your session has ended. Please sign in again.', networkError: 'The server cannot be reached. Check your connection.',
    needSignIn: 'This page needs you to sign in.',
    navCitizens: 'Public services', navWork: 'Work', navMe: 'Me',
    navReport: 'Report a complaint', navTrack: 'Track a complaint', navFeed: 'Public complaints', navSurvey: 'Satisfaction survey',
    navOverview: 'Overview', navInbox: 'Complaint inbox', navEmployees: 'Employees', navUnits: 'Units',
    navTrainings: 'Trainings', navAppraisals: 'Appraisals', navWorkLogs: 'Work logs', navAnalytics: 'Analytics',
    navMe2: 'My profile', navGraphiQL: 'GraphiQL (API)',
    signInTitle: 'Sign in to SIMASN', username: 'Username', password: 'Password',
    signInHelp: 'For employees, HR officers, leaders and analysts. Citizens can report and track complaints without signing in.',
    demoTitle: 'Demo mode', demoHelp: 'This server runs with demo data. Pick a demo account to sign in with one click (its password is public).',
    signInAs: 'Sign in as {0}',
    roles: { ADMIN: 'BKD admin', HR_OFFICER: 'HR officer', LEADER: 'Leader', ANALYST: 'Analyst', EMPLOYEE: 'Employee', PUBLIC: 'Public' },
    reportTitle: 'Report a complaint', reportIntro: 'Report a problem, an aspiration or an information request about the services of Lampung province. No account needed.',
    cClass: 'Kind of report', cCategory: 'Subject', cTitle: 'Short title', cBody: 'Description', cLocation: 'Where it happened',
    cRegion: 'Regency/city', cUnit: 'Service unit', cName: 'Your name', cContact: 'Phone or e-mail', cPrivacy: 'Who may see this report?',
    cTitleHint: '5–200 characters, e.g. "No hypertension medicine at the health centre".', cBodyHint: 'What happened, where and when. At least 20 characters.',
    cContactHint: 'So the officers can reach you. Only those handling the case see it.',
    privacy: {
      PUBLIC: ['Public', 'The report appears in the public list. Your name and contact are never shown to the public; only the officers handling it see them.'],
      ANONYMOUS: ['Anonymous', 'The report appears in the public list, but your name and contact are not recorded at all. Officers cannot contact you: follow it with the tracking ID.'],
      CONFIDENTIAL: ['Confidential', 'The whole report stays out of public view. Only the officers handling it can read it. For misconduct reports or private matters.'],
    },
    submitReport: 'Send report', selectNone: '— choose —', optional: '(optional)',
    receiptTitle: 'Report received', receiptWarn: 'Save this tracking ID and access key now. The access key is shown only once and cannot be recovered; without it you cannot see the answers meant for you or rate them.',
    trackingId: 'Tracking ID', accessKey: 'Access key', trackNow: 'Follow this report', deadlines: 'Deadlines',
    verifyDue: 'Verified by', answerDue: 'Answered by', settleDue: 'Settled by',
    trackTitle: 'Track a complaint', trackIntro: 'Enter the tracking ID and access key from your receipt. This page updates live when there is a response.',
    track: 'Track', trackNotFound: 'No complaint has that tracking ID, or the access key is wrong.',
    status: 'Status', received: 'Received', responses: 'Responses', noResponses: 'No response yet. This page shows it as soon as there is one.',
    live: 'Live', connecting: 'Connecting…', reconnecting: 'Disconnected — reconnecting…', offline: 'Not connected',
    rateTitle: 'Rate the answer', ratingScale: ['Very satisfied', 'Satisfied', 'Fair', 'Dissatisfied', 'Very dissatisfied'], rating: 'Rating (1–5)', ratingComment: 'Comment', rate: 'Send rating', rated: 'Thank you for your rating.',
    objectTitle: 'Object to the answer', objectReason: 'Why', object: 'Object',
    feedTitle: 'Public complaints', feedIntro: 'The latest public and anonymous complaints with their status, updated live. Reporters are never shown.',
    surveyTitle: 'Public satisfaction survey (SKM)', surveyIntro: 'Rate the service you received from 1 (poor) to 4 (very good). Your answers make up the unit\'s satisfaction index (IKM).',
    surveyUnit: 'Service unit rated', surveyUnitSearch: 'Find a unit (health centre, school, office…)', surveyThanks: 'Thank you. Your answer about {0} was recorded at {1}.',
    surveyElements: ['Requirements', 'Procedure', 'Service time', 'Cost', 'Service product', 'Staff competence', 'Staff behaviour', 'Complaint handling', 'Facilities'],
    surveyScale: ['Poor', 'Fair', 'Good', 'Very good'],
    respondentAge: 'Your age', respondentGender: 'Gender', respondentEducation: 'Education', comment: 'Suggestions',
    inboxTitle: 'Complaint inbox', inboxIntro: 'Complaints for your units, updated live from the complaint feed.',
    overdueTitle: 'Overdue', shownOf: '{0} of {1} shown', overdueNone: 'No complaint has missed a deadline.', newEvent: 'New', filterStatus: 'Status',
    openOnly: 'Still open', handling: 'Handling', verify: 'Verify & forward', forward: 'Forward to another unit',
    assign: 'Assign an officer', respond: 'Respond', changeStatus: 'Change status', reason: 'Reason', officer: 'Officer',
    officerSearch: 'Find an employee of the unit', publicResponse: 'Public response (answers the complaint)', internalNote: 'Internal note',
    responseBody: 'Response', reporter: 'Reporter', unitResponsible: 'Responsible unit', region: 'Region',
    events: { SUBMITTED: 'New complaint', VERIFIED: 'Verified', FORWARDED: 'Forwarded', ASSIGNED: 'Officer assigned', STATUS_CHANGED: 'Status changed', RESPONDED: 'Responded', NOTE_ADDED: 'Internal note', RATED: 'Rated by reporter' },
    overdueKinds: { VERIFICATION: 'verification', ANSWER: 'answer', SETTLEMENT: 'settlement' },
    done: 'Saved.',
    overviewTitle: 'Overview', headcount: 'Headcount', activeStaff: 'active staff', shortageMap: 'Health and education staff shortages per regency/city',
    shortageHelp: 'Colour shows the shortage (formasi − filled) of health and education staff in {0}. Remote regions have a dashed outline.',
    shortage: 'Shortage', needed: 'Needed', filled: 'Filled', fillRate: 'Fill rate', byProfession: 'By profession',
    retirements: 'Retirements, next 5 years', jpCompliance: '20 JP compliance ({0})', compliant: 'reached 20 JP', below20: 'below 20 JP',
    appraisalDist: 'Appraisal predicates ({0})', responseTimes: 'Complaint response times', ikmPerUnit: 'IKM per unit (lowest)',
    medianHours: 'Median hours to answer', p90Hours: 'P90 hours', withinDeadline: 'On time', openCount: 'Open', overdueCount: 'Overdue',
    respondents: 'Respondents', index: 'Index', grade: 'Grade', year: 'Year', count: 'Count', remote: 'remote',
    employeesTitle: 'Employees', searchName: 'Name or NIP', profession: 'Profession', empStatus: 'Status', empType: 'Type',
    unit: 'Unit', rank: 'Rank', position: 'Position', nip: 'NIP', name: 'Name', results: '{0} employees',
    profile: 'Profile', career: 'Career history', trainings: 'Trainings', appraisals: 'Appraisals (SKP)', personal: 'Personal data',
    birthDate: 'Birth date', birthPlace: 'Birth place', email: 'E-mail', phone: 'Phone', address: 'Address', gender: 'Gender',
    education: 'Education', superior: 'Direct superior', cpnsDate: 'CPNS since', hidden: 'not shown', notRated: 'not rated yet',
    careerActions: 'Career actions', transfer: 'Transfer', promote: 'Promotion', changePosition: 'Change position', changeEmpStatus: 'Change status',
    toUnit: 'New unit', unitSearch: 'Find a unit', toRank: 'New rank', positionName: 'Position title', positionType: 'Position type', positionLevel: 'Level',
    decreeNumber: 'Decree number (SK)', decreeDate: 'Decree date', effectiveDate: 'Effective date (TMT)', notes: 'Remarks', newStatus: 'New status',
    kind: 'Event', from: 'From', to: 'To',
    unitsTitle: 'Units', children: 'sub-units',
    trainingsTitle: 'Trainings', trainingsIntro: 'Trainings open for registration. Every PNS has the right to at least 20 JP a year.',
    seats: 'Seats', jp: 'JP', method: 'Method', category: 'Category', regCloses: 'Registration closes', dates: 'Runs',
    register: 'Register', registered: 'Registered', full: 'Full', registerWaitlist: 'Join waiting list',
    registeredOk: 'Your registration was received and awaits approval.', waitlistedMsg: 'This training is full: all {0} seats are taken. Your registration is on the waiting list and gets a seat only if someone withdraws.',
    enrollments: 'Registrations', approve: 'Approve', waitlist: 'Waitlist', reject: 'Reject', myEnrollments: 'My registrations', withdraw: 'Withdraw',
    appraisalsTitle: 'Appraisals (SKP)', period: 'Period', predicate: 'Predicate', appraisee: 'Employee', appraiser: 'Appraiser',
    resultsRating: 'Work results', behaviourRating: 'Work behaviour', submit: 'Submit', returnIt: 'Return', returnReason: 'Reason for returning', toDecide: 'Awaiting your decision', awaitingLeader: 'Submitted, awaiting the leader', mine: 'Mine',
    workLogsTitle: 'Work logs (e-kinerja)', fileWorkLog: 'File a work log', date: 'Date', activity: 'Activity', output: 'Unit of output',
    quantity: 'Quantity', minutes: 'Duration (minutes)', toVerify: 'To verify', verifyOk: 'Approve', returnLog: 'Return', note: 'Note',
    myLogs: 'My logs',
    analyticsTitle: 'Analytics', analyticsIntro: 'Choose records, filter, group and pick measures. The result shows as a table and a chart, and downloads as CSV.',
    records: 'Records', groups: '{0} groups', unitLevel: 'Unit level (for the Unit group)', unitLevel0: 'Agencies (level 0)', unitLevel1: 'Divisions, technical units, schools (level 1)', groupBy: 'Group by', measures: 'Measures', filters: 'Filter', run: 'Run', downloadCSV: 'Download CSV',
    theQuery: 'The GraphQL that ran', suppressed: 'hidden', suppressedNote: '{0} small groups hidden (disclosure control: groups of fewer than k people are not shown to viewers who may not see their personal data).', copyQuery: 'Copy GraphQL', chartOf: 'Chart: {0}', noGroups: 'No group matches.',
    rec: { employees: 'Employees', enrollments: 'Training enrollments', appraisals: 'Appraisals', workLogs: 'Work logs', complaints: 'Complaints' },
    meTitle: 'My profile', noEmployee: 'This account is not linked to an employee record.',
  },
};

// Names of enum values, per enum; English names come from the values.
const enumsID = {
  ComplaintStatus: { RECEIVED: 'Diterima', VERIFIED: 'Diverifikasi', IN_PROGRESS: 'Diproses', ANSWERED: 'Dijawab', CLOSED: 'Selesai', NOT_OUR_AUTHORITY: 'Bukan kewenangan', POSTPONED: 'Ditunda', ARCHIVED: 'Diarsipkan', REJECTED: 'Ditolak' },
  ComplaintPrivacy: { PUBLIC: 'Publik', ANONYMOUS: 'Anonim', CONFIDENTIAL: 'Rahasia' },
  ComplaintChannel: { WEB: 'Web', MOBILE: 'Ponsel', SOCIAL_MEDIA: 'Media sosial', SMS: 'SMS', WALK_IN: 'Datang langsung', LAPOR: 'LAPOR!' },
  ComplaintClass: { COMPLAINT: 'Pengaduan', ASPIRATION: 'Aspirasi', INFORMATION_REQUEST: 'Permintaan informasi', WHISTLEBLOWING: 'Pelaporan pelanggaran' },
  ComplaintCategory: { HEALTH_SERVICE: 'Layanan kesehatan', EDUCATION: 'Pendidikan', CIVIL_REGISTRY: 'Kependudukan', PERSONNEL: 'Kepegawaian', INFRASTRUCTURE: 'Infrastruktur', PUBLIC_ORDER: 'Ketertiban umum', SOCIAL_WELFARE: 'Kesejahteraan sosial', STAFF_CONDUCT: 'Perilaku petugas', CORRUPTION: 'Korupsi', OTHER: 'Lainnya' },
  EmployeeProfessionGroup: { HEALTH: 'Kesehatan', EDUCATION: 'Pendidikan', TECHNICAL: 'Teknis', ADMINISTRATIVE: 'Administrasi', FINANCE: 'Keuangan', LEGAL: 'Hukum', AGRICULTURE: 'Pertanian', SOCIAL: 'Sosial', INFORMATION_TECHNOLOGY: 'Teknologi informasi', OTHER: 'Lainnya' },
  EmployeeStatus: { ACTIVE: 'Aktif', ON_LEAVE: 'Cuti', SUSPENDED: 'Diberhentikan sementara', RETIRED: 'Pensiun', RESIGNED: 'Mengundurkan diri', DISMISSED: 'Diberhentikan', DECEASED: 'Meninggal' },
  EmployeeGender: { MALE: 'Laki-laki', FEMALE: 'Perempuan' },
  EmployeePositionType: { JPT_UTAMA: 'JPT Utama', JPT_MADYA: 'JPT Madya', JPT_PRATAMA: 'JPT Pratama', ADMINISTRATOR: 'Administrator', PENGAWAS: 'Pengawas', FUNGSIONAL_KEAHLIAN: 'Fungsional keahlian', FUNGSIONAL_KETERAMPILAN: 'Fungsional keterampilan', PELAKSANA: 'Pelaksana' },
  EmployeePositionLevel: { AHLI_PERTAMA: 'Ahli Pertama', AHLI_MUDA: 'Ahli Muda', AHLI_MADYA: 'Ahli Madya', AHLI_UTAMA: 'Ahli Utama', PEMULA: 'Pemula', TERAMPIL: 'Terampil', MAHIR: 'Mahir', PENYELIA: 'Penyelia' },
  CareerEventKind: { APPOINTMENT: 'Pengangkatan', RANK_PROMOTION: 'Kenaikan pangkat', POSITION_CHANGE: 'Perubahan jabatan', TRANSFER: 'Mutasi', STATUS_CHANGE: 'Perubahan status' },
  EnrollmentStatus: { REGISTERED: 'Terdaftar', APPROVED: 'Disetujui', WAITLISTED: 'Daftar tunggu', REJECTED: 'Ditolak', COMPLETED: 'Lulus', FAILED: 'Tidak lulus', WITHDRAWN: 'Mundur' },
  AppraisalStatus: { DRAFT: 'Draf', SUBMITTED: 'Diajukan', APPROVED: 'Disetujui', RETURNED: 'Dikembalikan' },
  AppraisalPredicate: { SANGAT_BAIK: 'Sangat Baik', BAIK: 'Baik', BUTUH_PERBAIKAN: 'Butuh Perbaikan', KURANG: 'Kurang', SANGAT_KURANG: 'Sangat Kurang' },
  AppraisalPeriodKind: { ANNUAL: 'Tahunan', QUARTERLY: 'Triwulanan', MONTHLY: 'Bulanan' },
  WorkLogStatus: { SUBMITTED: 'Menunggu verifikasi', VERIFIED: 'Terverifikasi', RETURNED: 'Dikembalikan' },
  TrainingMethod: { CLASSICAL: 'Klasikal', E_LEARNING: 'E-learning', BLENDED: 'Blended' },
  TrainingCategory: { TECHNICAL: 'Teknis', MANAGERIAL: 'Manajerial', FUNCTIONAL: 'Fungsional', SOCIO_CULTURAL: 'Sosial kultural' },
  TrainingStatus: { DRAFT: 'Draf', PUBLISHED: 'Dibuka', ONGOING: 'Berlangsung', COMPLETED: 'Selesai', CANCELLED: 'Dibatalkan' },
  EmployeeEmploymentType: { PNS: 'PNS', CPNS: 'CPNS', PPPK: 'PPPK' },
  UnitKind: { AGENCY: 'Perangkat daerah', SECRETARIAT: 'Sekretariat', DIVISION: 'Bidang', SECTION: 'Seksi', TECHNICAL_UNIT: 'UPTD', HEALTH_CENTRE: 'Puskesmas', HOSPITAL: 'Rumah sakit', SCHOOL: 'Sekolah', OTHER: 'Lainnya' },
};
const enumsEN = {
  WorkLogStatus: { SUBMITTED: 'Awaiting verification' },
  UnitKind: { TECHNICAL_UNIT: 'Technical unit (UPTD)', HEALTH_CENTRE: 'Health centre' },
  EmployeeEmploymentType: { PNS: 'PNS', CPNS: 'CPNS', PPPK: 'PPPK' },
  AppraisalPredicate: { SANGAT_BAIK: 'Sangat Baik (very good)', BAIK: 'Baik (good)', BUTUH_PERBAIKAN: 'Butuh Perbaikan (needs improvement)', KURANG: 'Kurang (poor)', SANGAT_KURANG: 'Sangat Kurang (very poor)' },
  EmployeePositionType: enumsID.EmployeePositionType,
  EmployeePositionLevel: enumsID.EmployeePositionLevel,
};

/** The text of key in the current language, with {0}, {1}… filled in. */
export function t(key, ...args) {
  const v = texts[lang][key] ?? texts.id[key];
  if (v === undefined) return key;
  if (typeof v !== 'string') return v;
  return v.replace(/\{(\d)\}/g, (_, i) => String(args[+i] ?? ''));
}

/** The name of an enum value for people. */
export function label(enumName, value) {
  if (value === null || value === undefined || value === '') return t('none');
  const table = lang === 'id' ? enumsID[enumName] : enumsEN[enumName];
  if (table && table[value]) return table[value];
  const s = String(value).replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The values of an enum the page knows, in order. */
export function enumValues(enumName) { return Object.keys(enumsID[enumName] || {}); }

const TZ = 'Asia/Jakarta';
const locale = () => (lang === 'id' ? 'id-ID' : 'en-GB');

/** A number as id-ID writes it (1.234,5). */
export function num(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return t('none');
  return new Intl.NumberFormat('id-ID', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** A share 0–1 as a percentage. */
export function pct(n, digits = 0) {
  if (n === null || n === undefined) return t('none');
  return new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: digits }).format(n);
}

/** A date (no time) in WIB, e.g. 5 Jan 2026. */
export function date(v) {
  if (!v) return t('none');
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(v));
}

/** A date and time in WIB, e.g. 5 Jan 2026 14.30 WIB. */
export function dateTime(v) {
  if (!v) return t('none');
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(v)) + ' WIB';
}

/** Today's date in WIB as YYYY-MM-DD, for date inputs. */
export function todayWIB() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The current year in WIB. */
export function yearWIB() { return Number(todayWIB().slice(0, 4)); }

/** A YYYY-MM-DD date input value as the API's time: midnight WIB. */
export function dayToTime(day) { return day ? `${day}T00:00:00+07:00` : null; }
