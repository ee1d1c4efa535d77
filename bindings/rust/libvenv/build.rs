//! Puts the directory of the libvenv.so that libvenv-sys linked in the rpath
//! of this crate's tests and examples (libvenv-sys hands it over as
//! DEP_VENV_RPATH), so they run without LD_LIBRARY_PATH, and tells the tests
//! where the library is (the swift-venv they compare with is beside it). A
//! program using the crate decides its own rpath, or loads an installed
//! libvenv.so.0.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_VENV_RPATH");
    if let Ok(rpath) = std::env::var("DEP_VENV_RPATH") {
        println!("cargo:rustc-link-arg-tests=-Wl,-rpath,{rpath}");
        println!("cargo:rustc-link-arg-examples=-Wl,-rpath,{rpath}");
    }
    if let Ok(lib_dir) = std::env::var("DEP_VENV_LIB_DIR") {
        println!("cargo:rustc-env=LIBVENV_TEST_LIB_DIR={lib_dir}");
    }
}
