//! `zhixuan-board`: the bulletin-board server.
//!
//! ```text
//! zhixuan-board --listen 127.0.0.1:8080 --database sqlite:board.db --key board.key
//! zhixuan-board --database postgres://postgres@127.0.0.1/test --key board.key
//! ```

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use zhixuan_board::server::rate::WriteRate;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::{PostgresStore, SqliteStore, Store};
use zhixuan_record::{CheckpointSigner, KeyName, SigningKey};

/// The Zhixuan bulletin board: an append-only, verifiable log of elections.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = "Example:\n  zhixuan-board --listen 127.0.0.1:8080 --database sqlite:board.db --key board.key"
)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "ZHIXUAN_BOARD_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// `sqlite:PATH` (the default, embedded) or a `postgres://` URL (several servers sharing one database).
    #[arg(
        long,
        env = "ZHIXUAN_BOARD_DATABASE",
        default_value = "sqlite:zhixuan-board.db"
    )]
    database: String,
    /// The board's checkpoint signing key: created, readable only by its owner, if missing;
    /// refused if anyone else may read it.
    #[arg(long, env = "ZHIXUAN_BOARD_KEY", default_value = "zhixuan-board.key")]
    key: PathBuf,
    /// The name the board signs checkpoints under.
    #[arg(long, env = "ZHIXUAN_BOARD_NAME", default_value = "zhixuan.board")]
    name: String,
    /// The largest request body, in bytes.
    #[arg(long, env = "ZHIXUAN_BOARD_BODY_LIMIT", default_value_t = 8 * 1024 * 1024)]
    body_limit: usize,
    /// How long a request may take, in seconds.
    #[arg(long, env = "ZHIXUAN_BOARD_TIMEOUT", default_value_t = 30)]
    timeout: u64,
    /// Seconds a request head may take to arrive, and a connection may sit idle between
    /// requests.
    #[arg(long, env = "ZHIXUAN_BOARD_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Writes per second one client address may make on average (429 past it); 0 for no
    /// limit, e.g. behind a proxy that limits instead, or for a load test from one address.
    #[arg(long, env = "ZHIXUAN_BOARD_RATE_LIMIT", default_value_t = 50)]
    rate_limit: u32,
    /// Writes one client address may make at once, after a quiet spell (a polling station
    /// behind one address sends its voters' ballots in bursts).
    #[arg(long, env = "ZHIXUAN_BOARD_RATE_BURST", default_value = "200")]
    rate_burst: NonZeroU32,
}

/// The board's signing key from `path`, created (readable by its owner only) if missing.
/// A key file that anyone but its owner may read is refused: whoever read it can sign
/// checkpoints in the board's name.
fn load_key(path: &Path) -> Result<SigningKey, String> {
    match std::fs::File::open(path) {
        Ok(mut file) => {
            // The permissions checked are those of the file opened, not of whatever the
            // path names later.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = file
                    .metadata()
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                    .permissions()
                    .mode()
                    & 0o777;
                if mode & 0o077 != 0 {
                    return Err(format!(
                        "{} may be read by others (mode {mode:o}): anyone who read it can sign \
                         in the board's name; make a new key, or `chmod 600` it if no one did",
                        path.display()
                    ));
                }
            }
            let mut text = String::new();
            file.read_to_string(&mut text)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let mut bytes = [0u8; 32];
            hex::decode_to_slice(text.trim(), &mut bytes)
                .map_err(|_| format!("{} does not hold a 32-byte hex key", path.display()))?;
            Ok(SigningKey::from_bytes(&bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
            let key = SigningKey::from_bytes(&bytes);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            writeln!(file, "{}", hex::encode(bytes))
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            tracing::info!(path = %path.display(), "created a new board key");
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

async fn serve<S: Store>(store: S, signer: CheckpointSigner, args: &Args) -> Result<(), String> {
    let board = Board::open(store, signer)
        .await
        .map_err(|e| e.body.message)?;
    tracing::info!(key = %board.board_key(), "board key");
    let limits = Limits {
        body_bytes: args.body_limit,
        timeout: Duration::from_secs(args.timeout),
        header_timeout: Duration::from_secs(args.header_timeout),
        writes: NonZeroU32::new(args.rate_limit).map(|per_second| WriteRate {
            per_second,
            burst: args.rate_burst,
        }),
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    tracing::info!(address = %args.listen, "listening");
    zhixuan_board::server::http::serve(listener, board, limits, shutdown())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .json()
        .init();
    let args = Args::parse();
    let result = async {
        let key = load_key(&args.key)?;
        let name: KeyName = args.name.parse().map_err(|e| format!("--name: {e}"))?;
        let signer = CheckpointSigner::new(name, key);
        if let Some(path) = args.database.strip_prefix("sqlite:") {
            let store = SqliteStore::open(Path::new(path))
                .await
                .map_err(|e| e.to_string())?;
            serve(store, signer, &args).await
        } else if args.database.starts_with("postgres://")
            || args.database.starts_with("postgresql://")
        {
            let store = PostgresStore::connect(&args.database)
                .await
                .map_err(|e| e.to_string())?;
            serve(store, signer, &args).await
        } else {
            Err(format!(
                "--database must be sqlite:PATH or a postgres:// URL, not `{}`",
                args.database
            ))
        }
    }
    .await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("zhixuan-board: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
