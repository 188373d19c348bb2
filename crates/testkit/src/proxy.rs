//! A proxy in front of a board that loses answers on purpose: what a voter's phone or an
//! organiser's laptop meets on a bad connection. Every request goes to the board on a
//! connection of its own (`Connection: close` both ways, so that no client reuses one), and
//! the next request that matches a queued [`Fault`] suffers it:
//!
//! - [`Fault::LoseAnswer`]: the request reaches the board, which acts on it; its answer
//!   never comes back (the connection is closed);
//! - [`Fault::Stall`]: the request never reaches the board, and no answer ever comes.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What happens to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The board gets the request; the client never gets the answer.
    LoseAnswer,
    /// Nobody answers: the connection stays open and silent.
    Stall,
}

/// A fault for the next request whose method and path match.
#[derive(Clone, Debug)]
struct Rule {
    method: String,
    path: String,
    fault: Fault,
}

/// The proxy: serves until dropped.
pub struct Proxy {
    /// Its base URL, to give clients instead of the board's.
    pub url: String,
    rules: Arc<Mutex<VecDeque<Rule>>>,
    suffered: Arc<Mutex<Vec<(String, Fault)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// A proxy on a free local port in front of the board at `board`.
    pub async fn start(board: SocketAddr) -> Self {
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("a local port for the proxy");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let rules: Arc<Mutex<VecDeque<Rule>>> = Arc::default();
        let suffered: Arc<Mutex<Vec<(String, Fault)>>> = Arc::default();
        let (r, s) = (Arc::clone(&rules), Arc::clone(&suffered));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (r, s) = (Arc::clone(&r), Arc::clone(&s));
                tokio::spawn(async move {
                    let _ = serve(client, board, &r, &s).await;
                });
            }
        });
        Self {
            url,
            rules,
            suffered,
            task,
        }
    }

    /// The next request with this method whose path starts with `path` suffers `fault`.
    /// Faults queue in order.
    pub fn next(&self, method: &str, path: &str, fault: Fault) {
        self.rules
            .lock()
            .expect("the proxy's rules")
            .push_back(Rule {
                method: method.to_owned(),
                path: path.to_owned(),
                fault,
            });
    }

    /// The requests ("METHOD path") that suffered a fault so far, with it.
    pub fn suffered(&self) -> Vec<(String, Fault)> {
        self.suffered.lock().expect("the proxy's log").clone()
    }
}

/// Reads one HTTP/1.1 message head and its `Content-Length` body (none else is sent here).
async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    let end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while data.len() < end + length {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..n]);
    }
    Some((head, data[end..end + length].to_vec()))
}

/// A message head with its `Connection` header replaced by `Connection: close`.
fn closing(head: &str) -> String {
    let mut out = String::with_capacity(head.len() + 20);
    for line in head.trim_end_matches("\r\n").split("\r\n") {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

async fn serve(
    mut client: TcpStream,
    board: SocketAddr,
    rules: &Mutex<VecDeque<Rule>>,
    suffered: &Mutex<Vec<(String, Fault)>>,
) -> std::io::Result<()> {
    let Some((head, body)) = read_request(&mut client).await else {
        return Ok(());
    };
    let mut words = head.split_whitespace();
    let (method, path) = (
        words.next().unwrap_or_default().to_owned(),
        words.next().unwrap_or_default().to_owned(),
    );
    let fault = {
        let mut rules = rules.lock().expect("the proxy's rules");
        let hit = rules
            .iter()
            .position(|r| r.method == method && path.starts_with(&r.path));
        hit.and_then(|i| rules.remove(i)).map(|r| r.fault)
    };
    if let Some(fault) = fault {
        suffered
            .lock()
            .expect("the proxy's log")
            .push((format!("{method} {path}"), fault));
    }
    if fault == Some(Fault::Stall) {
        // Hold the connection, silent, until the client gives up.
        let mut sink = [0u8; 1024];
        while client.read(&mut sink).await? > 0 {}
        return Ok(());
    }
    let mut upstream = TcpStream::connect(board).await?;
    upstream.write_all(closing(&head).as_bytes()).await?;
    upstream.write_all(&body).await?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await?;
    if fault == Some(Fault::LoseAnswer) {
        return Ok(());
    }
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(answer.len(), |at| at + 4);
    let answer_head = closing(&String::from_utf8_lossy(&answer[..end]));
    client.write_all(answer_head.as_bytes()).await?;
    client.write_all(&answer[end..]).await?;
    client.shutdown().await
}
