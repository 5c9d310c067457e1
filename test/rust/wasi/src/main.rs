//! The wasm32-wasi test program: Rust's std with wasmalloc as the global allocator, the checks of
//! common/checks.rs, and std's own users of the heap (HashMap, formatting, environment, stdout). wasmalloc's
//! malloc replaces wasi-libc's dlmalloc in the whole module: scripts/test-rust checks the name section.
extern crate alloc;

#[path = "../../common/checks.rs"]
mod checks;

#[global_allocator]
static ALLOCATOR: wasmalloc::Wasmalloc = wasmalloc::Wasmalloc;

extern "C" {
    // wasi-libc's: it allocates with malloc, which must be wasmalloc's (the block goes back through free).
    fn strdup(s: *const u8) -> *mut u8;
    fn free(p: *mut u8);
    // wasi-libc's atexit keeps 32 handlers in place, then allocates with __libc_calloc: wasmalloc's too.
    fn atexit(f: extern "C" fn()) -> i32;
}

extern "C" fn at_exit() {}

fn main() {
    let n = checks::run_all();
    // page gives every string fresh pages and never frees: fewer of them.
    let (keys, steps) = if wasmalloc::VARIANT == "page" { (97, 500) } else { (7919, 50_000) };
    let mut words = std::collections::HashMap::new();
    for i in 0..steps {
        *words.entry(format!("w{}", i % keys)).or_insert(0u32) += 1;
    }
    assert_eq!(words.len(), keys as usize);
    assert_eq!(words["w0"], (steps + keys - 1) / keys);
    let args: Vec<String> = std::env::args().collect();
    assert!(!args.is_empty());
    unsafe {
        let copy = strdup(b"from libc\0".as_ptr());
        assert!(!copy.is_null());
        assert!(wasmalloc::usable_size(copy) >= 10, "libc's block is not wasmalloc's");
        assert_eq!(std::slice::from_raw_parts(copy, 10), b"from libc\0");
        free(copy);
    }
    for _ in 0..40 {
        assert_eq!(unsafe { atexit(at_exit) }, 0, "atexit could not allocate");
    }
    assert!(wasmalloc::check());
    println!("rust wasi ok: {} checks, {} MiB of memory, variant {}", n + 2,
             wasmalloc::stats().memory_bytes >> 20, wasmalloc::VARIANT);
}
