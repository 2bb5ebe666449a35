//! Reproducers of the reliability review (issue 9), each kept as a test so
//! that it stays fixed: deep nesting, builds running at once, folders isnad
//! did not make, contradiction ids that could merge, positions.

mod common;

use std::path::Path;

use common::*;

/// A dossier of one document with `body`, in a fresh folder.
fn one_document(book: &str, body: &str) -> tempfile::TempDir {
    let document = format!("---\ntitle: \"تقرير\"\nsource:\n  outlet: \"صحيفة\"\n---\n{body}");
    dossier_with(book, &[("a.md", &document)])
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Nesting up to the limit builds, minified, on the threads the build
/// runs on; one level more is an error at its line, never an abort.
#[test]
fn nesting_at_the_limit_builds_and_past_it_is_an_error() {
    // 99 block quotes around a paragraph: 100 levels.
    let at_limit = one_document("", &format!("{} كلام\n", ">".repeat(99)));
    let output = isnad(at_limit.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(at_limit.path().join("site/documents/a.html")).unwrap();
    assert_eq!(page.matches("<blockquote>").count(), 99);
    let past = one_document("", &format!("سطر\n\n{} كلام\n", ">".repeat(100)));
    let output = isnad(past.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("content/a.md:8:102: error: the text nests"),
        "{}",
        stderr(&output)
    );
}

/// Raw HTML, when a dossier allows it, is not bounded by the Markdown
/// limit: a page nested deeper than minify-html can take is written as it
/// is rendered, and the build does not abort.
#[test]
fn deep_raw_html_builds_without_aborting() {
    let body = format!("{}x{}\n", "<div>".repeat(5000), "</div>".repeat(5000));
    let dossier = one_document("[output.html]\nallow-raw-html = true\n", &body);
    let output = isnad(dossier.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dossier.path().join("site/documents/a.html")).unwrap();
    assert!(page.matches("<div>").count() >= 5000);
}

/// Three builds into one folder at once: each waits for the lock, all
/// succeed, and the site is whole.
#[test]
fn parallel_builds_take_turns() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let builds: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
                .args(["build", "."])
                .current_dir(&dossier)
                .env("NO_COLOR", "1")
                .stderr(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for build in builds {
        let output = build.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let site = dossier.join("site");
    let built = files(&site);
    let clean = files(&build(&fixture("basic")).1);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    assert!(built == clean, "the site is the one a single build writes");
    let beside: Vec<String> = std::fs::read_dir(&dossier)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".isnad-"))
        .collect();
    assert_eq!(beside, [".site.isnad-lock"], "no staging folder is left");
}

/// Folders named like isnad's own are never deleted, and a content or
/// build folder cannot take such a name.
#[test]
fn folders_isnad_did_not_make_are_never_deleted() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    for name in [".site.isnad-new", ".site.isnad-old"] {
        std::fs::create_dir(dossier.join(name)).unwrap();
        std::fs::write(dossier.join(name).join("notes.md"), "mine").unwrap();
    }
    assert!(isnad(&dossier, &["build"]).status.success());
    for name in [".site.isnad-new", ".site.isnad-old"] {
        assert!(dossier.join(name).join("notes.md").is_file(), "{name}");
    }
    // The editor's content in a folder with such a name is refused, not
    // deleted.
    std::fs::rename(
        dossier.join("content"),
        dossier.join(".site.isnad-old/content"),
    )
    .unwrap();
    let book = std::fs::read_to_string(dossier.join("book.toml")).unwrap();
    std::fs::write(
        dossier.join("book.toml"),
        format!("{book}\n[build]\ncontent-dir = \".site.isnad-old/content\"\n"),
    )
    .unwrap();
    let output = isnad(&dossier, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("isnad's own"),
        "{}",
        stderr(&output)
    );
    assert!(dossier.join(".site.isnad-old/content").is_dir());
}

