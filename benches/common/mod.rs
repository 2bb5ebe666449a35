//! What the benchmarks share: running the release binary and measuring it.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs the release binary with `args` in `dossier`, expecting exit status
/// `expected`, and returns (seconds, peak RSS in MiB).
// The child is reaped by wait4, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
pub(crate) fn measure(binary: &Path, dossier: &Path, args: &[&str], expected: i32) -> (f64, f64) {
    let started = Instant::now();
    let child = Command::new(binary)
        .args(args)
        .current_dir(dossier)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("isnad runs");
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child we spawned
    // and reaps it (std's Child is not waited on again).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == expected,
        "isnad {args:?} did not exit with {expected} for {}",
        dossier.display()
    );
    (seconds, usage.ru_maxrss as f64 / 1024.0)
}

/// The Arabic vocabulary of the generated documents: words of the
/// Ghuwayran reports, so that mentions, folding and search meet real shapes.
pub(crate) const WORDS: &[&str] = &[
    "قال",
    "المتحدث",
    "باسم",
    "قوات",
    "سوريا",
    "الديمقراطية",
    "إن",
    "الهجوم",
    "على",
    "السجن",
    "في",
    "حي",
    "غويران",
    "بمدينة",
    "الحسكة",
    "أسفر",
    "عن",
    "مقتل",
    "عدد",
    "من",
    "العناصر",
    "والمدنيين",
    "وأضاف",
    "أن",
    "الاشتباكات",
    "استمرت",
    "لعدة",
    "أيام",
    "بينما",
    "أعلن",
    "المرصد",
    "السوري",
    "لحقوق",
    "الإنسان",
    "ارتفاع",
    "الحصيلة",
    "وأشار",
    "إلى",
    "فرار",
    "عشرات",
    "السجناء",
    "وتحصنهم",
    "منازل",
    "الأحياء",
    "المجاورة",
    "وقد",
    "تمكنت",
    "القوات",
    "استعادة",
    "السيطرة",
    "الكاملة",
    "بعد",
    "معارك",
    "عنيفة",
    "شارك",
    "فيها",
    "التحالف",
    "الدولي",
    "بالطائرات",
    "والمروحيات",
    "وذكرت",
    "مصادر",
    "محلية",
    "نزوح",
    "مئات",
    "العائلات",
];
