//! Serving the board over HTTP/1.1 (`spec/board.md` §7.1).
//!
//! hyper answers a request head it cannot read by itself, before any of the board's code
//! runs, and with an empty body: 400 for a head that does not parse, 414 for a long
//! target, 431 for large or many header fields. And a head that never finishes would hold
//! its connection for as long as the client likes. So each connection passes through a
//! [`Gate`] that reads every request head first, with a deadline, and checks it as hyper
//! would, against tighter limits: a head hyper would refuse never reaches hyper. The gate
//! answers it with the board's [`ErrorBody`](zhixuan_record::ErrorBody) and closes the
//! connection; a head it passes is handed to hyper with exactly its body (by
//! `Content-Length`), and the gate reads the next head after it.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, Uri};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Sleep;
use tower::{Service, ServiceExt};

use super::error::ApiError;
use super::{router, Board, Limits};
use crate::store::Store;
use zhixuan_record::ErrorCode;

/// The longest request target (path and query string) the board reads, in bytes.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// The largest request head (request line and header fields) the board reads, in bytes.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields a request may have.
pub const MAX_HEADER_FIELDS: usize = 100;

/// Serves `board` on `listener` until `shutdown` completes; then stops accepting, lets the
/// requests under way finish, and returns.
pub async fn serve<S: Store>(
    listener: TcpListener,
    board: Arc<Board<S>>,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    // The peer address is what the write rate is kept per.
    let mut make = router(board, limits).into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopping) = watch::channel(());
    let mut connections = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    // Out of file descriptors, a connection reset before it was accepted:
                    // the listener itself is fine. Wait a moment rather than spin.
                    Err(e) => {
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(ready) = ServiceExt::<SocketAddr>::ready(&mut make).await;
                let Ok(service) = ready.call(peer).await;
                connections.spawn(connection(stream, service, limits.header_timeout, stopping.clone()));
            }
        }
    }
    drop(listener);
    stop.send_replace(());
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// A board served on a free loopback port by a task of this process, as tests, benchmarks
/// and demonstrations run one. Dropping it aborts the task; [`Local::stop`] stops it as
/// [`serve`] stops.
pub struct Local {
    /// The address the board listens on.
    pub addr: SocketAddr,
    /// `http://` and the address.
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl Local {
    /// Stops accepting connections, lets the requests under way finish, and waits until the
    /// task has returned (and dropped the board with its store).
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await.map_err(io::Error::other)?
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `board` with `limits` on a free loopback port, from a task of its own.
pub async fn serve_local<S: Store>(board: Arc<Board<S>>, limits: Limits) -> io::Result<Local> {
    let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, board, limits, async {
        let _ = stopped.await;
    }));
    Ok(Local {
        addr,
        url: format!("http://{addr}"),
        stop: Some(stop),
        task,
    })
}

/// Serves one connection until the client or hyper closes it, or until the server stops
/// (then the request under way is finished first).
async fn connection<T>(
    stream: TcpStream,
    service: T,
    header_timeout: Duration,
    mut stopping: watch::Receiver<()>,
) where
    T: Service<
            axum::http::Request<hyper::body::Incoming>,
            Response = axum::response::Response,
            Error = Infallible,
        > + Clone
        + Send
        + 'static,
    T::Future: Send,
{
    let io = TokioIo::new(Gate::new(stream, header_timeout));
    let mut http = hyper::server::conn::http1::Builder::new();
    // A client may close its side once it has sent a request and still read the answer;
    // and hyper then reads only when it wants a request head or body, which is what the
    // gate's deadline measures.
    http.half_close(true).max_headers(MAX_HEADER_FIELDS);
    let mut conn = pin!(http.serve_connection(io, TowerToHyperService::new(service)));
    let mut stopped = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended");
                }
                return;
            }
            changed = stopping.changed(), if !stopped => {
                stopped = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Where the gate is in the request stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Reading a request head.
    Head,
    /// Passing a request body through to hyper: this many bytes are still to come.
    Body(u64),
    /// Nothing more is read: the client closed, or the gate refused a head.
    Closed,
}

/// What a complete request head allows.
enum Verdict {
    /// Hand the head (its first `head` bytes) and a body of `body` bytes to hyper.
    Pass { head: usize, body: u64 },
    /// Answer this and close the connection.
    Refuse(ApiError),
}

