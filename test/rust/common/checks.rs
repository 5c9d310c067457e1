// The checks both Rust test programs run (nostd/ as a wasm32-unknown-unknown cdylib, wasi/ as a wasm32-wasi
// program), with wasmalloc as the global allocator. Each check asserts: a failure panics, which traps (no_std) or
// aborts (std, panic = "abort"), and the runner sees a failed run. `run_all` returns the number of checks run.
use alloc::alloc::{alloc, alloc_zeroed, dealloc, realloc, Layout};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A small deterministic generator (xorshift32): the same sequence on every run.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

fn aligned(p: *const u8, align: usize) -> bool {
    p as usize % align == 0
}

#[repr(C, align(32))]
struct A32([u8; 40]);
#[repr(C, align(64))]
struct A64([u32; 3]);
#[repr(C, align(4096))]
struct A4096(u64);

/// Boxes and vectors of over-aligned types, interleaved with plain allocations that would shift a bump pointer:
/// every address must honour its type's alignment, and every value survives the others' allocations.
fn large_alignments() {
    let mut small = Vec::new();
    let mut b32 = Vec::new();
    let mut b64 = Vec::new();
    let mut b4k = Vec::new();
    for i in 0..200u32 {
        small.push(alloc::vec![i as u8; 3].into_boxed_slice());
        b32.push(Box::new(A32([i as u8; 40])));
        small.push(alloc::vec![i as u8; 7].into_boxed_slice());
        b64.push(Box::new(A64([i, i + 1, i + 2])));
        if i % 10 == 0 {
            b4k.push(Box::new(A4096(u64::from(i) * 3)));
        }
    }
    for (i, b) in b32.iter().enumerate() {
        assert!(aligned(&**b as *const A32 as *const u8, 32), "Box<align 32> misaligned");
        assert!(b.0.iter().all(|&x| x == i as u8));
    }
    for (i, b) in b64.iter().enumerate() {
        assert!(aligned(&**b as *const A64 as *const u8, 64), "Box<align 64> misaligned");
        assert!(b.0 == [i as u32, i as u32 + 1, i as u32 + 2]);
    }
    for (i, b) in b4k.iter().enumerate() {
        assert!(aligned(&**b as *const A4096 as *const u8, 4096), "Box<align 4096> misaligned");
        assert!(b.0 == i as u64 * 30);
    }
    for (i, s) in small.iter().enumerate() {
        assert!(s.iter().all(|&x| x == (i / 2) as u8));
    }
    // Raw layouts up to a wasm page and beyond.
    for shift in 4..=17 {
        let layout = Layout::from_size_align(100 + shift, 1 << shift).unwrap();
        unsafe {
            let p = alloc(layout);
            assert!(!p.is_null() && aligned(p, 1 << shift), "alloc(align 2^{}) misaligned", shift);
            p.write_bytes(0x5a, layout.size());
            dealloc(p, layout);
        }
    }
}

/// A vector grown element by element past several MiB (realloc to ever larger blocks), then shrunk; the contents
/// must survive every move, and the module's memory must have grown to hold it.
fn growth() -> usize {
    let mut v: Vec<u32> = Vec::new();
    let n = 3 << 20; // 3 Mi elements: 12 MiB
    for i in 0..n {
        v.push(i ^ 0x9e37_79b9);
    }
    assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32 ^ 0x9e37_79b9), "grown vector lost its contents");
    let mut bytes: Vec<u8> = Vec::with_capacity(1);
    for i in 0..(6 << 20) {
        bytes.push((i % 251) as u8);
    }
    assert!(bytes.iter().enumerate().all(|(i, &x)| x == (i % 251) as u8));
    v.truncate(1000);
    v.shrink_to_fit(); // realloc to a smaller size
    assert!(v.capacity() == 1000 && v.iter().enumerate().all(|(i, &x)| x == i as u32 ^ 0x9e37_79b9));
    v.len() * 4 + bytes.len()
}

/// Over-aligned elements in a growing vector: every growth is a realloc with align 64 (allocate, copy, free).
fn aligned_growth() {
    let mut v: Vec<A64> = Vec::new();
    for i in 0..20_000u32 {
        v.push(A64([i, !i, i.wrapping_mul(7)]));
        if v.len().is_power_of_two() {
            assert!(aligned(v.as_ptr() as *const u8, 64), "Vec<align 64> misaligned after growth");
        }
    }
    assert!(v.iter().enumerate().all(|(i, a)| a.0 == [i as u32, !(i as u32), (i as u32).wrapping_mul(7)]));
    v.truncate(10);
    v.shrink_to_fit();
    assert!(aligned(v.as_ptr() as *const u8, 64) && v[9].0[0] == 9);
}

