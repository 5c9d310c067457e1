/* The Lua workload: Debian's Lua 5.4 core and libraries, run by this driver instead of lua.c. The driver gives
 * Lua an allocator that calls realloc/free (as lauxlib's does) and counts the bytes Lua holds, which Lua tells
 * it exactly (osize), so the peak live bytes come without adding a header to any block. It runs the embedded
 * script bench.lua with the global SCALE, and folds the string the script returns into the checksum.
 *   lua SCALE */
#include "../workloads/common.h"
#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

static const char script[] = {
#include "bench_lua.inc"
  0};

static void* counting_alloc(void* ud, void* p, size_t osize, size_t nsize) {
  (void)ud;
  size_t old = p ? osize : 0;
  if (nsize == 0) {
    free(p);
    live -= old;
    ops++;
    return NULL;
  }
  void* q = realloc(p, nsize);
  if (!q) oom();
  ops++;
  live = live - old + nsize;
  if (live > peak_live) peak_live = live;
  return q;
}

int main(int argc, char** argv) {
  lua_State* L = lua_newstate(counting_alloc, NULL);
  if (!L) oom();
  luaL_openlibs(L);
  lua_pushinteger(L, scale_arg(argc, argv));
  lua_setglobal(L, "SCALE");
  if (luaL_loadbuffer(L, script, sizeof script - 1, "=bench.lua") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    printf("lua error: %s\n", lua_tostring(L, -1));
    return 1;
  }
  size_t n;
  const char* s = lua_tolstring(L, -1, &n);
  for (size_t i = 0; s && i < n; i++) mix((unsigned char)s[i]);
  lua_close(L);
  return finish();
}
