//! The HTTP service.
use clap::Args;

/// `gleaner serve` flags.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GLEANER_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
}

/// Runs the server until it is stopped.
pub fn run(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
