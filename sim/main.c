/* main.c: the nabij executable. */
#include "cli.h"
#include <hdf5.h>
#include <signal.h>

int main(int argc, char **argv)
{
    /* HDF5 1.10 would close at exit the files it still lists, and a file whose closing failed
     * (its disk full, the file-size limit reached) stays listed: closing it again crashed
     * (SIGSEGV in H5F__close_cb) after the error had been reported. nabij closes every file
     * it opens, so the library's exit handler is not needed. */
    H5dont_atexit();
    /* past a file-size limit (ulimit -f, set on some clusters) a write fails with EFBIG, which
     * is reported like a full disk, instead of the signal killing the run without a word */
    signal(SIGXFSZ, SIG_IGN);
    return cli_main(argc, argv);
}
