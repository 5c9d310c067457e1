# A CMake toolchain file for wasm32-wasi with Debian's clang-19 and wasi-libc (sysroot /usr). For the official
# wasi-sdk, use the toolchain file it ships (share/cmake/wasi-sdk.cmake) instead.
set(CMAKE_SYSTEM_NAME Generic)  # CMake 3.25 has no WASI platform; Generic builds static executables
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(WASI_SYSROOT /usr CACHE PATH "The wasi-libc sysroot (include/wasm32-wasi, lib/wasm32-wasi)")
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT ${WASI_SYSROOT})
set(CMAKE_EXECUTABLE_SUFFIX_C .wasm)
set(CMAKE_EXECUTABLE_SUFFIX_CXX .wasm)
