//! The search index (spec §6): plain `.js` files that `search.html` loads
//! with script tags, so that search works from file:// with no server and
//! no fetch.
//!
//! A large dossier's index cannot be one file a browser loads at once, so it
//! is split the way Pagefind splits its own: a term dictionary sharded by
//! prefix (`search/t/HEX-HEX.js`, see [`shards`]), where each term lists the
//! entries it occurs in, and the entries (a paragraph, claim, note, actor or
//! title, with its text) in chunks (`search/e/N.js`).
//!
//! Entries are numbered in the order results are shown: titles, actors,
//! claims, notes, passages, each in dossier order. Each term has two lists:
//! the entries where a word is the term as written, and those where it is
//! only a reading of a word (a proclitic taken off); results where every
//! query word is found as written come first. So the first results of a
//! query are the smallest entry numbers of its lists, and the browser needs
//! only their beginnings: a term's shard holds the first [`HEAD`] numbers of
//! each list, and the rest is in blocks of [`BLOCK`] (`search/p/…`), loaded
//! only when a query reads that far. A query loads the shards of its words,
//! the blocks it reads, and the chunks of the results it shows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::json;

use super::SiteFile;
use crate::fold::{search_readings, search_words, PROCLITICS};
use crate::index::Site;
use crate::render::markdown::Passage;

/// Entries per chunk file: a query loads the chunks of the results it
/// shows (20 at a time), so they are kept small (about 15 KB of text at
/// this size).
const CHUNK: usize = 20;

/// The size a term shard is split at: a query loads one shard per word.
const SHARD_BYTES: usize = 32 * 1024;

/// How many entry numbers of each of a term's lists its shard holds: enough
/// for the first results of a query of that term alone.
const HEAD: usize = 64;

/// How many entry numbers each further block of a list holds.
const BLOCK: usize = 2048;

/// What an entry is, which also ranks it: titles and actors first.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Title = 0,
    Actor = 1,
    Claim = 2,
    Note = 3,
    Passage = 4,
}

#[derive(Debug)]
struct Entry {
    kind: Kind,
    /// The page it is on, relative to the site root: shared by the
    /// entries of one page, like its title (a large dossier has hundreds
    /// of thousands of entries, most of them on a few thousand pages).
    page: Arc<str>,
    /// Its element's id on that page; empty for the page itself.
    fragment: String,
    /// The title of the page it is on.
    title: Arc<str>,
    /// The text searched and shown.
    text: String,
}

impl Entry {
    /// `page#fragment`, or the page alone: where a result leads.
    fn target(&self) -> String {
        match self.fragment.is_empty() {
            true => self.page.to_string(),
            false => format!("{}#{}", self.page, self.fragment),
        }
    }
}

