//! Telling the lines of a copied web page apart: the title, the article's
//! paragraphs and subheadings, and the website furniture around them (a
//! weather widget, a phone number, donation appeals, the designer's
//! credit).
//!
//! Every rule here only proposes: a line judged to be furniture is listed
//! in the front matter's `removed` with the reason, for the editor to
//! confirm, never dropped.

use crate::fold::is_arabic_mark;

/// Why a line is proposed for removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The title again (pages often print it twice).
    RepeatsTitle,
    /// A short line above the title: a slogan, a menu.
    BeforeTitle,
    /// A short line between the title and the article: a section name, a
    /// button.
    BeforeArticle,
    /// A short line after the article: a footer, a menu.
    AfterArticle,
    /// A line giving a date, above the article.
    DateLine,
    /// A phone number.
    Phone,
    /// A weather widget.
    Weather,
    /// A credit or copyright line of the site.
    Credit,
    /// A call to donate, subscribe or join.
    Appeal,
}

impl Reason {
    /// The reason as shown at the foot of the document page, in the
    /// dossier's language (Arabic, or English for any other).
    pub(crate) fn text(self, arabic: bool) -> &'static str {
        let (ar, en) = match self {
            Reason::RepeatsTitle => ("يكرّر العنوان", "repeats the title"),
            Reason::BeforeTitle => (
                "سطر قصير فوق العنوان (شعار أو قائمة الموقع)",
                "a short line above the title (the site's slogan or menu)",
            ),
            Reason::BeforeArticle => (
                "سطر قصير بين العنوان والمقال (اسم قسم أو زر في الموقع)",
                "a short line between the title and the article (a section name or button)",
            ),
            Reason::AfterArticle => (
                "سطر قصير بعد نهاية المقال (ذيل الصفحة أو قائمة الموقع)",
                "a short line after the article (the page footer or menu)",
            ),
            Reason::DateLine => (
                "سطر تاريخ فوق المقال: ضع التاريخ في source.published",
                "a date line above the article: put the date in source.published",
            ),
            Reason::Phone => ("رقم هاتف الموقع", "the site's phone number"),
            Reason::Weather => ("أداة الطقس في رأس الصفحة", "a weather widget"),
            Reason::Credit => (
                "حقوق الموقع أو اسم مصمّمه",
                "the site's credit or copyright line",
            ),
            Reason::Appeal => (
                "نداء من الموقع للتبرع أو الاشتراك أو الانضمام",
                "an appeal from the site to donate, subscribe or join",
            ),
        };
        if arabic {
            ar
        } else {
            en
        }
    }
}

/// What a line of the article becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The front matter's `title` (and left out of the body).
    Title,
    /// A subheading, `## `.
    Heading,
    /// A paragraph.
    Paragraph,
    /// An item of a list (`- ` in the source).
    ListItem,
    /// Proposed for removal.
    Removed(Reason),
}

/// Lines longer than this are never a title or a subheading.
const MAX_TITLE_CHARS: usize = 200;
/// A subheading has at most this many words.
const MAX_HEADING_WORDS: usize = 15;

/// Decides the role of each line (trimmed, non-empty), in order.
pub(crate) fn classify(lines: &[&str]) -> Vec<Role> {
    let mut roles: Vec<Option<Role>> = lines.iter().map(|line| furniture(line)).collect();
    let body_like: Vec<bool> = lines
        .iter()
        .zip(&roles)
        .map(|(line, role)| role.is_none() && is_body_like(line))
        .collect();
    let first_body = body_like.iter().position(|&b| b);
    let last_body = body_like.iter().rposition(|&b| b);
    let title = find_title(lines, &roles, first_body);
    if let Some(title) = title {
        roles[title] = Some(Role::Title);
        let key = squash(lines[title]);
        for (index, line) in lines.iter().enumerate() {
            if index != title && roles[index].is_none() && squash(line) == key {
                roles[index] = Some(Role::Removed(Reason::RepeatsTitle));
            }
        }
    }
    // A text with no running paragraph at all (a short notice) has no
    // furniture around an article to tell apart: all of it is kept.
    let start = first_body.unwrap_or(0);
    for (index, line) in lines.iter().enumerate() {
        if roles[index].is_some() {
            continue;
        }
        let role = if title.is_some_and(|t| index < t) {
            Role::Removed(Reason::BeforeTitle)
        } else if index < start {
            if is_byline(line) {
                Role::Paragraph
            } else if has_date(line) {
                Role::Removed(Reason::DateLine)
            } else {
                Role::Removed(Reason::BeforeArticle)
            }
        } else if is_byline(line) {
            Role::Paragraph
        } else if line.starts_with("- ") {
            // Articles end with lists too (reactions, sources).
            Role::ListItem
        } else if last_body.is_some_and(|end| index > end) {
            Role::Removed(Reason::AfterArticle)
        } else {
            let next_is_body = body_like.get(index + 1).copied().unwrap_or(false);
            body_role(line, body_like[index], next_is_body)
        };
        roles[index] = Some(role);
    }
    roles
        .into_iter()
        .map(|role| role.unwrap_or(Role::Paragraph))
        .collect()
}

