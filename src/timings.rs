//! How long each stage took, and the memory it left resident, printed
//! when `ISNAD_TIMINGS` is set.

/// Prints how long each stage took when `ISNAD_TIMINGS` is set: the
/// benchmark's way to see where time goes.
pub(crate) struct Timings {
    enabled: bool,
    last: std::time::Instant,
}

impl Timings {
    pub(crate) fn new() -> Self {
        Timings {
            enabled: std::env::var_os("ISNAD_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            eprintln!(
                "{stage:>8}: {:>7.1} ms{}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                resident().map_or_else(String::new, |mib| format!(", {mib} MiB resident"))
            );
        }
        self.last = std::time::Instant::now();
    }
}

/// The process's resident memory now, in MiB, where the system tells it
/// (Linux's /proc).
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