/// realloc directly: growing and shrinking blocks of alignment 8, 16 (the C realloc) and 32..4096 (allocate, copy,
/// free), the bytes kept each time. A small block allocated after each step sits behind the block, so that a
/// growth cannot always happen in place: the block moves, and a moved block must keep its alignment.
fn realloc_paths(rng: &mut Rng) {
    let mut blockers = Vec::new();
    for &align in &[8usize, 16, 32, 256, 4096] {
        unsafe {
            let mut size = 24;
            let mut layout = Layout::from_size_align(size, align).unwrap();
            let mut p = alloc(layout);
            assert!(!p.is_null());
            for i in 0..size {
                *p.add(i) = i as u8;
            }
            for _ in 0..40 {
                let new_size = 1 + (rng.next() as usize % 200_000);
                let q = realloc(p, layout, new_size);
                assert!(!q.is_null() && aligned(q, align), "realloc lost the alignment {}", align);
                let kept = size.min(new_size);
                for i in 0..kept {
                    assert!(*q.add(i) == i as u8, "realloc(align {}) lost byte {}", align, i);
                }
                for i in kept..new_size {
                    *q.add(i) = i as u8;
                }
                p = q;
                size = new_size;
                layout = Layout::from_size_align(size, align).unwrap();
                blockers.push(Box::new(size));
            }
            dealloc(p, layout);
        }
    }
    assert!(blockers.iter().all(|b| **b >= 1));
}

/// alloc_zeroed (calloc, or aligned_alloc and a fill) over memory that was just dirtied and freed.
fn zeroed() {
    for &(size, align) in &[(1usize << 20, 1usize), (3000, 16), (70_000, 64), (5000, 4096)] {
        let layout = Layout::from_size_align(size, align).unwrap();
        unsafe {
            let dirty = alloc(layout);
            dirty.write_bytes(0xee, size);
            dealloc(dirty, layout);
            let p = alloc_zeroed(layout);
            assert!(!p.is_null() && aligned(p, align));
            assert!((0..size).all(|i| *p.add(i) == 0), "alloc_zeroed({}, {}) not zero", size, align);
            dealloc(p, layout);
        }
    }
    let v = alloc::vec![0u64; 300_000];
    assert!(v.iter().all(|&x| x == 0));
}

/// Strings and a BTreeMap with churn: many small blocks of many sizes allocated, freed and reused.
fn collections(rng: &mut Rng) {
    let mut map: BTreeMap<u32, String> = BTreeMap::new();
    for round in 0..4u32 {
        for _ in 0..5000 {
            let k = rng.next() % 20_000;
            let mut s = format!("{}:{}:", k, round);
            for _ in 0..(k % 40) {
                s.push(char::from(b'a' + (k % 26) as u8));
            }
            map.insert(k, s);
        }
        let doomed: Vec<u32> = map.keys().copied().filter(|k| k % 3 == round % 3).collect();
        for k in doomed {
            map.remove(&k);
        }
        for (k, s) in &map {
            let (key, rest) = s.split_once(':').unwrap();
            assert!(key.parse::<u32>().unwrap() == *k, "BTreeMap value corrupted");
            let tail = rest.split_once(':').unwrap().1;
            assert!(tail.len() == (*k % 40) as usize && tail.bytes().all(|b| b == b'a' + (*k % 26) as u8));
        }
    }
    let joined: String = map.values().map(|s| s.as_str()).collect();
    assert!(joined.len() == map.values().map(|s| s.len()).sum::<usize>());
}

/// Every check; the heap must pass wasmalloc's own invariant walk after each. Returns how many checks ran: all
/// six, or five with `page`, which gives every block fresh pages and never frees: the collections' churn (some
/// 60,000 live and dead blocks) would need gigabytes.
pub fn run_all() -> u32 {
    let mut rng = Rng(2_463_534_242);
    let mut n = 0;
    let mut step = |f: &mut dyn FnMut()| {
        f();
        assert!(wasmalloc::check(), "wasmalloc_check: the heap is corrupt");
        n += 1;
    };
    step(&mut large_alignments);
    let mut grown = 0;
    step(&mut || grown = growth());
    assert!(grown >= 6 << 20);
    step(&mut aligned_growth);
    step(&mut || realloc_paths(&mut rng));
    step(&mut zeroed);
    if wasmalloc::VARIANT != "page" {
        step(&mut || collections(&mut rng));
    }
    assert!(wasmalloc::stats().memory_bytes >= 12 << 20, "memory never grew past 12 MiB");
    n
}
