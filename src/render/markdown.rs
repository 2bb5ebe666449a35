//! Markdown to HTML on pulldown-cmark's event stream. The stream is
//! rewritten before pulldown-cmark's HTML writer sees it: annotation marks
//! are spliced in at exact event offsets, raw HTML becomes text unless the
//! dossier allows it, only http(s) links stay links, headings get ids and
//! code blocks are highlighted.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::highlight::code_block;
use super::{escape_html, Mark};
use crate::anchor::{markdown_options, Anchored};
use crate::config::is_http_url;

/// A heading of a document, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id of the heading element.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Something in the Markdown that is shown differently from what was
/// written, with its byte range in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neutralized {
    /// Where, in the Markdown source.
    pub range: Range<usize>,
    /// What was done.
    pub message: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Html {
    /// The HTML fragment.
    pub html: String,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// Links and images that were not kept.
    pub neutralized: Vec<Neutralized>,
    /// The paragraphs, list items and headings, with their element ids:
    /// what search links to.
    pub passages: Vec<Passage>,
}

/// A paragraph, list item or heading of a body, with its element id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Passage {
    /// The element id (`p-3`, or a heading's id).
    pub id: String,
    /// Its visible text, white space collapsed.
    pub text: String,
}

/// Where a span or mention starts and ends.
struct SpanPoints {
    start: crate::anchor::Point,
    end: crate::anchor::Point,
}

/// One piece of a span inside one text event.
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: usize,
    to: usize,
    span: usize,
    /// Whether this is the span's last piece.
    last: bool,
}

/// Renders an anchored body. `marks[i]` describes `anchored.spans[i]`.
pub(crate) fn render_body(anchored: &Anchored<'_>, marks: &[Mark], allow_raw_html: bool) -> Html {
    let pieces = pieces_by_event(anchored);
    let mut writer = Rewriter::new(allow_raw_html);
    writer.passage_ids = true;
    writer.heading_ids = heading_ids(&anchored.events);
    let mut opened = vec![false; marks.len()];
    for (index, (event, range)) in anchored.events.iter().enumerate() {
        match event {
            Event::Text(text) | Event::Code(text) if !pieces[index].is_empty() => {
                let code = matches!(event, Event::Code(_));
                writer.marked_text(text, code, &pieces[index], marks, &mut opened);
            }
            _ => writer.event(event.clone(), range.clone()),
        }
    }
    writer.finish()
}

/// Renders Markdown written in a YAML field (a note, a summary): inline
/// content without the wrapping paragraph.
pub(crate) fn render_inline(markdown: &str, allow_raw_html: bool) -> Html {
    let mut writer = Rewriter::new(allow_raw_html);
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        writer.event(event, range);
    }
    let mut html = writer.finish();
    let trimmed = html.html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            html.html = inner.to_owned();
        }
    }
    html
}

/// For each event, the pieces of spans that fall in its text.
/// Annotations come first and mentions after them, as in `marks`: a
/// mention is then always the innermost element, so that a mark's
/// reference link is never written inside a mention's link.
fn pieces_by_event(anchored: &Anchored<'_>) -> Vec<Vec<Piece>> {
    let mut pieces = vec![Vec::new(); anchored.events.len()];
    let spans = anchored.spans.iter().map(|s| (s.start, s.end));
    let mentions = anchored.mentions.iter().map(|m| (m.start, m.end));
    for (span_index, span) in spans.chain(mentions).enumerate() {
        let span = SpanPoints {
            start: span.0,
            end: span.1,
        };
        let covered = anchored.events[span.start.event..=span.end.event]
            .iter()
            .map(|(e, _)| e);
        for (event, content) in (span.start.event..).zip(covered) {
            let (Event::Text(text) | Event::Code(text)) = content else {
                continue;
            };
            let from = if event == span.start.event {
                span.start.offset
            } else {
                0
            };
            let to = if event == span.end.event {
                span.end.offset
            } else {
                text.len()
            };
            if from < to {
                pieces[event].push(Piece {
                    from,
                    to,
                    span: span_index,
                    last: event == span.end.event,
                });
            }
        }
    }
    pieces
}

/// Ids for headings: the `{#id}` the writer gave, or a slug of the text that
/// keeps Arabic letters as they are (no transliteration), made unique.
fn heading_ids(events: &[(Event<'_>, Range<usize>)]) -> Vec<String> {
    let mut used = HashSet::new();
    let mut ids = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.as_ref().map(|id| id.to_string()), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buffer)) = current.as_mut() {
                    buffer.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((given, text)) = current.take() {
                    let base = given.unwrap_or_else(|| slug(&text));
                    let base = if is_isnads_own_id(&base) {
                        format!("h-{base}")
                    } else {
                        base
                    };
                    let mut id = base.clone();
                    let mut n = 1;
                    while !used.insert(id.clone()) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    ids.push(id);
                }
            }
            _ => {}
        }
    }
    ids
}

