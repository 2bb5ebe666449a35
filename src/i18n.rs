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
    ("disputes_title", "ما تختلف فيه المصادر", "Where the sources disagree"),
    ("within_one_source", "داخل المصدر نفسه", "Within one source"),
    ("chain", "السند", "Chain"),
    ("relation_party", "طرف في النزاع", "party to the conflict"),
    ("relation_party-official", "مسؤول في طرف", "official of a party"),
    ("relation_party-media", "إعلام تابع لطرف", "a party's media"),
    ("relation_monitor", "جهة رصد", "monitor"),
    ("relation_independent-media", "إعلام مستقل", "independent media"),
    ("relation_witness", "شاهد محلي", "local witness"),
    ("relation_analyst", "محلل", "analyst"),
    ("relation_outside", "جهة من خارج النزاع", "outside the conflict"),
    ("citing", "نقلًا عن", "citing"),
    ("wording_quote", "بنصّ كلامه", "in the claimant's words"),
    ("wording_paraphrase", "بتصرّف", "paraphrased"),
    ("actor_contradictions", "ادعاءاته التي تناقضها مصادر أخرى", "Its claims that other claims contradict"),
    ("no_topic", "بلا مسألة", "No topic"),
    ("in_outlet", "في", "in"),
    ("more_figures", "أرقام أخرى في صفحة المسألة", "more figures on the topic page"),
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
    ("search_count_more", "عدد النتائج: أكثر من {n}", "more than {n} results"),
    ("search_more", "نتائج أخرى", "More results"),
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
    ("print_volume", "الجزء", "Volume"),
    ("out_of", "من", "of"),
    ("continued", "تابع", "continued"),
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
    (
        "chart_grouped",
        "الأرقام أكثر من أن تُرسم واحدًا واحدًا: كل علامة تجمع أرقام جهة واحدة في فترة، وخطها من أدناها إلى أعلاها.",
        "Too many figures to draw one by one: each mark gathers one claimant's figures of a period, its bar from the lowest to the highest.",
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
    ("previous_page", "الصفحة السابقة", "Previous page"),
    ("next_page", "الصفحة التالية", "Next page"),
    ("pages", "الصفحات", "Pages"),
    ("page_number", "الصفحة", "Page"),
    ("showing", "المعروض هنا", "Shown here"),
    ("see_all", "عرض الكل", "See all"),
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
    // The annotating panel of `isnad serve` (never in a built site).
    ("annotate_title", "توثيق المقطع المحدد", "Annotate the selection"),
    ("annotate_claim", "ادعاء", "Claim"),
    ("annotate_note", "ملاحظة", "Note"),
    ("annotate_kind", "نوع التوثيق", "Annotation"),
    ("annotate_by", "صاحب الادعاء", "Claimant"),
    ("annotate_by_editor", "يتركه المحرر (by:)", "left to the editor (by:)"),
    ("annotate_copy", "نسخ", "Copy"),
    ("annotate_copied", "نُسخ", "Copied"),
    (
        "annotate_copy_by_hand",
        "النص محدد: انسخه بـ Ctrl+C",
        "The text is selected: copy it with Ctrl+C",
    ),
    ("annotate_close", "إغلاق", "Close"),
    (
        "annotate_paste_claim",
        "الصقه تحت claims: في رأس الوثيقة (front matter).",
        "Paste it under claims: in the document's front matter.",
    ),
    (
        "annotate_paste_note",
        "الصقه تحت notes: في رأس الوثيقة (front matter)، واكتب الملاحظة.",
        "Paste it under notes: in the document's front matter, and write the note.",
    ),
    (
        "annotate_keys",
        "من لوحة المفاتيح: حدّد بـ Shift والأسهم ثم اضغط A؛ Escape يغلق.",
        "Keyboard: select with Shift and the arrows, then press A; Escape closes.",
    ),
    ("annotate_working", "جارٍ الحساب…", "Working…"),
    (
        "annotate_error_config",
        "لا يُقرأ book.toml الآن.",
        "book.toml does not read now.",
    ),
    ("annotate_error_request", "طلب غير صالح.", "The request is not valid."),
    (
        "annotate_error_page",
        "هذه الصفحة ليست صفحة وثيقة من الملف.",
        "This page is not a document of the dossier.",
    ),
    (
        "annotate_error_empty",
        "لم يُحدَّد إلا فراغ أو تشكيل.",
        "Only spaces or diacritics are selected.",
    ),
    (
        "annotate_error_not_in_one_block",
        "التحديد ليس من نص فقرة واحدة: حدّد كلمات داخل فقرة واحدة من نص الوثيقة.",
        "The selection is not text of one paragraph: select words within one paragraph of the document's text.",
    ),
    (
        "annotate_error_unanchored",
        "لا مقتبس يثبت على هذا المقطع بالضبط.",
        "No quote anchors exactly this passage.",
    ),
    (
        "annotate_error_network",
        "تعذر الاتصال بـ isnad serve.",
        "isnad serve cannot be reached.",
    ),
];

