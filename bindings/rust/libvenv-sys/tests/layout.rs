//! The options structs as a C compiler lays them out from venv.h: size,
//! alignment, each field's offset and size, and the values of the _INIT
//! initialisers and of the constants, printed by a C program compiled here
//! (cc, or $CC) and compared with what Rust makes of src/lib.rs.
mod common;

use std::fmt::Write as _;
use std::mem::{align_of, offset_of, size_of, size_of_val};
use std::process::Command;

use libvenv_sys::*;

/// A field's value in an initialiser as a number: pointers as 1 (set) or 0 (NULL).
trait Number {
    fn number(&self) -> i64;
}
impl Number for std::ffi::c_int {
    fn number(&self) -> i64 {
        *self as i64
    }
}
impl Number for std::ffi::c_uint {
    fn number(&self) -> i64 {
        *self as i64
    }
}
impl Number for usize {
    fn number(&self) -> i64 {
        *self as i64
    }
}
impl<T> Number for *const T {
    fn number(&self) -> i64 {
        !self.is_null() as i64
    }
}

/// Rust's lines for a struct: the same text the C program prints.
macro_rules! layout {
    ($out:ident, $ty:ident { $($field:ident),* $(,)? }) => {{
        writeln!($out, "{} {} {}", stringify!($ty), size_of::<$ty>(), align_of::<$ty>()).unwrap();
        let value: $ty = unsafe { std::mem::zeroed() };
        $(writeln!($out, "{}.{} {} {}", stringify!($ty), stringify!($field), offset_of!($ty, $field), size_of_val(&value.$field)).unwrap();)*
    }};
}

macro_rules! init {
    ($out:ident, $init:ident: $ty:ident { $($field:ident),* $(,)? }) => {{
        let value: $ty = $init;
        $(writeln!($out, "{}.{} {}", stringify!($init), stringify!($field), value.$field.number()).unwrap();)*
    }};
}

#[test]
fn structs_initialisers_and_constants_match_c() {
    let header = common::header();
    let structs = common::c_structs(&header);
    let constants = common::c_constants(&header);

    // The C program: its field lists come from the header itself, so a field
    // Rust lacks (or has extra) shows as a difference.
    let mut c = String::from("#include <stdio.h>\n#include <stddef.h>\n#include \"venv.h\"\nint main(void) {\n");
    for (name, fields) in &structs {
        writeln!(c, "printf(\"{name} %zu %zu\\n\", sizeof({name}), _Alignof({name}));").unwrap();
        for (field, _) in fields {
            writeln!(
                c,
                "printf(\"{name}.{field} %zu %zu\\n\", offsetof({name}, {field}), sizeof((({name} *)0)->{field}));"
            )
            .unwrap();
        }
    }
    for (name, fields) in &structs {
        let init = format!("{}_INIT", name.to_uppercase());
        if !header.contains(&format!("#define {init} ")) {
            continue;
        }
        writeln!(c, "{{ {name} value = {init};").unwrap();
        for (field, rust_type) in fields {
            let number = if rust_type.starts_with('*') {
                format!("(long long)(value.{field} != NULL)")
            } else {
                format!("(long long)value.{field}")
            };
            writeln!(c, "printf(\"{init}.{field} %lld\\n\", {number});").unwrap();
        }
        writeln!(c, "}}").unwrap();
    }
    for (name, _) in &constants {
        writeln!(c, "printf(\"{name} %lld\\n\", (long long)({name}));").unwrap();
    }
    c.push_str("return 0;\n}\n");

    let dir = std::env::temp_dir().join(format!("libvenv-sys-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("layout.c"), &c).unwrap();
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&compiler)
        .args(["-std=c11", "-Wall", "-Werror", "-I", env!("LIBVENV_INCLUDE_DIR"), "-o"])
        .arg(dir.join("layout"))
        .arg(dir.join("layout.c"))
        .status()
        .unwrap_or_else(|e| panic!("no C compiler ({compiler}): {e}"));
    assert!(status.success(), "compiling the layout program failed");
    let output = Command::new(dir.join("layout")).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success());
    let from_c = String::from_utf8(output.stdout).unwrap();

    let mut from_rust = String::new();
    let out = &mut from_rust;
    layout!(out, venv_error { code, message, sys_errno, path });
    layout!(
        out,
        venv_create_options {
            version,
            python,
            system_site_packages,
            link,
            clear,
            upgrade,
            with_pip,
            prompt,
            upgrade_deps,
            scm_ignore_files,
            allow_existing,
            force,
            command,
            prompt_literal,
            relocatable,
            scripts,
        }
    );
    layout!(out, venv_find_options { version, workspaces, workspaces_count, search_paths, search_paths_count });
    layout!(out, venv_freeze_options { version, all, exclude_editable, local, user, exclude });
    layout!(out, venv_relocate_options { version, replace });
    layout!(out, venv_doctor_options { version, list_replacements });
    layout!(out, venv_repair_options { version, python });
    layout!(out, venv_rebuild_options { version, python, find_links, find_links_count, no_index, prune });
    init!(out, VENV_CREATE_OPTIONS_INIT: venv_create_options {
        version, python, system_site_packages, link, clear, upgrade, with_pip, prompt, upgrade_deps,
        scm_ignore_files, allow_existing, force, command, prompt_literal, relocatable, scripts,
    });
    init!(out, VENV_FIND_OPTIONS_INIT: venv_find_options { version, workspaces, workspaces_count, search_paths, search_paths_count });
    init!(out, VENV_FREEZE_OPTIONS_INIT: venv_freeze_options { version, all, exclude_editable, local, user, exclude });
    init!(out, VENV_RELOCATE_OPTIONS_INIT: venv_relocate_options { version, replace });
    init!(out, VENV_DOCTOR_OPTIONS_INIT: venv_doctor_options { version, list_replacements });
    init!(out, VENV_REPAIR_OPTIONS_INIT: venv_repair_options { version, python });
    init!(out, VENV_REBUILD_OPTIONS_INIT: venv_rebuild_options { version, python, find_links, find_links_count, no_index, prune });
    let rust_constants = common::rust_constants(&common::rust_source());
    for (name, _) in &constants {
        let value = rust_constants.iter().find(|(n, _)| n == name).map_or("missing".to_owned(), |(_, v)| v.to_string());
        writeln!(out, "{name} {value}").unwrap();
    }

    let c_lines: Vec<&str> = from_c.lines().collect();
    let rust_lines: Vec<&str> = from_rust.lines().collect();
    for (c, r) in c_lines.iter().zip(&rust_lines) {
        assert_eq!(r, c, "Rust against C");
    }
    assert_eq!(rust_lines.len(), c_lines.len(), "C printed:\n{from_c}\nRust:\n{from_rust}");
}