/// Whether a document page already uses `id` for something of isnad's:
/// the page's landmarks, a paragraph (`p-3`), a mark, its explanation or a
/// mention. A heading with such an id gets `h-` before it, so that no link
/// of isnad's lands on the wrong element.
fn is_isnads_own_id(id: &str) -> bool {
    const IDS: &[&str] = &[
        "main",
        "site-search-q",
        "annotations-title",
        "isnad-serve-errors",
    ];
    const PREFIXES: &[&str] = &["p-", "claim-", "note-", "about-", "mention-"];
    IDS.contains(&id) || PREFIXES.iter().any(|prefix| id.starts_with(prefix))
}

/// A fragment id from heading text: letters and digits of any script,
/// words joined by `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() && !crate::fold::is_arabic_mark(c) {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-') && !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug.to_owned()
    }
}

/// What a replaced start tag must be closed with.
enum Replaced {
    /// pulldown-cmark's writer handles the end.
    Kept,
    /// Write this HTML instead of the end tag.
    Html(&'static str),
}

struct Rewriter<'a> {
    allow_raw_html: bool,
    out: Vec<Event<'a>>,
    heading_ids: Vec<String>,
    next_heading: usize,
    heading: Option<(u8, String, String)>,
    headings: Vec<Heading>,
    /// One entry per open link or image.
    replaced: Vec<Replaced>,
    code_block: Option<(String, String)>,
    link_depth: usize,
    /// Reference links waiting for the end of the enclosing link.
    pending_refs: Vec<String>,
    neutralized: Vec<Neutralized>,
    /// Whether paragraphs and list items get ids (in a body, not in a note).
    passage_ids: bool,
    next_passage: usize,
    open_passages: Vec<Passage>,
    passages: Vec<Passage>,
}

impl<'a> Rewriter<'a> {
    fn new(allow_raw_html: bool) -> Self {
        Rewriter {
            allow_raw_html,
            out: Vec::new(),
            heading_ids: Vec::new(),
            next_heading: 0,
            heading: None,
            headings: Vec::new(),
            replaced: Vec::new(),
            code_block: None,
            link_depth: 0,
            pending_refs: Vec::new(),
            neutralized: Vec::new(),
            passage_ids: false,
            next_passage: 0,
            open_passages: Vec::new(),
            passages: Vec::new(),
        }
    }