/// A connection as hyper sees it: request heads are read and checked first (see the
/// module's documentation); writes go straight through.
pub(crate) struct Gate<T> {
    inner: T,
    header_timeout: Duration,
    stage: Stage,
    /// Bytes read from the client and not yet handed to hyper: the next request head, as
    /// far as it has arrived.
    pending: Vec<u8>,
    /// How much of `pending` has been searched for the end of the head.
    searched: usize,
    /// Bytes handed to hyper and not yet read by it: a head, with whatever of its body
    /// arrived with it.
    released: Vec<u8>,
    /// How much of `released` hyper has read.
    read: usize,
    /// When the head being waited for must have arrived; set once hyper asks for a head.
    deadline: Option<Pin<Box<Sleep>>>,
    /// The answer to a refused head, and how much of it is written; written when hyper
    /// closes the connection, after whatever it was still answering.
    refusal: Option<(Vec<u8>, usize)>,
}

impl<T> Gate<T> {
    pub(crate) fn new(inner: T, header_timeout: Duration) -> Self {
        Self {
            inner,
            header_timeout,
            stage: Stage::Head,
            pending: Vec::new(),
            searched: 0,
            released: Vec::new(),
            read: 0,
            deadline: None,
            refusal: None,
        }
    }

    /// Stops reading: hyper sees the end of the stream, closes the connection, and the
    /// gate answers `error` as it does.
    fn refuse(&mut self, error: ApiError) {
        self.stage = Stage::Closed;
        self.refusal = Some((http_answer(error), 0));
    }

    /// Moves `n` bytes from the front of `pending` to `released`.
    fn release(&mut self, n: usize) {
        if self.read == self.released.len() {
            self.released.clear();
            self.read = 0;
        }
        self.released.extend(self.pending.drain(..n));
        self.searched = 0;
    }

    /// Examines the head in `pending`; `None` while it is incomplete and within limits.
    fn examine(&mut self) -> Option<Verdict> {
        // httparse ends a head at an empty line, "\r\n\r\n" or a bare "\n\n": search the
        // new bytes (and the three before them) for one before parsing anything.
        let from = self.searched.saturating_sub(3);
        let new = &self.pending[from..];
        let ended = new.windows(2).any(|w| w == b"\n\n") || new.windows(3).any(|w| w == b"\n\r\n");
        self.searched = self.pending.len();
        if !ended {
            return (self.pending.len() >= MAX_HEAD_BYTES).then(|| too_large(&self.pending));
        }
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADER_FIELDS];
        let mut request = httparse::Request::new(&mut fields);
        match request.parse(&self.pending) {
            Ok(httparse::Status::Partial) => {
                (self.pending.len() >= MAX_HEAD_BYTES).then(|| too_large(&self.pending))
            }
            Ok(httparse::Status::Complete(head)) if head > MAX_HEAD_BYTES => {
                Some(too_large(&self.pending))
            }
            Ok(httparse::Status::Complete(head)) => Some(match body_length(&request) {
                Ok(body) => Verdict::Pass { head, body },
                Err(error) => Verdict::Refuse(error),
            }),
            Err(httparse::Error::TooManyHeaders) => Some(Verdict::Refuse(headers_too_large(
                format!("the request has more than {MAX_HEADER_FIELDS} header fields"),
            ))),
            Err(e) => Some(Verdict::Refuse(unreadable(format!(
                "its head does not parse ({e})"
            )))),
        }
    }
}

/// The refusal of a head that reached [`MAX_HEAD_BYTES`]: 414 while its request line has
/// not ended, 431 after.
fn too_large(pending: &[u8]) -> Verdict {
    Verdict::Refuse(if pending.contains(&b'\n') {
        headers_too_large(format!(
            "the request's header fields are longer than {MAX_HEAD_BYTES} bytes"
        ))
    } else {
        uri_too_long()
    })
}

