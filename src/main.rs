use clap::Parser;

fn main() {
    let cli = kutip::cli::Cli::parse();
    std::process::exit(kutip::cli::run(cli));
}
