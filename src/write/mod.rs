//! Stage 6: pages from templates, and the site on disk.
//!
//! Every page is rendered in memory first (in parallel). Only when all of
//! them succeed is anything written, into a temporary folder beside the
//! build folder, which then replaces it: a failed build leaves the previous
//! site untouched.

mod assets;
mod templates;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tera::{Context, Tera};

use crate::config::{display_path, Config};
use crate::diagnostic::{file_error, Code, Diagnostic};
use crate::i18n;
use crate::index::Site;

/// One file of the site: its path below the build folder and its bytes.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Relative path, with `/` separators.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// The name of the file that marks a folder as a site isnad built, so that
/// a build never deletes a folder it did not make.
const MARKER: &str = ".isnad-site";

/// Renders every page of the site, plus dossier.json and the theme.
pub fn render_site(
    config: &Config,
    site: &Site,
    dossier_json: String,
) -> Result<Vec<SiteFile>, Vec<Diagnostic>> {
    let tera = templates::load(&config.templates_dir())?;
    let strings = i18n::strings(&config.book.language);
    let header = json!({
        "title": site.title,
        "description": site.description,
        "authors": site.authors,
        "language": site.language,
        "dir": site.dir,
    });
    let mut jobs: Vec<Page<'_>> = vec![
        Page::new("index.html", "index.html", "index", index_context(site)),
        Page::new("404.html", "404.html", "page", serde_json::Value::Null),
    ];
    jobs.extend(
        site.documents
            .iter()
            .map(|d| Page::new(&d.page, "document.html", "doc", d)),
    );
    jobs.extend(
        site.actors
            .iter()
            .map(|a| Page::new(&a.page, "actor.html", "actor", a)),
    );
    jobs.extend(
        site.topics
            .iter()
            .map(|t| Page::new(&t.page, "topic.html", "topic", t)),
    );
    jobs.extend(
        site.contradictions
            .iter()
            .map(|c| Page::new(&c.page, "contradiction.html", "contradiction", c)),
    );
    let rendered: Vec<Result<SiteFile, Diagnostic>> = jobs
        .par_iter()
        .map(|page| page.render(&tera, config, &header, &strings))
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 4);
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        problems.truncate(1); // The same template error repeats on every page.
        return Err(problems);
    }
    files.push(SiteFile {
        path: "dossier.json".to_owned(),
        bytes: dossier_json.into_bytes(),
    });
    files.extend(assets::theme(&config.theme_dir()).map_err(|p| vec![p])?);
    files.push(SiteFile {
        path: MARKER.to_owned(),
        bytes: b"This folder is a site built by isnad; the next build replaces it whole.\n"
            .to_vec(),
    });
    Ok(files)
}

/// The index page sees summaries, not whole documents: its context stays
/// small however large the dossier.
fn index_context(site: &Site) -> serde_json::Value {
    json!({
        "documents": site.documents.iter().map(|d| json!({
            "id": d.id, "title": d.title, "page": d.page, "lang": d.lang, "dir": d.dir,
            "source": d.source, "claim_count": d.claim_count,
        })).collect::<Vec<_>>(),
        "contradictions": site.contradictions,
        "topics": site.topics.iter().map(|t| json!({
            "id": t.id, "title": t.title, "page": t.page, "claims": t.claims.iter().map(|c| &c.id).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "actors": site.actors.iter().map(|a| json!({
            "id": a.id, "name": a.name, "kind": a.kind, "page": a.page, "claims": a.claims.iter().map(|c| &c.id).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "claims": site.claims,
    })
}

struct Page<'a> {
    path: String,
    template: &'static str,
    key: &'static str,
    data: Box<dyn erased::Data + 'a>,
}

mod erased {
    /// Page data of any serializable type.
    pub(super) trait Data: Sync {
        fn to_value(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize + Sync> Data for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or_default()
        }
    }
}

impl<'a> Page<'a> {
    fn new(
        path: &str,
        template: &'static str,
        key: &'static str,
        data: impl Serialize + Sync + 'a,
    ) -> Self {
        Page {
            path: path.to_owned(),
            template,
            key,
            data: Box::new(data),
        }
    }

    fn render(
        &self,
        tera: &Tera,
        config: &Config,
        header: &serde_json::Value,
        strings: &std::collections::BTreeMap<&str, &str>,
    ) -> Result<SiteFile, Diagnostic> {
        let depth = self.path.matches('/').count();
        let mut context = Context::new();
        context.insert("site", header);
        context.insert("t", strings);
        context.insert("root", &"../".repeat(depth));
        context.insert(self.key, &self.data.to_value());
        if self.template == "404.html" {
            // A host serves 404.html at any depth; only an absolute prefix
            // can lead back from there.
            context.insert("root", &config.html.site_url);
        }
        let html = tera.render(self.template, &context).map_err(|error| {
            templates::template_error(&config.templates_dir().join(self.template), &error)
        })?;
        Ok(SiteFile {
            path: self.path.clone(),
            bytes: finish_html(html, config),
        })
    }
}

#[cfg(feature = "minify")]
fn finish_html(html: String, config: &Config) -> Vec<u8> {
    if !config.html.minify {
        return html.into_bytes();
    }
    let mut cfg = minify_html::Cfg::new();
    // Scripts and styles are left alone: minify-html's JS minifier has
    // broken scripts (Zola had to turn it off).
    cfg.minify_js = false;
    cfg.minify_css = false;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    minify_html::minify(html.as_bytes(), &cfg)
}

#[cfg(not(feature = "minify"))]
fn finish_html(html: String, _config: &Config) -> Vec<u8> {
    html.into_bytes()
}

/// Writes the site into a temporary folder beside `build_dir`, then moves
/// it into place. A folder that exists and was not built by isnad is never
/// deleted.
pub fn write_site(build_dir: &Path, files: &[SiteFile]) -> Result<(), Diagnostic> {
    let shown = display_path(build_dir);
    let fail = |what: &str, error: std::io::Error| {
        file_error(&shown, Code::Output, format!("{what}: {error}"))
    };
    if build_dir.exists() && !is_replaceable(build_dir) {
        return Err(file_error(
            &shown,
            Code::Output,
            "this folder exists and was not built by isnad; move it away or choose another build-dir",
        ));
    }
    let name = build_dir
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let parent = build_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| fail("cannot create the parent folder", e))?;
    let staging = parent.join(format!(".{name}.isnad-new"));
    let retired = parent.join(format!(".{name}.isnad-old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(|e| fail("cannot remove a leftover folder", e))?;
        }
    }
    write_files(&staging, files).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        fail("cannot write the site", e)
    })?;
    if build_dir.exists() {
        std::fs::rename(build_dir, &retired)
            .map_err(|e| fail("cannot move the previous site aside", e))?;
    }
    if let Err(error) = std::fs::rename(&staging, build_dir) {
        let _ = std::fs::rename(&retired, build_dir);
        return Err(fail("cannot move the new site into place", error));
    }
    let _ = std::fs::remove_dir_all(&retired);
    Ok(())
}

fn is_replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn write_files(root: &Path, files: &[SiteFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| root.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(folder)?;
    }
    files
        .par_iter()
        .try_for_each(|file| std::fs::write(root.join(&file.path), &file.bytes))
}
