//! lol_alloc's size example, hello/goodbye: `hello()` allocates one byte holding 42 and returns it, `goodbye(p)`
//! frees it. One build per global allocator (the features; bench/rust_sizes.py builds and measures them).
#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(not(feature = "std"), feature(alloc_error_handler))]

extern crate alloc;
use alloc::boxed::Box;

#[no_mangle]
pub extern "C" fn hello() -> *mut u8 {
    Box::into_raw(Box::new(42))
}

/// # Safety
/// `p` comes from `hello()` and is freed once.
#[no_mangle]
pub unsafe extern "C" fn goodbye(p: *mut u8) {
    drop(Box::from_raw(p));
}

#[cfg(feature = "wasmalloc")]
#[global_allocator]
static ALLOCATOR: wasmalloc::Wasmalloc = wasmalloc::Wasmalloc;

#[cfg(feature = "lol_fail")]
#[global_allocator]
static ALLOCATOR: lol_alloc::FailAllocator = lol_alloc::FailAllocator;

#[cfg(feature = "lol_leaking_page")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LeakingPageAllocator = lol_alloc::LeakingPageAllocator;

// lol_alloc's single-threaded allocators are shared through AssumeSingleThreaded (this module has one thread).
#[cfg(feature = "lol_leaking")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::LeakingAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::LeakingAllocator::new()) };

#[cfg(feature = "lol_free_list")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(feature = "lol_locked_free_list")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(not(feature = "std"))]
#[alloc_error_handler]
fn out_of_memory(_: core::alloc::Layout) -> ! {
    core::arch::wasm32::unreachable()
}
