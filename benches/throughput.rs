//! Throughput benchmark: the whole extract pipeline over a generated news corpus.
//!
//! `cargo bench --bench throughput` (1) makes `target/bench-corpus.jsonl` if it is missing or
//! the wrong size: deterministic JSON Lines `{"id","text"}` of Indonesian and English news
//! documents (2-5 KB each, with menus, "Baca Juga" lines, headlines, plain sentences, direct
//! quotes and indirect speech), at least `KUTIP_BENCH_MB` MB (default 50); then (2) runs the
//! in-process engine on one thread over every document and prints MB/s per stage and for the
//! whole `Engine::extract`, plus the quote count (which must be > 0).
//!
//! Flags after `--`: `--corpus-only` makes the corpus and exits (what `scripts/bench.sh`
//! uses before timing the CLI). Environment:
//! - `KUTIP_BENCH_MB`: corpus size in MB (10^6 bytes), default 50.
//! - `KUTIP_BENCH_CORPUS`: corpus path, default `<crate>/target/bench-corpus.jsonl`.
//! - `KUTIP_BENCH_SAMPLE_MB`: run the in-process passes over only the first N MB of the
//!   corpus (for profilers such as callgrind); default: all of it.
//! - `KUTIP_BENCH_EXPECT`: if set, the total quote count must equal it.
//! - `KUTIP_BENCH_PER_RULE=1`: one more pass that times every rule's regex on the sentences
//!   its trigger lets through (captures, as the matcher runs it, and a bare `is_match`), to
//!   find the rules that cost the most. It repeats the matcher's gate (language, kind, trigger).
//!
//! MB here is 10^6 bytes of document text (the `text` fields, what `kutip` reports).

use std::fs::File;
use std::hint::black_box;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kutip::Engine;
use kutip::attrib;
use kutip::cli::extract::corpus_line;
use kutip::detect;
use kutip::lang;
use kutip::output::{Format, QuoteKind, Writer};
use kutip::rules::matcher;
use kutip::text;

// The CLI's allocator, so the stage figures match what `kutip extract` does.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Bumped whenever the generator changes, so a stale corpus is regenerated (it is in every id).
const GENERATOR: &str = "kb1";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus_only = args.iter().any(|a| a == "--corpus-only");
    let mb: usize = env_num("KUTIP_BENCH_MB").unwrap_or(50);
    let path = std::env::var_os("KUTIP_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("bench-corpus.jsonl"));
    let target = mb * 1_000_000;
    ensure_corpus(&path, target).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    if corpus_only {
        return;
    }
    run_bench(&path);
}

