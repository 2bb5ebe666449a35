//! Checks across the whole dossier: id syntax, unique ids, every reference,
//! URL schemes, dates, and the invisible characters that make two ids look
//! alike. Each problem points at the value the editor wrote.

use std::collections::HashMap;

use super::{Document, Dossier, YamlSource};
use crate::config::is_http_url;
use crate::diagnostic::{closest, Code, Diagnostic, Diagnostics};

/// How long an id may be. Ids become file names (`documents/ID.annotations.jsonld`,
/// `contradictions/A--B.html`), and file systems stop at 255 bytes a name.
pub(crate) const MAX_ID_LEN: usize = 100;

/// Whether `id` is `[a-z0-9-]+` and at most [`MAX_ID_LEN`] long, which is
/// what keeps ids safe as file names and URL fragments.
pub(crate) fn is_valid_id(id: &str) -> bool {
    id_problem(id).is_none()
}

/// What is wrong with an id, as a note to show under the error.
fn id_problem(id: &str) -> Option<String> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    if id.is_empty() || !id.bytes().all(allowed) {
        Some(
            "ids use only a-z, 0-9 and `-`, so that they are safe as file names and links"
                .to_owned(),
        )
    } else if id.len() > MAX_ID_LEN {
        Some(format!(
            "this id is {} characters long; ids are at most {MAX_ID_LEN}, since they become file names",
            id.len()
        ))
    } else {
        None
    }
}

/// Whether `text` is a claim's date at its precision: a day
/// (`2022-01-24`, or an RFC 3339 date and time), a month (`2022-01`), a
/// year (`2022`), or `unknown`.
pub(crate) fn is_valid_claim_date(text: &str) -> bool {
    if text == "unknown" || is_valid_date(text) {
        return true;
    }
    let mut parts = text.split('-');
    let year_ok = parts
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    let month_ok = match parts.next() {
        None => true,
        Some(m) => m.len() == 2 && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)),
    };
    year_ok && month_ok && parts.next().is_none()
}

/// Whether `text` is a date (`2022-01-24`) or an RFC 3339 date and time
/// (`2022-01-24T18:17:00+03:00`).
pub(crate) fn is_valid_date(text: &str) -> bool {
    let (date, time) = match text.split_once(['T', 't', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    is_calendar_date(date) && time.is_none_or(is_rfc3339_time)
}

fn digits(text: &str, count: usize) -> Option<u32> {
    (text.len() == count && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

fn is_calendar_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) = (
        parts.next().and_then(|p| digits(p, 4)),
        parts.next().and_then(|p| digits(p, 2)),
        parts.next().and_then(|p| digits(p, 2)),
        parts.next(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_rfc3339_time(text: &str) -> bool {
    let (clock, offset) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, None)
    } else if let Some(index) = text.rfind(['+', '-']) {
        (&text[..index], Some(&text[index + 1..]))
    } else {
        return false;
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            "invalid"
        }
    });
    let hms: Vec<_> = clock.split(':').collect();
    let valid_clock = hms.len() == 3
        && digits(hms[0], 2).is_some_and(|h| h < 24)
        && digits(hms[1], 2).is_some_and(|m| m < 60)
        && digits(hms[2], 2).is_some_and(|s| s <= 60);
    let valid_offset = offset.is_none_or(|offset| {
        matches!(offset.split_once(':'), Some((h, m)) if digits(h, 2).is_some_and(|h| h < 24) && digits(m, 2).is_some_and(|m| m < 60))
    });
    valid_clock && valid_offset
}

/// The invisible characters that reorder text (spec §6).
pub(crate) fn bidi_controls(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices()
        .filter(|&(_, c)| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// The Unicode name of a bidirectional control, for a message an editor
/// can search for.
fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "bidirectional control",
    }
}

struct Checker<'a> {
    dossier: &'a Dossier,
    diagnostics: Diagnostics,
    actor_ids: Vec<&'a str>,
    topic_ids: Vec<&'a str>,
    claims: HashMap<&'a str, (usize, usize)>,
    /// References to claims not checked because a document that may define
    /// them could not be read.
    unchecked: usize,
}