    fn html(&mut self, html: impl Into<CowStr<'a>>) {
        self.out.push(Event::InlineHtml(html.into()));
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code)) = self.code_block.as_mut() {
            match event {
                Event::Text(text) => {
                    code.push_str(&text);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (language, code) = self.code_block.take().unwrap_or_default();
                    let html = code_block(&language, &code);
                    self.out.push(Event::Html(html.into()));
                    return;
                }
                _ => return,
            }
        }
        if let Some((_, _, text)) = self.heading.as_mut() {
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
            }
        }
        match &event {
            Event::Text(t) | Event::Code(t) => self.passage_text(t),
            Event::SoftBreak | Event::HardBreak => self.passage_text(" "),
            _ => {}
        }
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) if !self.passage_ids => self.out.push(event),
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !self.passage_ids => {
                self.out.push(event)
            }
            Event::Start(Tag::Paragraph) => {
                let id = self.open_passage(None);
                self.html(format!("<p id=\"{id}\">"));
            }
            Event::Start(Tag::Item) => {
                let id = self.open_passage(None);
                self.html(format!("<li id=\"{id}\">"));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.close_passage();
                self.out.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.code_block = Some((language, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => self.start_heading(level),
            Event::End(TagEnd::Heading(level)) => {
                self.close_passage();
                if let Some((level_number, id, text)) = self.heading.take() {
                    self.headings.push(Heading {
                        level: level_number,
                        id,
                        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                    });
                }
                self.out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.start_link(link_type, dest_url, title, id, range);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.start_image(dest_url, title, range),
            Event::End(TagEnd::Link | TagEnd::Image) => self.end_link(event),
            Event::Html(raw) | Event::InlineHtml(raw) if !self.allow_raw_html => {
                self.out.push(Event::Text(raw));
            }
            Event::Start(Tag::HtmlBlock) if !self.allow_raw_html => {
                self.html("<p class=\"raw-html\">")
            }
            Event::End(TagEnd::HtmlBlock) if !self.allow_raw_html => self.html("</p>\n"),
            other => self.out.push(other),
        }
    }

    /// Opens a passage (a paragraph, list item or heading: what search
    /// links to) and returns its element id.
    fn open_passage(&mut self, id: Option<String>) -> String {
        let id = id.unwrap_or_else(|| {
            self.next_passage += 1;
            format!("p-{}", self.next_passage)
        });
        self.open_passages.push(Passage {
            id: id.clone(),
            text: String::new(),
        });
        id
    }

    /// Text goes to the innermost open passage only, so that a list item
    /// holding paragraphs does not repeat their text.
    fn passage_text(&mut self, text: &str) {
        if let Some(passage) = self.open_passages.last_mut() {
            passage.text.push_str(text);
        }
    }

    fn close_passage(&mut self) {
        if let Some(mut passage) = self.open_passages.pop() {
            passage.text = passage
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !passage.text.is_empty() {
                self.passages.push(passage);
            }
        }
    }

    fn start_heading(&mut self, level: HeadingLevel) {
        let id = self
            .heading_ids
            .get(self.next_heading)
            .cloned()
            .unwrap_or_else(|| format!("section-{}", self.next_heading + 1));
        self.next_heading += 1;
        self.open_passage(Some(id.clone()));
        let number = level as u8;
        self.html(format!("<h{number} id=\"{}\">", escape_html(&id)));
        self.heading = Some((number, id, String::new()));
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let fragment = dest.starts_with('#') && dest.len() > 1;
        if is_http_url(&dest) || fragment {
            self.link_depth += 1;
            self.replaced.push(Replaced::Kept);
            self.out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            }));
        } else {
            self.neutralized.push(Neutralized {
                range,
                message: format!(
                    "the link to `{dest}` is shown as plain text: only http(s) links are kept"
                ),
            });
            self.replaced.push(Replaced::Html(""));
        }
    }

    fn start_image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, range: Range<usize>) {
        // Images would be fetched from the network or from outside the
        // site; a link to them keeps the reader's choice and the page offline.
        if is_http_url(&dest) {
            self.link_depth += 1;
            let title_attr = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(&title))
            };
            self.html(format!(
                "<a class=\"image-link\" href=\"{}\"{title_attr}>",
                escape_html(&dest)
            ));
            self.replaced.push(Replaced::Html("</a>"));
        } else {
            self.neutralized.push(Neutralized {
                range,
                message: format!("the image `{dest}` is shown as its description: only http(s) images are linked"),
            });
            self.replaced.push(Replaced::Html(""));
        }
    }

    fn end_link(&mut self, event: Event<'a>) {
        match self.replaced.pop() {
            Some(Replaced::Kept) => {
                self.link_depth -= 1;
                self.out.push(event);
            }
            Some(Replaced::Html(close)) if !close.is_empty() => {
                self.link_depth -= 1;
                self.html(close);
            }
            Some(Replaced::Html(_)) => {}
            None => {}
        }
        if self.link_depth == 0 {
            for reference in std::mem::take(&mut self.pending_refs) {
                self.html(reference);
            }
        }
    }

    /// Writes a text event cut into pieces by the spans that cover it.
    /// Marks are opened and closed like a stack, outer spans first, and all
    /// closed at the end of the event, so tags never cross.
    fn marked_text(
        &mut self,
        text: &CowStr<'a>,
        code: bool,
        pieces: &[Piece],
        marks: &[Mark],
        opened: &mut [bool],
    ) {
        if let Some((_, _, heading_text)) = self.heading.as_mut() {
            heading_text.push_str(text);
        }
        self.passage_text(text);
        if code {
            self.html("<code>");
        }
        let mut cuts: Vec<usize> = pieces
            .iter()
            .flat_map(|p| [p.from, p.to])
            .chain([0, text.len()])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut stack: Vec<usize> = Vec::new();
        for window in cuts.windows(2) {
            let (from, to) = (window[0], window[1]);
            let mut active: Vec<usize> = pieces
                .iter()
                .filter(|p| p.from <= from && p.to >= to)
                .map(|p| p.span)
                .collect();
            active.sort_unstable();
            let keep = stack
                .iter()
                .zip(&active)
                .take_while(|(a, b)| a == b)
                .count();
            self.close_marks(&mut stack, keep, pieces, from, marks);
            for &span in &active[keep..] {
                let id_attr = if opened[span] {
                    String::new()
                } else {
                    opened[span] = true;
                    format!(" id=\"{}\"", escape_html(&marks[span].anchor))
                };
                self.html(format!("{}{id_attr}>", marks[span].open));
                stack.push(span);
            }
            self.out
                .push(Event::Text(CowStr::from(text[from..to].to_owned())));
        }
        self.close_marks(&mut stack, 0, pieces, text.len(), marks);
        if code {
            self.html("</code>");
        }
    }

    /// Closes marks above `keep`; a span that ends here gets its reference
    /// link right after its last piece.
    fn close_marks(
        &mut self,
        stack: &mut Vec<usize>,
        keep: usize,
        pieces: &[Piece],
        at: usize,
        marks: &[Mark],
    ) {
        let mut ended = Vec::new();
        while stack.len() > keep {
            let span = stack.pop().unwrap_or_default();
            self.html(marks[span].close);
            let ends_here = pieces
                .iter()
                .any(|p| p.span == span && p.to == at && p.last);
            if ends_here {
                ended.push(span);
            }
        }
        for span in ended.into_iter().rev() {
            let reference = marks[span].reference.clone();
            if reference.is_empty() {
                continue;
            }
            if self.link_depth > 0 {
                self.pending_refs.push(reference);
            } else {
                self.html(reference);
            }
        }
    }

    fn finish(self) -> Html {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        Html {
            html,
            headings: self.headings,
            neutralized: self.neutralized,
            passages: self.passages,
        }
    }
}
