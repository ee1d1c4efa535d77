//! The declarations of src/lib.rs are include/venv.h's, read from both
//! texts: every function with its parameter and return types, every struct
//! with its fields in order, every numeric constant with its value.
mod common;

use common::*;

#[test]
fn every_function_of_the_header_with_its_types() {
    let header = c_prototypes(&header());
    let rust = rust_prototypes(&rust_source());
    assert!(header.len() > 100, "the header parsed: {} functions", header.len());
    let names = |p: &[Prototype]| p.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&rust), names(&header), "the same functions, in the header's order");
    for (c, r) in header.iter().zip(&rust) {
        assert_eq!(r, c, "{} as venv.h declares it", c.name);
    }
}

#[test]
fn every_struct_with_its_fields() {
    let header = c_structs(&header());
    let rust = rust_structs(&rust_source());
    let names: Vec<_> = header.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "venv_error",
            "venv_create_options",
            "venv_find_options",
            "venv_freeze_options",
            "venv_relocate_options",
            "venv_doctor_options",
            "venv_repair_options",
            "venv_rebuild_options"
        ]
    );
    assert_eq!(rust, header);
}

#[test]
fn every_constant_with_its_value() {
    let mut header = c_constants(&header());
    let mut rust = rust_constants(&rust_source());
    assert!(header.iter().any(|(n, v)| n == "VENV_ENOPYTHON" && *v == -5), "{header:?}");
    header.sort();
    rust.sort();
    assert_eq!(rust, header);
}

#[test]
fn the_type_spelling() {
    assert_eq!(rust_type("const char *const *", false), "*const *const c_char");
    assert_eq!(rust_type("venv_info **", false), "*mut *mut venv_info");
    assert_eq!(rust_type("const venv_info *", false), "*const venv_info");
    assert_eq!(rust_type("char **", false), "*mut *mut c_char");
    assert_eq!(rust_type("void", true), "()");
    assert_eq!(rust_type("void *", false), "*mut c_void");
    assert_eq!(rust_type("unsigned int", false), "c_uint");
}
