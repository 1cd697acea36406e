//! `standpoint studio`: labelling, agreement and the report in the browser.

use std::net::{IpAddr, SocketAddr};

use clap::Args;

use super::label::{prepare, SessionOpts};
use super::options::{InputOpts, SeedOpt};
use crate::error::{display_path, Error, Result};
use crate::labelling::Answers;
use crate::model::select;
use crate::studio::{start, valid_annotator, Listen, Reports, Setup, Studio};

/// Label in the browser, several annotators at once, with the agreement view and the report.
#[derive(Debug, Args)]
pub struct StudioArgs {
    #[command(flatten)]
    pub session: SessionOpts,
    /// The annotator the page starts with (each person types their own name in the page)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Percent of the paragraphs asked of every annotator, for agreement (the rest go to one
    /// annotator each)
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub overlap: u32,
    /// The address to listen on; anything but a loopback address lets other machines in
    /// (they still need the token)
    #[arg(long, value_name = "H", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port (0: any free one)
    #[arg(long, value_name = "P", default_value_t = 8765)]
    pub port: u16,
    /// Do not score the pool for the report page (faster start on a large pool)
    #[arg(long)]
    pub no_report: bool,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

/// Runs `studio`.
pub fn run(args: StudioArgs) -> Result<()> {
    if let Some(a) = &args.annotator {
        if !valid_annotator(a) {
            return Err(Error::params(format!(
                "--annotator '{a}': expected 1 to 40 letters, digits, '_', '-' or '.'"
            )));
        }
    }
    let p = prepare(&args.session, &args.seed, &args.input)?;
    let reports = match args.no_report {
        true => None,
        false => {
            let (stance, sentiment) = select::stance_and_sentiment(&[], None)?;
            let stance = match (&p.model, p.task.field.as_str()) {
                (Some(m), "stance") => m.clone(),
                _ => stance,
            };
            Some(Reports::new(
                stance,
                sentiment,
                &p.articles,
                args.seed.seed,
            )?)
        }
    };
    let studio = Studio::new(Setup {
        prepared: p,
        answers: Answers::open(&args.session.out)?,
        overlap: args.overlap,
    })?;
    if !args.host.is_loopback() {
        eprintln!(
            "standpoint studio: warning: listening on {}: other machines can reach the studio \
             (the token still guards it, but traffic is plain HTTP)",
            args.host
        );
    }
    let server = start(
        studio,
        reports,
        Listen {
            annotator: args.annotator.clone(),
            ..Listen::on(SocketAddr::new(args.host, args.port))
        },
    )?;
    println!("standpoint studio: open {}", server.url());
    println!(
        "answers go to {} (synced per answer); stop with Ctrl-C",
        display_path(&args.session.out)
    );
    server.wait()
}
