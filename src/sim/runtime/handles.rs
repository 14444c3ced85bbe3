//! The loop's handles (`call_soon`, `call_at`: what a program can cancel), and the
//! callbacks they have yet to run.
//!
//! A run schedules a timer for every sleep and device request, and a
//! `Value::Handle` can name its handle to the end of the run, so every handle stays;
//! but its callback is needed only until the loop runs it. The callbacks therefore
//! wait apart, in slots that are reused once a callback has run — when dropping it
//! can have no effect a program could see (a timer completing a future with a
//! number, as every device read's does). Any other callback takes a new slot at the
//! end and stays in it, so those go when the run's runtime does, in the order of
//! their handles, as they did when each handle held its own (a drop can report a
//! coroutine never awaited, and the reports come in the order of the drops).

use std::ops::{Index, IndexMut};

use super::Callback;
use crate::sim::value::{HandleId, LoopId};

pub struct HandleState {
    pub cancelled: bool,
    pub deadline_us: Option<i64>,
    /// Where its callback waits in [`Handles::callbacks`]; [`NO_SLOT`] once the
    /// callback ran and its slot went to another handle. (A plain number, not an
    /// `Option`, which would make every handle 32 bytes instead of 24.)
    slot: u32,
}

const NO_SLOT: u32 = u32::MAX;

const _: () = assert!(std::mem::size_of::<HandleState>() <= 24);

impl HandleState {
    fn slot(&self) -> Option<usize> {
        (self.slot != NO_SLOT).then_some(self.slot as usize)
    }
}

#[derive(Default)]
pub struct Handles {
    handles: Vec<HandleState>,
    callbacks: Vec<Option<Callback>>,
    /// Slots whose callback ran and was dropped.
    free_slots: Vec<u32>,
}

impl Handles {
    #[inline]
    /// A new handle; a timer has its deadline and loop.
    pub fn push(&mut self, callback: Callback, timer: Option<(i64, LoopId)>) -> HandleId {
        // Only a callback whose drop is invisible may take a slot another left:
        // the others must lie in the order of their handles.
        let reused = if drop_is_invisible(&callback) {
            self.free_slots.pop()
        } else {
            None
        };
        let slot = match reused {
            Some(slot) => {
                self.callbacks[slot as usize] = Some(callback);
                slot
            }
            None => {
                self.callbacks.push(Some(callback));
                self.callbacks.len() as u32 - 1
            }
        };
        self.handles.push(HandleState {
            cancelled: false,
            deadline_us: timer.map(|(deadline_us, _)| deadline_us),
            slot,
        });
        HandleId::new(self.handles.len() - 1, timer.map(|(_, loop_id)| loop_id))
    }

    /// The callback of a handle that has not run yet.
    #[inline]
    pub fn callback(&self, h: HandleId) -> Option<&Callback> {
        let slot = self.handles[h.index()].slot()?;
        self.callbacks[slot].as_ref()
    }

    /// Takes out the callback to run it; [`Handles::ran`] says what becomes of it.
    #[inline]
    pub fn take_callback(&mut self, h: HandleId) -> Option<Callback> {
        let slot = self.handles[h.index()].slot()?;
        self.callbacks[slot].take()
    }

    /// After `h`'s callback ran (or was skipped, cancelled): the callback goes back
    /// into its slot, unless dropping it now is invisible, which frees the slot.
    #[inline]
    pub fn ran(&mut self, h: HandleId, callback: Callback) {
        let handle = &mut self.handles[h.index()];
        let Some(slot) = handle.slot() else {
            return;
        };
        if drop_is_invisible(&callback) {
            handle.slot = NO_SLOT;
            self.free_slots.push(slot as u32);
        } else {
            self.callbacks[slot] = Some(callback);
        }
    }
}

impl Index<usize> for Handles {
    type Output = HandleState;

    fn index(&self, index: usize) -> &HandleState {
        &self.handles[index]
    }
}

impl IndexMut<usize> for Handles {
    fn index_mut(&mut self, index: usize) -> &mut HandleState {
        &mut self.handles[index]
    }
}

/// Whether dropping the callback frees nothing: a timer completing a future with a
/// plain number or id, which holds no coroutine (whose drop is reported) and no
/// memory (which the memory limit counts).
///
/// The browser's build keeps every callback (as each handle used to): the
/// bookkeeping of freed slots is not worth its page weight there.
fn drop_is_invisible(callback: &Callback) -> bool {
    if !crate::sim::NATIVE_SHORTCUTS {
        return false;
    }
    match callback {
        Callback::SetResultUnlessCancelled { result, .. } => result.owns_nothing(),
        Callback::Call(_)
        | Callback::TaskStep { .. }
        | Callback::TaskWakeup { .. }
        | Callback::StopWhenDone { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::value::{FutureId, FutureKind, Value};

    fn at(deadline_us: i64) -> Option<(i64, LoopId)> {
        Some((deadline_us, LoopId::new(0, true)))
    }

    fn timer(result: Value) -> Callback {
        Callback::SetResultUnlessCancelled {
            fut: FutureId::new(0, FutureKind::Future),
            result,
        }
    }

    /// A callback that ran leaves its slot to the next handle when dropping it is
    /// invisible, and stays otherwise; the handle itself stays either way.
    #[test]
    fn a_callback_that_ran_frees_its_slot_only_if_its_drop_is_invisible() {
        let mut handles = Handles::default();
        let read = handles.push(timer(Value::Int(4096)), at(5));
        let callback = handles.take_callback(read).expect("waits");
        handles.ran(read, callback);
        assert!(handles.callback(read).is_none());
        assert_eq!(handles[read.index()].deadline_us, Some(5));

        let next = handles.push(timer(Value::Int(1)), at(6));
        assert_eq!(
            handles.callbacks.len(),
            1,
            "the next handle reuses the slot"
        );
        assert!(handles.callback(next).is_some());

        let kept = handles.push(timer(Value::Str("held".into())), at(7));
        let callback = handles.take_callback(kept).expect("waits");
        handles.ran(kept, callback);
        assert!(handles.callback(kept).is_some(), "a string is memory");
        assert!(handles.callback(next).is_some());
        assert_eq!(handles.callbacks.len(), 2);

        // A freed slot goes to a plain timer, never to a callback that is kept:
        // those lie in the order of their handles, the order they are dropped in.
        let callback = handles.take_callback(next).expect("waits");
        handles.ran(next, callback);
        let later = handles.push(timer(Value::Str("later".into())), at(8));
        assert_eq!(handles[later.index()].slot(), Some(2));
        let plain = handles.push(timer(Value::None), at(9));
        assert_eq!(handles[plain.index()].slot(), Some(0));
    }
}
