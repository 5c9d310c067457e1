/* wasm32-wasi has no setjmp: the build defines LUAI_THROW/LUAI_TRY so that a Lua error aborts. */
