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
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                let body = serde_json::json!({
                    "error": e.code().unwrap_or("error"),
                    "message": e.message(lang),
                });
                println!("{body}");
            }
            eprintln!("zhixuan: {}", e.message(lang));
            ExitCode::from(e.exit_code())
        }
    }
}
