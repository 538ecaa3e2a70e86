//! Random lines made in blocks: block `k` holds lines `k * BLOCK_LINES ..` and draws its
//! values from a generator seeded by the run's seed and `k` alone, so that any number of
//! threads (`--jobs`) can make blocks side by side and the run's bytes stay the same: the
//! lines are handed on in block order whoever made them.

use std::sync::mpsc;

use ftd_syslog::draw::{RandomValues, SplitMix64};
use ftd_syslog::{Emitter, Message};

use super::options::UnixTime;
use super::pace::line_nanos;
use super::run::{random_context, Stamps};
use super::select::Selection;
use super::TimestampChoice;

/// Lines per block: enough that handing a block over costs little per line, few enough that a
/// block's text (about 150 KB) stays small.
pub(super) const BLOCK_LINES: u64 = 1024;

/// Blocks in flight per worker thread, ahead of the writer.
const QUEUE_DEPTH: usize = 2;

/// The lines of one block: their text one after the other, each ended by LF, where each ends
/// (before its LF), and the log time of each.
#[derive(Debug, Default)]
pub(super) struct Block {
    text: String,
    ends: Vec<usize>,
    at_nanos: Vec<u64>,
}

impl Block {
    /// The lines, each with its log time.
    pub(super) fn lines(&self) -> impl Iterator<Item = (&[u8], u64)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|end| end + 1));
        starts
            .zip(&self.ends)
            .zip(&self.at_nanos)
            .map(|((start, &end), &at)| (&self.text.as_bytes()[start..end], at))
    }

    /// The lines, each ended by LF, one after the other.
    pub(super) fn text(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The log time of the last line.
    pub(super) fn last_at(&self) -> Option<u64> {
        self.at_nanos.last().copied()
    }

    /// How many lines it holds (fewer than asked when the selection ran dry).
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Everything that makes the lines of a random run; each worker has its own copy.
#[derive(Debug, Clone)]
pub(super) struct BlockMaker {
    pub(super) selection: Selection,
    pub(super) values: RandomValues,
    pub(super) seed: u64,
    pub(super) emitter: Emitter,
    pub(super) timestamp: Option<TimestampChoice>,
    pub(super) start: UnixTime,
    /// Log time between lines.
    pub(super) interval_nanos: f64,
    pub(super) vary_templates: bool,
    /// Lines of the whole run, when bounded.
    pub(super) total: Option<u64>,
    pub(super) stamps: Stamps,
}

impl BlockMaker {
    /// The seed of block `index`'s generator.
    fn block_seed(&self, index: u64) -> u64 {
        SplitMix64::new(self.seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15)).next_u64()
    }

    /// Makes block `index` (`None` past the end of a bounded run).
    pub(super) fn make(&mut self, index: u64) -> Option<Block> {
        let first = index.checked_mul(BLOCK_LINES)?;
        let end = match self.total {
            Some(total) if first >= total => return None,
            Some(total) => total.min(first + BLOCK_LINES),
            None => first + BLOCK_LINES,
        };
        *self.values.rng() = SplitMix64::new(self.block_seed(index));
        let mut block = Block {
            text: String::with_capacity(160 * (end - first) as usize),
            ends: Vec::with_capacity((end - first) as usize),
            at_nanos: Vec::with_capacity((end - first) as usize),
        };
        for line in first..end {
            let Some(id) = self.selection.at(line, self.values.rng()) else {
                break;
            };
            let Some(message) = Message::draw(id, &mut self.values) else {
                break;
            };
            let context = if Message::takes_ike_context(id) {
                random_context(&mut self.values)
            } else {
                None
            };
            // The log clock of a random run: line k at k / rate, without drift.
            let at = line_nanos(line, self.interval_nanos);
            let seconds = self.start.plus_nanos(at).seconds;
            let prefixes = self.stamps.prefixes(&self.emitter, self.timestamp, seconds);
            let templates = match self.vary_templates {
                true => message.info().map_or(1, |info| info.templates.len()),
                false => 1,
            };
            let template = match templates {
                0 | 1 => 0,
                n => self.values.rng().below(n as u64) as usize,
            };
            // Writing into a String cannot fail; formatters only fail when the writer does.
            let _ = self.emitter.write_prefixed(
                &mut block.text,
                prefixes,
                &message,
                context.as_ref(),
                template,
            );
            block.ends.push(block.text.len());
            block.text.push('\n');
            block.at_nanos.push(at);
        }
        Some(block)
    }
}

/// Where the blocks of a run come from, in order: made on demand, or by worker threads.
pub(super) enum Blocks {
    /// Made by the writing thread itself.
    Inline { maker: Box<BlockMaker>, next: u64 },
    /// Made by `workers.len()` threads, block `k` by worker `k % workers.len()`.
    Workers {
        workers: Vec<mpsc::Receiver<Block>>,
        next: u64,
    },
}

impl Blocks {
    /// The next block; `None` at the end of the run.
    pub(super) fn next_block(&mut self) -> Option<Block> {
        match self {
            Blocks::Inline { maker, next } => {
                let block = maker.make(*next)?;
                *next += 1;
                Some(block)
            }
            Blocks::Workers { workers, next } => {
                let worker = (*next % workers.len() as u64) as usize;
                let block = workers[worker].recv().ok()?;
                *next += 1;
                Some(block)
            }
        }
    }
}

/// Runs `body` with the blocks of `maker`: made inline for one job, else by `jobs` scoped
/// threads that stop when `body` returns (their queues close) or the run ends.
pub(super) fn with_blocks<R>(maker: BlockMaker, jobs: usize, body: impl FnOnce(Blocks) -> R) -> R {
    if jobs <= 1 {
        return body(Blocks::Inline {
            maker: Box::new(maker),
            next: 0,
        });
    }
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(jobs);
        for worker in 0..jobs as u64 {
            let (sender, receiver) = mpsc::sync_channel(QUEUE_DEPTH);
            let mut maker = maker.clone();
            scope.spawn(move || {
                let mut index = worker;
                while let Some(block) = maker.make(index) {
                    let ended = block.len() < BLOCK_LINES as usize;
                    // The writer stopped: nothing more is wanted.
                    if sender.send(block).is_err() || ended {
                        break;
                    }
                    index += jobs as u64;
                }
            });
            workers.push(receiver);
        }
        // `body` owns the receivers: when it returns they close, and blocked workers end.
        body(Blocks::Workers { workers, next: 0 })
    })
}