/// The title line: a line above the article that the page repeats (a
/// headline printed twice), else the first line that is not furniture,
/// unless that line is already the article's first paragraph.
fn find_title(lines: &[&str], roles: &[Option<Role>], first_body: Option<usize>) -> Option<usize> {
    let head = first_body.unwrap_or(lines.len());
    let repeated = (0..head).find(|&i| {
        roles[i].is_none()
            && lines[i].chars().count() <= MAX_TITLE_CHARS
            && lines
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && squash(other) == squash(lines[i]))
    });
    if repeated.is_some() {
        return repeated;
    }
    let first = roles.iter().position(Option::is_none)?;
    let line = lines[first];
    let titled =
        line.chars().count() <= MAX_TITLE_CHARS && !line.ends_with('.') || line.ends_with("..");
    titled.then_some(first)
}

/// A line of the article: a short line that introduces a paragraph is a
/// subheading.
fn body_role(line: &str, body_like: bool, next_is_body: bool) -> Role {
    if line.starts_with("- ") {
        Role::ListItem
    } else if !body_like
        && next_is_body
        && word_count(line) <= MAX_HEADING_WORDS
        && !line.ends_with(['.', '،', ',', ':', '؛', ';'])
    {
        Role::Heading
    } else {
        Role::Paragraph
    }
}