/// Checks a complete head as hyper would (`spec/board.md` §7.1), and gives the length of
/// its body.
fn body_length(request: &httparse::Request<'_, '_>) -> Result<u64, ApiError> {
    let method = request.method.unwrap_or_default();
    Method::from_bytes(method.as_bytes())
        .map_err(|_| unreadable(format!("its method `{method}` is not a method")))?;
    let target = request.path.unwrap_or_default();
    if target.len() > MAX_TARGET_BYTES {
        return Err(uri_too_long());
    }
    Uri::try_from(target).map_err(|e| unreadable(format!("its target is not a URI ({e})")))?;
    let mut length: Option<u64> = None;
    for field in request.headers.iter() {
        let name = HeaderName::from_bytes(field.name.as_bytes())
            .map_err(|_| unreadable(format!("`{}` is not a header name", field.name)))?;
        HeaderValue::from_bytes(field.value)
            .map_err(|_| unreadable(format!("the value of `{name}` is not a header value")))?;
        if name == axum::http::header::TRANSFER_ENCODING {
            return Err(ApiError::new(ErrorCode::LengthRequired,
                "the board takes a request body only with its Content-Length, never with a Transfer-Encoding; send the body whole, with its length",
            ));
        }
        if name == axum::http::header::CONTENT_LENGTH {
            // Like hyper: a list of values, or several fields, all the same number.
            let text = std::str::from_utf8(field.value).unwrap_or_default();
            for value in text.split(',').map(str::trim) {
                let n = value
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| value.parse::<u64>().ok())
                    .flatten()
                    .filter(|n| length.is_none_or(|l| l == *n))
                    .ok_or_else(|| unreadable("its Content-Length is not one number".into()))?;
                length = Some(n);
            }
        }
    }
    Ok(length.unwrap_or(0))
}

fn unreadable(why: String) -> ApiError {
    ApiError::new(
        ErrorCode::BadRequest,
        format!("the request is not HTTP/1.1 the board can read: {why}"),
    )
}

fn uri_too_long() -> ApiError {
    ApiError::new(ErrorCode::UriTooLong,
        format!("the request's path and query string are longer than the {MAX_TARGET_BYTES} bytes the board reads"),
    )
}

fn headers_too_large(why: String) -> ApiError {
    ApiError::new(ErrorCode::HeadersTooLarge,
        format!("{why}; the board reads at most {MAX_HEADER_FIELDS} fields and {MAX_HEAD_BYTES} bytes of head"),
    )
}

/// `error` as the bytes of an HTTP/1.1 answer that closes the connection.
fn http_answer(error: ApiError) -> Vec<u8> {
    let status = error.status;
    let body = serde_json::to_vec(&error.body).unwrap_or_default();
    let mut answer = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default(),
        body.len()
    )
    .into_bytes();
    answer.extend(body);
    answer
}

