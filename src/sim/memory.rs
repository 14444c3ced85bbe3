//! How much memory a run holds, so that a program that keeps allocating
//! (`rows.append([0] * 10**7)` in a loop) stops with the memory limit's message
//! instead of taking the process, or the browser tab, down when an allocation
//! fails: Rust aborts on a failed allocation, and a WebAssembly page has 4 GB at
//! most.
//!
//! Every allocation of the process goes through [`Counting`], which adds the bytes
//! to a count kept per thread. A run happens on one thread, so the growth of that
//! count since the run began is what the run holds; the interpreter compares it with
//! the limit at every step (`vm::exec`).
//!
//! `Counting` hands each request to mimalloc natively and to Rust's own allocator in
//! the browser. A large run makes millions of small, short-lived allocations; with
//! glibc's malloc, about a quarter of the many-task benchmark's time went to malloc
//! and free and to page faults on memory it had given back to the kernel.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread. Constant-initialized and
    /// without a destructor, so reading it never allocates (it is read from
    /// inside the allocator) and works at any point of a thread's life.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// The bytes this thread has allocated and not freed (can be negative when it frees
/// memory another thread allocated).
pub fn live_bytes() -> isize {
    LIVE.with(Cell::get)
}

fn count(bytes: isize) {
    LIVE.with(|live| live.set(live.get().wrapping_add(bytes)));
}

#[cfg(not(target_arch = "wasm32"))]
use mimalloc::MiMalloc as Inner;

/// Natively: keep the memory a run frees for the next run of the process, instead of
/// handing it back to the kernel 10 ms later (mimalloc's `purge_delay`). A run of
/// the many-task benchmark touches about 160 MB; given back, it comes back as fresh
/// zeroed pages, which cost 20-25% of each later run's time (`awaitscope stats`, the
/// tests and the benchmark make several runs). The count above is unaffected: it
/// counts what the program asks for, not what the allocator keeps.
#[cfg(not(target_arch = "wasm32"))]
pub fn keep_freed_memory() {
    /// `mi_option_purge_delay`'s index in mimalloc's `mi_option_t` (v2 and v3); the
    /// sys crate names only the older options.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: mimalloc's options may be set at any time, from any thread.
    ONCE.call_once(|| unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) });
}

/// In the browser the memory is the page's, and never given back anyway.
#[cfg(target_arch = "wasm32")]
pub fn keep_freed_memory() {}
#[cfg(target_arch = "wasm32")]
use std::alloc::System as Inner;

/// The inner allocator, counting.
pub struct Counting;

// SAFETY: every method hands the request to `Inner` unchanged and only counts
// what it returns; counting touches a thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { Inner.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { Inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { Inner.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { Inner.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_follows_what_this_thread_holds() {
        let before = live_bytes();
        let mut v: Vec<u64> = Vec::with_capacity(1000);
        assert_eq!(live_bytes() - before, 8000);
        v.reserve_exact(2000);
        assert_eq!(live_bytes() - before, 8 * v.capacity() as isize);
        drop(v);
        assert_eq!(live_bytes(), before);
    }
}
