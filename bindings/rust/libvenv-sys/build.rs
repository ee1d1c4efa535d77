//! Finds libvenv.so and venv.h, in this order:
//!   1. LIBVENV_LIB_DIR (and LIBVENV_INCLUDE_DIR, else the repository's include/);
//!   2. `pkg-config venv` (the venv.pc that scripts/install writes);
//!   3. the repository's own release build, .build/release (swift build -c release --product venv).
//!
//! Links `-lvenv`, puts the directory in the rpath of this crate's tests and
//! hands it to dependents as DEP_VENV_RPATH and DEP_VENV_LIB_DIR (and the
//! headers as DEP_VENV_INCLUDE), so that their tests and examples run
//! without LD_LIBRARY_PATH.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The soname's major version (VENV_VERSION_MAJOR).
const SONAME: &str = "libvenv.so.0";

fn main() {
    for var in ["LIBVENV_LIB_DIR", "LIBVENV_INCLUDE_DIR", "PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let repository = manifest.join("../../..");
    let repository_include = repository.join("include");

    let (lib_dir, include_dir) = if let Some(dir) = env::var_os("LIBVENV_LIB_DIR") {
        let include = env::var_os("LIBVENV_INCLUDE_DIR").map(PathBuf::from).unwrap_or(repository_include);
        (PathBuf::from(dir), include)
    } else if let Some(found) = pkg_config() {
        found
    } else {
        let release = repository.join(".build/release");
        if !release.join("libvenv.so").exists() {
            panic!(
                "libvenv.so not found: set LIBVENV_LIB_DIR to the directory holding it, \
                 or install it with scripts/install PREFIX and put PREFIX/lib/pkgconfig on PKG_CONFIG_PATH, \
                 or build it with `swift build -c release --product venv` in {}",
                repository.display()
            );
        }
        (release, repository_include)
    };
    let lib_dir = lib_dir.canonicalize().unwrap_or(lib_dir);
    if !lib_dir.join("libvenv.so").exists() {
        panic!("no libvenv.so in {}", lib_dir.display());
    }

    // The loader looks for the soname; a build directory holds libvenv.so
    // alone, so a link by that name is made beside the build's output.
    let mut run_dirs = vec![lib_dir.clone()];
    if !lib_dir.join(SONAME).exists() {
        let links = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("soname");
        std::fs::create_dir_all(&links).expect("create OUT_DIR/soname");
        let link = links.join(SONAME);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(lib_dir.join("libvenv.so"), &link).expect("link the soname");
        run_dirs.push(links);
    }

    println!("cargo:rerun-if-changed={}", lib_dir.join("libvenv.so").display());
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib=dylib=venv");
    let rpath: Vec<String> = run_dirs.iter().map(|d| d.display().to_string()).collect();
    // For this crate's own tests; dependents read DEP_VENV_RPATH.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", rpath.join(":"));
    println!("cargo:rpath={}", rpath.join(":"));
    println!("cargo:lib_dir={}", lib_dir.display());
    println!("cargo:include={}", include_dir.display());
    // The layout test compiles venv.h as C.
    println!("cargo:rustc-env=LIBVENV_INCLUDE_DIR={}", include_dir.display());
}

/// libdir and includedir of `pkg-config venv`, when it knows the package.
fn pkg_config() -> Option<(PathBuf, PathBuf)> {
    let variable = |name: &str| -> Option<PathBuf> {
        let output = Command::new("pkg-config").args(["--variable", name, "venv"]).output().ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        let value = text.trim();
        (output.status.success() && !value.is_empty()).then(|| PathBuf::from(value))
    };
    let lib = variable("libdir")?;
    let include = variable("includedir")?;
    Path::new(&lib).join("libvenv.so").exists().then_some((lib, include))
}
