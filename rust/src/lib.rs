//! wasmalloc as Rust's global allocator: a small, fast `malloc` for WebAssembly, written in freestanding C++
//! (the crate compiles it; you need a clang that targets wasm32, see the README).
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: wasmalloc::Wasmalloc = wasmalloc::Wasmalloc;
//! ```
//!
//! The allocator inside is chosen with one Cargo feature per variant (`tlsf` by default; another with
//! `default-features = false`; the list is in the crate's README); `debug_checks`, `thread_safe` and
//! `stats_counters` are the library's build options. Targets: `wasm32-unknown-unknown` (no libc: the crate is `no_std`) and `wasm32-wasi`, where
//! the library's `malloc`, `free`, ... replace wasi-libc's dlmalloc in the whole module (libc's own allocations
//! included). The C names are hidden from a cdylib's exports unless the feature `export_c_api` asks for them.
#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

/// Every block the library returns is aligned to this many bytes (its `malloc` guarantee).
pub const MIN_ALIGN: usize = 16;

/// The variant built in (`tlsf`, `bump`, ...): the Cargo feature that chose it.
pub const VARIANT: &str = env!("WASMALLOC_VARIANT");

extern "C" {
    fn malloc(size: usize) -> *mut u8;
    fn calloc(n: usize, size: usize) -> *mut u8;
    fn realloc(p: *mut u8, size: usize) -> *mut u8;
    fn aligned_alloc(align: usize, size: usize) -> *mut u8;
    fn free(p: *mut u8);
    fn malloc_usable_size(p: *mut u8) -> usize;
    fn wasmalloc_check() -> i32;
    fn wasmalloc_stats(out: *mut HeapStats);
}

/// The global allocator: `#[global_allocator] static A: wasmalloc::Wasmalloc = wasmalloc::Wasmalloc;`.
///
/// Layouts aligned to at most [`MIN_ALIGN`] go to `malloc`, `calloc` and `realloc` (which grows or shrinks a block
/// in place when the variant can); larger alignments go to `aligned_alloc`, and their `realloc` allocates a new
/// block, copies and frees the old one. A failed allocation returns null (Rust then calls its allocation error
/// handler); the heap stays intact.
#[derive(Clone, Copy, Debug, Default)]
pub struct Wasmalloc;

unsafe impl GlobalAlloc for Wasmalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            malloc(layout.size())
        } else {
            aligned_alloc(layout.align(), layout.size())
        }
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, _layout: Layout) {
        free(p)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            return calloc(1, layout.size());
        }
        let p = aligned_alloc(layout.align(), layout.size());
        if !p.is_null() {
            ptr::write_bytes(p, 0, layout.size());
        }
        p
    }

    #[inline]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            return realloc(p, new_size);
        }
        let q = aligned_alloc(layout.align(), new_size);
        if !q.is_null() {
            ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
            free(p);
        }
        q
    }
}

/// Bytes usable in a live block from this allocator (at least what was asked for).
///
/// # Safety
/// `p` must be a live block from [`Wasmalloc`] (or null: 0).
pub unsafe fn usable_size(p: *mut u8) -> usize {
    malloc_usable_size(p)
}

/// Walks the heap and verifies every invariant of the variant: `false` if the heap is corrupt.
pub fn check() -> bool {
    unsafe { wasmalloc_check() != 0 }
}

/// What [`stats`] reports (the C `wasmalloc_heap_stats`; `usize::MAX` is a figure this build does not know: see
/// the library's docs/extension-api.md and the feature `stats_counters`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct HeapStats {
    /// Memory the allocator has taken: the initial heap it uses plus the pages it grew.
    pub heap_bytes: usize,
    /// Sum of the usable sizes of the live blocks.
    pub in_use_bytes: usize,
    /// Highest `in_use_bytes` so far.
    pub peak_in_use_bytes: usize,
    /// Bytes it can hand out again without growing memory.
    pub free_bytes: usize,
    /// The largest free block or run.
    pub largest_free_bytes: usize,
    /// `memory.grow` calls the allocator made.
    pub grow_calls: usize,
    /// The whole linear memory now (`memory.size`).
    pub memory_bytes: usize,
    /// The static arena's size with `WASMALLOC_FIXED_HEAP_KIB`, else 0.
    pub fixed_heap_bytes: usize,
    /// 1 if built with the feature `stats_counters`.
    pub counters: i32,
    variant: *const u8,
}

/// The heap's figures (walks the heap).
pub fn stats() -> HeapStats {
    let mut s = core::mem::MaybeUninit::<HeapStats>::uninit();
    unsafe {
        wasmalloc_stats(s.as_mut_ptr());
        s.assume_init()
    }
}
