//! The reference for scripts/test-rust: a wasm32-wasi program with Rust's default allocator (wasi-libc's
//! dlmalloc), which scripts/which-malloc must recognise as dlmalloc.
fn main() {
    let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    println!("default allocator: {} strings", v.len());
}
