#define _GNU_SOURCE
#include "venv_system.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

int venv_sys_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

pid_t venv_sys_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

int venv_sys_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int venv_sys_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    (void)actions;
    (void)path;
    return ENOSYS;
#endif
}

int venv_sys_rename_noreplace(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

int venv_sys_rename_exchange(const char *a, const char *b) {
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

ssize_t venv_sys_copy_file_range(int in_fd, int out_fd, size_t length) {
    return copy_file_range(in_fd, NULL, out_fd, NULL, length, 0);
}

int venv_sys_examine(int dir_fd, const char *name, struct venv_sys_entry *entry) {
    struct statx sx;
    unsigned int mask = STATX_TYPE | STATX_MODE | STATX_UID;
#ifdef STATX_MNT_ID
    mask |= STATX_MNT_ID;
#endif
    if (statx(dir_fd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, mask, &sx) == 0) {
        entry->mode = sx.stx_mode;
        entry->uid = sx.stx_uid;
        entry->device = makedev(sx.stx_dev_major, sx.stx_dev_minor);
        entry->mount_id = 0;
        entry->mount_root = 0;
#ifdef STATX_MNT_ID
        if (sx.stx_mask & STATX_MNT_ID) entry->mount_id = sx.stx_mnt_id;
#endif
#ifdef STATX_ATTR_MOUNT_ROOT
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
            entry->mount_root = (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
#endif
        entry->immutable = (sx.stx_attributes & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0;
        return 0;
    }
    if (errno != ENOSYS) return -1;
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -1;
    entry->mode = st.st_mode;
    entry->uid = st.st_uid;
    entry->device = st.st_dev;
    entry->mount_id = 0;
    entry->mount_root = 0;
    entry->immutable = 0;
    return 0;
}

int venv_sys_clone_file(int source_fd, int destination_fd) {
#ifdef FICLONE
    return ioctl(destination_fd, FICLONE, source_fd);
#else
    (void)source_fd;
    (void)destination_fd;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int venv_sys_inflate_raw(const unsigned char *input, size_t input_length,
                         unsigned char *output, size_t output_length) {
    if (input_length > UINT_MAX || output_length > UINT_MAX) return -1;
    z_stream stream = {0};
    /* Negative window bits: a raw stream, no zlib header (zip's format). */
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return -1;
    stream.next_in = (unsigned char *)input;
    stream.avail_in = (unsigned int)input_length;
    stream.next_out = output;
    stream.avail_out = (unsigned int)output_length;
    int rc = inflate(&stream, Z_FINISH);
    int ok = rc == Z_STREAM_END && stream.total_out == output_length;
    inflateEnd(&stream);
    return ok ? 0 : -1;
}

unsigned long venv_sys_crc32(const unsigned char *data, size_t length) {
    unsigned long crc = crc32(0L, Z_NULL, 0);
    while (length > 0) {
        unsigned int chunk = length > UINT_MAX ? UINT_MAX : (unsigned int)length;
        crc = crc32(crc, data, chunk);
        data += chunk;
        length -= chunk;
    }
    return crc;
}