/// A line that reads as running text: long, or a full sentence.
fn is_body_like(line: &str) -> bool {
    let chars = line.chars().count();
    chars >= 100 || (word_count(line) >= 12 && line.ends_with(['.', '!', '؟', '?', '»', '”', '"']))
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// White space runs as one space, for comparing lines.
fn squash(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The line folded for matching phrases: lower case, no Arabic
/// diacritics, so that «انضمّ» matches «انضم».
fn folded(line: &str) -> String {
    line.chars()
        .filter(|&c| !is_arabic_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A reason to propose the line for removal wherever it is: lines that are
/// furniture by their form alone.
fn furniture(line: &str) -> Option<Role> {
    let reason = if is_phone(line) {
        Reason::Phone
    } else if line.contains('°') && line.chars().count() <= 40 {
        Reason::Weather
    } else if is_credit(line) {
        Reason::Credit
    } else if is_appeal(line) {
        Reason::Appeal
    } else {
        return None;
    };
    Some(Role::Removed(reason))
}

/// A line made only of a phone number: digits (Latin or Arabic-Indic),
/// spaces and `+ - ( ) .`, with 7 to 20 digits.
fn is_phone(line: &str) -> bool {
    let digits = line.chars().filter(|c| c.is_numeric()).count();
    (7..=20).contains(&digits)
        && line
            .chars()
            .all(|c| c.is_numeric() || c.is_whitespace() || "+-().".contains(c))
}

fn is_credit(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "website by",
        "site by",
        "powered by",
        "designed by",
        "developed by",
        "copyright",
        "©",
        "all rights reserved",
        "جميع الحقوق محفوظة",
        "تصميم وتطوير",
        "تصميم و تطوير",
        "برمجة وتصميم",
    ];
    let text = folded(line);
    line.chars().count() <= 120
        && (STARTS.iter().any(|s| text.starts_with(s)) || text.contains("all rights reserved"))
}

/// Calls to the reader that news text does not make: "click here", "support
/// our journalism", and imperatives written for both genders with a slash
/// («انضمّ/ ي», «تفاعل/ي»), which sites use and articles do not.
fn is_appeal(line: &str) -> bool {
    const PHRASES: &[&str] = &[
        "انقر هنا",
        "اضغط هنا",
        "اشترك في",
        "اشتركوا",
        "النشرة البريدية",
        "القائمة البريدية",
        "دعم صحافتنا",
        "دعم عملنا",
        "ادعم صحافتنا",
        "ادعموا",
        "click here",
        "subscribe",
        "newsletter",
        "donate",
        "support our",
        "support us",
        "sign up",
    ];
    let text = folded(line);
    PHRASES.iter().any(|p| text.contains(p)) || has_gendered_imperative(&text)
}

/// «…/ي» or «…/ ي» closing a word: the feminine ending added with a slash.
fn has_gendered_imperative(text: &str) -> bool {
    text.match_indices('/').any(|(index, _)| {
        let before = text[..index].chars().next_back();
        let after = text[index + 1..].trim_start_matches(' ');
        let mut rest = after.chars();
        before.is_some_and(|c| c.is_alphabetic())
            && rest.next() == Some('ي')
            && rest.next().is_none_or(|c| !c.is_alphabetic())
    })
}

/// A byline closing or opening an article («إعداد: …», «بقلم …», "By …"):
/// part of the text, never furniture.
fn is_byline(line: &str) -> bool {
    const STARTS: &[&str] = &["إعداد:", "اعداد:", "بقلم", "كتب:", "كتبت:", "تحرير:", "by "];
    let text = folded(line);
    line.chars().count() <= 60 && STARTS.iter().any(|s| text.starts_with(s))
}

/// Whether a line gives a date: a month name, or digits in a date's shape.
fn has_date(line: &str) -> bool {
    const MONTHS: &[&str] = &[
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        "كانون",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let text = folded(line);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().any(|w| MONTHS.contains(w));
    let year = words
        .iter()
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    month || (year && words.iter().filter(|w| w.parse::<u32>().is_ok()).count() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_by_form() {
        assert_eq!(
            furniture("00963 939 114 037"),
            Some(Role::Removed(Reason::Phone))
        );
        assert_eq!(furniture("دمشق °C"), Some(Role::Removed(Reason::Weather)));
        assert_eq!(
            furniture("Website by WhiteBeard"),
            Some(Role::Removed(Reason::Credit))
        );
        assert_eq!(
            furniture("انضمّ/ ي إلى مجتمع \"قرّائنا/ قارئاتنا الدائمين/ ات”."),
            Some(Role::Removed(Reason::Appeal))
        );
        // The international community is news, not an appeal.
        assert_eq!(furniture("على المجتمع الدولي مساندة الإدارة الذاتية"), None);
        assert_eq!(furniture("قُتل 7 وأصيب 12 في 2022"), None);
    }

    #[test]
    fn title_article_and_what_surrounds_it() {
        let long = "وقال المرصد السوري لحقوق الإنسان إن الاشتباكات مستمرة في محيط السجن منذ يوم الخميس، وإن عدد القتلى ارتفع إلى أكثر من مئة.";
        let lines = [
            "شعار الموقع",
            "الهجوم على السجن",
            "سياسة",
            "السبت 22 يناير 2022",
            "الهجوم على السجن",
            long,
            "مخاوف متصاعدة",
            long,
            "- أمريكا: أدانت الهجوم.",
            "إعداد: ربى نجار",
            "شارك",
        ];
        use Reason::*;
        use Role::*;
        assert_eq!(
            classify(&lines),
            [
                Removed(BeforeTitle),
                Title,
                Removed(BeforeArticle),
                Removed(DateLine),
                Removed(RepeatsTitle),
                Paragraph,
                Heading,
                Paragraph,
                ListItem,
                Paragraph,
                Removed(AfterArticle),
            ]
        );
    }

    #[test]
    fn a_first_line_that_is_a_paragraph_is_not_a_title() {
        let first = "القامشلي: شهدت محافظة الحسكة السورية مواجهات عنيفة بين قوات سوريا الديمقراطية وعناصر من تنظيم داعش منذ أيام عدة.";
        assert_eq!(
            classify(&[first, first]),
            [Role::Paragraph, Role::Paragraph]
        );
    }
}
