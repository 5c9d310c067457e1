/* Linked into every real program (Lua, SQLite, cmark) ahead of libc.
 * The clocks read 0: Lua seeds math.random from time(), SQLite seeds its randomness from time() and times
 * speedtest1's steps with gettimeofday(), and with a real clock the output and the instruction count changed
 * from run to run. A benchmark must not depend on when it runs (the suite times the runs from outside).
 * wasm32-wasi has neither system() nor tmpfile(): Lua's os.execute and io.tmpfile fail cleanly instead. */
#define _WASI_EMULATED_PROCESS_CLOCKS
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
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

int gettimeofday(struct timeval* restrict tv, void* restrict tz) {
  (void)tz;
  if (tv) *tv = (struct timeval){0, 0};
  return 0;
}
