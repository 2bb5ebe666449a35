use super::*;
use crate::load::schema::ActorSpec;
use crate::load::{test_document, Registry};

/// A dossier of one document, `first`, whose body crosses bold, a link and
/// a line break, and says «سجن الصناعة» twice.
fn dossier() -> Dossier {
    let document = test_document(
        "id: first\nclaims:\n  - id: sohr-136-sjyna\n    quote: \"136 سجيناً\"\n",
        "قال **لقمان أحمّي** [المتحدث *الرسمي*](https://x.org) باسم\nالإدارة: «ليست هناك حالات فرار من سجن الصناعة».\n\n\
         وقال المرصد إن العدد بلغ 136 سجيناً.\n\nفقرة فيها رابط وسجن الصناعة مرة أخرى.\n",
    );
    let actors: Vec<ActorSpec> = crate::yaml::from_str(
        "- id: sohr\n  name: \"المرصد\"\n  kind: organization\n- id: luqman-ahmi\n  name: \"لقمان أحمّي\"\n  kind: person\n",
    )
    .unwrap();
    Dossier {
        documents: vec![document],
        actors: Registry {
            entries: actors,
            ..Registry::default()
        },
        ..Dossier::default()
    }
}

fn request(text: &str, before: &str, after: &str, kind: Kind, by: Option<&str>) -> QuoteRequest {
    QuoteRequest {
        page: "/documents/first.html".to_owned(),
        text: text.to_owned(),
        before: before.to_owned(),
        after: after.to_owned(),
        kind,
        by: by.map(str::to_owned),
    }
}

#[test]
fn a_claim_across_bold_a_link_and_a_line_break() {
    let dossier = dossier();
    let found = block_for(
        &dossier,
        &request(
            "أحمّي المتحدث الرسمي باسم\nالإدارة",
            "قال لقمان ",
            ": «ليست",
            Kind::Claim,
            Some("luqman-ahmi"),
        ),
    )
    .unwrap();
    assert_eq!(
        found.yaml,
        "  - id: luqman-ahmi-ahmy-almthdth-alrsmy\n    quote: \"أحمّي المتحدث الرسمي باسم الإدارة\"\n    by: luqman-ahmi\n"
    );
    assert_eq!(found.id, "luqman-ahmi-ahmy-almthdth-alrsmy");
}

#[test]
fn a_note_on_the_second_of_two_occurrences_gets_a_prefix() {
    let dossier = dossier();
    let body_before =
        "قال لقمان أحمّي المتحدث الرسمي باسم الإدارة: «ليست هناك حالات فرار من سجن الصناعة».\
                       وقال المرصد إن العدد بلغ 136 سجيناً.فقرة فيها رابط و";
    let found = block_for(
        &dossier,
        &request("سجن الصناعة", body_before, " مرة أخرى.", Kind::Note, None),
    )
    .unwrap();
    assert_eq!(
        found.yaml,
        "  - quote: \"سجن الصناعة\"\n    prefix: \"و\"\n    kind: context\n    note: \"\"\n"
    );
    assert_eq!(found.id, "");
}

#[test]
fn ids_are_ascii_and_unique_in_the_dossier() {
    let dossier = dossier();
    // «136 سجيناً» is claimed already, under the id this would suggest.
    let found = block_for(
        &dossier,
        &request("136 سجيناً", "العدد بلغ ", ".", Kind::Claim, Some("sohr")),
    )
    .unwrap();
    assert_eq!(found.id, "sohr-136-sjyna-2");
    let taken: HashSet<&str> = ["sohr-136-sjyna", "sohr-136-sjyna-2"].into();
    assert_eq!(
        claim_id(Some("sohr"), "136 سجيناً", &taken),
        "sohr-136-sjyna-3"
    );
    assert_eq!(
        claim_id(None, "«أعيد» القبض على ١٣٦ Café", &HashSet::new()),
        "ayd-alqbd-la"
    );
    assert_eq!(claim_id(None, "١٣٦ Café", &HashSet::new()), "136-cafe");
    assert_eq!(claim_id(None, "«—»", &HashSet::new()), "claim");
    let long = claim_id(Some("a"), &"طويل ".repeat(200), &HashSet::new());
    assert!(long.len() <= 100 && !long.ends_with('-'), "{long}");
}

#[test]
fn quotation_marks_and_backslashes_are_escaped() {
    let document = test_document("id: first\n", "قال: \"لا\" \\ نعم.\n");
    let dossier = Dossier {
        documents: vec![document],
        ..Dossier::default()
    };
    let found = block_for(
        &dossier,
        &request("\"لا\" \\ نعم", "قال: ", ".", Kind::Claim, None),
    )
    .unwrap();
    assert_eq!(
        found.yaml,
        "  - id: la-nm\n    quote: \"\\\"لا\\\" \\\\ نعم\"\n"
    );
}

#[test]
fn what_cannot_be_annotated_says_why() {
    let dossier = dossier();
    let why = |request: QuoteRequest| block_for(&dossier, &request).unwrap_err();
    assert_eq!(
        why(request("الصناعة».\n\nوقال", "", "", Kind::Claim, None)),
        "annotate_error_not_in_one_block"
    );
    assert_eq!(
        why(request("\u{064E}", "", "", Kind::Claim, None)),
        "annotate_error_empty"
    );
    assert_eq!(
        why(request("المرصد", "", "", Kind::Claim, Some("nobody"))),
        "annotate_error_request"
    );
    let mut elsewhere = request("المرصد", "", "", Kind::Claim, None);
    elsewhere.page = "/actors/sohr.html".to_owned();
    assert_eq!(why(elsewhere), "annotate_error_page");
}

#[test]
fn a_block_that_would_mark_other_words_is_not_given() {
    let dossier = dossier();
    let document = &dossier.documents[0];
    let found = block_for(
        &dossier,
        &request("سجن الصناعة", "فقرة فيها رابط و", " مرة", Kind::Note, None),
    )
    .unwrap();
    assert!(anchors_exactly(
        document,
        &found.yaml,
        Kind::Note,
        &found.suggestion
    ));
    // Without its prefix the quote is ambiguous, and places nothing.
    let ambiguous = found.yaml.replace("    prefix: \"و\"\n", "");
    assert!(!anchors_exactly(
        document,
        &ambiguous,
        Kind::Note,
        &found.suggestion
    ));
    // A passage elsewhere is not the one selected.
    let mut elsewhere = found.suggestion.clone();
    elsewhere.block = 0;
    assert!(!anchors_exactly(
        document,
        &found.yaml,
        Kind::Note,
        &elsewhere
    ));
    assert!(!anchors_exactly(
        document,
        "  - quote: [",
        Kind::Note,
        &found.suggestion
    ));
}

#[test]
fn the_answer_is_json_with_the_strings_of_the_interface() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("book.toml"),
        "[book]\ntitle = \"t\"\nlanguage = \"en\"\n",
    )
    .unwrap();
    let answer = answer(temp.path(), b"not json");
    assert_eq!(answer.status, hyper::StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["error"], i18n::strings("en")["annotate_error_request"]);
    assert!(script(temp.path()).starts_with("var ISNAD_ANNOTATE = {\"lang\":\"en\",\"strings\":{"));
    assert!(script(temp.path()).contains("\"annotate_copy\":\"Copy\""));
}
