//! isnad's policy for HTTP requests to the preview; the protocol itself
//! (parsing, framing, keep-alive, limits) is hyper's. What is isnad's own:
//! which requests are answered at all ([`Request::check`],
//! [`Request::check_post`]), which files ([`site_paths`]), their content
//! types, and the headers every answer carries ([`response`]).

use std::path::Path;

use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderValue, CONNECTION, CONTENT_TYPE};
use hyper::{Response, StatusCode};

/// A request, once its path is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET` or `HEAD` (anything else is answered 405).
    pub(crate) method: String,
    /// The path, percent-decoded, without the query string.
    pub(crate) path: String,
    /// The header fields, names in lower case, in the order sent.
    pub(crate) headers: Vec<(String, String)>,
}

/// Why a request is not answered with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Malformed (400); hyper answers what it cannot parse itself.
    BadRequest,
    /// The `Host` header does not name this server exactly (421).
    WrongHost,
    /// A request another site's page made (403).
    CrossSite,
    /// A request body over [`MAX_BODY`] (413).
    BodyTooLarge,
}

impl Refusal {
    /// The status and a one-line explanation.
    pub(crate) fn status(self) -> (StatusCode, &'static str) {
        match self {
            Refusal::BadRequest => (StatusCode::BAD_REQUEST, "bad request"),
            Refusal::WrongHost => (
                StatusCode::MISDIRECTED_REQUEST,
                "isnad serve answers only to http://127.0.0.1:PORT/ and http://localhost:PORT/",
            ),
            Refusal::CrossSite => (
                StatusCode::FORBIDDEN,
                "isnad serve does not answer other sites' pages: open the preview itself",
            ),
            Refusal::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request body is too large",
            ),
        }
    }

    /// The answer to a refused request; the connection closes after it.
    pub(crate) fn response(self) -> Response<Body> {
        let (status, why) = self.status();
        closing(response(
            status,
            "text/plain; charset=utf-8",
            why.as_bytes().to_vec(),
        ))
    }
}

impl Request {
    /// The request hyper parsed, with its path decoded: a request whose
    /// target is not a path (the absolute form, for proxies), whose path
    /// does not decode, or whose header values are not UTF-8, is refused.
    pub(crate) fn from_parts(parts: &hyper::http::request::Parts) -> Result<Request, Refusal> {
        if parts.uri.scheme().is_some() || parts.uri.authority().is_some() {
            return Err(Refusal::BadRequest);
        }
        let mut headers = Vec::with_capacity(parts.headers.len());
        for (name, value) in &parts.headers {
            let value = value.to_str().map_err(|_| Refusal::BadRequest)?;
            headers.push((name.as_str().to_owned(), value.trim().to_owned()));
        }
        Ok(Request {
            method: parts.method.as_str().to_owned(),
            path: percent_decode(parts.uri.path()).ok_or(Refusal::BadRequest)?,
            headers,
        })
    }
}

impl Request {
    /// Every value of header `name` (lower case).
    fn values<'r>(&'r self, name: &'r str) -> impl Iterator<Item = &'r str> + 'r {
        self.headers
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The value of header `name` when it is sent once.
    fn header<'r>(&'r self, name: &'r str) -> Option<&'r str> {
        let mut values = self.values(name);
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }

    /// Whether the request may be answered by the server on `port`: a
    /// single `Host` header naming it exactly (a page of another site can
    /// make a browser send requests to 127.0.0.1 under its own host name,
    /// DNS rebinding), and not a request another page made, even one on
    /// this machine (another port is another origin, but the same site).
    /// Only a top-level navigation may come from elsewhere: its page is
    /// shown to the reader, never to the page that linked to it.
    pub(crate) fn check(&self, port: u16) -> Result<(), Refusal> {
        if self.values("host").count() != 1
            || !self.header("host").is_some_and(|h| is_our_host(h, port))
        {
            return Err(Refusal::WrongHost);
        }
        let ours = |url: &str| is_ours(url, port);
        let navigation = self.header("sec-fetch-mode") == Some("navigate")
            && matches!(self.header("sec-fetch-dest"), Some("document") | None);
        if let Some(site) = self.header("sec-fetch-site") {
            if !matches!(site, "same-origin" | "none") && !navigation {
                return Err(Refusal::CrossSite);
            }
        } else if self.values("sec-fetch-site").next().is_some() {
            return Err(Refusal::CrossSite);
        }
        // Browsers without Fetch Metadata: the Origin a script sends, or
        // the page a request came from.
        if self
            .values("origin")
            .any(|origin| origin != "null" && !ours(origin))
        {
            return Err(Refusal::CrossSite);
        }
        let from_elsewhere = self.values("referer").any(|referer| !ours(referer));
        let is_page = self.path.ends_with('/') || self.path.ends_with(".html");
        if from_elsewhere && !(navigation || is_page) {
            return Err(Refusal::CrossSite);
        }
        Ok(())
    }
}

