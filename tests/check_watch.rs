//! `isnad check --watch`: the real binary on a temporary dossier checks
//! again after every save, printing each run under a line with the time.
//! Every wait has a deadline; the child is killed at the end.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A running `isnad check --watch`, killed when dropped.
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, more: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
            .args(["check", ".", "--watch"])
            .args(more)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("isnad check --watch starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while lines.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Watching { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (at most 60 s) for the `run`th run (1-based) to have printed
    /// its summary, and returns that run's output from its separator on.
    fn run(&self, run: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let stderr = self.stderr();
            if let Some(output) = nth_run(&stderr, run).filter(|o| summary(o).is_some()) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for run {run}\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The output of the `run`th run (1-based): from its separator to the next.
fn nth_run(stderr: &str, run: usize) -> Option<String> {
    let runs: Vec<&str> = stderr.split("\n--- ").skip(1).collect();
    runs.get(run - 1).map(|r| format!("--- {r}"))
}

/// The run's summary line, once printed.
fn summary(run: &str) -> Option<&str> {
    run.lines()
        .find(|l| l.starts_with("checked ") || l.contains(" error(s), "))
}

/// The separator: `--- HH:MM:SS UTC --- what`.
fn assert_separator(run: &str, what: &str) {
    let first = run.lines().next().unwrap();
    let rest = first.strip_prefix("--- ").unwrap();
    let (time, after) = rest.split_once(" UTC --- ").unwrap();
    assert!(
        time.len() == 8 && time.split(':').all(|p| p.parse::<u8>().is_ok()),
        "{first}"
    );
    assert_eq!(after, what);
}

fn watch_break_and_fix(more: &[&str]) {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let document = dossier.join("content/second.md");
    let watching = Watching::start(&dossier, more);

    let first = watching.run(1);
    assert_separator(&first, "first check");
    assert_eq!(summary(&first), Some("checked 2 documents: no errors"));

    rewrite(&document, |text| {
        text.replace("    by: sohr\n", "    by: nobody\n")
    });
    let expected = isnad(&dossier, &["check"]);
    let expected = String::from_utf8_lossy(&expected.stderr);
    assert!(expected.contains("content/second.md:15:"), "{expected}");
    // A save is a truncation and then a write: a watcher that polls may see
    // the two apart and check the file twice, so the runs after a save
    // are read until one shows what the save wrote. Every run after
    // the first still names the file that changed.
    let body = |run: &str| -> String { run.lines().skip(1).map(|l| format!("{l}\n")).collect() };
    let (broken_run, broken) = (2..=5)
        .map(|n| (n, watching.run(n)))
        .inspect(|(_, run)| assert_separator(run, "changed: content/second.md"))
        // The diagnostics exactly as `isnad check` prints them.
        .find(|(_, run)| body(run).trim_end() == expected.trim_end())
        .unwrap_or_else(|| panic!("no run printed:\n{expected}\n{}", watching.stderr()));

    rewrite(&document, |text| {
        text.replace("    by: nobody\n", "    by: sohr\n")
    });
    let fixed = (broken_run + 1..=broken_run + 4)
        .map(|n| watching.run(n))
        .inspect(|run| assert_separator(run, "changed: content/second.md"))
        .find(|run| summary(run) == Some("checked 2 documents: no errors"));
    assert!(
        fixed.is_some(),
        "no run after the fix\n{}",
        watching.stderr()
    );
    // Earlier runs are not cleared away.
    assert!(watching.stderr().contains(&broken));
}

#[test]
fn a_broken_save_is_reported_and_a_fix_checks_clean() {
    watch_break_and_fix(&[]);
}

#[test]
fn polling_sees_the_saves_too() {
    watch_break_and_fix(&["--poll"]);
}

#[test]
fn poll_without_watch_is_a_command_line_error() {
    let output = isnad(&fixture("basic"), &["check", "--poll"]);
    assert_eq!(output.status.code(), Some(2));
}
