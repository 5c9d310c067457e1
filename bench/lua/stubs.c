/* Linked into the Lua workload ahead of libc.
 * wasm32-wasi has neither system() nor tmpfile(): Lua's os.execute and io.tmpfile fail cleanly instead.
 * time() and clock() return 0: Lua seeds math.random from time() when it opens its libraries, and with a real
 * clock the instruction count changed slightly from run to run. A benchmark must not depend on when it runs. */
#include <errno.h>
#include <stdio.h>
#include <time.h>

int system(const char* command) {
  (void)command;
  return -1;
}

FILE* tmpfile(void) {
  errno = ENOSYS;
  return NULL;
}

time_t time(time_t* t) {
  if (t) *t = 0;
  return 0;
}

clock_t clock(void) { return 0; }