fn env_num(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    Some(v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")))
}

// ---------------------------------------------------------------------------------------------
// Corpus generation
// ---------------------------------------------------------------------------------------------

/// The generator stops at the first document that takes the file to `target` bytes, so a file
/// of the right size is in `[target, target + SLACK)`.
const SLACK: u64 = 64 * 1024;

fn ensure_corpus(path: &Path, target: usize) -> io::Result<()> {
    if corpus_ok(path, target) {
        let len = std::fs::metadata(path)?.len();
        eprintln!("corpus: {} ({:.1} MB, up to date)", path.display(), len as f64 / 1e6);
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let started = Instant::now();
    let tmp = path.with_extension("jsonl.tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    let mut g = Gen::new(0x6b75_7469_7031);
    let (mut written, mut docs) = (0usize, 0usize);
    while written < target {
        let text = g.document();
        let line = format!("{{\"id\":\"{GENERATOR}-{docs:07}\",\"text\":{}}}\n", serde_json::to_string(&text)?);
        out.write_all(line.as_bytes())?;
        written += line.len();
        docs += 1;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, path)?;
    eprintln!(
        "corpus: wrote {} ({docs} documents, {:.1} MB) in {:.1} s",
        path.display(),
        written as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Present, of this generator, and of the requested size.
fn corpus_ok(path: &Path, target: usize) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    let len = meta.len();
    if len < target as u64 || len >= target as u64 + SLACK {
        return false;
    }
    let Ok(f) = File::open(path) else { return false };
    let mut first = String::new();
    BufReader::new(f).read_line(&mut first).is_ok() && first.starts_with(&format!("{{\"id\":\"{GENERATOR}-"))
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the high bits are used.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

// Word lists -----------------------------------------------------------------------------------

const ID_FIRST: &[&str] = &[
    "Budi", "Siti", "Agus", "Dewi", "Joko", "Sri", "Rudi", "Ahmad", "Yusuf", "Rina", "Hendra", "Wahyu", "Putri",
    "Bambang", "Andi", "Retno", "Fajar", "Indra", "Nurul", "Teguh", "Lukman", "Maya", "Dimas", "Yohanes",
];
const ID_LAST: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Lestari",
    "Saputra",
    "Nugroho",
    "Pratama",
    "Kurniawan",
    "Siregar",
    "Harahap",
    "Setiawan",
    "Rahmawati",
    "Sitompul",
    "Gunawan",
    "Simanjuntak",
    "Hakim",
    "Prasetyo",
    "Susanto",
    "Marpaung",
];
const ID_TITLES: &[&str] = &[
    "Menteri Keuangan",
    "Gubernur Jawa Barat",
    "Kepala BMKG",
    "Juru bicara Kementerian Luar Negeri",
    "Ketua DPR",
    "Direktur Utama PT Kereta Api Indonesia",
    "Bupati Bogor",
    "Kapolres Metro Jakarta Selatan Kombes Pol",
    "Wakil Presiden",
    "Menteri Perdagangan",
    "Kepala Dinas Kesehatan DKI Jakarta",
    "Wali Kota Surabaya",
    "Sekretaris Jenderal Kementerian Pertanian",
    "Pengamat ekonomi Universitas Indonesia",
    "Kapolda Metro Jaya Irjen",
];
const ID_PLACES: &[&str] = &[
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Makassar",
    "Semarang",
    "Denpasar",
    "Yogyakarta",
    "Palembang",
    "Balikpapan",
    "Pontianak",
    "Manado",
    "Kupang",
    "Jayapura",
    "Padang",
    "Malang",
];
const ID_DAYS: &[&str] = &["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const ID_MONTHS: &[&str] = &[
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const ID_SUBJECTS: &[&str] = &[
    "pemerintah",
    "kami",
    "pihaknya",
    "polisi",
    "perusahaan",
    "warga",
    "tim gabungan",
    "Bank Indonesia",
    "kementerian",
    "pemerintah daerah",
    "semua pihak",
    "aparat keamanan",
    "masyarakat",
    "DPR",
];
const ID_MODALS: &[&str] = &["akan", "sudah", "terus", "tidak akan", "masih", "harus", "telah", "segera", "belum"];
const ID_VERBS: &[&str] = &[
    "menaikkan",
    "memeriksa",
    "membangun",
    "menyelidiki",
    "membantu",
    "menurunkan",
    "memperketat",
    "mengevaluasi",
    "menyalurkan",
    "mendukung",
    "menunda",
    "memperluas",
    "mengawasi",
    "menyiapkan",
];
const ID_OBJECTS: &[&str] = &[
    "anggaran pendidikan",
    "harga beras",
    "kasus tersebut",
    "bantuan sosial",
    "pembangunan jalan tol",
    "pengawasan di perbatasan",
    "tarif listrik",
    "program vaksinasi",
    "distribusi pupuk",
    "stok bahan pokok",
    "izin usaha tambang",
    "subsidi bahan bakar",
    "jadwal penerbangan",
    "sistem peringatan dini",
];
const ID_ADJUNCTS: &[&str] = &[
    "tahun depan",
    "dalam waktu dekat",
    "secepatnya",
    "hingga akhir bulan ini",
    "di seluruh provinsi",
    "sesuai aturan yang berlaku",
    "bersama pemerintah daerah",
    "demi kepentingan masyarakat",
    "",
    "",
];
const ID_COMMODITIES: &[&str] =
    &["beras", "cabai merah", "bawang putih", "minyak goreng", "gula pasir", "telur ayam", "daging sapi"];
const ID_EVENTS: &[&str] = &[
    "Pertemuan tersebut",
    "Rapat koordinasi itu",
    "Acara peluncuran",
    "Sidang lanjutan",
    "Konferensi pers",
    "Upacara peresmian",
];
const ID_CUE_POST: &[&str] = &["kata", "ujar", "tutur", "ungkap", "jelas", "tambah", "tegas", "terang", "imbuh"];
const ID_CUE_NYA: &[&str] =
    &["ujarnya", "katanya", "ungkapnya", "jelasnya", "tambahnya", "tegasnya", "tuturnya", "imbuhnya"];
const ID_CUE_MEN: &[&str] = &[
    "mengatakan",
    "menegaskan",
    "menjelaskan",
    "menambahkan",
    "menyampaikan",
    "mengungkapkan",
    "menilai",
    "memastikan",
];
const ID_LEAD: &[&str] = &["Lanjutnya", "Ditegaskannya", "Dikatakannya", "Menurutnya", "Tambahnya"];

const EN_FIRST: &[&str] = &[
    "John", "Maria", "David", "Sarah", "Michael", "Emily", "James", "Anna", "Robert", "Laura", "Daniel", "Grace",
    "Thomas", "Olivia",
];
const EN_LAST: &[&str] = &[
    "Smith", "Garcia", "Chen", "Johnson", "Brown", "Davis", "Wilson", "Kowalski", "Lee", "Martinez", "Nguyen",
    "Tanaka", "Okafor",
];
const EN_ROLES: &[&str] = &[
    "a spokesperson for the ministry",
    "chief economist at Bank Central Asia",
    "the country's finance minister",
    "head of the national disaster agency",
    "an analyst at Capital Economics",
    "the city's police chief",
    "director of the Jakarta office",
    "a senior official",
];
const EN_PLACES: &[&str] =
    &["Jakarta", "Singapore", "Manila", "Bangkok", "Sydney", "Tokyo", "Kuala Lumpur", "Hanoi", "Seoul", "London"];
const EN_DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const EN_SUBJECTS: &[&str] = &[
    "the government",
    "we",
    "the company",
    "police",
    "the ministry",
    "investors",
    "the central bank",
    "regional leaders",
    "the committee",
];
const EN_MODALS: &[&str] = &["will", "must", "should", "would", "could", "cannot", "will not", "may"];
const EN_VERBS: &[&str] =
    &["raise", "review", "investigate", "support", "reduce", "tighten", "expand", "delay", "monitor", "prepare"];
const EN_OBJECTS: &[&str] = &[
    "the education budget",
    "fuel prices",
    "the case",
    "social assistance",
    "border controls",
    "interest rates",
    "the new toll road",
    "vaccine distribution",
    "rice imports",
    "the early warning system",
    "mining permits",
];
const EN_ADJUNCTS: &[&str] = &[
    "next year",
    "as soon as possible",
    "by the end of the month",
    "across the country",
    "in the coming weeks",
    "",
    "",
];
const EN_CUES: &[&str] = &["said", "added", "explained", "stressed", "noted", "warned", "told reporters"];
const EN_COMMODITIES: &[&str] = &["rice", "palm oil", "coal", "nickel", "chili", "sugar", "crude oil"];

const OUTLETS: &[&str] = &["Antara", "Reuters", "AFP", "Kompas.com", "detikcom", "Tempo", "CNN Indonesia", "Bloomberg"];
const MENUS: &[&str] = &[
    "Home  News  Ekonomi  Olahraga  Tekno  Otomotif  Lifestyle",
    "Beranda | Nasional | Internasional | Bisnis | Bola | Hiburan",
    "News | World | Business | Markets | Opinion | Sport",
    "Menu",
    "Terpopuler  Terkini  Indeks  Video  Foto",
];

// Text builders --------------------------------------------------------------------------------

struct Gen {
    r: Lcg,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen { r: Lcg(seed) }
    }

    fn id_name(&mut self) -> String {
        if self.r.chance(25) {
            self.r.pick(ID_FIRST).to_string()
        } else {
            format!("{} {}", self.r.pick(ID_FIRST), self.r.pick(ID_LAST))
        }
    }

    fn en_name(&mut self) -> String {
        format!("{} {}", self.r.pick(EN_FIRST), self.r.pick(EN_LAST))
    }

    fn id_claim(&mut self) -> String {
        let adj = self.r.pick(ID_ADJUNCTS);
        let mut s = format!(
            "{} {} {} {}",
            self.r.pick(ID_SUBJECTS),
            self.r.pick(ID_MODALS),
            self.r.pick(ID_VERBS),
            self.r.pick(ID_OBJECTS)
        );
        if !adj.is_empty() {
            s.push(' ');
            s.push_str(adj);
        }
        if self.r.chance(30) {
            s.push_str(&format!(
                " karena {} {} {}",
                self.r.pick(ID_SUBJECTS),
                self.r.pick(ID_MODALS),
                self.r.pick(ID_VERBS)
            ));
            s.push(' ');
            s.push_str(self.r.pick(ID_OBJECTS));
        }
        s
    }

    fn en_claim(&mut self) -> String {
        let adj = self.r.pick(EN_ADJUNCTS);
        let mut s = format!(
            "{} {} {} {}",
            self.r.pick(EN_SUBJECTS),
            self.r.pick(EN_MODALS),
            self.r.pick(EN_VERBS),
            self.r.pick(EN_OBJECTS)
        );
        if !adj.is_empty() {
            s.push(' ');
            s.push_str(adj);
        }
        if self.r.chance(30) {
            s.push_str(&format!(
                " because {} {} {} {}",
                self.r.pick(EN_SUBJECTS),
                self.r.pick(EN_MODALS),
                self.r.pick(EN_VERBS),
                self.r.pick(EN_OBJECTS)
            ));
        }
        s
    }

    fn date_id(&mut self) -> String {
        format!("{} ({}/{})", self.r.pick(ID_DAYS), self.r.range(1, 28), self.r.range(1, 12))
    }

    /// Straight or curly quote marks around `s`.
    fn quoted(&mut self, s: &str) -> String {
        if self.r.chance(50) { format!("“{s}”") } else { format!("\"{s}\"") }
    }

    fn id_plain(&mut self) -> String {
        let n = self.r.range(2, 950);
        match self.r.below(12) {
            0 => {
                format!("{} berlangsung di {} pada {}.", self.r.pick(ID_EVENTS), self.r.pick(ID_PLACES), self.date_id())
            }
            1 => format!(
                "Harga {} di {} naik {} persen dibandingkan pekan lalu.",
                self.r.pick(ID_COMMODITIES),
                self.r.pick(ID_PLACES),
                self.r.range(2, 30)
            ),
            2 => format!(
                "Sebanyak {n} warga terdampak banjir yang melanda {} kecamatan sejak {} malam.",
                self.r.range(2, 15),
                self.r.pick(ID_DAYS)
            ),
            3 => format!(
                "Pertemuan itu dihadiri oleh perwakilan dari {} negara dan sejumlah lembaga internasional.",
                self.r.range(3, 40)
            ),
            4 => format!(
                "Kegiatan tersebut merupakan bagian dari program nasional yang dimulai sejak {}.",
                self.r.range(2015, 2024)
            ),
            5 => "Hingga berita ini diturunkan, belum ada keterangan resmi dari pihak terkait.".to_string(),
            6 => format!(
                "Dikutip dari {}, kebijakan itu mulai berlaku pada {} {}.",
                self.r.pick(OUTLETS),
                self.r.pick(ID_MONTHS),
                self.r.range(2023, 2026)
            ),
            7 => format!(
                "Data Badan Pusat Statistik menunjukkan inflasi tahunan mencapai {},{} persen pada {}.",
                self.r.range(1, 6),
                self.r.range(0, 99),
                self.r.pick(ID_MONTHS)
            ),
            8 => "Polisi masih menyelidiki penyebab kejadian tersebut dan memeriksa sejumlah saksi di lokasi."
                .to_string(),
            9 => format!(
                "Jalan utama menuju {} sempat ditutup selama {} jam untuk kendaraan roda empat.",
                self.r.pick(ID_PLACES),
                self.r.range(2, 12)
            ),
            10 => format!(
                "Nilai tukar rupiah ditutup melemah {} poin ke level Rp{}.{:03} per dolar AS.",
                self.r.range(5, 120),
                self.r.range(15, 16),
                self.r.range(0, 999)
            ),
            _ => format!(
                "Proyek senilai Rp{} miliar itu ditargetkan rampung pada akhir {}.",
                n,
                self.r.range(2024, 2030)
            ),
        }
    }

    fn en_plain(&mut self) -> String {
        match self.r.below(10) {
            0 => format!("The meeting took place in {} on {}.", self.r.pick(EN_PLACES), self.r.pick(EN_DAYS)),
            1 => format!(
                "Prices of {} rose {} percent compared with last week.",
                self.r.pick(EN_COMMODITIES),
                self.r.range(2, 30)
            ),
            2 => format!(
                "About {} residents were evacuated after floods hit {} districts on {} night.",
                self.r.range(20, 9000),
                self.r.range(2, 15),
                self.r.pick(EN_DAYS)
            ),
            3 => format!(
                "The program began in {} and has since expanded to {} provinces.",
                self.r.range(2010, 2024),
                self.r.range(3, 38)
            ),
            4 => format!(
                "The central bank kept its benchmark rate unchanged at {}.{} percent.",
                self.r.range(3, 7),
                self.r.range(0, 9)
            ),
            5 => format!(
                "Shares in the company fell {}.{} percent in early trading in {}.",
                self.r.range(0, 9),
                self.r.range(0, 9),
                self.r.pick(EN_PLACES)
            ),
            6 => {
                format!("The report was first published by {} late on {}.", self.r.pick(OUTLETS), self.r.pick(EN_DAYS))
            }
            7 => "No injuries were reported, and the cause of the fire is under investigation.".to_string(),
            8 => {
                format!("Talks are expected to resume in {} next month after a two-week pause.", self.r.pick(EN_PLACES))
            }
            _ => format!(
                "Exports of {} have fallen for {} consecutive months.",
                self.r.pick(EN_COMMODITIES),
                self.r.range(2, 9)
            ),
        }
    }

    /// One sentence (or two, for a split quote) carrying a direct or indirect Indonesian quote.
    fn id_quote(&mut self) -> String {
        let claim = self.id_claim();
        let cap = capitalize(&claim);
        match self.r.below(12) {
            0 => format!("{} {} {}.", self.quoted(&format!("{cap},")), self.r.pick(ID_CUE_POST), self.id_name()),
            1 => format!("{} {}.", self.quoted(&format!("{cap},")), self.r.pick(ID_CUE_NYA)),
            2 => format!("{} {} {}.", self.quoted(&format!("{cap},")), self.id_name(), self.r.pick(ID_CUE_MEN)),
            3 => format!(
                "{} {} {}: {}",
                self.r.pick(ID_TITLES),
                self.id_name(),
                self.r.pick(ID_CUE_MEN),
                self.quoted(&format!("{cap}."))
            ),
            4 => format!("Menurut {}, {}", self.id_name(), self.quoted(&format!("{claim}."))),
            5 => {
                let second = capitalize(&self.id_claim());
                format!(
                    "{} {} {}. {}",
                    self.quoted(&format!("{cap},")),
                    self.r.pick(ID_CUE_POST),
                    self.id_name(),
                    self.quoted(&format!("{second}."))
                )
            }
            6 => format!(
                "{} {} {}, {}, {}.",
                self.r.pick(ID_TITLES),
                self.id_name(),
                self.r.pick(ID_CUE_MEN),
                self.date_id(),
                claim
            ),
            7 => format!("{cap}, {}.", self.r.pick(ID_CUE_NYA)),
            8 => format!("Menurut {}, {claim}.", self.id_name()),
            9 => format!("{} {} bahwa {claim}.", self.id_name(), self.r.pick(ID_CUE_MEN)),
            10 => format!("{cap}, {} {}.", self.r.pick(ID_CUE_POST), self.id_name()),
            _ => format!("{}, {claim}.", self.r.pick(ID_LEAD)),
        }
    }

    fn en_quote(&mut self) -> String {
        let claim = self.en_claim();
        let cap = capitalize(&claim);
        match self.r.below(9) {
            0 => format!("{} {} said.", self.quoted(&format!("{cap},")), self.en_name()),
            1 => format!("{} said {}, {}.", self.quoted(&format!("{cap},")), self.en_name(), self.r.pick(EN_ROLES)),
            2 => format!("{} he {}.", self.quoted(&format!("{cap},")), self.r.pick(EN_CUES)),
            3 => format!("{} said that {claim}.", self.en_name()),
            4 => format!("According to {}, {claim}.", self.en_name()),
            5 => format!("{cap}, police said."),
            6 => format!("{} told {}: {}", self.en_name(), self.r.pick(OUTLETS), self.quoted(&format!("{cap}."))),
            7 => format!("{cap}, {} {} on {}.", self.en_name(), self.r.pick(EN_CUES), self.r.pick(EN_DAYS)),
            _ => format!("{} {} that {claim}.", self.en_name(), self.r.pick(EN_CUES)),
        }
    }

    fn headline(&mut self, english: bool) -> String {
        if english {
            format!(
                "{} Says {} Will {} {}",
                self.en_name(),
                capitalize(self.r.pick(EN_SUBJECTS)),
                capitalize(self.r.pick(EN_VERBS)),
                title_case(self.r.pick(EN_OBJECTS))
            )
        } else {
            format!(
                "{} Minta {} {} {}",
                self.id_name(),
                title_case(self.r.pick(ID_SUBJECTS)),
                capitalize(self.r.pick(ID_VERBS)),
                title_case(self.r.pick(ID_OBJECTS))
            )
        }
    }

    fn boilerplate(&mut self, english: bool) -> String {
        match self.r.below(8) {
            0 => format!("Baca Juga: {}", self.headline(false)),
            1 => format!("Read also: {}", self.headline(true)),
            2 => format!(
                "• IHSG {}.{:03},{} {},{}%",
                self.r.range(6, 7),
                self.r.range(0, 999),
                self.r.range(10, 99),
                self.r.range(0, 2),
                self.r.range(1, 99)
            ),
            3 => "Advertisement".to_string(),
            4 => "Scroll to continue with content".to_string(),
            5 if english => format!("Read more: {}", self.headline(true)),
            _ => format!("Baca juga: {}", self.headline(english)),
        }
    }

    fn paragraph(&mut self, english: bool) -> String {
        let sentences = self.r.range(1, 4);
        let mut p = String::new();
        for _ in 0..sentences {
            if !p.is_empty() {
                p.push(' ');
            }
            // About a third of the sentences carry a quote or a claim.
            let s = match (english, self.r.chance(35)) {
                (false, true) => self.id_quote(),
                (false, false) => self.id_plain(),
                (true, true) => self.en_quote(),
                (true, false) => self.en_plain(),
            };
            p.push_str(&s);
        }
        p
    }

    /// One news page as a scraper gives it: menu, headline, dateline, body with boilerplate
    /// lines in between, footer. 2-5 KB.
    fn document(&mut self) -> String {
        // 70% Indonesian, 25% English, 5% Indonesian with English paragraphs.
        let kind = self.r.below(100);
        let english = (70..95).contains(&kind);
        let mixed = kind >= 95;
        let size = self.r.range(2000, 5000);
        let mut d = String::with_capacity(size + 1024);
        d.push_str(self.r.pick(MENUS));
        d.push('\n');
        d.push_str(&self.headline(english));
        d.push_str("\n\n");
        if english {
            d.push_str(&format!("{} - ", self.r.pick(EN_PLACES).to_uppercase()));
        } else {
            d.push_str(&format!("{}, {} - ", self.r.pick(ID_PLACES).to_uppercase(), self.r.pick(OUTLETS)));
        }
        let footer = 150;
        while d.len() + footer < size {
            let para_en = english || (mixed && self.r.chance(40));
            d.push_str(&self.paragraph(para_en));
            d.push_str(if self.r.chance(70) { "\n\n" } else { "\n" });
            if self.r.chance(15) {
                d.push_str(&self.boilerplate(english));
                d.push_str("\n\n");
            }
        }
        if english {
            d.push_str(&format!("Editing by {}\n", self.en_name()));
            d.push_str("Share this article\n");
        } else {
            d.push_str(&format!("Editor: {}\n", self.id_name()));
            d.push_str(&format!(
                "Tags: {}, {}, {}\n",
                self.r.pick(ID_COMMODITIES),
                self.r.pick(ID_PLACES),
                self.r.pick(ID_OBJECTS)
            ));
        }
        d
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_case(s: &str) -> String {
    s.split(' ').map(capitalize).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// In-process benchmark
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Stages {
    parse: Spent,
    paragraphs: Spent,
    lang: Spent,
    candidates: Spent,
    rules: Spent,
    intros: Spent,
    extract: Spent,
    write: Spent,
}

/// Wall time and this thread's CPU time, read together. The CPU time is what a stage costs
/// even when other processes share the core (then wall-clock MB/s reads low).
#[derive(Clone, Copy)]
struct Tick {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Tick {
    fn now() -> Tick {
        Tick { wall: Instant::now(), cpu: thread_cpu() }
    }
}

#[derive(Clone, Copy, Default)]
struct Spent {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Spent {
    fn add(&mut self, from: Tick, to: Tick) {
        self.wall += to.wall - from.wall;
        if let (Some(a), Some(b)) = (from.cpu, to.cpu) {
            self.cpu = Some(self.cpu.unwrap_or_default() + b.saturating_sub(a));
        }
    }
}

impl std::ops::Add for Spent {
    type Output = Spent;
    fn add(self, o: Spent) -> Spent {
        Spent { wall: self.wall + o.wall, cpu: self.cpu.zip(o.cpu).map(|(a, b)| a + b) }
    }
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), on 64-bit Linux.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn thread_cpu() -> Option<Duration> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a pointer to a live, aligned one.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    ok.then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn thread_cpu() -> Option<Duration> {
    None
}

fn run_bench(path: &Path) {
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let sample = env_num("KUTIP_BENCH_SAMPLE_MB").map(|m| m * 1_000_000);
    let engine = {
        let t = Instant::now();
        let e = Engine::load(true, &[]).unwrap_or_else(|d| panic!("rules do not compile: {d:?}"));
        eprintln!("engine: rules compiled in {:.0} ms; {}", t.elapsed().as_secs_f64() * 1e3, memory());
        e
    };
    let rules = engine.rules();
    let mut st = Stages::default();
    // One paragraph too short for the stop-word count, so lingua loads its models now.
    black_box(lang::detect("Ekonomi tumbuh pesat tahun depan."));
    eprintln!("engine: after the first lingua call; {}", memory());

    // JSONL in: parse every line the way the CLI does.
    let file_bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut line_bytes = 0usize;
    let t = Tick::now();
    for (i, raw) in file_bytes.split(|&b| b == b'\n').enumerate() {
        if raw.is_empty() {
            continue;
        }
        if sample.is_some_and(|s| line_bytes >= s) {
            break;
        }
        line_bytes += raw.len() + 1;
        let job = corpus_line("corpus", i + 1, raw, "id", "text");
        let text = job.text.unwrap_or_else(|e| panic!("bad corpus line {}: {e}", i + 1));
        docs.push((job.name, text));
    }
    st.parse.add(t, Tick::now());
    drop(file_bytes);
    let text_bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    println!(
        "corpus: {} documents, {:.1} MB JSONL, {:.1} MB text (avg {:.1} KB/document)",
        docs.len(),
        line_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6,
        text_bytes as f64 / docs.len().max(1) as f64 / 1e3
    );

    // Pass 1: stages one by one on each document (single thread).
    let (mut paras, mut body, mut sentences, mut matches, mut intro_count) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut lang_counts = [0usize; 2];
    for (_, doc) in &docs {
        let t = Tick::now();
        let ps: Vec<text::Paragraph> = text::paragraphs(doc);
        paras += ps.len();
        let ps: Vec<text::Paragraph> =
            ps.into_iter().filter(|p| rules.boilerplate.is_body(&doc[p.range.clone()])).collect();
        body += ps.len();
        let t1 = Tick::now();
        st.paragraphs.add(t, t1);

        // As the pipeline does: each paragraph by its stop words, the unclear ones by the document.
        let langs: Vec<lang::Lang> = lang::detect_all(&ps.iter().map(|p| &doc[p.range.clone()]).collect::<Vec<_>>());
        let t2 = Tick::now();
        st.lang.add(t1, t2);
        for l in &langs {
            lang_counts[usize::from(*l == lang::Lang::En)] += 1;
        }

        let cands: Vec<detect::Candidates> =
            ps.into_iter().zip(&langs).map(|(p, l)| detect::candidates(rules, doc, p, *l)).collect();
        let t3 = Tick::now();
        st.candidates.add(t2, t3);

        for c in &cands {
            sentences += c.sentences.len();
            for si in 0..c.sentences.len() {
                matches += matcher::match_sentence(rules, doc, c, si, &|m| engine.admit(doc, c.lang, m), None).len();
            }
        }
        let t4 = Tick::now();
        st.rules.add(t3, t4);

        let mut intros = Vec::new();
        for c in &cands {
            let skip: Vec<std::ops::Range<usize>> = c.quotes.iter().map(|q| q.outer.clone()).collect();
            for s in &c.sentences {
                attrib::intros(rules, c.lang, &c.masked, c.paragraph.range.start, s.clone(), &skip, &mut intros);
            }
        }
        intro_count += intros.len();
        st.intros.add(t4, Tick::now());
        black_box(&cands);
    }

    // Pass 2: the whole pipeline per document, then JSONL out (to memory, cleared per batch).
    let (mut quotes, mut direct, mut indirect, mut mixed, mut with_speaker) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut writer = Writer::new(Counter(0), Format::Jsonl);
    for (name, doc) in &docs {
        let t = Tick::now();
        let d = engine.extract(doc, name);
        let t1 = Tick::now();
        st.extract.add(t, t1);
        writer.write(&d).expect("write to memory");
        st.write.add(t1, Tick::now());
        for q in &d.quotes {
            quotes += 1;
            match q.kind {
                QuoteKind::Direct => direct += 1,
                QuoteKind::Indirect => indirect += 1,
                QuoteKind::Mixed => mixed += 1,
            }
            with_speaker += usize::from(q.speaker.as_ref().is_some_and(|s| s.name.is_some()));
        }
        black_box(&d);
    }
    writer.finish().expect("flush");
    let out_bytes = COUNTED.load(std::sync::atomic::Ordering::Relaxed);

    let mbs = |d: Duration| text_bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9);
    let cpu_col = |s: Spent| s.cpu.map_or("       -".to_string(), |c| format!("{:>8.1}", mbs(c)));
    let staged = st.paragraphs + st.lang + st.candidates + st.rules + st.intros;
    println!();
    println!(
        "single thread, MB/s of document text ({:.1} MB); wall clock, and per CPU-second of this thread:",
        text_bytes as f64 / 1e6
    );
    println!("  {:<34} {:>9} {:>10} {:>9}", "stage", "wall MB/s", "wall s", "cpu MB/s");
    let row = |name: &str, d: Spent, note: &str| {
        println!("  {name:<34} {:>9.1} {:>10.3} {}  {note}", mbs(d.wall), d.wall.as_secs_f64(), cpu_col(d));
    };
    row("parse JSONL (serde_json, CLI's)", st.parse, "");
    row("text: paragraphs + boilerplate", st.paragraphs, &format!("{paras} paragraphs, {body} body"));
    row("lang::detect_all", st.lang, &format!("{} id, {} en", lang_counts[0], lang_counts[1]));
    row("detect::candidates (lang given)", st.candidates, &format!("{sentences} sentences"));
    row("rules::matcher::match_sentence", st.rules, &format!("{matches} rule matches"));
    row("attrib::intros", st.intros, &format!("{intro_count} intros"));
    row("  sum of the stages above", staged, "(excludes parse; extract also does found/source/resolve/output)");
    row(
        "Engine::extract (whole)",
        st.extract,
        &format!("{:.3} ms/document (wall)", st.extract.wall.as_secs_f64() * 1e3 / docs.len().max(1) as f64),
    );
    row("output::Writer jsonl", st.write, &format!("{:.1} MB out", out_bytes as f64 / 1e6));
    row("parse + extract + write", st.parse + st.extract + st.write, "(the CLI's work at --jobs 1)");
    println!();
    println!(
        "quotes: {quotes} ({direct} direct, {indirect} indirect, {mixed} mixed; {with_speaker} with a speaker name)"
    );

    if std::env::var("KUTIP_BENCH_PER_RULE").is_ok_and(|v| v == "1") {
        per_rule(&engine, &docs, text_bytes);
    }

    println!("memory (whole bench process, corpus held in memory): {}", memory());
    if let Some(cpu) = cpu_seconds().zip(cpu_before).map(|(a, b)| a - b) {
        let wall = started.elapsed().as_secs_f64();
        println!(
            "cpu: {cpu:.1} s of CPU over {wall:.1} s wall ({:.0}%; well below 100% means other work shared the core and every MB/s above is low by that much)",
            100.0 * cpu / wall.max(1e-9)
        );
    }

    assert!(quotes > 0, "the corpus gave no quotes at all: the pipeline or the generator is broken");
    if let Some(expect) = env_num("KUTIP_BENCH_EXPECT") {
        assert_eq!(quotes, expect, "quote count differs from KUTIP_BENCH_EXPECT");
    }
}

/// Per rule: sentences tried, sentences matched, time in `captures_iter` (what the matcher
/// does) and time in `is_match` (what a yes/no first check would cost).
fn per_rule(engine: &Engine, docs: &[(String, String)], text_bytes: usize) {
    let rules = engine.rules();
    let n = rules.rules.len();
    // A clone has its own cache pool, so `is_match` does not reuse the lazy-DFA states that
    // `captures_iter` just built for the same sentence.
    let probes: Vec<regex_automata::meta::Regex> = rules.rules.iter().map(|r| r.regex().clone()).collect();
    let (mut tried, mut matched) = (vec![0usize; n], vec![0usize; n]);
    let (mut t_caps, mut t_is) = (vec![Duration::ZERO; n], vec![Duration::ZERO; n]);
    let mut gated_bytes = vec![0usize; n];
    for (_, doc) in docs {
        for p in text::paragraphs(doc).into_iter().filter(|p| rules.boilerplate.is_body(&doc[p.range.clone()])) {
            let l = lang::detect(&doc[p.range.clone()]);
            let c = detect::candidates(rules, doc, p, l);
            let base = c.paragraph.range.start;
            for (si, s) in c.sentences.iter().enumerate() {
                let text = &c.masked[s.start - base..s.end - base];
                for (ri, rule) in rules.rules.iter().enumerate() {
                    if rule.lang != c.lang || rule.kind == kutip::rules::Kind::Source {
                        continue;
                    }
                    if rule.trigger.is_some_and(|t| !c.hits[si].get(t).copied().unwrap_or(false)) {
                        continue;
                    }
                    tried[ri] += 1;
                    gated_bytes[ri] += text.len();
                    let t = Instant::now();
                    // Not `.count()`: regex counts matches without resolving capture groups.
                    let mut k = 0;
                    for caps in rule.regex().captures_iter(text) {
                        black_box(&caps);
                        k += 1;
                    }
                    let t1 = Instant::now();
                    t_caps[ri] += t1 - t;
                    black_box(probes[ri].is_match(text));
                    t_is[ri] += t1.elapsed();
                    matched[ri] += usize::from(k > 0);
                }
            }
        }
    }
    let total: Duration = t_caps.iter().sum();
    let total_is: Duration = t_is.iter().sum();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(t_caps[i]));
    println!();
    println!(
        "per rule (single thread): captures_iter total {:.3} s ({:.1} MB/s of text), is_match total {:.3} s",
        total.as_secs_f64(),
        text_bytes as f64 / 1e6 / total.as_secs_f64().max(1e-9),
        total_is.as_secs_f64()
    );
    println!(
        "  {:<32} {:>8} {:>8} {:>9} {:>7} {:>10} {:>9}",
        "rule", "tried", "matched", "caps s", "share", "caps MB/s", "is_match s"
    );
    for &i in &order {
        if tried[i] == 0 {
            continue;
        }
        println!(
            "  {:<32} {:>8} {:>8} {:>9.3} {:>6.1}% {:>10.2} {:>9.3}",
            rules.rules[i].id,
            tried[i],
            matched[i],
            t_caps[i].as_secs_f64(),
            100.0 * t_caps[i].as_secs_f64() / total.as_secs_f64().max(1e-9),
            gated_bytes[i] as f64 / 1e6 / t_caps[i].as_secs_f64().max(1e-9),
            t_is[i].as_secs_f64()
        );
    }
}

/// This process's resident memory now and at its peak (Linux; empty elsewhere).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    format!("RSS {:.1} MB, peak {:.1} MB", field("VmRSS:").unwrap_or(0.0), field("VmHWM:").unwrap_or(0.0))
}

/// User + system CPU seconds of this process so far (Linux, assuming 100 clock ticks a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

static COUNTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An output that only counts bytes (`Writer` does not give its sink back), like `> /dev/null`.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        black_box(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        COUNTED.store(self.0, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}
