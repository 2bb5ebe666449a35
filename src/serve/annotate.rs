//! Annotating from the page (`POST /__isnad/quote`): a reader selects
//! words on a document page served by `isnad serve`, and the page asks
//! for the YAML of a claim or a note on them. The quote, and what tells it
//! apart, come from the anchoring stage itself ([`suggest`]); the block is
//! then read back as the front matter would read it and anchored again,
//! and only a block that marks exactly the selected passage is given.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use crate::anchor::suggest::{suggest, Selection, Suggestion, Unplaceable};
use crate::anchor::{anchor, Target};
use crate::import::yaml_string;
use crate::load::schema::{ClaimSpec, NoteSpec};
use crate::load::{Document, Dossier};
use crate::{config, i18n, index, load};

/// What the page sends.
#[derive(Debug, Deserialize)]
pub(crate) struct QuoteRequest {
    /// The page's path (`/documents/ID.html`).
    page: String,
    /// The selected text, without the reference numerals isnad adds.
    text: String,
    /// The document text before the selection (its end is what counts).
    #[serde(default)]
    before: String,
    /// The document text after it (its start is what counts).
    #[serde(default)]
    after: String,
    /// `claim` or `note`.
    #[serde(default)]
    kind: Kind,
    /// The claimant's actor id, when the reader chose one.
    #[serde(default)]
    by: Option<String>,
}

/// What the block annotates the passage with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// An entry of `claims:`.
    #[default]
    Claim,
    /// An entry of `notes:`.
    Note,
}

/// The answer: an HTTP status and a JSON body.
pub(crate) struct Answer {
    /// `200 OK`, or `422 Unprocessable Content` with `error` in the body.
    pub(crate) status: hyper::StatusCode,
    /// The JSON.
    pub(crate) body: String,
}

/// Answers a request body for the dossier at `root`.
pub(crate) fn answer(root: &Path, body: &[u8]) -> Answer {
    let config = match config::load(root, None) {
        Ok(config) => config,
        Err(_) => return refusal("en", "annotate_error_config"),
    };
    let language = config.book.language.clone();
    let Ok(request) = serde_json::from_slice::<QuoteRequest>(body) else {
        return refusal(&language, "annotate_error_request");
    };
    let (dossier, _) = load::load(&config);
    match block_for(&dossier, &request) {
        Ok(found) => Answer {
            status: hyper::StatusCode::OK,
            body: json!({
                "yaml": found.yaml,
                "id": found.id,
                "quote": found.suggestion.quote,
                "prefix": found.suggestion.prefix,
                "suffix": found.suggestion.suffix,
                "occurrence": found.suggestion.occurrence,
                "actors": actors(&dossier),
            })
            .to_string(),
        },
        Err(key) => refusal(&language, key),
    }
}

/// An answer that says, in the interface's language, why there is no block.
fn refusal(language: &str, key: &str) -> Answer {
    let strings = i18n::strings(language);
    let message = strings.get(key).copied().unwrap_or(key);
    Answer {
        status: hyper::StatusCode::UNPROCESSABLE_ENTITY,
        body: json!({ "error": message }).to_string(),
    }
}

/// The panel's script, its strings (`annotate_…`) in the dossier's
/// interface language put before it.
pub(crate) fn script(root: &Path) -> String {
    let language = config::load(root, None).map_or_else(|_| "ar".to_owned(), |c| c.book.language);
    let strings: std::collections::BTreeMap<_, _> = i18n::strings(&language)
        .into_iter()
        .filter(|(key, _)| key.starts_with("annotate_"))
        .collect();
    format!(
        "var ISNAD_ANNOTATE = {};\n{ANNOTATE_JS}",
        json!({ "strings": strings, "lang": language })
    )
}

/// The panel: finds the selection and shows the block the server gives.
const ANNOTATE_JS: &str = include_str!("annotate.js");

/// The actors a claimant can be chosen from.
fn actors(dossier: &Dossier) -> Vec<serde_json::Value> {
    dossier
        .actors
        .entries
        .iter()
        .map(|actor| json!({ "id": actor.id, "name": actor.name }))
        .collect()
}

/// A block ready to paste, and how it was made.
#[derive(Debug)]
pub(crate) struct Found {
    /// The YAML, a list entry indented for `claims:` or `notes:`.
    pub(crate) yaml: String,
    /// The claim's suggested id (empty for a note).
    pub(crate) id: String,
    /// The selector.
    pub(crate) suggestion: Suggestion,
}

/// The block for a request, or the key of the string that says why not.
pub(crate) fn block_for(dossier: &Dossier, request: &QuoteRequest) -> Result<Found, &'static str> {
    let document = dossier
        .documents
        .iter()
        .find(|d| request.page.trim_start_matches('/') == index::document_page(&d.id))
        .ok_or("annotate_error_page")?;
    let by = request.by.as_deref().filter(|by| !by.is_empty());
    if by.is_some_and(|by| !dossier.actors.entries.iter().any(|a| a.id == by)) {
        return Err("annotate_error_request");
    }
    let (anchored, _) = anchor(document);
    let selection = Selection {
        text: &request.text,
        before: &request.before,
        after: &request.after,
    };
    let suggestion =
        suggest(&anchored.blocks, &anchored.folded, selection).map_err(|why| match why {
            Unplaceable::Empty => "annotate_error_empty",
            Unplaceable::NotInOneBlock => "annotate_error_not_in_one_block",
        })?;
    let (yaml, id) = match request.kind {
        Kind::Claim => {
            let id = claim_id(by, &suggestion.quote, &claim_ids(dossier));
            (claim_yaml(&id, by, &suggestion), id)
        }
        Kind::Note => (note_yaml(&suggestion), String::new()),
    };
    if !anchors_exactly(document, &yaml, request.kind, &suggestion) {
        return Err("annotate_error_unanchored");
    }
    Ok(Found {
        yaml,
        id,
        suggestion,
    })
}

