//! The site's interface strings, in one place: Arabic by default, English
//! for dossiers in other languages. Templates read them as `t.KEY`.

use std::collections::BTreeMap;

/// (key, Arabic, English).
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "انتقل إلى المحتوى", "Skip to content"),
    ("home", "الصفحة الرئيسية", "Home"),
    ("documents", "الوثائق", "Documents"),
    ("document", "الوثيقة", "Document"),
    ("claims", "الادعاءات", "Claims"),
    ("claim", "ادعاء", "Claim"),
    ("notes", "الملاحظات", "Notes"),
    ("actors", "الفاعلون", "Actors"),
    ("actor", "الفاعل", "Actor"),
    ("topics", "المسائل", "Topics"),
    ("topic", "المسألة", "Topic"),
    ("contradictions", "التناقضات", "Contradictions"),
    ("contradiction", "تناقض", "Contradiction"),
    ("declared", "مُعلَن من المحرر", "declared by the editor"),
    ("source", "المصدر", "Source"),
    ("outlet", "الوسيلة", "Outlet"),
    ("published", "تاريخ النشر", "Published"),
    ("author", "الكاتب", "Author"),
    ("retrieved", "تاريخ النسخ", "Retrieved"),
    ("archive", "نسخة مؤرشفة", "Archived copy"),
    ("original", "النص الأصلي", "Original"),
    ("dateline", "مكان الكتابة", "Dateline"),
    ("summary", "ملخص", "Summary"),
    ("tags", "الوسوم", "Tags"),
    ("contents", "المحتويات", "Contents"),
    ("annotations", "التعليقات التحريرية", "Annotations"),
    ("claimant", "صاحب الادعاء", "Claimant"),
    ("the_outlet", "الوسيلة نفسها", "the outlet itself"),
    ("value", "القيمة", "Value"),
    ("as_of", "بتاريخ", "As of"),
    ("quote", "النص", "Quote"),
    ("note", "ملاحظة", "Note"),
    ("contradicts", "يناقض", "Contradicts"),
    ("supports", "يؤيد", "Supports"),
    ("supported_by", "يؤيده", "Supported by"),
    ("updates", "يحدّث", "Updates"),
    ("updated_by", "حدّثه", "Updated by"),
    (
        "back_to_text",
        "العودة إلى موضعه في النص",
        "Back to its place in the text",
    ),
    ("in_document", "في الوثيقة", "in the document"),
    ("not_placed", "لم يُعثر على النص", "quote not placed"),
    (
        "removed",
        "ما حُذف من الصفحة الأصلية",
        "Removed from the original page",
    ),
    (
        "removed_intro",
        "حُذفت هذه المقاطع من صفحة الموقع لأنها ليست من نص المادة:",
        "These passages of the web page were left out because they are not part of the article:",
    ),
    ("reason", "السبب", "Reason"),
    ("kind_claim", "ادعاء", "claim"),
    ("kind_correction", "تصحيح", "correction"),
    ("kind_context", "سياق", "context"),
    ("kind_translation", "ترجمة", "translation"),
    ("kind_typo", "خطأ مطبعي", "typo"),
    ("kind_other", "ملاحظة", "note"),
    ("actor_person", "شخص", "person"),
    ("actor_organization", "منظمة", "organization"),
    ("actor_outlet", "وسيلة إعلام", "outlet"),
    ("actor_place", "مكان", "place"),
    ("actor_group", "جماعة", "group"),
    ("aliases", "أسماء أخرى", "Also called"),
    ("role", "الصفة", "Role"),
    ("member_of", "تابع لـ", "Member of"),
    ("members", "يتبع له", "Members"),
    ("claims_by", "ادعاءات صادرة عنه", "Claims made"),
    ("figures", "الأرقام", "Figures"),
    ("unit", "الوحدة", "Unit"),
    ("no_claims", "لا توجد ادعاءات.", "No claims."),
    ("sides", "طرفا التناقض", "The two sides"),
    ("why", "لماذا يتناقضان", "Why they conflict"),
    (
        "dossier_at_a_glance",
        "الملف في لمحة",
        "The dossier at a glance",
    ),
    ("count_documents", "وثيقة", "documents"),
    ("count_claims", "ادعاء", "claims"),
    ("count_actors", "فاعلاً", "actors"),
    ("count_contradictions", "تناقضاً", "contradictions"),
    ("not_found_title", "الصفحة غير موجودة", "Page not found"),
    (
        "not_found_text",
        "لم نجد هذه الصفحة. عُد إلى الصفحة الرئيسية.",
        "This page does not exist. Go back to the home page.",
    ),
    ("data", "البيانات المفتوحة", "Open data"),
    ("made_with", "أُنشئ بأداة إسناد", "Made with isnad"),
    ("annotation_ref", "تعليق", "annotation"),
    ("search", "بحث", "Search"),
    (
        "search_label",
        "ابحث في الوثائق والادعاءات والملاحظات والفاعلين",
        "Search documents, claims, notes and actors",
    ),
    (
        "search_placeholder",
        "ابحث في الملف…",
        "Search the dossier…",
    ),
    ("search_count", "عدد النتائج: {n}", "{n} results"),
    (
        "search_needs_js",
        "البحث يحتاج إلى تفعيل جافاسكربت؛ بقية الموقع تعمل دونها.",
        "Search needs JavaScript; the rest of the site works without it.",
    ),
    ("search_kind_title", "وثيقة", "document"),
    ("search_kind_actor", "فاعل", "actor"),
    ("search_kind_claim", "ادعاء", "claim"),
    ("search_kind_note", "ملاحظة", "note"),
    ("search_kind_passage", "فقرة", "passage"),
    ("print_dossier", "نسخة للطباعة", "Printable dossier"),
];

/// The strings for a language: Arabic for `ar` (and its regional tags),
/// English otherwise.
pub fn strings(language: &str) -> BTreeMap<&'static str, &'static str> {
    let arabic = language
        .split('-')
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("ar"));
    STRINGS
        .iter()
        .map(|&(key, ar, en)| (key, if arabic { ar } else { en }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_complete() {
        let mut keys: Vec<_> = STRINGS.iter().map(|(k, _, _)| k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), STRINGS.len());
        assert!(STRINGS
            .iter()
            .all(|(_, ar, en)| !ar.is_empty() && !en.is_empty()));
        assert_eq!(strings("ar-SY")["claims"], "الادعاءات");
        assert_eq!(strings("en")["claims"], "Claims");
    }
}