impl Request {
    /// Whether a `POST` may be answered, beyond [`Request::check`]: only a
    /// script of the preview's own pages posts, so the request must say
    /// so. It names this server as its `Origin`, is not cross-site even as
    /// a navigation (a form of another site posts as a navigation), and
    /// sends JSON, which a page of another site cannot send without asking
    /// first (a CORS preflight, which is never answered).
    pub(crate) fn check_post(&self, port: u16) -> Result<(), Refusal> {
        let same_origin = self.values("origin").count() == 1
            && self.header("origin").is_some_and(|origin| {
                ["127.0.0.1", "localhost"]
                    .iter()
                    .any(|name| origin.eq_ignore_ascii_case(&format!("http://{name}:{port}")))
            });
        let fetched = matches!(self.header("sec-fetch-site"), None | Some("same-origin"))
            && self.values("sec-fetch-site").count() <= 1;
        let json = self.header("content-type").is_some_and(|kind| {
            kind.split(';')
                .next()
                .is_some_and(|k| k.trim().eq_ignore_ascii_case("application/json"))
        });
        if same_origin && fetched && json {
            Ok(())
        } else {
            Err(Refusal::CrossSite)
        }
    }
}

/// Whether `url` is this server's origin, or a URL on it.
fn is_ours(url: &str, port: u16) -> bool {
    ["127.0.0.1", "localhost"].iter().any(|name| {
        let origin = format!("http://{name}:{port}");
        url.eq_ignore_ascii_case(&origin)
            || url
                .get(..origin.len())
                .is_some_and(|o| o.eq_ignore_ascii_case(&origin))
                && url[origin.len()..].starts_with('/')
    })
}

/// Whether a `Host` value is exactly `127.0.0.1:PORT` or `localhost:PORT`
/// (the port may be left out only when it is 80).
fn is_our_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, given)) => (name, given.parse::<u16>().ok()),
        None => (host, Some(80)),
    };
    given == Some(port) && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// A request larger than this (line and headers) is refused with 431: a
/// browser never sends one, and reading must stay bounded.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// At most this many header fields; more is refused with 431 too.
pub(crate) const MAX_HEADERS: usize = 64;

/// The largest request body read (a selection and the text around it).
pub(crate) const MAX_BODY: usize = 256 * 1024;

/// Decodes `%XX` escapes; `None` for a malformed escape, a NUL or a path
/// that is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

/// The files of the site a URL path may name, most likely first: the path
/// itself, then, for a folder, its `index.html` (only that for a path
/// ending in `/`); `None` for a path that tries to leave the site.
pub(crate) fn site_paths(url_path: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for part in url_path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains('\\') => return None,
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    let index = if path.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{path}/index.html")
    };
    Some(if url_path.ends_with('/') || path.is_empty() {
        vec![index]
    } else {
        vec![path, index]
    })
}

/// The content type of a file, by extension.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The body of every answer: bytes, or a stream of server-sent events.
pub(crate) type Body = BoxBody<Bytes, std::convert::Infallible>;

/// The headers every answer carries: nothing is cached, sniffed, framed
/// or read by another origin.
const POLICY_HEADERS: [(&str, &str); 5] = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("x-frame-options", "SAMEORIGIN"),
];

/// An answer with `body` and the policy headers. hyper sets its length,
/// and leaves the body out when the request was `HEAD`.
pub(crate) fn response(
    status: StatusCode,
    content_type: &str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    with_body(status, content_type, Full::new(body.into()).boxed())
}

/// `answer`, after which hyper closes the connection: a refusal, whose
/// request body is never read, or a stream that ends only with it.
pub(crate) fn closing(mut answer: Response<Body>) -> Response<Body> {
    answer
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    answer
}

/// An answer whose body is `body`, with the policy headers.
pub(crate) fn with_body(status: StatusCode, content_type: &str, body: Body) -> Response<Body> {
    let mut answer = Response::new(body);
    *answer.status_mut() = status;
    let headers = answer.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    for (name, value) in POLICY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    answer
}

