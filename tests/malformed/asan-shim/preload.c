/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Preloaded into tshark after the ASan runtime in sanitizer test runs
 * (./tshark). Two things:
 *  - dlclose() leaves the library mapped. Wireshark unloads its plugins
 *    before exit, and LeakSanitizer, which reports at exit, could then no
 *    longer name the plugin's frames in a leak's allocation stack
 *    ("<unknown module>");
 *  - LD_PRELOAD is removed from the environment once loaded, so that what
 *    tshark starts (extcap helpers such as androiddump, which hangs with
 *    the ASan runtime in it) runs without the ASan runtime. */
#include <stdlib.h>

int dlclose(void *handle);

int dlclose(void *handle)
{
    (void)handle;
    return 0;
}

__attribute__((constructor)) static void tfo_asan_preload_init(void)
{
    unsetenv("LD_PRELOAD");
}
