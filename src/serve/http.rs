//! HTTP/1.1 for a static site shown to a browser on the same machine:
//! `GET` and `HEAD`, kept-alive connections, files with their content
//! types, and one stream of server-sent events. Request heads are parsed by
//! `httparse`; what is isnad's own is the policy: which requests are
//! answered at all ([`Request::check`]), which files ([`resolve`]), and the
//! headers every answer carries.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// Not HTTP, or malformed (400).
    BadRequest,
    /// The request line and headers are over [`MAX_HEAD`] (431).
    TooLarge,
    /// The `Host` header does not name this server exactly (421).
    WrongHost,
    /// A request another site's page made (403).
    CrossSite,
    /// A request body over [`MAX_BODY`] (413).
    BodyTooLarge,
}

impl Refusal {
    /// The status line and a one-line explanation.
    pub(crate) fn status(self) -> (&'static str, &'static str) {
        match self {
            Refusal::BadRequest => ("400 Bad Request", "bad request"),
            Refusal::TooLarge => (
                "431 Request Header Fields Too Large",
                "the request headers are too large",
            ),
            Refusal::WrongHost => (
                "421 Misdirected Request",
                "isnad serve answers only to http://127.0.0.1:PORT/ and http://localhost:PORT/",
            ),
            Refusal::CrossSite => (
                "403 Forbidden",
                "isnad serve does not answer other sites' pages: open the preview itself",
            ),
            Refusal::BodyTooLarge => ("413 Content Too Large", "the request body is too large"),
        }
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

    /// The length the request says its body has: `Ok(0)` without a body;
    /// a body sent in chunks is refused.
    fn body_length(&self) -> Result<usize, Refusal> {
        if self.values("transfer-encoding").next().is_some()
            || self.values("content-length").count() > 1
        {
            return Err(Refusal::BadRequest);
        }
        match self.header("content-length") {
            None => Ok(0),
            Some(length) => length.parse().map_err(|_| Refusal::BadRequest),
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

/// A request larger than this (line and headers) is refused: a browser
/// never sends one, and reading must stay bounded.
const MAX_HEAD: usize = 16 * 1024;

/// At most this many header fields; more is refused like a head over
/// [`MAX_HEAD`] (httparse parses into a fixed array of this size).
const MAX_HEADERS: usize = 64;

/// The largest request body read (a selection and the text around it).
pub(crate) const MAX_BODY: usize = 256 * 1024;

/// How long a connection may stay silent, before its first request or
/// between two (keep-alive), before it is closed.
const IDLE: Duration = Duration::from_secs(10);

/// A browser's connection, read one request after another (HTTP/1.1
/// keep-alive). Request heads are parsed by `httparse`, the parser hyper
/// uses; this type only keeps them bounded and in order.
pub(crate) struct Connection {
    stream: TcpStream,
    /// Bytes read and not yet parsed (a pipelined next request).
    buffer: Vec<u8>,
    /// Whether the last request read lets the connection stay open.
    keep_alive: bool,
}

impl Connection {
    /// Wraps an accepted stream.
    pub(crate) fn new(stream: TcpStream) -> Connection {
        let _ = stream.set_read_timeout(Some(IDLE));
        Connection {
            stream,
            buffer: Vec::new(),
            keep_alive: false,
        }
    }

    /// The stream, to answer on.
    pub(crate) fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Whether the last request read asked, or allows, to keep the
    /// connection open for another one: HTTP/1.1, no `Connection: close`,
    /// and no request body (which is never read).
    pub(crate) fn keep_alive(&self) -> bool {
        self.keep_alive
    }

    /// Reads the next request head, at most [`MAX_HEAD`] bytes; `Ok(None)`
    /// when the client closed the connection, or left it idle, between
    /// two requests.
    pub(crate) fn next_request(&mut self) -> Result<Option<Request>, Refusal> {
        self.keep_alive = false;
        loop {
            if !self.buffer.is_empty() {
                if let Some((request, used)) = self.parse()? {
                    self.buffer.drain(..used);
                    return Ok(Some(request));
                }
            }
            if self.buffer.len() > MAX_HEAD {
                return Err(Refusal::TooLarge);
            }
            let mut chunk = [0; 4096];
            let room = (MAX_HEAD + 1 - self.buffer.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) | Err(_) if self.buffer.is_empty() => return Ok(None),
                // The client stopped, or stalled, before the end of the head.
                Ok(0) | Err(_) => return Err(Refusal::BadRequest),
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Reads the body of `request` (at most [`MAX_BODY`] bytes), which
    /// follows its head.
    pub(crate) fn read_body(&mut self, request: &Request) -> Result<Vec<u8>, Refusal> {
        let length = request.body_length()?;
        if length > MAX_BODY {
            return Err(Refusal::BodyTooLarge);
        }
        while self.buffer.len() < length {
            let mut chunk = [0; 8192];
            let room = (length - self.buffer.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) | Err(_) => return Err(Refusal::BadRequest),
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            }
        }
        Ok(self.buffer.drain(..length).collect())
    }

    /// Parses the buffer: the request and the bytes its head took, or
    /// `None` while the head is incomplete.
    fn parse(&mut self) -> Result<Option<(Request, usize)>, Refusal> {
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut fields);
        let used = match parsed.parse(&self.buffer) {
            Ok(httparse::Status::Complete(used)) => used,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) => return Err(Refusal::TooLarge),
            Err(_) => return Err(Refusal::BadRequest),
        };
        if used > MAX_HEAD {
            return Err(Refusal::TooLarge);
        }
        let (Some(method), Some(target)) = (parsed.method, parsed.path) else {
            return Err(Refusal::BadRequest);
        };
        // The absolute form (`GET http://host/ HTTP/1.1`) is for proxies.
        if !target.starts_with('/') {
            return Err(Refusal::BadRequest);
        }
        let mut headers = Vec::with_capacity(parsed.headers.len());
        for field in parsed.headers.iter() {
            let value = std::str::from_utf8(field.value).map_err(|_| Refusal::BadRequest)?;
            headers.push((field.name.to_ascii_lowercase(), value.trim().to_owned()));
        }
        let raw_path = target.split(['?', '#']).next().unwrap_or("/");
        let request = Request {
            method: method.to_owned(),
            path: percent_decode(raw_path).ok_or(Refusal::BadRequest)?,
            headers,
        };
        self.keep_alive = parsed.version == Some(1) && request.may_keep_alive();
        Ok(Some((request, used)))
    }
}

impl Request {
    /// Whether the connection may carry another request after this one:
    /// no `Connection: close`, and no body that would have to be read.
    fn may_keep_alive(&self) -> bool {
        let closes = self
            .values("connection")
            .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
        let body = self.values("transfer-encoding").next().is_some()
            || self.values("content-length").any(|v| v.trim() != "0");
        !closes && !body
    }
}

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

/// The file below `site` that a URL path names (`index.html` for a
/// folder), or `None` for a path that tries to leave the site.
pub(crate) fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let mut path = site.to_path_buf();
    for part in url_path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains('\\') => return None,
            part => path.push(part),
        }
    }
    if url_path.ends_with('/') || path.is_dir() {
        path.push("index.html");
    }
    Some(path)
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

/// The headers every answer carries: nothing is cached, sniffed, framed
/// or read by another origin.
const POLICY_HEADERS: &str = "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
     Cross-Origin-Resource-Policy: same-origin\r\nCross-Origin-Opener-Policy: same-origin\r\n\
     X-Frame-Options: SAMEORIGIN\r\n";

/// Writes a whole response. `head` leaves the body out (a `HEAD` request)
/// but keeps its length; `keep_alive` tells the client whether the
/// connection stays open for its next request.
pub(crate) fn respond(
    mut stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {POLICY_HEADERS}Connection: {connection}\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Starts a response whose body is a stream of server-sent events, sent
/// until the client goes away (the connection then closes).
pub(crate) fn start_event_stream(mut stream: &TcpStream) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
         {POLICY_HEADERS}Connection: close\r\n\r\n"
    );
    stream.write_all(header.as_bytes())?;
    stream.flush()
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
        let site = Path::new("/srv/site");
        assert_eq!(
            resolve(site, "/documents/a.html"),
            Some(PathBuf::from("/srv/site/documents/a.html"))
        );
        assert_eq!(
            resolve(site, "/"),
            Some(PathBuf::from("/srv/site/index.html"))
        );
        assert_eq!(resolve(site, "/../etc/passwd"), None);
        assert_eq!(resolve(site, "/a/..\\..\\b"), None);
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
    fn bodies_have_a_length() {
        let length = |headers: &[(&str, &str)]| request(headers).body_length();
        assert_eq!(length(&[]), Ok(0));
        assert_eq!(length(&[("content-length", "12")]), Ok(12));
        assert_eq!(length(&[("content-length", "x")]), Err(Refusal::BadRequest));
        assert_eq!(
            length(&[("transfer-encoding", "chunked")]),
            Err(Refusal::BadRequest)
        );
        assert_eq!(
            length(&[("content-length", "1"), ("content-length", "1")]),
            Err(Refusal::BadRequest)
        );
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