/// The strings for a language: Arabic for `ar` (and its regional tags),
/// English otherwise.
pub fn strings(language: &str) -> BTreeMap<&'static str, &'static str> {
    let arabic = is_arabic(language);
    STRINGS
        .iter()
        .map(|&(key, ar, en)| (key, if arabic { ar } else { en }))
        .collect()
}

/// Nouns that pages count, each with its Arabic forms by the number's
/// category (zero, one, two, 3–10, 11–99, and 100 up) and its English
/// singular and plural. `{n}` stands for the number. Arabic says "one
/// document" and "two documents" with the noun alone, puts 3–10 in the
/// plural and 11–99 in the accusative singular.
const COUNTED: &[(&str, [&str; 6], [&str; 2])] = &[
    (
        "documents",
        [
            "لا وثائق",
            "وثيقة واحدة",
            "وثيقتان",
            "{n} وثائق",
            "{n} وثيقة",
            "{n} وثيقة",
        ],
        ["{n} document", "{n} documents"],
    ),
    (
        "claims",
        [
            "لا ادعاءات",
            "ادعاء واحد",
            "ادعاءان",
            "{n} ادعاءات",
            "{n} ادعاءً",
            "{n} ادعاء",
        ],
        ["{n} claim", "{n} claims"],
    ),
    (
        "actors",
        [
            "لا فاعلين",
            "فاعل واحد",
            "فاعلان",
            "{n} فاعلين",
            "{n} فاعلًا",
            "{n} فاعل",
        ],
        ["{n} actor", "{n} actors"],
    ),
    (
        "contradictions",
        [
            "لا تناقضات",
            "تناقض واحد",
            "تناقضان",
            "{n} تناقضات",
            "{n} تناقضًا",
            "{n} تناقض",
        ],
        ["{n} contradiction", "{n} contradictions"],
    ),
    (
        "topics",
        [
            "لا مسائل",
            "مسألة واحدة",
            "مسألتان",
            "{n} مسائل",
            "{n} مسألة",
            "{n} مسألة",
        ],
        ["{n} topic", "{n} topics"],
    ),
    (
        "volumes",
        [
            "لا أجزاء",
            "جزء واحد",
            "جزءان",
            "{n} أجزاء",
            "{n} جزءًا",
            "{n} جزء",
        ],
        ["{n} volume", "{n} volumes"],
    ),
    (
        "claimants",
        [
            "لا جهات",
            "جهة واحدة",
            "جهتان",
            "{n} جهات",
            "{n} جهة",
            "{n} جهة",
        ],
        ["{n} claimant", "{n} claimants"],
    ),
    (
        "sources",
        [
            "لا مصادر مستقلة",
            "مصدر مستقل واحد",
            "مصدران مستقلان",
            "{n} مصادر مستقلة",
            "{n} مصدرًا مستقلًا",
            "{n} مصدر مستقل",
        ],
        ["{n} independent source", "{n} independent sources"],
    ),
    (
        "outlets",
        [
            "لا وسائل",
            "وسيلة ناقلة واحدة",
            "وسيلتان ناقلتان",
            "{n} وسائل ناقلة",
            "{n} وسيلة ناقلة",
            "{n} وسيلة ناقلة",
        ],
        ["{n} outlet", "{n} outlets"],
    ),
    (
        "figures",
        [
            "لا أرقام",
            "رقم واحد",
            "رقمان",
            "{n} أرقام",
            "{n} رقمًا",
            "{n} رقم",
        ],
        ["{n} figure", "{n} figures"],
    ),
];

