//! `isnad init DIR`: a new dossier that builds as it is (spec §8), with one
//! example of each file an editor writes: book.toml, the actors, the
//! topics, and a document with a claim.

use std::path::{Path, PathBuf};

use crate::config::display_path;
use crate::diagnostic::{file_error, write_error, Code, Diagnostic};

/// The files of a new dossier, by path below its folder.
const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        r#"[book]
title = "ملف جديد"
description = "ملف مصادر مشروحة: من قال ماذا، وأين تتناقض المصادر."
authors = []
language = "ar"

[build]
build-dir = "site"
content-dir = "content"
"#,
    ),
    (".gitignore", "/site/\n"),
    (
        "content/actors.yaml",
        r#"# Who makes claims: people, organisations, outlets (one entry each).
- id: example-agency
  name: "وكالة المثال"
  kind: outlet
- id: sameer-yousef
  name: "سمير يوسف"
  kind: person
  role: "المتحدث باسم لجنة الحي"
"#,
    ),
    (
        "content/topics.yaml",
        r#"# The questions the sources answer, and the unit of their figures.
- id: deaths
  title: "عدد القتلى"
  unit: "قتيل"
"#,
    ),
    (
        "content/example.md",
        r#"---
title: "مثال: لجنة الحي تعلن حصيلة الاشتباكات"
source:
  outlet: "وكالة المثال"
  outlet-actor: example-agency
  url: https://example.org/news/1
  published: 2022-01-24
summary: "وثيقة مثال: احذفها، وابدأ وثيقتك الأولى بالأمر `isnad new مقال.txt`."
claims:
  - id: yousef-12-killed
    quote: "قُتل 12 شخصاً في الاشتباكات"
    by: sameer-yousef
    topic: deaths
    value: 12
    note: "مثال على ادعاء: من قال ماذا، وبأي رقم."
---
قال سمير يوسف، المتحدث باسم لجنة الحي، لوكالة المثال إنه «قُتل 12 شخصاً في الاشتباكات» التي اندلعت صباح الإثنين.

وأضاف أن اللجنة ستنشر أسماء الضحايا بعد التحقق منها.
"#,
    ),
];

/// Creates a new dossier in `dir`, which must not exist or be empty.
/// Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.to_path_buf();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|error| file_error(&shown, Code::Io, format!("cannot read: {error}")))?
            .next()
            .is_none();
        if !empty {
            return Err(file_error(
                &shown,
                Code::Output,
                "this folder is not empty; isnad init creates a dossier only in a new or empty folder",
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        let fail = |error: std::io::Error| write_error(display_path(&target), error);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&target, text).map_err(fail)?;
        written.push(display_path(&target));
    }
    Ok(written)
}
