//! Build speed and memory at scale: `cargo bench --bench scale`.
//!
//! Generates synthetic dossiers in the spec's format (N documents of about
//! 6 KB of Arabic text, each with claims, notes, overlapping annotations,
//! contradictions, actors and topics) under target/bench-dossiers/N, builds
//! each with the release `isnad` binary, and reports documents per second
//! and the build's peak memory (max RSS of the child process).
//!
//! `cargo bench --bench scale -- 100 1000` picks the sizes (default: 100,
//! 1,000 and 10,000). The generated dossiers are kept for other
//! measurements (search index size, serve latency).

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{measure, WORDS};

/// A small deterministic generator (no crate needed for a benchmark).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn words(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| WORDS[self.next() % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const ACTORS: usize = 40;
const TOPICS: usize = 10;
const CLAIMS_PER_DOCUMENT: usize = 8;

fn generate(dir: &Path, documents: usize) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!("[book]\ntitle = \"ملف تجريبي من {documents} وثيقة\"\nlanguage = \"ar\"\n"),
    )
    .unwrap();
    let mut actors = String::new();
    for a in 0..ACTORS {
        let _ = writeln!(actors, "- id: actor-{a}\n  name: \"الفاعل {a}\"\n  aliases: [\"الجهة {a}\"]\n  kind: organization");
    }
    std::fs::write(content.join("actors.yaml"), actors).unwrap();
    let mut topics = String::new();
    for t in 0..TOPICS {
        let _ = writeln!(
            topics,
            "- id: topic-{t}\n  title: \"المسألة {t}\"\n  unit: \"شخص\""
        );
    }
    std::fs::write(content.join("topics.yaml"), topics).unwrap();
    let mut random = Lcg(documents as u64);
    for d in 0..documents {
        std::fs::write(
            content.join(format!("doc-{d:05}.md")),
            document(d, documents, &mut random),
        )
        .unwrap();
    }
}

