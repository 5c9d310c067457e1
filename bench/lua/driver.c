/* The Lua workload: Debian's Lua 5.4 core and libraries, run by this driver instead of lua.c. It gives Lua an
 * allocator that calls realloc and free (as lauxlib's does), runs the embedded script bench.lua with the global
 * SCALE and prints the string the script returns (its checksum).
 *   lua SCALE */
#include <stdio.h>
#include <stdlib.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

static const char script[] = {
#embed "bench.lua"
};

static void* allocate(void* ud, void* p, size_t osize, size_t nsize) {
  (void)ud, (void)osize;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  void* q = realloc(p, nsize);
  if (!q) {
    printf("oom: realloc(%zu)\n", nsize);
    exit(3);
  }
  return q;
}

int main(int argc, char** argv) {
  lua_State* L = lua_newstate(allocate, NULL);
  if (!L) return 3;
  luaL_openlibs(L);
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  lua_pushinteger(L, scale > 0 ? scale : 1);
  lua_setglobal(L, "SCALE");
  if (luaL_loadbuffer(L, script, sizeof script, "=bench.lua") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    printf("lua error: %s\n", lua_tostring(L, -1));
    return 1;
  }
  printf("result=%s\n", lua_tostring(L, -1));
  lua_close(L);
  return 0;
}