/// Inserts `tag` before the page's last `</body>` (or at its end).
pub(crate) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let paths = |url: &str| site_paths(url).map(|p| p.join(" "));
        assert_eq!(
            paths("/documents/a.html").as_deref(),
            Some("documents/a.html documents/a.html/index.html")
        );
        assert_eq!(paths("/").as_deref(), Some("index.html"));
        assert_eq!(paths("/actors/").as_deref(), Some("actors/index.html"));
        assert_eq!(paths("/./a//b").as_deref(), Some("a/b a/b/index.html"));
        assert_eq!(paths("/../etc/passwd"), None);
        assert_eq!(paths("/a/..\\..\\b"), None);
    }

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".to_owned(),
            path: "/search/e/0.js".to_owned(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn only_this_server_s_exact_host_is_answered() {
        for host in ["127.0.0.1:3000", "localhost:3000", "LocalHost:3000"] {
            assert_eq!(request(&[("host", host)]).check(3000), Ok(()), "{host}");
        }
        for host in [
            "evil.example:3000",
            "127.0.0.1.evil.example:3000",
            "localhost:80@evil.example",
            "[::1]evil.example",
            "127.0.0.1:3001",
            "127.0.0.1",
            "localhost:3000 ",
            "",
        ] {
            assert_eq!(
                request(&[("host", host)]).check(3000),
                Err(Refusal::WrongHost),
                "{host:?}"
            );
        }
        assert_eq!(request(&[("host", "127.0.0.1")]).check(80), Ok(()));
        assert_eq!(request(&[]).check(3000), Err(Refusal::WrongHost));
        let twice = [("host", "127.0.0.1:3000"), ("host", "evil.example")];
        assert_eq!(request(&twice).check(3000), Err(Refusal::WrongHost));
    }

    #[test]
    fn other_sites_pages_are_refused_but_navigations_are_not() {
        let host = ("host", "127.0.0.1:3000");
        let refused = [
            // A script tag on another port of this machine: same site.
            vec![
                host,
                ("sec-fetch-site", "same-site"),
                ("sec-fetch-mode", "no-cors"),
                ("sec-fetch-dest", "script"),
            ],
            vec![
                host,
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "cors"),
                ("sec-fetch-dest", "empty"),
            ],
            vec![
                host,
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-dest", "iframe"),
            ],
            vec![host, ("origin", "http://127.0.0.1:4000")],
            vec![host, ("origin", "http://127.0.0.1:30000")],
            vec![host, ("referer", "http://127.0.0.1:4000/attack.html")],
            vec![host, ("referer", "http://127.0.0.1:30001/")],
        ];
        for headers in refused {
            assert_eq!(
                request(&headers).check(3000),
                Err(Refusal::CrossSite),
                "{headers:?}"
            );
        }
        let answered = [
            vec![host],
            vec![
                host,
                ("sec-fetch-site", "same-origin"),
                ("sec-fetch-dest", "script"),
            ],
            vec![
                host,
                ("sec-fetch-site", "none"),
                ("sec-fetch-mode", "navigate"),
            ],
            vec![
                host,
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-dest", "document"),
            ],
            vec![host, ("origin", "http://127.0.0.1:3000")],
            vec![host, ("referer", "http://localhost:3000/documents/a.html")],
        ];
        for headers in answered {
            assert_eq!(request(&headers).check(3000), Ok(()), "{headers:?}");
        }
    }

    #[test]
    fn only_the_previews_own_scripts_may_post() {
        let json = ("content-type", "application/json; charset=utf-8");
        let own = ("origin", "http://127.0.0.1:3000");
        assert_eq!(request(&[own, json]).check_post(3000), Ok(()));
        assert_eq!(
            request(&[
                ("origin", "http://localhost:3000"),
                json,
                ("sec-fetch-site", "same-origin")
            ])
            .check_post(3000),
            Ok(())
        );
        for refused in [
            vec![json],
            vec![own],
            vec![own, ("content-type", "text/plain")],
            vec![("origin", "http://127.0.0.1:3001"), json],
            vec![("origin", "http://127.0.0.1:3000/x"), json],
            vec![own, own, json],
            vec![own, json, ("sec-fetch-site", "cross-site")],
            vec![own, json, ("sec-fetch-site", "same-site")],
            vec![own, json, ("sec-fetch-site", "none")],
        ] {
            assert_eq!(
                request(&refused).check_post(3000),
                Err(Refusal::CrossSite),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn requests_are_taken_from_what_hyper_parsed() {
        let parts = |target: &str, value: &[u8]| {
            let (parts, ()) = hyper::Request::builder()
                .uri(target)
                .header("x-value", HeaderValue::from_bytes(value).unwrap())
                .body(())
                .unwrap()
                .into_parts();
            Request::from_parts(&parts)
        };
        let request = parts("/documents/%D8%A3.html?q=1", b"  v ").unwrap();
        assert_eq!(request.path, "/documents/أ.html");
        assert_eq!(request.headers, [("x-value".to_owned(), "v".to_owned())]);
        assert_eq!(
            parts("http://evil.example/", b"v"),
            Err(Refusal::BadRequest)
        );
        assert_eq!(parts("/%zz", b"v"), Err(Refusal::BadRequest));
        assert_eq!(parts("/", b"\xff"), Err(Refusal::BadRequest));
    }

    #[test]
    fn percent_escapes() {
        assert_eq!(
            percent_decode("/topics/%D9%82%D8%B3%D8%AF.html").as_deref(),
            Some("/topics/قسد.html")
        );
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/a%00b"), None);
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        assert_eq!(
            inject(b"<p>x</p></BODY></html>", "<script></script>"),
            b"<p>x</p><script></script></BODY></html>"
        );
        assert_eq!(inject(b"<p>x</p>", "<s>"), b"<p>x</p><s>");
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/b.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("dossier.json")), "application/json");
        assert_eq!(content_type(Path::new("x.WOFF2")), "font/woff2");
    }
}