/// `--out` over the dossier is blamed on the flag, not on book.toml.
#[test]
fn out_over_the_dossier_is_a_command_line_error() {
    let output = isnad(&fixture("basic"), &["check"]);
    assert!(output.status.success());
    let output = isnad(&fixture("basic"), &["build", ".", "--out", "content"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.starts_with("error: --out: build folder"), "{text}");
    assert!(!text.contains("book.toml"), "{text}");
}

/// Claim `x--y` against `z` and claim `x` against `y--z` are two
/// contradictions, with two pages and two entries in dossier.json.
#[test]
fn contradictions_with_dashed_ids_never_merge() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path();
    std::fs::create_dir_all(dossier.join("content")).unwrap();
    std::fs::write(dossier.join("book.toml"), "[book]\ntitle = \"ملف\"\n").unwrap();
    let claim = |id: &str, quote: &str, against: Option<(&str, &str)>| {
        let relation = against.map_or(String::new(), |(other, note)| {
            format!("    contradicts:\n      - claim: {other}\n        note: \"{note}\"\n")
        });
        format!("  - id: {id}\n    quote: \"{quote}\"\n{relation}")
    };
    let front = [
        claim("x--y", "واحد", Some(("z", "الأول"))),
        claim("z", "اثنان", None),
        claim("x", "ثلاثة", Some(("y--z", "الثاني"))),
        claim("y--z", "أربعة", None),
    ]
    .concat();
    std::fs::write(
        dossier.join("content/a.md"),
        format!("---\ntitle: \"تقرير\"\nsource:\n  outlet: \"صحيفة\"\nclaims:\n{front}---\nواحد اثنان ثلاثة أربعة\n"),
    )
    .unwrap();
    let (_guard, site) = build(dossier);
    let json = dossier_json(&site);
    let contradictions = json["contradictions"].as_array().unwrap();
    assert_eq!(contradictions.len(), 2, "{contradictions:#?}");
    let pages: Vec<&str> = contradictions
        .iter()
        .map(|c| c["page"].as_str().unwrap())
        .collect();
    assert_ne!(pages[0], pages[1]);
    for (contradiction, note) in contradictions.iter().zip(["الأول", "الثاني"]) {
        assert_eq!(contradiction["note"], note);
        assert!(site.join(contradiction["page"].as_str().unwrap()).is_file());
    }
}

/// Every reproducer of the catalogue that used to abort builds and exits
/// with status 1 (the catalogue test checks the exact diagnostics).
#[test]
fn inputs_that_used_to_abort_now_fail_cleanly() {
    for case in [
        "too-deep-block-quotes",
        "too-deep-lists",
        "too-deep-quotes-in-lists",
        "too-deep-emphasis",
    ] {
        let temp = tempfile::tempdir().unwrap();
        copy_dir(&repo_root().join("tests/errors").join(case), temp.path());
        let output = isnad(temp.path(), &["build"]);
        assert_eq!(output.status.code(), Some(1), "{case}: {}", stderr(&output));
        assert!(!Path::new(&temp.path().join("site")).exists());
    }
}

/// Symbolic links in the content folder are not followed, never silently:
/// one to a document outside the dossier, one to a folder; a registry that
/// is a device or a pipe is refused before it is read.
#[cfg(unix)]
#[test]
fn links_devices_and_pipes_are_refused_with_a_word() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: \"سر\"\nsource:\n  outlet: \"صحيفة\"\n---\nنص سري.\n",
    )
    .unwrap();
    let dossier = one_document("", "نص.\n");
    let content = dossier.path().join("content");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("b.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), content.join("more")).unwrap();
    let output = isnad(dossier.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    for path in ["content/b.md", "content/more"] {
        assert!(
            text.contains(&format!(
                "{path}:1:1: warning: not read: it is a symbolic link"
            )),
            "{path}: {text}"
        );
    }
    assert!(!dossier.path().join("site/documents/b.html").exists());
    assert!(!dossier.path().join("site/documents/secret.html").exists());

    std::os::unix::fs::symlink("/dev/zero", content.join("actors.yaml")).unwrap();
    let output = isnad(dossier.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/actors.yaml:1:1: error: cannot read: not a regular file"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(content.join("actors.yaml")).unwrap();
    let fifo = content.join("actors.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|status| status.success()) {
        let output = isnad(dossier.path(), &["check"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "a pipe does not hang the check"
        );
    }
}
