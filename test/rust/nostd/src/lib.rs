//! The no_std test module (wasm32-unknown-unknown): wasmalloc is the global allocator, and `run()` runs the
//! checks of common/checks.rs, returning 0 (scripts/wasmrun makes that the exit status). A failed check panics,
//! and the panic handler traps.
#![no_std]
#![feature(alloc_error_handler)]

extern crate alloc;

#[path = "../../common/checks.rs"]
mod checks;

#[global_allocator]
static ALLOCATOR: wasmalloc::Wasmalloc = wasmalloc::Wasmalloc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[alloc_error_handler]
fn out_of_memory(_: core::alloc::Layout) -> ! {
    core::arch::wasm32::unreachable()
}

/// 0 when every check passed (a failed one traps) and all of them ran.
#[no_mangle]
pub extern "C" fn run() -> i32 {
    let n = checks::run_all();
    let expected = if wasmalloc::VARIANT == "page" { 5 } else { 6 };
    if n == expected { 0 } else { 1 }
}
