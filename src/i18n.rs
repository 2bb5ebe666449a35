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
    ("value_at_least", "{n} على الأقل", "at least {n}"),
    ("value_more_than", "أكثر من {n}", "more than {n}"),
    ("value_at_most", "{n} على الأكثر", "at most {n}"),
    ("value_less_than", "أقل من {n}", "less than {n}"),
    ("value_a_few", "بضعة", "a few"),
    ("value_dozens", "عشرات", "dozens"),
    ("value_hundreds", "مئات", "hundreds"),
    ("value_thousands", "آلاف", "thousands"),
    ("value_unknown", "غير معروف", "not known"),
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
    // Views across documents: mentions, figures, detected contradictions,
    // the graph, the timeline, open data.
    ("detected", "مكتشف آليًا", "detected by isnad"),
    (
        "detected_title",
        "تناقضات مكتشفة آليًا",
        "Detected contradictions",
    ),
    (
        "detected_intro",
        "أرقام في المسألة نفسها لا تتقاطع قيمها، صادرة عن جهتين مختلفتين، ولم يربط المحرر بينها بعد. يؤكد المحرر التناقض بإضافة contradicts، أو يفسّره بإضافة supports أو updates.",
        "Figures on the same topic whose values do not overlap, from two different claimants, that the editor has not linked yet. An editor confirms one by adding contradicts, or explains it away with supports or updates.",
    ),
    (
        "detected_none",
        "لا توجد أرقام متعارضة لم يربط المحرر بينها.",
        "No conflicting figures are left unlinked.",
    ),
    (
        "detected_page_intro",
        "وجدت أداة إسناد هذا التناقض: رقمان في المسألة نفسها لا يتقاطعان، من جهتين مختلفتين، ولم يربط المحرر بينهما بعد.",
        "isnad found this contradiction: two figures on the same topic that do not overlap, from two different claimants, not yet linked by the editor.",
    ),
    (
        "values_side_by_side",
        "القيمتان جنبًا إلى جنب",
        "The two values side by side",
    ),
    ("detected_relation", "يتعارض رقمه مع", "Figure conflicts with"),
    (
        "chart_title",
        "الأرقام عبر الزمن بحسب الجهة",
        "Figures over time by claimant",
    ),
    (
        "chart_description",
        "عدد الأرقام: {figures}؛ عدد الجهات: {claimants}. تتوزع بحسب تواريخها، والأرقام بلا تاريخ في طرف المحور. الجدول أدناه يسردها كلها.",
        "{figures} figures from {claimants} claimants, placed by date; undated figures at the end of the axis. The table below lists them all.",
    ),
    ("legend", "دليل الرسم", "Legend"),
    ("undated", "بلا تاريخ", "undated"),
    (
        "relation_to_others",
        "العلاقة بالأرقام الأخرى",
        "Relation to the others",
    ),
    ("graph_title", "من يناقض من", "Who contradicts whom"),
    (
        "graph_description",
        "كل دائرة جهة صاحبة ادعاء، وكل خط تناقض بين ادعاءين: الخطوط المتصلة تناقضات أعلنها المحرر (عددها {declared})، والمتقطعة تناقضات مكتشفة آليًا (عددها {detected}).",
        "Each circle is a claimant and each line a contradiction between two claims: solid lines are declared by the editor ({declared}), dashed ones detected by isnad ({detected}).",
    ),
    ("graph_declared", "مُعلن", "declared"),
    ("graph_detected", "مكتشف", "detected"),
    ("graph_more", "ومعه غيره: {n}", "and {n} more"),
    ("mentions", "ورود اسمه في الوثائق", "Mentions in the documents"),
    ("mention_count", "مرات الورود", "Mentions"),
    (
        "no_mentions",
        "لا يَرِد اسمه في أي وثيقة.",
        "Not named in any document.",
    ),
    (
        "matrix_title",
        "من يَرِد في أي وثيقة",
        "Who appears in which document",
    ),
    (
        "matrix_intro",
        "الفاعلون الذين ترد أسماؤهم في النصوص، وعدد مرات ورودها في كل وثيقة. الأعمدة مرقّمة كقائمة الوثائق.",
        "Actors named in the texts, and how often in each document. Columns are numbered as in the list of documents.",
    ),
    ("matrix_total", "المجموع", "Total"),
    ("timeline", "التسلسل الزمني", "Timeline"),
    (
        "timeline_intro",
        "الوثائق بحسب تاريخ نشرها، والادعاءات بحسب التاريخ الذي تعود إليه (تاريخ نشر وثيقتها ما لم يُذكر غيره).",
        "Documents by publication date, and claims by the date they refer to (their document's publication date unless another is given).",
    ),
    ("published_that_day", "نُشر في هذا اليوم", "Published this day"),
    ("claims_that_day", "ما ورد عن هذا اليوم", "Reported as of this day"),
    (
        "undated_documents",
        "وثائق بلا تاريخ نشر",
        "Documents with no publication date",
    ),
    (
        "undated_claims",
        "ادعاءات بلا أي تاريخ",
        "Claims with no date at all",
    ),
    (
        "named_actors",
        "الفاعلون المذكورون في النص",
        "Actors named in the text",
    ),
    (
        "web_annotations",
        "التعليقات بصيغة W3C Web Annotation",
        "Annotations as W3C Web Annotations",
    ),
    ("plain_text", "النص المجرد", "Plain text"),
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
