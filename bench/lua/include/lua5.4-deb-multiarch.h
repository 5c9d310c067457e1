/* Debian patches luaconf.h to include this; the wasm build has no multiarch directory. */
#define DEB_HOST_MULTIARCH "wasm32-wasi"
