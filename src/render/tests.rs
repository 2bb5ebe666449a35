//! Rendering bodies: marks well formed, hostile input inert.

use super::*;
use crate::anchor::anchor;

fn render(front: &str, body: &str, allow_raw_html: bool) -> (RenderedDocument, Vec<Diagnostic>) {
    let document = crate::load::test_document(front, body);
    let (anchored, problems) = anchor(&document);
    assert!(problems.is_empty(), "{problems:#?}");
    render_document(&document, &anchored, allow_raw_html, &[])
}

/// Checks that every tag is closed in the order it was opened.
fn assert_well_formed(html: &str) {
    const VOID: [&str; 4] = ["br", "hr", "img", "input"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("stray </{name}> in {html}"));
            assert_eq!(open, name, "crossing tags in {html}");
        } else if !tag.ends_with('/') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
}

#[test]
fn overlapping_marks_across_bold_do_not_cross() {
    let front = "claims:\n  - id: a\n    quote: \"اعتقال 136 سجيناً\"\n  - id: b\n    quote: \"سجيناً فاراً من\"\nnotes:\n  - quote: \"136\"\n    kind: context\n    note: n\n";
    let (rendered, _) = render(front, "إعادة اعتقال **136 سجيناً** فاراً من السجن\n", false);
    assert_well_formed(&rendered.body);
    let html = &rendered.body;
    assert!(html.contains("id=\"claim-a\""), "{html}");
    assert!(html.contains("id=\"claim-b\""), "{html}");
    assert!(html.contains("id=\"note-d-note-1\""), "{html}");
    // Every piece links back to its annotation.
    assert_eq!(html.matches("data-ann=\"claim-a\"").count(), 2, "{html}");
    assert_eq!(rendered.claim_numbers, [Some(1), Some(3)]);
}

#[test]
fn a_reference_inside_a_link_waits_for_the_link_to_close() {
    let front = "claims:\n  - id: a\n    quote: \"المرصد السوري\"\n";
    let (rendered, _) = render(
        front,
        "قال [المرصد السوري لحقوق الإنسان](https://example.org) إن\n",
        false,
    );
    assert_well_formed(&rendered.body);
    let link_end = rendered.body.find("</a>").unwrap();
    let reference = rendered.body.find("ann-ref").unwrap();
    assert!(reference > link_end, "{}", rendered.body);
}

#[test]
fn raw_html_is_text_unless_allowed() {
    let body = "نص <script>alert(1)</script> هنا\n\n<div onclick=\"x()\">كتلة</div>\n";
    let (rendered, _) = render("", body, false);
    assert!(!rendered.body.contains("<script>"), "{}", rendered.body);
    assert!(
        rendered.body.contains("&lt;script&gt;"),
        "{}",
        rendered.body
    );
    assert!(!rendered.body.contains("<div"), "{}", rendered.body);
    let (allowed, _) = render("", body, true);
    assert!(allowed.body.contains("<div onclick"), "{}", allowed.body);
}

#[test]
fn only_http_links_stay_links_and_the_rest_is_reported() {
    let body = "[a](javascript:alert(1)) [b](https://example.org/x) [c](file:///etc/passwd) ![d](http://x.org/i.png) ![e](local.png)\n";
    let (rendered, problems) = render("", body, false);
    let html = &rendered.body;
    assert!(
        !html.contains("javascript:") && !html.contains("file:"),
        "{html}"
    );
    assert!(html.contains("href=\"https://example.org/x\""), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("class=\"image-link\" href=\"http://x.org/i.png\""),
        "{html}"
    );
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems.iter().all(|p| p.line == 6 && p.code == Code::Body),
        "{problems:#?}"
    );
    assert_eq!(problems[0].column, 1);
}

#[test]
fn notes_and_summaries_render_inline_and_escaped() {
    let front = "summary: \"ملخص *مهم* <b>x</b>\"\nnotes:\n  - quote: نص\n    kind: typo\n    note: \"[رابط](javascript:x) <img src=x onerror=alert(1)>\"\n";
    let (rendered, problems) = render(front, "نص\n", false);
    assert_eq!(
        rendered.summary.as_deref(),
        Some("ملخص <em>مهم</em> &lt;b&gt;x&lt;/b&gt;")
    );
    assert!(
        !rendered.notes[0].contains("<img") && !rendered.notes[0].contains("href"),
        "{}",
        rendered.notes[0]
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 9);
}

#[test]
fn headings_get_unique_ids_that_keep_arabic() {
    let (rendered, _) = render(
        "",
        "## لماذا سجن غويران؟\n\nنص\n\n## لماذا سجن غويران؟\n\n## Custom {#own-id}\n",
        false,
    );
    let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["لماذا-سجن-غويران", "لماذا-سجن-غويران-2", "own-id"]);
    assert!(
        rendered.body.contains("<h2 id=\"لماذا-سجن-غويران\">"),
        "{}",
        rendered.body
    );
    assert_eq!(rendered.headings[0].text, "لماذا سجن غويران؟");
}

#[test]
fn heading_ids_never_take_isnads_own() {
    let (rendered, _) = render(
        "",
        "## Main\n\n## P 3\n\n## x {#claim-a}\n\n## y {#mention-sdf-1}\n\n## h-main\n",
        false,
    );
    let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "h-main",
            "h-p-3",
            "h-claim-a",
            "h-mention-sdf-1",
            "h-main-2"
        ]
    );
}

#[test]
fn marks_work_inside_inline_code_and_headings() {
    let front = "claims:\n  - id: a\n    quote: \"سجن غويران\"\n";
    let (rendered, _) = render(front, "## لماذا سجن غويران؟\n", false);
    assert_well_formed(&rendered.body);
    assert!(
        rendered.body.contains(
            "<mark class=\"ann ann-claim\" data-ann=\"claim-a\" id=\"claim-a\">سجن غويران</mark>"
        ),
        "{}",
        rendered.body
    );
}