/// The search index of a site, as its entries, before its files are made:
/// `isnad serve` keeps it and makes the files only when a page asks for
/// them, so that a save does not wait for an index no page may read.
#[derive(Debug)]
pub(super) struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    /// The entries of `site`, with the passages of its documents
    /// (`passages[i]` belongs to `site.documents[i]`), which are moved into
    /// the entries rather than copied.
    pub(super) fn of(site: &Site, passages: Vec<Vec<Passage>>) -> Self {
        SearchIndex {
            entries: entries(site, passages),
        }
    }

    /// What the index's files are made from: its entries. The way they are
    /// made (the sizes of heads, blocks, chunks and shards, the proclitics)
    /// is the binary's: a site on disk is kept only by the binary that
    /// built it ([`super::PreviousPages::read`]), so the key need not say.
    pub(super) fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        for entry in &self.entries {
            let Entry {
                kind,
                page,
                fragment,
                title,
                text,
            } = entry;
            (*kind as u8, page, fragment, title, text).hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The index's files, all at once (the preview keeps them).
    pub(super) fn files(&self) -> Vec<SiteFile> {
        let files = std::sync::Mutex::new(Vec::new());
        self.each_file(|file| files.lock().unwrap_or_else(|e| e.into_inner()).push(file));
        files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands each of the index's files to `store` as soon as it is made, so
    /// that a large dossier's index files are never all in memory: only
    /// the encoded term lists are held while the shards are written (each
    /// term's list of entry numbers is let go once it is encoded). Files
    /// are made and stored on several threads: a large index is thousands
    /// of files, and writing them one by one waits on the disk.
    pub(super) fn each_file(&self, store: impl Fn(SiteFile) + Sync) {
        let entries = &self.entries;
        let terms: Vec<Term> = postings(entries)
            .into_iter()
            .map(|(term, lists)| Term::encoded(term, &lists))
            .collect();
        let shards = shards(&terms);
        shards.par_iter().for_each(|(key, shard)| {
            let name = shard_name(key);
            let mut list = String::from("[");
            for (index, term) in shard.iter().enumerate() {
                if index > 0 {
                    list.push(',');
                }
                list.push_str(&term.head);
                for (kind, number, block) in &term.blocks {
                    let key = format!("{name}.{index}{kind}{number}");
                    store(script(
                        &format!("search/p/{key}.js"),
                        "addBlock",
                        &json!(key),
                        &json!(block),
                    ));
                }
            }
            list.push(']');
            store(script_of(
                &format!("search/t/{name}.js"),
                "addTerms",
                &json!(name),
                &list,
            ));
        });
        entries
            .par_chunks(CHUNK)
            .enumerate()
            .for_each(|(index, chunk)| {
                let list: Vec<serde_json::Value> = chunk
                    .iter()
                    .map(|e| json!([e.kind as u8, e.target(), e.title, e.text]))
                    .collect();
                store(script(
                    &format!("search/e/{index}.js"),
                    "addEntries",
                    &json!(index),
                    &json!(list),
                ));
            });
        let shard_keys: Vec<String> = shards.iter().map(|(key, _)| shard_name(key)).collect();
        store(script(
            "search/meta.js",
            "setMeta",
            &json!({
                "entries": entries.len(),
                "chunk": CHUNK,
                "shards": shard_keys,
                "proclitics": PROCLITICS,
            }),
            &serde_json::Value::Null,
        ));
    }
}

/// A term's two lists of entries, ascending and disjoint: where a word is
/// the term as written, and where the term is only one of a word's
/// readings (in no word of that entry as written).
#[derive(Debug, Default, PartialEq, Eq)]
struct Lists {
    written: Vec<u32>,
    read: Vec<u32>,
}

/// A term as its shard gives it, and the further blocks of its lists.
#[derive(Debug)]
struct Term {
    term: String,
    /// `["term",WRITTEN,"HEAD",READ,"HEAD"]`: each list's length and its
    /// first [`HEAD`] entry numbers.
    head: String,
    /// The rest of each list, in blocks of [`BLOCK`]: `('w' or 'r', the
    /// block's number from 1, its entry numbers)`.
    blocks: Vec<(char, usize, String)>,
}

impl Term {
    fn encoded(term: String, lists: &Lists) -> Term {
        let head = |list: &[u32]| encode_postings(&list[..list.len().min(HEAD)]);
        let head = json!([
            term,
            lists.written.len(),
            head(&lists.written),
            lists.read.len(),
            head(&lists.read)
        ])
        .to_string();
        let mut blocks = Vec::new();
        for (kind, list) in [('w', &lists.written), ('r', &lists.read)] {
            if list.len() > HEAD {
                for (n, block) in list[HEAD..].chunks(BLOCK).enumerate() {
                    blocks.push((kind, n + 1, encode_postings(block)));
                }
            }
        }
        Term { term, head, blocks }
    }
}

/// The term dictionary in shards small enough to load one per query word:
/// terms are grouped by a prefix, and a group over [`SHARD_BYTES`] is split
/// by one more letter (Arabic words start with «ال» so often that one
/// letter is not enough). Each term is in the shard of the longest key
/// that begins it; the keys, in order, go to `search/meta.js`.
fn shards(terms: &[Term]) -> Vec<(String, &[Term])> {
    let mut shards = Vec::new();
    split("", terms, &mut shards);
    shards
}

/// Shards the terms (sorted, all beginning with `prefix`) into `out`.
fn split<'t>(prefix: &str, terms: &'t [Term], out: &mut Vec<(String, &'t [Term])>) {
    let size: usize = terms.iter().map(|t| t.head.len() + 1).sum();
    if size <= SHARD_BYTES || prefix.chars().count() >= 4 {
        if !terms.is_empty() {
            out.push((prefix.to_owned(), terms));
        }
        return;
    }
    // The prefix itself, if it is a term, sorts first and stays in its
    // shard; the longer terms go by their next letter.
    let mut rest = terms;
    if terms.first().is_some_and(|own| own.term == prefix) {
        let (own, longer) = terms.split_at(1);
        out.push((prefix.to_owned(), own));
        rest = longer;
    }
    while let Some(first) = rest.first() {
        let first = &first.term;
        let next = first[prefix.len()..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let key = &first[..prefix.len() + next];
        let (group, after) = rest.split_at(rest.partition_point(|t| t.term.starts_with(key)));
        split(key, group, out);
        rest = after;
    }
}

/// A shard's file name and key in `search/meta.js`: the code points of its
/// prefix in hexadecimal, joined by `-` (`_` for the empty prefix).
fn shard_name(prefix: &str) -> String {
    if prefix.is_empty() {
        return "_".to_owned();
    }
    prefix
        .chars()
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// Every term, in order, with the entries it occurs in.
///
/// Every reading of every word is a term: «فرار» is found as «فرار» and
/// as «رار» (its ف read as "and"), so that whatever a reader types, with
/// or without proclitics, meets one of them; the word's first reading is
/// the word as written ([`Lists`]). Words repeat (a dossier of a thousand
/// documents has millions of words but tens of thousands of distinct
/// ones), so each distinct word is read once, and its terms are numbered;
/// terms are sorted only at the end.
fn postings(entries: &[Entry]) -> Vec<(String, Lists)> {
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut lists: Vec<Lists> = Vec::new();
    // A word's terms, each with whether it is the word as written.
    let mut terms_of: HashMap<&str, Vec<(u32, bool)>> = HashMap::new();
    for (id, entry) in entries.iter().enumerate() {
        let id = id as u32;
        for word in search_words(&entry.text) {
            let terms = terms_of.entry(word).or_insert_with(|| {
                search_readings(word)
                    .into_iter()
                    .enumerate()
                    // A word of marks alone folds to nothing.
                    .filter(|(_, term)| !term.is_empty())
                    .map(|(reading, term)| {
                        let next = numbers.len() as u32;
                        let number = *numbers.entry(term).or_insert_with(|| {
                            lists.push(Lists::default());
                            next
                        });
                        (number, reading == 0)
                    })
                    .collect()
            });
            for &(term, written) in terms.iter() {
                let lists = &mut lists[term as usize];
                let list = if written {
                    &mut lists.written
                } else {
                    &mut lists.read
                };
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }
    let mut terms: Vec<(String, Lists)> = numbers
        .into_iter()
        .map(|(term, number)| {
            let mut lists = std::mem::take(&mut lists[number as usize]);
            // An entry where the term is written is not also among those
            // where it is only read.
            let written = &lists.written;
            lists.read.retain(|id| written.binary_search(id).is_err());
            (term, lists)
        })
        .collect();
    // In the order of UTF-16 code units, the order in which the browser
    // compares strings when it looks a term up (it differs from the order
    // of code points beyond U+FFFF).
    terms.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
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
    script_of(path, function, key, &data.to_string())
}

/// The same, with the data already written as JSON.
fn script_of(path: &str, function: &str, key: &serde_json::Value, data: &str) -> SiteFile {
    let mut text = String::new();
    let _ = writeln!(text, "isnadSearch.{function}({key},{data});");
    SiteFile {
        path: path.to_owned(),
        bytes: text.replace('<', "\\u003c").into(),
    }
}

fn entries(site: &Site, mut passages: Vec<Vec<Passage>>) -> Vec<Entry> {
    let shared = |text: &str| -> Arc<str> { Arc::from(text) };
    // Each document's page and title, shared by every entry on its page.
    let pages: Vec<(Arc<str>, Arc<str>)> = site
        .documents
        .iter()
        .map(|d| (shared(&d.page), shared(&d.title)))
        .collect();
    let by_id: HashMap<&str, usize> = site
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let on_page = |document: usize, kind: Kind, fragment: String, text: String| {
        let (page, title) = &pages[document];
        Entry {
            kind,
            page: Arc::clone(page),
            fragment,
            title: Arc::clone(title),
            text,
        }
    };
    let mut entries = Vec::new();
    for (i, document) in site.documents.iter().enumerate() {
        let text = format!("{} — {}", document.title, document.source.outlet);
        entries.push(on_page(i, Kind::Title, String::new(), text));
    }
    for actor in &site.actors {
        let mut text = actor.aliases.join("، ");
        if let Some(role) = &actor.role {
            text.push_str(" — ");
            text.push_str(role);
        }
        entries.push(Entry {
            kind: Kind::Actor,
            page: shared(&actor.page),
            fragment: String::new(),
            title: shared(&actor.name),
            text,
        });
    }
    for claim in &site.claims {
        let text = format!("{} — {}", claim.quote, claim.by_name);
        entries.push(match by_id.get(claim.document.as_str()) {
            Some(&document) => on_page(document, Kind::Claim, claim.anchor.clone(), text),
            None => Entry {
                kind: Kind::Claim,
                page: shared(&claim.page),
                fragment: String::new(),
                title: shared(&claim.document_title),
                text,
            },
        });
    }
    // Notes before passages: entries are numbered in the order results
    // are shown.
    for (i, document) in site.documents.iter().enumerate() {
        for annotation in document.annotations.iter().filter(|a| a.note_id.is_some()) {
            let text = format!(
                "{} — {}",
                annotation.quote,
                annotation.note_source.as_deref().unwrap_or_default()
            );
            entries.push(on_page(i, Kind::Note, annotation.explanation.clone(), text));
        }
    }
    passages.resize_with(site.documents.len(), Vec::new);
    for (i, passages) in passages.into_iter().enumerate() {
        for passage in passages {
            entries.push(on_page(i, Kind::Passage, passage.id, passage.text));
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

    #[test]
    fn large_prefixes_are_split_until_their_shards_are_small() {
        let postings: Vec<u32> = (0..HEAD as u32 * 3).map(|i| i * 1000).collect();
        let mut words: Vec<String> = (0..400)
            .map(|i| format!("ال{}{}", ['ا', 'ب', 'ت', 'ث'][i % 4], i))
            .chain(["ب".to_owned(), "بيان".to_owned(), "ال".to_owned()])
            .collect();
        words.sort();
        let lists = Lists {
            written: postings,
            read: Vec::new(),
        };
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::encoded(w.clone(), &lists))
            .collect();
        let shards = shards(&terms);
        // Every term is in exactly one shard: the one with the longest key
        // that begins it.
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        for term in terms.iter().map(|t| &t.term) {
            let holders: Vec<&str> = shards
                .iter()
                .filter(|(_, list)| list.iter().any(|t| t.term == *term))
                .map(|(k, _)| k.as_str())
                .collect();
            let longest = keys
                .iter()
                .filter(|k| term.starts_with(**k))
                .max_by_key(|k| k.len())
                .unwrap();
            assert_eq!(holders, [*longest], "{term}");
        }
        // «ال» alone is too big for one shard: it is split by the next
        // letter, and «ال» itself keeps a shard of its own.
        assert!(
            keys.contains(&"ال") && keys.contains(&"الا") && keys.contains(&"الب"),
            "{keys:?}"
        );
        assert_eq!(shard_name("الب"), "627-644-628");
        assert_eq!(shard_name(""), "_");
    }

    fn passage(text: &str) -> Entry {
        Entry {
            kind: Kind::Passage,
            page: Arc::from(""),
            fragment: String::new(),
            title: Arc::from(""),
            text: text.to_owned(),
        }
    }

    #[test]
    fn terms_are_in_the_order_the_browser_compares_them() {
        // U+FEFB (a presentation form) against U+1D465 (beyond U+FFFF):
        // by code point the first comes first; in UTF-16, which the browser
        // compares, the second does.
        let terms = postings(&[passage("ﻻعب 𝑥")]);
        let words: Vec<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(words, ["𝑥", "ﻻعب"]);
    }

    #[test]
    fn a_word_of_marks_alone_is_no_term() {
        let terms = postings(&[passage("ـ قال")]);
        assert!(terms.iter().all(|(t, _)| !t.is_empty()), "{terms:?}");
    }

    #[test]
    fn a_term_lists_apart_the_entries_where_it_is_written() {
        // «البيان» is written in entries 0 and 2; in entry 1 only «والبيان»
        // is, of which «البيان» is a reading. Entry 2 has both: it counts
        // as written.
        let terms = postings(&[
            passage("البيان الأول"),
            passage("والبيان الثاني"),
            passage("البيان ثم والبيان"),
        ]);
        let lists = |word: &str| &terms.iter().find(|(t, _)| t == word).unwrap().1;
        assert_eq!(
            *lists("البيان"),
            Lists {
                written: vec![0, 2],
                read: vec![1]
            }
        );
        assert_eq!(
            *lists("والبيان"),
            Lists {
                written: vec![1, 2],
                read: vec![]
            }
        );
        assert_eq!(lists("بيان").written, Vec::<u32>::new());
        assert_eq!(lists("بيان").read, vec![0, 1, 2]);
    }

    #[test]
    fn a_long_list_keeps_its_head_in_the_shard_and_the_rest_in_blocks() {
        let written: Vec<u32> = (0..(HEAD + BLOCK + 5) as u32).map(|i| i * 2).collect();
        let term = Term::encoded(
            "بيان".to_owned(),
            &Lists {
                written: written.clone(),
                read: vec![7],
            },
        );
        let head: serde_json::Value = serde_json::from_str(&term.head).unwrap();
        assert_eq!(head[0], "بيان");
        assert_eq!(head[1], HEAD + BLOCK + 5);
        assert_eq!(head[2], encode_postings(&written[..HEAD]));
        assert_eq!(head[3], 1);
        assert_eq!(head[4], "7");
        let blocks: Vec<(char, usize, &str)> = term
            .blocks
            .iter()
            .map(|(kind, n, text)| (*kind, *n, text.as_str()))
            .collect();
        let first = encode_postings(&written[HEAD..HEAD + BLOCK]);
        let second = encode_postings(&written[HEAD + BLOCK..]);
        assert_eq!(
            blocks,
            [('w', 1, first.as_str()), ('w', 2, second.as_str())]
        );
    }
}
