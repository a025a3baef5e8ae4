//! `parallax serve`: the web view and JSON API (`parallax-server`) over a database, optionally
//! after ingesting inputs.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use parallax_core::embed::SentenceEncoder;

use crate::args::{InputArgs, ServeArgs};

pub(crate) fn serve(args: ServeArgs, quiet: bool) -> Result<ExitCode> {
    // The server's readers and writer open the database separately, so it must be a file: a
    // temporary one (removed on exit) when no `--db` is given.
    let temporary = match &args.db {
        Some(_) => None,
        None => Some(tempfile::tempdir().context("cannot create a temporary folder")?),
    };
    let database = match (&args.db, &temporary) {
        (Some(db), _) => db.clone(),
        (None, Some(folder)) => folder.path().join("parallax.db"),
        (None, None) => unreachable!("a temporary folder exists when no --db is given"),
    };
    let mut store = crate::open_store(Some(&database))?;
    if !args.paths.is_empty() {
        let input = InputArgs {
            paths: args.paths.clone(),
            input_format: None,
            max_document_bytes: 16 << 20,
            threads: None,
            include_pages: false,
        };
        let config = crate::model::pipeline_config(&args.model);
        let model = crate::model::load(&args.model, quiet)?;
        let mut batch = crate::read_and_clean(&input, &config, quiet)?;
        let encoder = model.as_ref().map(|model| model as &dyn SentenceEncoder);
        crate::store_batch(&mut store, &mut batch, &config, encoder, quiet)?;
        crate::print_diagnostics(&batch.diagnostics, quiet);
    }
    drop(store);
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("PARALLAX_TOKEN").ok())
        .filter(|t| !t.is_empty());
    let writable = token.is_some();
    let config = parallax_server::ServerConfig {
        token,
        max_body_bytes: args.max_body_bytes,
        readers: args.readers,
        ..parallax_server::ServerConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    if !quiet {
        eprintln!(
            "serving {} on http://{} ({}); Ctrl-C stops",
            args.db
                .as_ref()
                .map_or("a temporary database".to_owned(), |db| format!("`{}`", db.display())),
            args.addr,
            if writable { "writes need the token" } else { "read-only" },
        );
    }
    runtime
        .block_on(parallax_server::serve(&database, config, args.addr))
        .with_context(|| format!("cannot serve on {}", args.addr))?;
    drop(temporary);
    Ok(ExitCode::SUCCESS)
}
