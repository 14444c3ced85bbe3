//! Simulated devices behind the kernel: a request waits for one of the device's
//! parallel slots (first come, first served), then is served for
//! `latency + nbytes / bandwidth`, rounded once to the microsecond.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::machine::Machine;
use crate::sim::recorder::RequestStep;
use crate::trace::{EventKind, IoOp, RequestInfo};

pub struct DeviceState {
    pub latency: f64,
    pub bandwidth: Option<f64>,
    /// (when it frees, index) of each parallel slot, earliest first; empty when the
    /// device is unlimited.
    pub slots_free_us: BinaryHeap<Reverse<(u64, usize)>>,
    pub trace_index: u32,
}

impl DeviceState {
    pub fn new(latency: f64, bandwidth: Option<f64>, parallel: usize, trace_index: u32) -> Self {
        DeviceState {
            latency,
            bandwidth,
            slots_free_us: (0..parallel).map(|i| Reverse((0, i))).collect(),
            trace_index,
        }
    }

    /// `round((latency + nbytes / bandwidth) * 1e6)`, as the helper module computes it.
    pub fn service_us(&self, nbytes: i64) -> u64 {
        let seconds = match self.bandwidth {
            Some(bw) => self.latency + nbytes as f64 / bw,
            None => self.latency,
        };
        super::seconds_to_us(seconds).unwrap_or(i64::MAX).max(0) as u64
    }
}

impl Machine {
    /// Registers a request now; returns (completion time, request index). A
    /// blocking request also holds the thread in I/O wait until it completes.
    pub(crate) fn device_submit(
        &mut self,
        device: u32,
        op: IoOp,
        nbytes: i64,
        blocking: bool,
    ) -> (u64, u32) {
        let now = self.rt.now_us;
        let dev = &mut self.rt.devices[device as usize];
        let service = dev.service_us(nbytes);
        // The slot that frees first; the lowest index on ties.
        let start = match dev.slots_free_us.pop() {
            None => now,
            Some(Reverse((free, slot))) => {
                let start = now.max(free);
                dev.slots_free_us
                    .push(Reverse((start.saturating_add(service), slot)));
                start
            }
        };
        let completion = start.saturating_add(service);
        let trace_device = dev.trace_index;
        let task = self.rt.current_task.map(|t| self.task_index(t));
        let request = self.rec.requests.len() as u32;
        self.rec.requests.push(RequestInfo {
            device: trace_device,
            op,
            nbytes,
            task,
            line: self.line,
            blocking,
            submitted_us: now,
            started_us: start,
            completed_us: completion,
        });
        self.emit_with(|| EventKind::RequestSubmitted { request });
        if start > now {
            self.emit_at(start, RequestStep::Started, request);
        } else {
            self.emit_with(|| EventKind::RequestStarted { request });
        }
        self.emit_at(completion, RequestStep::Completed, request);
        if blocking {
            let dur_us = completion - now;
            let line = self.line;
            self.emit_with(|| EventKind::IoWait {
                task,
                line,
                request,
                dur_us,
            });
            self.rec.totals.io_wait_us += dur_us;
            self.advance_clock(completion);
        } else {
            self.rt.pending_request = Some(request);
        }
        (completion, request)
    }
}
