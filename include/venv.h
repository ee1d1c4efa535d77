/*
 * venv.h - the C interface of libvenv, which creates Python virtual
 * environments and resolves their site paths the way CPython does.
 *
 * This header is the one source of truth for the ABI: the Swift code sees
 * these very declarations through Sources/CVenv.
 */
#ifndef VENV_H
#define VENV_H

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the library this header describes. */
#define VENV_VERSION_MAJOR 0
#define VENV_VERSION_MINOR 1
#define VENV_VERSION_PATCH 0

/*
 * venv_version - report the version of the loaded library.
 *
 * Writes the library's major, minor and patch numbers through the given
 * pointers; any of them may be NULL. Compare with VENV_VERSION_* to detect a
 * header/library mismatch. Thread-safe; never fails.
 */
void venv_version(int *major, int *minor, int *patch);

#ifdef __cplusplus
}
#endif

#endif /* VENV_H */
