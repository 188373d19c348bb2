//! `zhixuan`: parses the command line, runs the command, prints its report (or an error a
//! person can act on) and exits with the status the error calls for.

use std::process::ExitCode;

use clap::Parser;
use zhixuan_cli::{run, Cli, Lang, Ui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    let ui = Ui::new(lang, cli.json);
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("zhixuan: {e}");
            return ExitCode::from(zhixuan_cli::error::EXIT_FAILED);
        }
    };
    let outcome = runtime.block_on(run(cli, &ui)).and_then(|report| {
        if json {
            report.to_json()
        } else {
            Ok(report.render(lang))
        }
    });
    match outcome {
        Ok(text) => {
            if print(&text) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(zhixuan_cli::error::EXIT_FAILED)
            }
        }
        Err(e) => {
            if json {
                let body = serde_json::json!({
                    "error": e.code().unwrap_or("error"),
                    "message": e.message(lang),
                });
                print(&body.to_string());
            }
            eprintln!("zhixuan: {}", e.message(lang));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Prints the report. A reader that stopped reading (`zhixuan status | head -1`) is not a
/// failure of the command; any other write error is.
fn print(text: &str) -> bool {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("zhixuan: {e}");
            false
        }
    }
}
