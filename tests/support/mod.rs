//! The board the suite's command tests run `zhixuan` against, in process: a real board on
//! SQLite in a temporary folder, served on a local port, either reached directly or behind
//! the test kit's [`Proxy`], which loses answers and stalls on purpose; and the keys the
//! tests make with `keygen`. Each test file uses part of it.
#![allow(dead_code)]

use clap::Parser;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::{CliError, Lang, Report, Ui};
use zhixuan_record::client::BoardClient;
use zhixuan_tally::VerifyingKey;
use zhixuan_testkit::{board_signer, Proxy, TempDir};

pub struct TestBoard {
    pub dir: TempDir,
    pub store: SqliteStore,
    pub server: Local,
    /// Commands go through it when there is one, and wait a second for an answer.
    proxy: Option<Proxy>,
}

impl TestBoard {
    /// A board whose checkpoints are signed by `board_signer(seed)`, reached directly.
    pub async fn start(name: &str, seed: u8) -> Self {
        let dir = TempDir::new(&format!("zhixuan_suite_{name}"));
        let store = SqliteStore::open(&dir.path().join("board.db"))
            .await
            .unwrap();
        let board = Board::open(store.clone(), board_signer(seed))
            .await
            .unwrap();
        let server = serve_local(board, Limits::default()).await.unwrap();
        Self {
            dir,
            store,
            server,
            proxy: None,
        }
    }

    /// The same board, with every command sent through a [`Proxy`].
    pub async fn behind_proxy(name: &str, seed: u8) -> Self {
        let mut board = Self::start(name, seed).await;
        board.proxy = Some(Proxy::start(board.server.addr).await);
        board
    }

    /// The proxy in front of the board.
    pub fn proxy(&self) -> &Proxy {
        self.proxy.as_ref().expect("this board has no proxy")
    }

    /// Runs one `zhixuan` command line against this board.
    pub async fn zx(&self, args: &[&str]) -> Result<Report, CliError> {
        let mut line = vec!["zhixuan", "--board"];
        match &self.proxy {
            Some(proxy) => line.extend([proxy.url.as_str(), "--timeout", "1"]),
            None => line.push(&self.server.url),
        }
        line.extend(["--lang", "en"]);
        line.extend(args.iter().copied());
        let cli = zhixuan_cli::Cli::try_parse_from(line).unwrap();
        zhixuan_cli::run(cli, &Ui::quiet(Lang::En)).await
    }

    pub async fn ok(&self, args: &[&str]) -> Report {
        match self.zx(args).await {
            Ok(report) => report,
            Err(e) => panic!("zhixuan {args:?}: {e}"),
        }
    }

    /// A file in the board's temporary folder.
    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// A client of the board itself, past any proxy.
    pub fn client(&self) -> BoardClient {
        BoardClient::new(&self.server.url)
    }

    pub async fn stop(self) {
        drop(self.proxy);
        self.server.stop().await.unwrap();
        self.store.close().await;
    }
}

/// The organiser's and the five trustees' keys, made with `keygen`.
pub struct People {
    pub organiser: VerifyingKey,
    pub trustees: Vec<VerifyingKey>,
}

pub async fn keygen(board: &TestBoard) -> People {
    let public = |report: Report| match report {
        Report::KeyCreated(k) => {
            <VerifyingKey as serde::Deserialize>::deserialize(&serde_json::json!(k.public_key))
                .unwrap()
        }
        other => panic!("{other:?}"),
    };
    let organiser = public(
        board
            .ok(&["organiser", "keygen", "--out", &board.path("organiser.key")])
            .await,
    );
    let mut trustees = Vec::new();
    for i in 1..=5 {
        let out = board.path(&format!("trustee-{i}.key"));
        trustees.push(public(
            board.ok(&["trustee", "keygen", "--out", &out]).await,
        ));
    }
    People {
        organiser,
        trustees,
    }
}
