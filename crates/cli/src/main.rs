//! `zhixuan`: parses the command line, runs the command, prints its report (or an error a
//! person can act on) and exits with the status the error calls for.

use std::process::ExitCode;

use clap::FromArgMatches;
use zhixuan_cli::{run, Cli, Lang, Ui};

fn main() -> ExitCode {
    // `--help` speaks the language asked for (`--lang`, else the locale), so that is read
    // before the command line itself.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let asked = args
        .windows(2)
        .find_map(|w| (w[0] == "--lang").then(|| w[1].to_string_lossy().into_owned()));
    let asked = asked.or_else(|| {
        args.iter()
            .find_map(|a| a.to_str()?.strip_prefix("--lang=").map(str::to_owned))
    });
    let help_lang = match asked.as_deref() {
        Some("zh") => Lang::Zh,
        Some(_) => Lang::En,
        None => Lang::from_env(),
    };
    let cli = match zhixuan_cli::help::command(help_lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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
        let text = if json {
            report.to_json()?
        } else {
            report.render(lang)
        };
        Ok((text, report.exit_code()))
    });
    match outcome {
        Ok((text, status)) => {
            if print(&text) {
                ExitCode::from(status)
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