/// Month names as the dossier's sources write them: the Levantine and the
/// Egyptian name together, as Syrian and pan-Arab outlets do.
const MONTHS: [(&str, &str); 12] = [
    ("كانون الثاني/يناير", "January"),
    ("شباط/فبراير", "February"),
    ("آذار/مارس", "March"),
    ("نيسان/أبريل", "April"),
    ("أيار/مايو", "May"),
    ("حزيران/يونيو", "June"),
    ("تموز/يوليو", "July"),
    ("آب/أغسطس", "August"),
    ("أيلول/سبتمبر", "September"),
    ("تشرين الأول/أكتوبر", "October"),
    ("تشرين الثاني/نوفمبر", "November"),
    ("كانون الأول/ديسمبر", "December"),
];

/// A date (`2022-01-24`, `2022-01`, `2022`, or the date part of an RFC
/// 3339 time) as readers write it: «24 كانون الثاني/يناير 2022», "24
/// January 2022". `None` when `iso` is not such a date.
pub fn date_text(language: &str, iso: &str) -> Option<String> {
    let date = iso.get(..10).unwrap_or(iso);
    let mut parts = date.split('-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: Option<usize> = parts.next().map(str::parse).transpose().ok()?;
    let day: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    let name = |m: usize| {
        let (ar, en) = MONTHS.get(m.checked_sub(1)?)?;
        Some(if is_arabic(language) { *ar } else { *en })
    };
    Some(match (month, day) {
        (None, _) => year.to_string(),
        (Some(m), None) => format!("{} {year}", name(m)?),
        (Some(m), Some(d)) if (1..=31).contains(&d) => format!("{d} {} {year}", name(m)?),
        _ => return None,
    })
}

/// The nouns [`count`] knows.
pub fn counted_nouns() -> impl Iterator<Item = &'static str> {
    COUNTED.iter().map(|(noun, _, _)| *noun)
}

/// `n` of `noun` in `language`, the number as `number` writes it (the
/// caller isolates it with `<bdi>`): «3 وثائق», «11 وثيقة», «وثيقتان»,
/// "1 document". `None` for a noun that is not in the table.
pub fn count(language: &str, n: u64, noun: &str, number: &str) -> Option<String> {
    let (_, arabic, english) = COUNTED.iter().find(|(name, _, _)| *name == noun)?;
    let form = if is_arabic(language) {
        let category = match (n, n % 100) {
            (0, _) => 0,
            (1, _) => 1,
            (2, _) => 2,
            (_, 3..=10) => 3,
            (_, 11..=99) => 4,
            _ => 5,
        };
        arabic[category]
    } else if n == 1 {
        english[0]
    } else {
        english[1]
    };
    Some(form.replace("{n}", number))
}

fn is_arabic(language: &str) -> bool {
    language
        .split('-')
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("ar"))
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

    #[test]
    fn counts_agree_with_their_number() {
        let ar = |n| count("ar", n, "documents", &n.to_string()).unwrap();
        assert_eq!(ar(0), "لا وثائق");
        assert_eq!(ar(1), "وثيقة واحدة");
        assert_eq!(ar(2), "وثيقتان");
        assert_eq!(ar(5), "5 وثائق");
        assert_eq!(ar(10), "10 وثائق");
        assert_eq!(ar(11), "11 وثيقة");
        assert_eq!(ar(99), "99 وثيقة");
        assert_eq!(ar(100), "100 وثيقة");
        assert_eq!(ar(103), "103 وثائق");
        assert_eq!(ar(111), "111 وثيقة");
        let en = |n: u64| count("en", n, "claims", &n.to_string()).unwrap();
        assert_eq!(en(1), "1 claim");
        assert_eq!(en(0), "0 claims");
        assert_eq!(en(21), "21 claims");
        assert_eq!(count("ar", 3, "nothing", "3"), None);
    }

    #[test]
    fn dates_read_as_readers_write_them() {
        assert_eq!(
            date_text("ar", "2022-01-24").unwrap(),
            "24 كانون الثاني/يناير 2022"
        );
        assert_eq!(
            date_text("ar", "2022-01-24T18:17:00+03:00").unwrap(),
            "24 كانون الثاني/يناير 2022"
        );
        assert_eq!(date_text("en", "2022-01-24").unwrap(), "24 January 2022");
        assert_eq!(date_text("ar", "2020-09").unwrap(), "أيلول/سبتمبر 2020");
        assert_eq!(date_text("en", "2020").unwrap(), "2020");
        assert_eq!(date_text("en", "2022-13-01"), None);
        assert_eq!(date_text("en", "soon"), None);
    }
}
