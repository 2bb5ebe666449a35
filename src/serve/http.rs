//! Just enough HTTP/1.1 to serve a static site to a browser on the same
//! machine: `GET` and `HEAD`, one request per connection, files with their
//! content types. The standard library's `TcpListener` is all it needs; a
//! preview server that only ever listens on 127.0.0.1 does not need a web
//! framework.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A request line, once its path is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET` or `HEAD` (anything else is answered 405).
    pub(crate) method: String,
    /// The path, percent-decoded, without the query string.
    pub(crate) path: String,
    /// The `Host` header, if any.
    pub(crate) host: Option<String>,
}

impl Request {
    /// Whether the request names this machine. A page of another site can
    /// make a browser send requests to 127.0.0.1 under its own host name
    /// (DNS rebinding) and read the answers; an unpublished dossier must
    /// not be readable that way, so other host names are refused.
    pub(crate) fn is_local(&self) -> bool {
        let Some(host) = &self.host else {
            return true;
        };
        let name = match host.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or_default(),
            None => host
                .rsplit_once(':')
                .map_or(host.as_str(), |(name, _)| name),
        };
        matches!(
            name.to_ascii_lowercase().as_str(),
            "127.0.0.1" | "localhost" | "::1"
        )
    }
}

/// A request larger than this (line and headers) is refused: a browser
/// never sends one, and reading must stay bounded.
const MAX_HEAD: usize = 16 * 1024;

/// Reads the request line and skips the headers. `None` when the client
/// sent nothing usable.
pub(crate) fn read_request(stream: &TcpStream) -> Option<Request> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?;
    parts.next()?.starts_with("HTTP/").then_some(())?;
    // Only `Host` matters; the others are read so that the client is not
    // reset while still sending.
    let mut host = None;
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = header.split_once(':') {
                    if name.trim().eq_ignore_ascii_case("host") {
                        host = Some(value.trim().to_owned());
                    }
                }
            }
            Err(_) => return None,
        }
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or("/");
    Some(Request {
        method,
        path: percent_decode(raw_path)?,
        host,
    })
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

/// Writes a whole response and closes the exchange. `head` leaves the body
/// out (a `HEAD` request) but keeps its length.
pub(crate) fn respond(
    mut stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
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

    #[test]
    fn only_local_host_names_are_served() {
        let request = |host: Option<&str>| Request {
            method: "GET".to_owned(),
            path: "/".to_owned(),
            host: host.map(str::to_owned),
        };
        for host in [
            None,
            Some("127.0.0.1:3000"),
            Some("localhost"),
            Some("[::1]:3000"),
        ] {
            assert!(request(host).is_local(), "{host:?}");
        }
        for host in ["evil.example:3000", "127.0.0.1.evil.example", "[::2]:3000"] {
            assert!(!request(Some(host)).is_local(), "{host}");
        }
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
