/* The randombytes every scheme needs from its program (mlkem768.h, mldsa65.h,
 * fndsa512.h): the kernel's getrandom. 0 on success, -1 on failure. */
#include <stddef.h>
#include <stdint.h>
#include <sys/random.h>

int randombytes(uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n <= 0) return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}
