#define _GNU_SOURCE
#include "venv_system.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int venv_sys_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
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

ssize_t venv_sys_copy_file_range(int in_fd, int out_fd, size_t length) {
    return copy_file_range(in_fd, NULL, out_fd, NULL, length, 0);
}
