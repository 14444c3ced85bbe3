//! Large blocks that grow where they are. A run's trace is one vector of events
//! (34 MB in the many-task benchmark), and its futures, requests and timer handles
//! are vectors too; grown by doubling, each was copied to a new place about as many
//! bytes as it finally holds, about a tenth of the benchmark's time.
//!
//! So a block of [`THRESHOLD`] bytes or more gets a slot of its own: [`SLOT`] bytes
//! of address space, reserved once for the process (no memory is committed until a
//! page is touched), in which it grows and shrinks without moving. A freed slot
//! keeps its first [`KEEP`] bytes of pages for the next block, as mimalloc keeps
//! freed memory for the next run (`keep_freed_memory`): fresh pages would cost the
//! kernel's zeroing at every run. A block that outgrows its slot, or one asked for
//! when every slot is taken or the reservation failed (a strict overcommit policy, a
//! limit on address space), goes to the inner allocator, as before.
//!
//! Native only: the browser's memory is one WebAssembly memory anyway.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Blocks this large or larger are put in a slot.
pub const THRESHOLD: usize = 1 << 20;
/// The address space of one slot: the largest block a slot holds.
pub const SLOT: usize = 1 << 30;
/// How many slots there are (one bit each in [`USED`]).
const SLOTS: usize = 64;
/// What a freed slot keeps of the pages its blocks touched.
const KEEP: usize = 64 << 20;
const PAGE: usize = 4096;
/// Slots start on a huge page's boundary, so that their first megabytes can be one.
const HUGE_PAGE: usize = 2 << 20;
/// The address space reserved: the slots, and room to align them.
const RESERVED: usize = SLOT * SLOTS + HUGE_PAGE;

/// Where the slots start: 0 before the reservation, 1 if it failed.
static BASE: AtomicUsize = AtomicUsize::new(0);
/// Which slots hold a block.
static USED: AtomicU64 = AtomicU64::new(0);
/// Per slot, how many of its bytes may be touched pages: past this they read as
/// zero (never touched, or given back).
static TOUCHED: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];

/// Whether a block of `size` bytes is put in a slot (if one is free).
#[inline(always)]
pub fn is_large(size: usize) -> bool {
    size >= THRESHOLD
}

/// Whether `ptr` is a block in a slot.
#[inline(always)]
pub fn owns(ptr: *mut u8) -> bool {
    let base = BASE.load(Ordering::Relaxed);
    base > 1 && (ptr as usize).wrapping_sub(base) < SLOT * SLOTS
}

/// A block of `size` bytes (at least [`THRESHOLD`]) aligned to `align`, zeroed if
/// asked; `None` when no slot can take it.
pub fn alloc(size: usize, align: usize, zeroed: bool) -> Option<*mut u8> {
    if size > SLOT || align > PAGE {
        return None;
    }
    let base = reserve()?;
    let slot = take_slot()?;
    let ptr = (base + slot * SLOT) as *mut u8;
    let touched = TOUCHED[slot].load(Ordering::Relaxed);
    if zeroed {
        // Only pages an earlier block touched can hold anything.
        // SAFETY: the slot is this block's, and its first `size` bytes are mapped.
        unsafe { ptr.write_bytes(0, size.min(touched)) };
    }
    TOUCHED[slot].store(touched.max(size), Ordering::Relaxed);
    Some(ptr)
}

/// Resizes a block in a slot: in place when it still fits, else moved to the block
/// `elsewhere` allocates (the inner allocator's) and its slot freed.
///
/// # Safety
/// `ptr` is a live block in a slot (`owns`), of `old_size` bytes.
pub unsafe fn realloc(
    ptr: *mut u8,
    old_size: usize,
    new_size: usize,
    elsewhere: impl FnOnce() -> *mut u8,
) -> *mut u8 {
    let slot = slot_of(ptr);
    if new_size <= SLOT {
        TOUCHED[slot].fetch_max(new_size, Ordering::Relaxed);
        return ptr;
    }
    let new = elsewhere();
    if !new.is_null() {
        // SAFETY: both blocks hold `old_size` bytes, and they are different blocks.
        unsafe { std::ptr::copy_nonoverlapping(ptr, new, old_size) };
        free(ptr);
    }
    new
}

/// Frees a block in a slot, giving the kernel back its pages past [`KEEP`].
#[inline(never)]
pub fn free(ptr: *mut u8) {
    let slot = slot_of(ptr);
    let touched = TOUCHED[slot].load(Ordering::Relaxed);
    if touched > KEEP {
        // SAFETY: the range lies in the slot, which is this block's until the bit
        // below is cleared; its pages read as zero afterwards.
        let given_back = unsafe {
            libc::madvise(
                ptr.add(KEEP).cast(),
                touched.next_multiple_of(PAGE) - KEEP,
                libc::MADV_DONTNEED,
            )
        } == 0;
        if given_back {
            TOUCHED[slot].store(KEEP, Ordering::Relaxed);
        }
    }
    // Release: the next owner of the slot sees `TOUCHED` as stored above.
    USED.fetch_and(!(1 << slot), Ordering::Release);
}

fn slot_of(ptr: *mut u8) -> usize {
    ((ptr as usize) - BASE.load(Ordering::Relaxed)) / SLOT
}

/// The lowest free slot, taken: the lowest, so that the few slots a run uses are
/// the same from run to run, their pages already touched.
fn take_slot() -> Option<usize> {
    let mut used = USED.load(Ordering::Acquire);
    loop {
        let slot = (!used).trailing_zeros() as usize;
        if slot >= SLOTS {
            return None;
        }
        match USED.compare_exchange_weak(
            used,
            used | (1 << slot),
            Ordering::Acquire,
            Ordering::Acquire,
        ) {
            Ok(_) => return Some(slot),
            Err(now) => used = now,
        }
    }
}

/// The slots' address, reserved at the first call.
fn reserve() -> Option<usize> {
    match BASE.load(Ordering::Acquire) {
        0 => {}
        1 => return None,
        base => return Some(base),
    }
    // SAFETY: a fresh private mapping, which no one else refers to; with
    // `MAP_NORESERVE` it commits nothing until a page is touched.
    let mapped = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            RESERVED,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    let ours = if mapped == libc::MAP_FAILED {
        1
    } else {
        // Huge pages where the kernel gives them on request (`madvise` mode): a
        // process's first run then faults its 40 MB of events in 20 pieces rather
        // than 10,000 (the CLI's whole run of the benchmark's program: 0.14-0.17 s
        // against 0.19-0.24 s with small pages).
        // SAFETY: advice on our own mapping.
        unsafe { libc::madvise(mapped, RESERVED, libc::MADV_HUGEPAGE) };
        (mapped as usize).next_multiple_of(HUGE_PAGE)
    };
    match BASE.compare_exchange(0, ours, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => (ours > 1).then_some(ours),
        Err(theirs) => {
            if ours > 1 {
                // Another thread reserved first.
                // SAFETY: our mapping, never handed out.
                unsafe { libc::munmap(mapped, RESERVED) };
            }
            (theirs > 1).then_some(theirs)
        }
    }
}
