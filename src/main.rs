use clap::Parser;

// The pipeline allocates many small short-lived vectors per sentence (see Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = kutip::cli::Cli::parse();
    std::process::exit(kutip::cli::run(cli));
}