/// Runs every cross-file check. Also returns how many references to
/// claims were left unchecked because a document could not be read: they
/// may name its claims, and reporting each would bury the one real error.
pub(super) fn validate(dossier: &Dossier) -> (Diagnostics, usize) {
    let mut checker = Checker {
        dossier,
        diagnostics: Diagnostics::new(),
        actor_ids: dossier
            .actors
            .entries
            .iter()
            .map(|a| a.id.as_str())
            .collect(),
        topic_ids: dossier
            .topics
            .entries
            .iter()
            .map(|t| t.id.as_str())
            .collect(),
        claims: HashMap::new(),
        unchecked: 0,
    };
    checker.registries();
    checker.document_ids();
    checker.claim_ids();
    for (index, document) in dossier.documents.iter().enumerate() {
        checker.document(index, document);
    }
    (checker.diagnostics, checker.unchecked)
}

impl<'a> Checker<'a> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check_id(&mut self, yaml: &YamlSource, path: &str, id: &str, what: &str) {
        if let Some(problem) = id_problem(id) {
            self.push(
                yaml.error(Code::BadId, path, format!("{what} id `{id}` is not valid"))
                    .with_note(problem),
            );
        }
        self.check_bidi(yaml, path, id);
    }

    fn check_bidi(&mut self, yaml: &YamlSource, path: &str, text: &str) {
        let mut seen: HashMap<char, usize> = HashMap::new();
        for (_, control) in bidi_controls(text) {
            let nth = seen.entry(control).or_insert(0);
            self.push(
                yaml.char_error(
                    Code::BidiControl,
                    path,
                    (text, control, *nth),
                    format!(
                        "invisible bidirectional control character U+{:04X} ({}) in this value",
                        control as u32,
                        bidi_name(control)
                    ),
                )
                .with_note("it changes how text is displayed without being visible; delete it")
                .as_warning(),
            );
            *nth += 1;
        }
    }

    fn check_url(&mut self, yaml: &YamlSource, path: &str, url: &str) {
        if !is_http_url(url) {
            self.push(
                yaml.error(Code::BadUrl, path, format!("`{url}` is not an http or https URL"))
                    .with_note("only http(s) URLs become links, so that a page cannot run code or open local files"),
            );
        }
    }

    /// A claim's date: a day, a month (`2020-09`), a year (`2020`), or
    /// `unknown`.
    fn check_claim_date(&mut self, yaml: &YamlSource, path: &str, date: &str) {
        if !is_valid_claim_date(date) {
            self.push(yaml.error(
                Code::InvalidValue,
                path,
                format!("`{date}` is not a date such as 2022-01-24, 2022-01 (a month), 2022 (a year) or unknown"),
            ));
        }
    }

    fn check_date(&mut self, yaml: &YamlSource, path: &str, date: &str) {
        if !is_valid_date(date) {
            self.push(yaml.error(
                Code::InvalidValue,
                path,
                format!("`{date}` is not a date such as 2022-01-24 or 2022-01-24T18:17:00+03:00"),
            ));
        }
    }

    fn check_reference(
        &mut self,
        yaml: &YamlSource,
        path: &str,
        wanted: &str,
        kind: &str,
        from: &str,
    ) {
        let known: &[&str] = match kind {
            "actor" => &self.actor_ids,
            "topic" => &self.topic_ids,
            _ => &[],
        };
        let registry_failed = match kind {
            "actor" => self.dossier.actors.failed,
            "topic" => self.dossier.topics.failed,
            _ => false,
        };
        let exists = match kind {
            "claim" => self.claims.contains_key(wanted),
            _ => known.contains(&wanted),
        };
        // A registry that did not parse is reported once, not once per
        // reference into it.
        if registry_failed || exists {
            return;
        }
        if kind == "claim" && self.dossier.unreadable > 0 {
            self.unchecked += 1;
            return;
        }
        let suggestion = match kind {
            "claim" => closest(wanted, self.claims.keys().copied()),
            _ => closest(wanted, known.iter().copied()),
        };
        let file = match kind {
            "actor" => " in actors.yaml",
            "topic" => " in topics.yaml",
            _ => "",
        };
        let mut problem = yaml.error(
            Code::UnknownReference,
            path,
            format!(
                "{from} refers to {kind} `{wanted}`, but there is no {kind} with that id{file}"
            ),
        );
        if let Some(meant) = suggestion {
            problem = problem.with_note(format!("did you mean `{meant}`?"));
        }
        self.push(problem);
    }

    fn registries(&mut self) {
        let dossier = self.dossier;
        if let Some(yaml) = &dossier.actors.yaml {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (index, actor) in dossier.actors.entries.iter().enumerate() {
                let path = format!("{index}");
                self.check_id(yaml, &format!("{path}.id"), &actor.id, "actor");
                self.check_bidi(yaml, &format!("{path}.name"), &actor.name);
                let phrases = [
                    ("aliases", &actor.aliases, "an alias cannot be empty"),
                    (
                        "not-mentions",
                        &actor.not_mentions,
                        "a phrase of not-mentions cannot be empty",
                    ),
                ];
                for (field, list, empty) in phrases {
                    for (item_index, item) in list.iter().enumerate() {
                        let item_path = format!("{path}.{field}.{item_index}");
                        self.check_bidi(yaml, &item_path, item);
                        if item.trim().is_empty() {
                            self.push(yaml.error(Code::InvalidValue, &item_path, empty));
                        }
                    }
                }
                if let Some(first) = seen.insert(&actor.id, index) {
                    self.duplicate(
                        yaml,
                        &format!("{path}.id"),
                        yaml,
                        &format!("{first}.id"),
                        "actor",
                        &actor.id,
                    );
                }
                if let Some(parent) = &actor.member_of {
                    let from = format!("actor `{}`", actor.id);
                    self.check_reference(
                        yaml,
                        &format!("{path}.member-of"),
                        parent,
                        "actor",
                        &from,
                    );
                    if *parent == actor.id {
                        self.push(yaml.error(
                            Code::BadRelation,
                            &format!("{path}.member-of"),
                            format!("actor `{}` cannot be a member of itself", actor.id),
                        ));
                    }
                }
            }
        }
        if let Some(yaml) = &dossier.topics.yaml {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (index, topic) in dossier.topics.entries.iter().enumerate() {
                self.check_id(yaml, &format!("{index}.id"), &topic.id, "topic");
                if let Some(first) = seen.insert(&topic.id, index) {
                    self.duplicate(
                        yaml,
                        &format!("{index}.id"),
                        yaml,
                        &format!("{first}.id"),
                        "topic",
                        &topic.id,
                    );
                }
            }
        }
    }

    fn duplicate(
        &mut self,
        yaml: &YamlSource,
        path: &str,
        first_yaml: &YamlSource,
        first_path: &str,
        what: &str,
        id: &str,
    ) {
        let first = first_yaml.error(Code::DuplicateId, first_path, "");
        self.push(
            yaml.error(
                Code::DuplicateId,
                path,
                format!("{what} id `{id}` is used twice"),
            )
            .with_note(format!(
                "first used at {}:{}:{}",
                first.path.display(),
                first.line,
                first.column
            )),
        );
    }

    fn document_ids(&mut self) {
        let documents = &self.dossier.documents;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, document) in documents.iter().enumerate() {
            let from_stem = document.front.id.is_none();
            if let (true, Some(problem)) = (from_stem, id_problem(&document.id)) {
                let file = document.file();
                self.push(
                    file.error(
                        Code::BadId,
                        2,
                        1,
                        format!(
                            "the file name gives the document id `{}`, which is not valid",
                            document.id
                        ),
                    )
                    .with_note(problem)
                    .with_note("rename the file, or add `id:`"),
                );
            } else if !from_stem {
                self.check_id(&document.yaml, "id", &document.id, "document");
            }
            if let Some(&first) = seen.get(document.id.as_str()) {
                let first = &documents[first];
                self.duplicate(
                    &document.yaml,
                    "id",
                    &first.yaml,
                    "id",
                    "document",
                    &document.id,
                );
            } else {
                seen.insert(&document.id, index);
            }
        }
    }

    fn claim_ids(&mut self) {
        let documents = &self.dossier.documents;
        for (doc_index, document) in documents.iter().enumerate() {
            for (claim_index, claim) in document.front.claims.iter().enumerate() {
                let path = format!("claims.{claim_index}.id");
                self.check_id(&document.yaml, &path, &claim.id, "claim");
                if let Some(&(first_doc, first_claim)) = self.claims.get(claim.id.as_str()) {
                    let first_path = format!("claims.{first_claim}.id");
                    self.duplicate(
                        &document.yaml,
                        &path,
                        &documents[first_doc].yaml,
                        &first_path,
                        "claim",
                        &claim.id,
                    );
                } else {
                    self.claims.insert(&claim.id, (doc_index, claim_index));
                }
            }
        }
    }

    fn claimant(&self, doc_index: usize, claim_index: usize) -> Option<&'a str> {
        let document = &self.dossier.documents[doc_index];
        let claim = &document.front.claims[claim_index];
        claim
            .by
            .as_deref()
            .or(document.front.source.outlet_actor.as_deref())
    }

    fn document(&mut self, doc_index: usize, document: &'a Document) {
        let yaml = &document.yaml;
        let front = &document.front;
        let source = &front.source;
        if let Some(actor) = &source.outlet_actor {
            self.check_reference(yaml, "source.outlet-actor", actor, "actor", "the source");
        }
        for (field, url) in [("url", &source.url), ("archive-url", &source.archive_url)] {
            if let Some(url) = url {
                self.check_url(yaml, &format!("source.{field}"), url);
            }
        }
        for (field, date) in [
            ("published", &source.published),
            ("retrieved", &source.retrieved),
        ] {
            if let Some(date) = date {
                self.check_date(yaml, &format!("source.{field}"), date);
            }
        }
        if let Some(lang) = &front.lang {
            if lang.is_empty()
                || !lang
                    .split('-')
                    .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                self.push(yaml.error(
                    Code::InvalidValue,
                    "lang",
                    format!("`{lang}` is not a language tag such as `ar` or `en`"),
                ));
            }
        }
        self.check_bidi(yaml, "title", &front.title);
        for (index, claim) in front.claims.iter().enumerate() {
            self.claim(doc_index, document, index);
            self.check_selector(
                yaml,
                &format!("claims.{index}"),
                &claim.quote,
                claim.occurrence,
                false,
            );
        }
        for (index, note) in front.notes.iter().enumerate() {
            self.check_selector(
                yaml,
                &format!("notes.{index}"),
                &note.quote,
                note.occurrence,
                note.all,
            );
        }
    }

    fn check_selector(
        &mut self,
        yaml: &YamlSource,
        path: &str,
        quote: &str,
        occurrence: Option<usize>,
        all: bool,
    ) {
        if quote.trim().is_empty() {
            self.push(yaml.error(
                Code::InvalidValue,
                &format!("{path}.quote"),
                "a quote cannot be empty",
            ));
        }
        self.check_bidi(yaml, &format!("{path}.quote"), quote);
        if occurrence == Some(0) {
            self.push(yaml.error(
                Code::InvalidValue,
                &format!("{path}.occurrence"),
                "occurrence counts from 1",
            ));
        }
        if all && occurrence.is_some() {
            self.push(yaml.error(
                Code::InvalidValue,
                &format!("{path}.all"),
                "`all: true` and `occurrence` cannot be used together",
            ));
        }
    }

    fn claim(&mut self, doc_index: usize, document: &'a Document, index: usize) {
        let yaml = &document.yaml;
        let claim = &document.front.claims[index];
        let path = format!("claims.{index}");
        let from = format!("claim `{}`", claim.id);
        for (i, carrier) in claim.via.iter().enumerate() {
            self.check_reference(yaml, &format!("{path}.via.{i}"), carrier, "actor", &from);
        }
        if let Some(by) = &claim.by {
            self.check_reference(yaml, &format!("{path}.by"), by, "actor", &from);
        }
        if let Some(topic) = &claim.topic {
            self.check_reference(yaml, &format!("{path}.topic"), topic, "topic", &from);
            let numeric = self
                .dossier
                .topics
                .entries
                .iter()
                .any(|t| t.id == *topic && t.unit.is_some());
            if numeric && claim.value.is_none() {
                self.push(
                    yaml.error(
                        Code::TopicWithoutValue,
                        &format!("{path}.topic"),
                        format!("claim `{}` is on topic `{topic}`, which has a unit, but gives no `value`", claim.id),
                    )
                    .as_warning(),
                );
            }
        } else if claim.value.is_some() {
            self.push(
                yaml.error(
                    Code::ValueWithoutTopic,
                    &format!("{path}.value"),
                    format!(
                        "claim `{}` has a value but no topic, so no figure table shows it",
                        claim.id
                    ),
                )
                .as_warning(),
            );
        }
        if let Some(date) = &claim.as_of {
            self.check_claim_date(yaml, &format!("{path}.as-of"), date);
        }
        if let Some(date) = &claim.event_date {
            self.check_claim_date(yaml, &format!("{path}.event-date"), date);
        }
        for (i, target) in claim.contradicts.iter().enumerate() {
            self.relation(
                yaml,
                &format!("{path}.contradicts.{i}.claim"),
                &claim.id,
                &target.claim,
            );
        }
        for (i, target) in claim.supports.iter().enumerate() {
            self.relation(yaml, &format!("{path}.supports.{i}"), &claim.id, target);
        }
        for (i, target) in claim.updates.iter().enumerate() {
            let target_path = format!("{path}.updates.{i}");
            self.relation(yaml, &target_path, &claim.id, target);
            self.same_claimant(doc_index, document, index, target, &target_path);
        }
    }

    fn relation(&mut self, yaml: &YamlSource, path: &str, from: &str, to: &str) {
        self.check_reference(yaml, path, to, "claim", &format!("claim `{from}`"));
        if from == to {
            self.push(yaml.error(
                Code::BadRelation,
                path,
                format!("claim `{from}` refers to itself"),
            ));
        }
    }

    fn same_claimant(
        &mut self,
        doc_index: usize,
        document: &Document,
        index: usize,
        target: &str,
        path: &str,
    ) {
        let Some(&(target_doc, target_claim)) = self.claims.get(target) else {
            return;
        };
        let ours = self.claimant(doc_index, index);
        let theirs = self.claimant(target_doc, target_claim);
        if ours != theirs {
            let claim = &document.front.claims[index];
            self.push(
                document
                    .yaml
                    .error(
                        Code::BadRelation,
                        path,
                        format!(
                            "claim `{}` updates `{target}`, but they are by different claimants ({} and {})",
                            claim.id,
                            ours.unwrap_or("the outlet"),
                            theirs.unwrap_or("the outlet")
                        ),
                    )
                    .with_note("`updates` is for a later figure from the same claimant; use `supports` or `contradicts` across claimants")
                    .as_warning(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("sohr-136-recaptured"));
        for bad in ["", "Sohr", "a_b", "a/b", "..", "a b", "قسد"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn claim_dates_have_a_precision() {
        for good in [
            "2022-01-24",
            "2022-01",
            "2022",
            "unknown",
            "2022-01-24T18:17:00+03:00",
        ] {
            assert!(is_valid_claim_date(good), "{good}");
        }
        for bad in [
            "2022-13",
            "22",
            "2022-1",
            "january 2022",
            "2022-01-24-1",
            "",
        ] {
            assert!(!is_valid_claim_date(bad), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for good in [
            "2022-01-24",
            "2024-02-29",
            "2022-01-24T18:17:00+03:00",
            "2022-01-24T18:17:00Z",
            "2022-01-24T18:17:00.5-05:00",
        ] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "2022-1-24",
            "2022-02-30",
            "2023-02-29",
            "24-01-2022",
            "2022-01-24T18:17",
            "2022-01-24T25:00:00Z",
            "yesterday",
        ] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn bidi_controls_are_found() {
        let found: Vec<_> = bidi_controls("a\u{202E}b\u{2067}").collect();
        assert_eq!(found, [(1, '\u{202E}'), (5, '\u{2067}')]);
    }
}
