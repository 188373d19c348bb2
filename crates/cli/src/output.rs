//! How the command talks: progress on long work (bars and step lines on the terminal's
//! standard error, nothing when it is not a terminal or when `--json` is asked), and the
//! final report on standard output, for people or as JSON for programs.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::messages::Lang;

/// The output settings of one run.
#[derive(Clone, Debug)]
pub struct Ui {
    /// The language of everything printed.
    pub lang: Lang,
    /// Whether the report is JSON.
    pub json: bool,
    interactive: bool,
    /// Whether [`Ui::note`]s are printed.
    notes: bool,
    started: Instant,
    /// Bars and step lines share the terminal through one `MultiProgress`, so that a line
    /// printed while bars run (trustees decrypting at once) is not drawn over.
    terminal: MultiProgress,
}

impl Ui {
    /// Settings for a run: progress only on a terminal, and never with `--json`.
    pub fn new(lang: Lang, json: bool) -> Self {
        Self {
            lang,
            json,
            interactive: !json && std::io::stderr().is_terminal(),
            notes: !json,
            started: Instant::now(),
            terminal: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
        }
    }

    /// Settings that never draw progress, for tests and programs embedding the library.
    pub fn quiet(lang: Lang) -> Self {
        Self {
            lang,
            json: false,
            interactive: false,
            notes: false,
            started: Instant::now(),
            terminal: MultiProgress::with_draw_target(ProgressDrawTarget::hidden()),
        }
    }

    /// Whether progress is shown.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// A progress bar of `len` steps; hidden when not interactive.
    pub fn bar(&self, len: u64, message: &str) -> ProgressBar {
        if !self.interactive {
            return ProgressBar::hidden();
        }
        let bar = self.terminal.add(ProgressBar::new(len));
        bar.set_style(
            ProgressStyle::with_template("{msg:>24} [{bar:32}] {pos}/{len} {per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }

    /// A line the person must see even when the command then fails (the tracking code of a
    /// ballot about to be sent, what is being waited for): on standard error, terminal or
    /// not, but never with `--json`.
    pub fn note(&self, zh: &str, en: &str) {
        if self.notes {
            let line = self.lang.pick(zh, en);
            if self.terminal.println(line).is_err() {
                eprintln!("{line}");
            }
        }
    }

    /// A line about what is happening now (a step of the demo), with the time since the
    /// start; only when interactive.
    pub fn step(&self, zh: &str, en: &str) {
        if self.interactive {
            let seconds = self.started.elapsed().as_secs_f64();
            let line = format!("{seconds:>6.1}s  {}", self.lang.pick(zh, en));
            if self.terminal.println(&line).is_err() {
                eprintln!("{line}");
            }
        }
    }
}