impl<T: AsyncRead + Unpin> AsyncRead for Gate<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        // Nothing can be read into no room; an empty read must not look like the end.
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if this.read < this.released.len() {
                let n = buf.remaining().min(this.released.len() - this.read);
                buf.put_slice(&this.released[this.read..this.read + n]);
                this.read += n;
                return Poll::Ready(Ok(()));
            }
            match this.stage {
                // The end of the stream, as hyper sees it.
                Stage::Closed => return Poll::Ready(Ok(())),
                Stage::Body(0) => this.stage = Stage::Head,
                Stage::Body(left) if !this.pending.is_empty() => {
                    let n = usize::try_from(left)
                        .map_or(this.pending.len(), |left| left.min(this.pending.len()));
                    this.release(n);
                    this.stage = Stage::Body(left - n as u64);
                }
                Stage::Body(left) => {
                    let room = usize::try_from(left)
                        .map_or(buf.remaining(), |left| left.min(buf.remaining()));
                    let mut part = ReadBuf::new(buf.initialize_unfilled_to(room));
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut part))?;
                    let n = part.filled().len();
                    buf.advance(n);
                    this.stage = if n == 0 {
                        Stage::Closed
                    } else {
                        Stage::Body(left - n as u64)
                    };
                    return Poll::Ready(Ok(()));
                }
                Stage::Head => {
                    match this.examine() {
                        Some(Verdict::Pass { head, body }) => {
                            this.release(head);
                            this.deadline = None;
                            this.stage = Stage::Body(body);
                            continue;
                        }
                        Some(Verdict::Refuse(error)) => {
                            this.refuse(error);
                            continue;
                        }
                        None => {}
                    }
                    // hyper is waiting for a head: from now on it has `header_timeout`,
                    // however the head trickles in.
                    let timeout = this.header_timeout;
                    let deadline = this
                        .deadline
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                    if deadline.as_mut().poll(cx).is_ready() {
                        // An idle connection is closed without a word; a head begun and not
                        // finished is answered.
                        if this.pending.is_empty() {
                            this.stage = Stage::Closed;
                        } else {
                            this.refuse(ApiError::new(ErrorCode::HeaderTimeout,
                                format!(
                                    "the request's head did not arrive in full within {} s; nothing was read",
                                    timeout.as_secs_f64()
                                ),
                            ));
                        }
                        continue;
                    }
                    let mut chunk = [0u8; 8 * 1024];
                    let mut part = ReadBuf::new(&mut chunk);
                    match Pin::new(&mut this.inner).poll_read(cx, &mut part) {
                        Poll::Ready(Ok(())) if part.filled().is_empty() => {
                            // The client closed: between requests, that is the end; in the
                            // middle of a head, it gets an answer should it still read.
                            if this.pending.is_empty() {
                                this.stage = Stage::Closed;
                            } else {
                                this.refuse(unreadable(
                                    "the connection ended in the middle of its head".into(),
                                ));
                            }
                        }
                        Poll::Ready(Ok(())) => this.pending.extend_from_slice(part.filled()),
                        Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                        // The deadline's waker is registered: it was polled above.
                        Poll::Pending => return Poll::Pending,
                    }
                }
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Gate<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Some((answer, written)) = &mut this.refusal {
            while *written < answer.len() {
                match ready!(Pin::new(&mut this.inner).poll_write(cx, &answer[*written..])) {
                    Ok(n) if n > 0 => *written += n,
                    // The client is gone; there is no one to answer.
                    _ => break,
                }
            }
            this.refusal = None;
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Feeds `input` through a gate whose client then closes, and returns what hyper would
    /// read and what the gate answers.
    async fn through(input: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
        let (mut client, server) = tokio::io::duplex(1 << 20);
        client.write_all(input).await.unwrap();
        client.shutdown().await.unwrap();
        let mut gate = Gate::new(server, Duration::from_secs(5));
        let mut seen = Vec::new();
        gate.read_to_end(&mut seen).await.unwrap();
        (seen, gate.refusal.map(|(answer, _)| answer))
    }

    #[tokio::test]
    async fn pipelined_requests_pass_with_exactly_their_bodies() {
        let input = b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n";
        let (seen, refusal) = through(input).await;
        assert_eq!(seen, input);
        assert!(refusal.is_none());
    }

    #[tokio::test]
    async fn a_bad_head_after_a_good_one_is_refused_alone() {
        let good = b"GET /a HTTP/1.1\r\n\r\n";
        let mut input = good.to_vec();
        input.extend_from_slice(b"GET /b HTTP/1.1\r\nno colon\r\n\r\n");
        let (seen, refusal) = through(&input).await;
        assert_eq!(
            seen, good,
            "hyper reads the good request and nothing after it"
        );
        let answer = String::from_utf8(refusal.unwrap()).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{answer}"
        );
        assert!(answer.contains("\"code\":\"bad_request\""), "{answer}");
    }

    #[tokio::test]
    async fn conflicting_lengths_are_refused() {
        let (seen, refusal) =
            through(b"POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
                .await;
        assert!(seen.is_empty());
        assert!(String::from_utf8(refusal.unwrap())
            .unwrap()
            .starts_with("HTTP/1.1 400 "));
        let (seen, refusal) = through(b"POST /a HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab").await;
        assert_eq!(seen, b"POST /a HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab");
        assert!(refusal.is_none());
    }

    #[tokio::test]
    async fn a_head_that_trickles_in_is_cut_off_at_the_deadline() {
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let mut gate = Gate::new(server, Duration::from_millis(300));
        let trickle = tokio::spawn(async move {
            // A byte every 20 ms, for far longer than the deadline, never ending the head.
            for _ in 0..250 {
                if client.write_all(b"x").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        let started = std::time::Instant::now();
        let mut seen = Vec::new();
        gate.read_to_end(&mut seen).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(seen.is_empty());
        let answer = String::from_utf8(gate.refusal.take().unwrap().0).unwrap();
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
        assert!(answer.contains("\"code\":\"header_timeout\""), "{answer}");
        trickle.abort();
    }

    #[tokio::test]
    async fn a_body_is_not_read_as_a_head() {
        // The body holds what would be a bad head: it is passed through as body.
        let input = b"POST /a HTTP/1.1\r\nContent-Length: 8\r\n\r\nx\r\n\r\n!!!";
        let (seen, refusal) = through(input).await;
        assert_eq!(seen, input);
        assert!(refusal.is_none());
    }
}