/// Every claim id of the dossier.
fn claim_ids(dossier: &Dossier) -> HashSet<&str> {
    dossier
        .documents
        .iter()
        .flat_map(|d| &d.front.claims)
        .map(|c| c.id.as_str())
        .collect()
}

/// The selector's lines, indented under a list entry.
fn selector_lines(suggestion: &Suggestion) -> String {
    let mut lines = format!("    quote: {}\n", yaml_string(&suggestion.quote));
    if let Some(prefix) = &suggestion.prefix {
        lines.push_str(&format!("    prefix: {}\n", yaml_string(prefix)));
    }
    if let Some(suffix) = &suggestion.suffix {
        lines.push_str(&format!("    suffix: {}\n", yaml_string(suffix)));
    }
    if let Some(occurrence) = suggestion.occurrence {
        lines.push_str(&format!("    occurrence: {occurrence}\n"));
    }
    lines
}

/// An entry of `claims:`.
fn claim_yaml(id: &str, by: Option<&str>, suggestion: &Suggestion) -> String {
    let mut yaml = format!("  - id: {id}\n{}", selector_lines(suggestion));
    if let Some(by) = by {
        yaml.push_str(&format!("    by: {by}\n"));
    }
    yaml
}

/// An entry of `notes:`, its note left for the editor to write.
fn note_yaml(suggestion: &Suggestion) -> String {
    let selector = selector_lines(suggestion).replacen("    quote:", "  - quote:", 1);
    format!("{selector}    kind: context\n    note: \"\"\n")
}

/// Whether `yaml`, read as the front matter reads it and added to the
/// document, marks exactly the suggested passage: the real anchoring
/// decides, so that a block the panel gives always anchors.
pub(crate) fn anchors_exactly(
    document: &Document,
    yaml: &str,
    kind: Kind,
    suggestion: &Suggestion,
) -> bool {
    let mut annotated = document.clone();
    let target = match kind {
        Kind::Claim => {
            let Ok(mut claims) = crate::yaml::from_str::<Vec<ClaimSpec>>(yaml) else {
                return false;
            };
            annotated.front.claims.append(&mut claims);
            Target::Claim(annotated.front.claims.len() - 1)
        }
        Kind::Note => {
            let Ok(mut notes) = crate::yaml::from_str::<Vec<NoteSpec>>(yaml) else {
                return false;
            };
            annotated.front.notes.append(&mut notes);
            Target::Note(annotated.front.notes.len() - 1)
        }
    };
    let (anchored, _) = anchor(&annotated);
    let placed: Vec<_> = anchored
        .spans
        .iter()
        .filter(|span| span.target == target)
        .collect();
    matches!(placed[..], [span] if span.block == suggestion.block && span.range == suggestion.range)
}

/// How many words of the quote an id takes.
const ID_WORDS: usize = 3;

/// An id for a new claim: the claimant's id and the quote's first words
/// in ASCII letters, made unique against `taken` with `-2`, `-3`…
pub(crate) fn claim_id(by: Option<&str>, quote: &str, taken: &HashSet<&str>) -> String {
    let words: Vec<String> = quote
        .split_whitespace()
        .map(ascii_word)
        .filter(|w| !w.is_empty())
        .take(ID_WORDS)
        .collect();
    let mut parts: Vec<String> = by.map(str::to_owned).into_iter().collect();
    parts.extend(words);
    if parts.is_empty() {
        parts.push("claim".to_owned());
    }
    // Ids become file names: at most 100 bytes, with room for a number.
    let mut base = parts.join("-");
    base.truncate(90);
    let base = base.trim_end_matches('-').to_owned();
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(id.as_str()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// A word in ASCII letters for an id: Arabic letters by a plain
/// transliteration, Latin letters without their accents, digits as ASCII
/// digits; at most 12 letters.
fn ascii_word(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in word.nfd() {
        if let Some(latin) = arabic_letter(c) {
            out.push_str(latin);
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(digit) = arabic_digit(c) {
            out.push(digit);
        }
    }
    out.chars().take(12).collect()
}

/// An Arabic-Indic or Eastern Arabic-Indic digit as an ASCII digit.
fn arabic_digit(c: char) -> Option<char> {
    let value = match c {
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// A plain Latin spelling of an Arabic letter (`None` for anything else;
/// diacritics, hamza and ayn are left out).
fn arabic_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' => "a",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' | 'ه' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' | 'ؤ' => "w",
        'ي' | 'ئ' => "y",
        'ة' => "a",
        _ => return None,
    })
}

#[cfg(test)]
#[path = "annotate_tests.rs"]
mod tests;
