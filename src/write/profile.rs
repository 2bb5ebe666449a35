//! Where the page stage spends its time, by kind of page: making the
//! template's data, rendering the template, and minifying the HTML (with
//! the bytes minify-html saves). Printed after a build when
//! `ISNAD_TIMINGS` is set: how the README's figures of minify-html's cost
//! are measured.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The totals of one kind of page.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    pages: usize,
    data: Duration,
    template: Duration,
    minify: Duration,
    rendered_bytes: usize,
    written_bytes: usize,
}

/// Totals by template, when profiling is on.
#[derive(Debug, Default)]
pub(super) struct Profile {
    totals: Mutex<BTreeMap<&'static str, Totals>>,
}

/// The times of one page, measured as it is made.
#[derive(Debug)]
pub(super) struct PageTimes {
    pub(super) data: Duration,
    pub(super) template: Duration,
    pub(super) minify: Duration,
    pub(super) rendered_bytes: usize,
    pub(super) written_bytes: usize,
}

impl Profile {
    /// A profile when `ISNAD_TIMINGS` is set.
    pub(super) fn from_env() -> Option<Profile> {
        std::env::var_os("ISNAD_TIMINGS").map(|_| Profile::default())
    }

    /// Adds one page of `template`.
    pub(super) fn add(&self, template: &'static str, times: PageTimes) {
        let mut totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        let entry = totals.entry(template).or_default();
        entry.pages += 1;
        entry.data += times.data;
        entry.template += times.template;
        entry.minify += times.minify;
        entry.rendered_bytes += times.rendered_bytes;
        entry.written_bytes += times.written_bytes;
    }

    /// The table printed to stderr: one line per kind of page, CPU time
    /// summed over threads.
    pub(super) fn report(&self) -> String {
        let totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = format!(
            "{:<20} {:>7} {:>10} {:>10} {:>10} {:>9} {:>9} {:>7}\n",
            "page kind", "pages", "data ms", "tera ms", "minify ms", "MiB in", "MiB out", "saved"
        );
        for (template, t) in totals.iter() {
            let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
            let saved = if t.rendered_bytes == 0 {
                0.0
            } else {
                100.0 * (1.0 - t.written_bytes as f64 / t.rendered_bytes as f64)
            };
            out.push_str(&format!(
                "{template:<20} {:>7} {:>10.0} {:>10.0} {:>10.0} {:>9.1} {:>9.1} {:>6.1}%\n",
                t.pages,
                ms(t.data),
                ms(t.template),
                ms(t.minify),
                mib(t.rendered_bytes),
                mib(t.written_bytes),
                saved
            ));
        }
        out
    }
}

/// Runs `work` and returns its result with how long it took.
pub(super) fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let result = work();
    (result, start.elapsed())
}