fn document(d: usize, total: usize, random: &mut Lcg) -> String {
    let mut front = format!(
        "---\ntitle: \"تقرير رقم {d} عن الهجوم\"\nsource:\n  outlet: \"وسيلة {o}\"\n  outlet-actor: actor-{o}\n  published: 2022-01-{day:02}\n  url: \"https://example.org/{d}\"\nclaims:\n",
        o = d % ACTORS,
        day = 20 + d % 8
    );
    let mut body = String::new();
    for k in 0..CLAIMS_PER_DOCUMENT {
        // A unique phrase per claim, inside ordinary text, partly in bold so
        // that the quote crosses formatting.
        let marker = format!("الرقم {d} {k}");
        let value = 20 + random.next() % 200;
        let _ = write!(
            body,
            "{} **{marker}** أعلن عن {value} قتيلاً {}.\n\n",
            random.words(50),
            random.words(40)
        );
        let _ = write!(
            front,
            "  - id: c-{d}-{k}\n    quote: \"{marker} أعلن عن {value} قتيلاً\"\n    by: actor-{by}\n    topic: topic-{topic}\n    value: {value}\n    note: \"ملاحظة على الادعاء {k}.\"\n",
            by = random.next() % ACTORS,
            topic = k % TOPICS
        );
        if k == 0 && d > 0 {
            let _ = write!(
                front,
                "    contradicts:\n      - claim: c-{}-0\n        note: \"رقمان مختلفان.\"\n",
                (d - 1) % total
            );
        }
        if k == 1 && d > 0 {
            let _ = writeln!(front, "    supports: [c-{}-1]", (d - 1) % total);
        }
    }
    front.push_str("notes:\n");
    for k in 0..3 {
        // Overlaps the claim's quote: nested and crossing annotations.
        let _ = write!(
            front,
            "  - quote: \"{d} {k} أعلن\"\n    kind: context\n    note: \"سياق {k}.\"\n"
        );
    }
    front.push_str("---\n");
    front + &body
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        sizes
    };
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_isnad"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-dossiers");
    let hugo = which("hugo");
    println!(
        "{:>8} {:>10} {:>12} {:>12} {:>10} {:>10} {:>10} {:>10} {:>14}",
        "docs",
        "seconds",
        "docs/second",
        "peak MiB",
        "site MiB",
        "hugo s",
        "isnad/hugo",
        "rebuild s",
        "largest page"
    );
    for n in sizes {
        let dossier = root.join(n.to_string());
        if !dossier.join("book.toml").is_file() {
            generate(&dossier, n);
        }
        let hugo_site = root.join(format!("{n}-hugo"));
        if hugo.is_some() && !hugo_site.join("hugo.toml").is_file() {
            generate_hugo(&dossier, &hugo_site);
        }
        // One warm-up run of each (file cache), then three pairs, isnad
        // and Hugo alternating so that both see the same machine; the best
        // of each.
        // A full build each time: without the manifest of the pages in the
        // build folder, no page is taken from the last build.
        let isnad_run = || {
            let _ = std::fs::remove_file(dossier.join("site/.isnad-pages"));
            measure(&binary, &dossier, &["build", "."], 0)
        };
        let hugo_run = |hugo: &Path| measure(hugo, &hugo_site, &["--quiet", "-d", "public"], 0);
        let _ = isnad_run();
        if let Some(hugo) = &hugo {
            let _ = hugo_run(hugo);
        }
        let mut runs = Vec::new();
        let mut hugo_runs = Vec::new();
        for _ in 0..3 {
            runs.push(isnad_run());
            if let Some(hugo) = &hugo {
                hugo_runs.push(hugo_run(hugo).0);
            }
        }
        // Then a build of the same dossier over its last build, which takes
        // every page from it: the floor of an incremental build.
        let _ = measure(&binary, &dossier, &["build", "."], 0);
        let rebuild = measure(&binary, &dossier, &["build", "."], 0).0;
        let seconds = runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
        let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
        let site_bytes: u64 = walk_size(&dossier.join("site"));
        let hugo_seconds = hugo_runs.iter().copied().fold(f64::INFINITY, f64::min);
        let (hugo_text, ratio) = if hugo_runs.is_empty() {
            ("-".to_owned(), "-".to_owned())
        } else {
            (
                format!("{hugo_seconds:.2}"),
                format!("{:.1}", seconds / hugo_seconds),
            )
        };
        // No page may grow with the dossier: every HTML page stays under
        // 1 MB, so that a phone opens each one.
        let (largest, largest_path) = largest_page(&dossier.join("site"));
        println!(
            "{n:>8} {seconds:>10.2} {:>12.0} {peak:>12.1} {:>10.1} {hugo_text:>10} {ratio:>10} {rebuild:>10.2} {:>11.0} KB",
            n as f64 / seconds,
            site_bytes as f64 / 1048576.0,
            largest as f64 / 1024.0
        );
        if largest > 1_000_000 {
            println!("  over 1 MB: {}", largest_path.display());
        }
    }
    if hugo.is_none() {
        println!("(hugo is not installed: `apt-get install hugo` to compare)");
    }
}

/// The path of a program on PATH.
fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

/// The same documents as a Hugo site: each body unchanged, with only its
/// title in the front matter, and a bare single and list layout. Hugo
/// renders the Markdown; isnad also anchors, cross-links and indexes it.
fn generate_hugo(dossier: &Path, site: &Path) {
    let content = site.join("content");
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"/\"\nlanguageCode = \"ar\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("single.html"),
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    )
    .unwrap();
    for entry in std::fs::read_dir(dossier.join("content"))
        .unwrap()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = text[4..].split_once("\n---\n").unwrap();
        let title = front
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap_or("\"\"");
        std::fs::write(
            content.join(entry.file_name()),
            format!("---\ntitle: {title}\n---\n{body}"),
        )
        .unwrap();
    }
}

/// The largest HTML page below `dir`: its size and its path.
fn largest_page(dir: &Path) -> (u64, PathBuf) {
    let mut largest = (0, PathBuf::new());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return largest;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let found = if path.is_dir() {
            largest_page(&path)
        } else if path.extension().is_some_and(|e| e == "html") {
            (entry.metadata().map_or(0, |m| m.len()), path)
        } else {
            continue;
        };
        if found.0 > largest.0 {
            largest = found;
        }
    }
    largest
}

fn walk_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk_size(&path)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}
