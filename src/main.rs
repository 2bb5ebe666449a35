//! The `isnad` command line (spec §8).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use isnad::diagnostic::Diagnostic;
use isnad::Outcome;

/// isnad builds source-annotated dossiers into right-to-left static sites.
#[derive(Parser)]
#[command(name = "isnad", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the dossier at DIR into its build folder.
    Build {
        /// The dossier folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of book.toml's build-dir.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check the dossier at DIR; write nothing.
    Check {
        /// The dossier folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check again on every saved change, until Ctrl-C.
        #[arg(long)]
        watch: bool,
        /// Say whether the detector flags two claims, and why (or why not).
        #[arg(long, num_args = 2, value_names = ["CLAIM", "CLAIM"], conflicts_with = "watch")]
        why: Option<Vec<String>>,
        /// With --watch: look at the files every 200 ms instead of using
        /// the system's change notifications.
        #[arg(long, requires = "watch")]
        poll: bool,
    },
    /// Rewrite the YAML of the dossier at DIR (front matter, actors.yaml,
    /// topics.yaml) in canonical key order and quoting, keeping every
    /// comment and value.
    Fmt {
        /// The dossier folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write nothing; list the files that would change, and exit with
        /// status 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Build, serve on 127.0.0.1, and rebuild and reload on every change.
    Serve {
        /// The dossier folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Look at the files every 200 ms instead of using the system's
        /// change notifications (for network mounts and containers where
        /// those are not delivered).
        #[arg(long)]
        poll: bool,
    },
    /// Serve the Language Server Protocol over stdin and stdout, for
    /// editors: problems as you type, completion, hover, go to definition,
    /// references and fixes.
    Lsp {
        /// The dossier folder (default: the editor's workspace folder).
        dir: Option<PathBuf>,
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Start content/ID.md of the dossier in this folder from a plain-text
    /// article; never overwrites a file.
    New {
        /// The article, as plain text: the title on the first line.
        file: PathBuf,
        /// The document's id (default: made from the file's name).
        #[arg(long, value_parser = parse_id)]
        id: Option<String>,
    },
    /// Create a new dossier in DIR (which must be new or empty).
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// An id is `[a-z0-9-]+`: a wrong one is a command-line error (status 2).
fn parse_id(text: &str) -> Result<String, String> {
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(text.to_owned())
    } else {
        Err("an id uses only a-z, 0-9 and `-`".to_owned())
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:column: error: message`, with the source line.
    Text,
    /// A JSON array of problems, for editor integrations.
    Json,
}

/// The stack of every thread that reads, renders or minifies a dossier.
/// Input nesting is bounded where it is read, but the parsers, Tera and
/// minify-html recurse: a known, generous stack keeps any input that slips
/// through from aborting the process (least of all a running `serve`).
const STACK: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Threads only reserve their stack; the pages touched are what count.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK)
        .build_global();
    let worker = std::thread::Builder::new()
        .name("isnad".to_owned())
        .stack_size(STACK)
        .spawn(move || run(cli));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(1),
    }
}

fn run(cli: Cli) -> ExitCode {
    let started = Instant::now();
    match cli.command {
        Command::Build { dir, out } => {
            let outcome = isnad::build(&dir, out.as_deref());
            report(&outcome.diagnostics, Format::Text);
            if let Some(site) = &outcome.site_dir {
                print_built(&outcome, site, started);
            }
            exit_code(&outcome)
        }
        Command::Check {
            dir,
            why: Some(pair),
            ..
        } => why(&dir, &pair[0], &pair[1]),
        Command::Check {
            dir,
            format,
            watch: false,
            ..
        } => exit_code(&check(&dir, format)),
        Command::Check {
            dir,
            format,
            watch: true,
            poll,
            ..
        } => check_watch(&dir, format, poll),
        Command::Fmt { dir, check } => fmt(&dir, check),
        Command::Serve { dir, port, poll } => match isnad::serve::serve(&dir, port, poll) {
            Ok(()) => ExitCode::SUCCESS,
            Err(problem) => {
                report(&[problem], Format::Text);
                ExitCode::from(1)
            }
        },
        Command::Lsp { dir, stdio: _ } => match isnad::lsp::run(dir.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(problem) => {
                report(&[problem], Format::Text);
                ExitCode::from(1)
            }
        },
        Command::New { file, id } => {
            match isnad::import::new_document(Path::new("."), &file, id.as_deref()) {
                Ok(imported) => {
                    println!("created {} (id `{}`)", imported.path.display(), imported.id);
                    println!("  title: {}", imported.title);
                    if imported.removed > 0 {
                        println!(
                        "  {} line(s) that look like website furniture are listed under `removed:`; check them",
                        imported.removed
                    );
                    }
                    println!("  fill in `source:` (outlet, url, published), then add claims");
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems, Format::Text);
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match isnad::init::init(&dir) {
            Ok(files) => {
                for file in &files {
                    println!("created {}", file.display());
                }
                println!("build it with: isnad build {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(problem) => {
                report(&[problem], Format::Text);
                ExitCode::from(1)
            }
        },
    }
}

/// Checks the dossier and prints what `isnad check` prints.
fn check(dir: &Path, format: Format) -> Outcome {
    let outcome = isnad::check(dir);
    report(&outcome.diagnostics, format);
    if format == Format::Text && !outcome.failed() {
        eprintln!("checked {} documents: no errors", outcome.documents);
    }
    outcome
}

/// `isnad fmt [--check]`: the files not in canonical form on standard
/// output, one path a line; problems and a summary on standard error.
fn fmt(dir: &Path, check: bool) -> ExitCode {
    let formatted = isnad::fmt::format(dir, !check);
    report_then(
        &formatted.diagnostics,
        Format::Text,
        "the files with errors were left as they were",
    );
    let mut stdout = std::io::stdout().lock();
    for path in &formatted.changed {
        let _ = writeln!(stdout, "{}", path.display());
    }
    let (changed, files) = (formatted.changed.len(), formatted.files);
    if check && changed > 0 {
        eprintln!("{changed} of {files} files are not formatted; `isnad fmt` rewrites them");
    } else if check {
        eprintln!("{files} files checked: all formatted");
    } else {
        eprintln!("formatted {changed} of {files} files");
    }
    if formatted.failed() || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `isnad check --watch`: checks, then checks again after every saved
/// change, each run under a line with the time and what changed; earlier
/// runs stay on the terminal. Ends only with the process (Ctrl-C).
fn check_watch(dir: &Path, format: Format, poll: bool) -> ExitCode {
    use isnad::watch::{Change, Watched, Watcher};
    // Watching starts before the first check: a file saved during it is
    // checked next.
    let mut watcher = Watcher::start(Watched::dossier(dir), poll);
    eprintln!("watching {} (stop with Ctrl-C)", watcher.describe());
    let mut change = Change::default();
    loop {
        let what = change
            .describe()
            .unwrap_or_else(|| "first check".to_owned());
        eprintln!("\n--- {} --- {what}", clock());
        check(dir, format);
        let _ = std::io::stdout().flush();
        change = watcher.next_change();
        // book.toml may have moved the content folder.
        if let Some(now) = Watched::configured(dir) {
            watcher.update(now);
        }
    }
}

/// The time of day, `HH:MM:SS UTC`: when a run's output was printed.
fn clock() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    format!("{h:02}:{m:02}:{s:02} UTC")
}

fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(diagnostics: &[Diagnostic], format: Format) {
    report_then(diagnostics, format, "the site was not written");
}

/// Prints the problems; `consequence` tells, after their count, what the
/// errors prevented.
fn report_then(diagnostics: &[Diagnostic], format: Format, consequence: &str) {
    let mut stderr = std::io::stderr().lock();
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(diagnostics).unwrap_or_default();
            let _ = writeln!(std::io::stdout(), "{text}");
        }
        Format::Text => {
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for diagnostic in diagnostics {
                let _ = writeln!(stderr, "{}", diagnostic.render(color));
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == isnad::diagnostic::Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            if errors > 0 {
                let _ = writeln!(
                    stderr,
                    "{errors} error(s), {warnings} warning(s); {consequence}"
                );
            } else if warnings > 0 {
                let _ = writeln!(stderr, "{warnings} warning(s)");
            }
        }
    }
}

fn print_built(outcome: &Outcome, site: &Path, started: Instant) {
    let index = site.join("index.html");
    let absolute = std::fs::canonicalize(&index).unwrap_or_else(|_| index.clone());
    println!(
        "built {} documents into {} ({} files) in {} ms",
        outcome.documents,
        site.display(),
        outcome.files,
        started.elapsed().as_millis()
    );
    println!("open {}  (file://{})", index.display(), absolute.display());
}

/// `isnad check --why A B`: the detector's verdict on one pair, on
/// standard output; exit 0, or as `check` does when the dossier or the
/// ids cannot be read.
fn why(dir: &std::path::Path, a: &str, b: &str) -> ExitCode {
    match isnad::why(dir, a, b) {
        Ok((_, reason)) => {
            println!("`{a}` and `{b}`: {reason}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report(&problems, Format::Text);
            ExitCode::from(1)
        }
    }
}

/// The allocator (the `mimalloc` feature): see Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
