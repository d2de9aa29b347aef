//! Builds the server again when a file of the front end is added, changed or removed: the files are built
//! into the binary (`src/assets.rs`), and a new file would otherwise go unnoticed until the next change
//! to the server's own code.

fn main() {
    for path in [
        "../frontend/index.html",
        "../frontend/js",
        "../frontend/css",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
}
