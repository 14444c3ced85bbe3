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
//! and free and to page faults on memory it had given back to the kernel. Natively,
//! blocks of a megabyte and more grow in place, in slots of reserved address space
//! (`slots`).

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

#[cfg(not(target_arch = "wasm32"))]
mod slots;

/// The browser has no slots: every block is the inner allocator's.
#[cfg(target_arch = "wasm32")]
mod slots {
    pub fn is_large(_: usize) -> bool {
        false
    }
    pub fn owns(_: *mut u8) -> bool {
        false
    }
    pub fn alloc(_: usize, _: usize, _: bool) -> Option<*mut u8> {
        None
    }
    pub unsafe fn realloc(_: *mut u8, _: usize, _: usize, _: impl FnOnce() -> *mut u8) -> *mut u8 {
        unreachable!("no block is in a slot")
    }
    pub fn free(_: *mut u8) {}
}

/// The inner allocator, counting; natively, blocks of a megabyte and more are put
/// where they can grow without moving (`slots`).
pub struct Counting;

impl Counting {
    #[inline(always)]
    unsafe fn alloc_with(&self, layout: Layout, zeroed: bool) -> *mut u8 {
        let ptr = if slots::is_large(layout.size()) {
            unsafe { alloc_large(layout, zeroed) }
        } else if zeroed {
            unsafe { Inner.alloc_zeroed(layout) }
        } else {
            unsafe { Inner.alloc(layout) }
        };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }
}

/// A block of a megabyte or more: in a slot if one is free. Out of line, as are the
/// other ways into and out of the slots, so that every allocation site stays small.
#[inline(never)]
unsafe fn alloc_large(layout: Layout, zeroed: bool) -> *mut u8 {
    match slots::alloc(layout.size(), layout.align(), zeroed) {
        Some(ptr) => ptr,
        None if zeroed => unsafe { Inner.alloc_zeroed(layout) },
        None => unsafe { Inner.alloc(layout) },
    }
}

/// Resizes a block in a slot: in place, unless it outgrows the slot.
#[inline(never)]
unsafe fn realloc_slotted(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    // SAFETY: the block is live, of `layout.size()` bytes; if it moves, its new
    // block is the inner allocator's, with the same alignment.
    unsafe {
        slots::realloc(ptr, layout.size(), new_size, || {
            Inner.alloc(Layout::from_size_align_unchecked(new_size, layout.align()))
        })
    }
}

/// Grows a block of the inner allocator to a megabyte or more: into a slot if one
/// is free.
#[inline(never)]
unsafe fn realloc_into_slot(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    match slots::alloc(new_size, layout.align(), false) {
        Some(new) => {
            // SAFETY: the old block holds `layout.size()` bytes, fewer than the new
            // one (it grows); it is freed once copied.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size());
                Inner.dealloc(ptr, layout);
            }
            new
        }
        None => unsafe { Inner.realloc(ptr, layout, new_size) },
    }
}

// SAFETY: every block comes from `Inner` or from a slot, and goes back to where it
// came from (`slots::owns` tells which); counting touches a thread-local `Cell`,
// which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { self.alloc_with(layout, false) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { self.alloc_with(layout, true) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if slots::owns(ptr) {
            slots::free(ptr);
        } else {
            unsafe { Inner.dealloc(ptr, layout) };
        }
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = if slots::owns(ptr) {
            unsafe { realloc_slotted(ptr, layout, new_size) }
        } else if slots::is_large(new_size) && new_size > layout.size() {
            unsafe { realloc_into_slot(ptr, layout, new_size) }
        } else {
            unsafe { Inner.realloc(ptr, layout, new_size) }
        };
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

    /// A large block grows and shrinks where it is, keeps what it held, comes back
    /// zeroed when asked for so, and leaves its slot when it outgrows it; the count
    /// follows all of it.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn large_blocks_grow_in_place() {
        let before = live_bytes();
        let mut v: Vec<u64> = Vec::with_capacity(slots::THRESHOLD / 8);
        let at = v.as_ptr();
        assert!(slots::owns(at as *mut u8), "the slots are reserved");
        v.extend(0..slots::THRESHOLD as u64 / 8);
        v.reserve_exact(100 << 20);
        assert_eq!(v.as_ptr(), at, "grown in place");
        assert_eq!(live_bytes() - before, 8 * v.capacity() as isize);
        assert!(v.iter().enumerate().all(|(i, &n)| n == i as u64));
        v.truncate(10);
        v.shrink_to_fit();
        assert_eq!(
            (v.as_ptr(), v.as_slice()),
            (at, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9][..])
        );
        drop(v);
        assert_eq!(live_bytes(), before);

        // The freed slot's pages are dirty: a zeroed block must read as zeros.
        let mut dirty = vec![0xffu8; 2 * slots::THRESHOLD];
        dirty[5] = 7;
        drop(dirty);
        let zeroed = vec![0u8; 2 * slots::THRESHOLD];
        assert!(slots::owns(zeroed.as_ptr() as *mut u8));
        assert!(zeroed.iter().all(|&b| b == 0));
        drop(zeroed);

        // A small block that grows large moves into a slot, with its contents.
        let mut small: Vec<u32> = (0..1000).collect();
        small.reserve_exact(slots::THRESHOLD);
        assert!(slots::owns(small.as_ptr() as *mut u8));
        assert!(small.iter().enumerate().all(|(i, &n)| n == i as u32));
        drop(small);

        // One that outgrows its slot moves to the inner allocator, with its
        // contents (the pages past them are never touched).
        let mut huge: Vec<u8> = Vec::with_capacity(slots::THRESHOLD);
        huge.extend_from_slice(b"kept");
        huge.reserve_exact(slots::SLOT);
        assert!(!slots::owns(huge.as_ptr() as *mut u8));
        assert_eq!(huge, b"kept");
        drop(huge);
        assert_eq!(live_bytes(), before);
    }
}
