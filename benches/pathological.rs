//! Inputs that used to take quadratic time, timed with the release binary:
//! `cargo bench --bench pathological`.
//!
//! - a 500-word and a 4,000-word quote that is not in a 40,000-word body
//!   (the closest passage is looked for, `isnad check` exits 1);
//! - 10,000 claims in one document;
//! - one paragraph of 1.2 million words with a few claims and mentions.
//!
//! The dossiers are written under target/bench-dossiers/pathological/.

mod common;

use std::path::{Path, PathBuf};

use common::{measure, WORDS};

/// A deterministic stream of words from a small Arabic vocabulary.
fn words(count: usize, seed: usize) -> Vec<String> {
    let mut state = seed as u64 + 1;
    (0..count)
        .map(|i| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // A number every few words keeps long passages unique.
            if i % 7 == 0 {
                format!("{}", (state >> 40) % 100_000)
            } else {
                WORDS[(state >> 33) as usize % WORDS.len()].to_owned()
            }
        })
        .collect()
}

fn write_dossier(dir: &Path, front: &str, body: &str) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"ملف\"\n").unwrap();
    std::fs::write(
        dir.join("content/actors.yaml"),
        "- id: sohr\n  name: \"المرصد\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/a.md"),
        format!("---\ntitle: \"تقرير\"\nsource:\n  outlet: \"صحيفة\"\n{front}---\n{body}"),
    )
    .unwrap();
}

/// A 40,000-word body in paragraphs of 100 words, and a quote of
/// `length` words taken from it with one word changed.
fn missing_quote(dir: &Path, length: usize) {
    let text = words(40_000, 1);
    let body: Vec<String> = text.chunks(100).map(|p| p.join(" ")).collect();
    let mut quote = text[1_000..1_000 + length].to_vec();
    quote[length / 2] = "كلمةمختلفة".to_owned();
    let front = format!("claims:\n  - id: q\n    quote: \"{}\"\n", quote.join(" "));
    write_dossier(dir, &front, &body.join("\n\n"));
}

/// One document with 10,000 claims, each on its own numbered sentence.
fn many_claims(dir: &Path) {
    let mut front = String::from("claims:\n");
    let mut body = String::new();
    for n in 1..=10_000 {
        front.push_str(&format!("  - id: c{n}\n    quote: \"حادثة رقم {n}.\"\n"));
        body.push_str(&format!("وقعت حادثة رقم {n}. "));
        if n % 50 == 0 {
            body.push_str("\n\n");
        }
    }
    write_dossier(dir, &front, &body);
}

/// One paragraph of 1.2 million words.
fn long_paragraph(dir: &Path) {
    let mut text = words(1_200_000, 2);
    text[600_000] = "الخاتمة".to_owned();
    let front = "claims:\n  - id: end\n    quote: \"الخاتمة\"\n    by: sohr\n";
    write_dossier(dir, front, &text.join(" "));
}

/// A case: its name, how its dossier is made, the command, and the exit
/// status it must end with.
type Case = (&'static str, fn(&Path), &'static [&'static str], i32);

fn main() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_isnad"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-dossiers/pathological");
    let cases: [Case; 4] = [
        (
            "missing-quote-500",
            |d| missing_quote(d, 500),
            &["check", "."],
            1,
        ),
        (
            "missing-quote-4000",
            |d| missing_quote(d, 4_000),
            &["check", "."],
            1,
        ),
        ("claims-10000", many_claims, &["build", "."], 0),
        ("paragraph-1.2m-words", long_paragraph, &["build", "."], 0),
    ];
    println!("{:<24} {:>10} {:>10}", "case", "seconds", "peak MiB");
    for (name, make, args, expected) in cases {
        let dir = root.join(name);
        make(&dir);
        let (seconds, peak) = measure(&binary, &dir, args, expected);
        println!("{name:<24} {seconds:>10.2} {peak:>10.1}");
    }
}
