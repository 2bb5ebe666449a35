//! The search index (spec §6): plain `.js` files that `search.html` loads
//! with script tags, so that search works from file:// with no server and
//! no fetch.
//!
//! A large dossier's index cannot be one file a browser loads at once, so it
//! is split the way Pagefind splits its own: a term dictionary sharded by the
//! term's first letter (`search/t/HEX.js`), where each term lists the entries
//! it occurs in, and the entries (a paragraph, claim, note, actor or title,
//! with its text) in chunks (`search/e/N.js`). A query loads the shards of
//! its words and then only the chunks of the results it shows.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_json::json;

use super::SiteFile;
use crate::fold::{search_readings, search_words, PROCLITICS};
use crate::index::Site;

/// Entries per chunk file.
const CHUNK: usize = 1000;

/// What an entry is, which also ranks it: titles and actors first.
#[derive(Clone, Copy)]
enum Kind {
    Title = 0,
    Actor = 1,
    Claim = 2,
    Note = 3,
    Passage = 4,
}

struct Entry {
    kind: Kind,
    /// `page#anchor`, relative to the site root.
    target: String,
    /// The title of the page it is on.
    title: String,
    /// The text searched and shown.
    text: String,
}

/// The index files for `site`.
pub(super) fn files(site: &Site) -> Vec<SiteFile> {
    let entries = entries(site);
    let terms = postings(&entries);
    let mut files = Vec::new();
    let mut shards: BTreeMap<u32, Vec<(&String, &Vec<u32>)>> = BTreeMap::new();
    for (term, postings) in &terms {
        let first = term.chars().next().map_or(0, |c| c as u32);
        shards.entry(first).or_default().push((term, postings));
    }
    for (first, shard) in &shards {
        let list: Vec<serde_json::Value> = shard
            .iter()
            .map(|(term, postings)| json!([term, encode_postings(postings)]))
            .collect();
        files.push(script(
            &format!("search/t/{first:x}.js"),
            "addTerms",
            &json!(format!("{first:x}")),
            &json!(list),
        ));
    }
    for (index, chunk) in entries.chunks(CHUNK).enumerate() {
        let list: Vec<serde_json::Value> = chunk
            .iter()
            .map(|e| json!([e.kind as u8, e.target, e.title, e.text]))
            .collect();
        files.push(script(
            &format!("search/e/{index}.js"),
            "addEntries",
            &json!(index),
            &json!(list),
        ));
    }
    let shard_keys: Vec<String> = shards.keys().map(|k| format!("{k:x}")).collect();
    files.push(script(
        "search/meta.js",
        "setMeta",
        &json!({"entries": entries.len(), "chunk": CHUNK, "shards": shard_keys, "proclitics": PROCLITICS}),
        &serde_json::Value::Null,
    ));
    files
}

/// Every term, in order, with the entries it occurs in (ascending).
///
/// Every reading of every word is a term: «فرار» is found as «فرار» and
/// as «رار» (its ف read as "and"), so that whatever a reader types, with
/// or without proclitics, meets one of them. Words repeat (a dossier of a
/// thousand documents has millions of words but tens of thousands of
/// distinct ones), so each distinct word is read once, and its terms are
/// numbered; terms are sorted only at the end.
fn postings(entries: &[Entry]) -> Vec<(String, Vec<u32>)> {
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut terms_of: HashMap<&str, Vec<u32>> = HashMap::new();
    for (id, entry) in entries.iter().enumerate() {
        let id = id as u32;
        for word in search_words(&entry.text) {
            let terms = terms_of.entry(word).or_insert_with(|| {
                search_readings(word)
                    .into_iter()
                    .map(|term| {
                        let next = numbers.len() as u32;
                        *numbers.entry(term).or_insert_with(|| {
                            postings.push(Vec::new());
                            next
                        })
                    })
                    .collect()
            });
            for &term in terms.iter() {
                let list = &mut postings[term as usize];
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = numbers
        .into_iter()
        .map(|(term, number)| (term, std::mem::take(&mut postings[number as usize])))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// Entry ids as base-36 gaps separated by commas: short, and decoded in one
/// pass in the browser.
fn encode_postings(postings: &[u32]) -> String {
    let mut out = String::new();
    let mut previous = 0;
    for (i, &id) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&base36(id - previous));
        previous = id;
    }
    out
}

fn base36(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// A script that hands its data to the search page. JSON is valid
/// JavaScript; `<` is escaped so that no text can close the script.
fn script(
    path: &str,
    function: &str,
    key: &serde_json::Value,
    data: &serde_json::Value,
) -> SiteFile {
    let mut text = String::new();
    let _ = writeln!(text, "isnadSearch.{function}({key},{data});");
    SiteFile {
        path: path.to_owned(),
        bytes: text.replace('<', "\\u003c").into(),
    }
}

fn entries(site: &Site) -> Vec<Entry> {
    let mut entries = Vec::new();
    for document in &site.documents {
        entries.push(Entry {
            kind: Kind::Title,
            target: document.page.clone(),
            title: document.title.clone(),
            text: format!("{} — {}", document.title, document.source.outlet),
        });
    }
    for actor in &site.actors {
        let mut text = actor.aliases.join("، ");
        if let Some(role) = &actor.role {
            text.push_str(" — ");
            text.push_str(role);
        }
        entries.push(Entry {
            kind: Kind::Actor,
            target: actor.page.clone(),
            title: actor.name.clone(),
            text,
        });
    }
    for claim in &site.claims {
        entries.push(Entry {
            kind: Kind::Claim,
            target: claim.page.clone(),
            title: claim.document_title.clone(),
            text: format!("{} — {}", claim.quote, claim.by_name),
        });
    }
    for document in &site.documents {
        for annotation in document.annotations.iter().filter(|a| a.note_id.is_some()) {
            entries.push(Entry {
                kind: Kind::Note,
                target: format!("{}#{}", document.page, annotation.explanation),
                title: document.title.clone(),
                text: format!(
                    "{} — {}",
                    annotation.quote,
                    annotation.note_source.as_deref().unwrap_or_default()
                ),
            });
        }
        for passage in &document.passages {
            entries.push(Entry {
                kind: Kind::Passage,
                target: format!("{}#{}", document.page, passage.id),
                title: document.title.clone(),
                text: passage.text.clone(),
            });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_base36_gaps() {
        assert_eq!(encode_postings(&[3, 40, 41, 1000]), "3,11,1,qn");
    }

    #[test]
    fn scripts_cannot_be_closed_by_their_text() {
        let file = script("x.js", "addEntries", &json!(0), &json!(["</script><b>"]));
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        assert!(!text.contains("</script>"), "{text}");
        assert!(text.starts_with("isnadSearch.addEntries(0,"));
    }
}