/// The options a C program initialises with *_options_init equal the Rust
/// _INIT constants (the library's own defaults, not only the header's).
#[test]
fn options_init_equals_the_init_constants() {
    unsafe {
        let mut create: venv_create_options = std::mem::zeroed();
        assert_eq!(venv_create_options_init(&mut create, VENV_CREATE_OPTIONS_VERSION), VENV_OK);
        let init = VENV_CREATE_OPTIONS_INIT;
        assert_eq!(
            (
                create.version,
                create.with_pip,
                create.scm_ignore_files,
                create.link,
                create.relocatable,
                create.scripts,
                create.python.is_null()
            ),
            (init.version, init.with_pip, init.scm_ignore_files, init.link, init.relocatable, init.scripts, true)
        );
        let mut find: venv_find_options = std::mem::zeroed();
        assert_eq!(venv_find_options_init(&mut find, VENV_FIND_OPTIONS_VERSION), VENV_OK);
        assert_eq!((find.version, find.workspaces_count), (VENV_FIND_OPTIONS_VERSION, 0));
        let mut freeze: venv_freeze_options = std::mem::zeroed();
        assert_eq!(venv_freeze_options_init(&mut freeze, VENV_FREEZE_OPTIONS_VERSION), VENV_OK);
        assert_eq!((freeze.version, freeze.all, freeze.exclude.is_null()), (VENV_FREEZE_OPTIONS_VERSION, 0, true));
        let mut relocate: venv_relocate_options = std::mem::zeroed();
        assert_eq!(venv_relocate_options_init(&mut relocate, VENV_RELOCATE_OPTIONS_VERSION), VENV_OK);
        assert_eq!((relocate.version, relocate.replace), (VENV_RELOCATE_OPTIONS_VERSION, 0));
        let mut doctor: venv_doctor_options = std::mem::zeroed();
        assert_eq!(venv_doctor_options_init(&mut doctor, VENV_DOCTOR_OPTIONS_VERSION), VENV_OK);
        let init = VENV_DOCTOR_OPTIONS_INIT;
        assert_eq!((doctor.version, doctor.list_replacements), (init.version, init.list_replacements));
        let mut repair: venv_repair_options = std::mem::zeroed();
        assert_eq!(venv_repair_options_init(&mut repair, VENV_REPAIR_OPTIONS_VERSION), VENV_OK);
        assert_eq!((repair.version, repair.python.is_null()), (VENV_REPAIR_OPTIONS_VERSION, true));
        let mut rebuild: venv_rebuild_options = std::mem::zeroed();
        assert_eq!(venv_rebuild_options_init(&mut rebuild, VENV_REBUILD_OPTIONS_VERSION), VENV_OK);
        assert_eq!((rebuild.version, rebuild.find_links_count, rebuild.prune), (VENV_REBUILD_OPTIONS_VERSION, 0, 0));
        assert_eq!(venv_create_options_init(&mut create, VENV_CREATE_OPTIONS_VERSION + 1), VENV_EINVALID);
        let error = &*venv_error_last();
        assert_eq!(error.code, VENV_EINVALID);
        let (mut major, mut minor, mut patch) = (-1, -1, -1);
        venv_version(&mut major, &mut minor, &mut patch);
        assert_eq!((major, minor, patch), (VENV_VERSION_MAJOR, VENV_VERSION_MINOR, VENV_VERSION_PATCH));
    }
}
