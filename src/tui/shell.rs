//! The event loop: terminal input and worker results in, `update`, effects out, and a
//! redraw when something changed (at most one frame per 16 ms while results stream
//! in; input is drawn at once).
//!
//! Input is read first on every turn and worker results are taken with a time budget,
//! so keys stay responsive while thousands of scan events arrive.
//!
//! Set `XMPEDIT_TUI_TRACE=FILE` to get frame timings written to FILE on exit.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};

use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::events::{Events, Next};
use crate::tui::signals::{Caught, Signals};
use crate::tui::terminal::{self, Guard};
use crate::tui::update::update;
use crate::tui::worker::{self, Job, Worker};
use xmpedit_catalog::{Catalog, ScanOptions};

/// Longest time spent on worker results before input is looked at again.
const RESULT_BUDGET: Duration = Duration::from_millis(5);
/// Shortest time between two frames while results stream in.
const FRAME: Duration = Duration::from_millis(16);
/// How long to sleep waiting for input when nothing is going on.
const IDLE: Duration = Duration::from_millis(50);

/// Frame timings for `XMPEDIT_TUI_TRACE`.
#[derive(Default)]
struct Trace {
    start: Option<Instant>,
    first_frame: Option<Duration>,
    frames: Vec<FrameTrace>,
    scan_done: Option<Duration>,
    /// When the last write was sent to the worker, and how long until it was done.
    write_sent: Option<Instant>,
    writes: Vec<(usize, Duration)>,
}

/// One drawn frame: when, and where the time of its turn went.
#[derive(Default, Clone, Copy)]
struct FrameTrace {
    at: Duration,
    /// Input + results + draw.
    turn: Duration,
    input: Duration,
    results: Duration,
    /// Number of worker results handled, and the slowest one.
    n_results: usize,
    slowest: Duration,
    draw: Duration,
}

/// Why the UI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// SIGTERM, SIGHUP or SIGINT (see [`crate::tui::signals`]).
    Signal(Caught),
}

/// Runs the UI until the user quits or a signal ends it. Whichever way it ends
/// (a signal, a terminal error, a hang-up), the terminal is restored first and the
/// write in progress, if any, is finished before this returns.
pub fn run(mut app: App, scan_opts: ScanOptions) -> io::Result<Ended> {
    let started = Instant::now();
    let mut trace = Trace {
        start: Some(started),
        ..Trace::default()
    };
    let signals = Signals::install()?;
    let (tx, rx) = channel::<Action>();
    let worker = Worker::spawn(tx.clone(), None, app.policy, app.metadata_date)?;
    let result = (|| {
        let mut guard = terminal::setup(app.mouse)?;
        let mut events = Events::start(signals)?;
        let size = guard.terminal.size()?;
        update(&mut app, Action::Resize(size.width, size.height));
        // First frame before any disk work starts.
        draw(&mut guard, &mut app, &mut trace, started)?;
        trace.first_frame = Some(started.elapsed());
        let roots = vec![app.root.clone()];
        // DerivedFrom links follow the same name rules as the scan's grouping.
        app.catalog = Catalog::with_rules(scan_opts.rules.clone());
        worker::start_scan(roots, scan_opts, tx.clone());
        // Files other programs change are read again before the user writes over
        // them; the watch runs on threads of its own and ends when dropped.
        let watch_tx = tx.clone();
        let _watch = match xmpedit_catalog::watch::watch(&app.root, move |paths| {
            let _ = watch_tx.send(Action::DiskChanged(paths));
        }) {
            Ok(w) => Some(w),
            Err(e) => {
                app.warn(format!(
                    "{e}; press R to re-read files changed by other programs"
                ));
                None
            }
        };
        event_loop(
            &mut guard,
            &mut app,
            &rx,
            &tx,
            &worker,
            &mut trace,
            &mut events,
        )
    })();
    terminal::restore();
    if let Ok(Ended::Signal(sig)) = &result {
        say_discarded(&app, *sig);
    }
    if app.busy.is_some() {
        // After a hang-up stderr may be gone; nothing to do about a failed message.
        let _ = writeln!(
            io::stderr(),
            "xmpedit: finishing the write in progress before exiting"
        );
    }
    worker.finish();
    write_trace(&trace);
    result
}

/// Tells what a signal cost: the edits that were never written.
fn say_discarded(app: &App, sig: Caught) {
    let pending = app.pending_count();
    let what = if pending == 0 {
        String::new()
    } else {
        format!("; {pending} unwritten change(s) were discarded")
    };
    let _ = writeln!(io::stderr(), "xmpedit: ended by {}{what}", sig.name());
}

fn event_loop(
    guard: &mut Guard,
    app: &mut App,
    rx: &Receiver<Action>,
    tx: &Sender<Action>,
    worker: &Worker,
    trace: &mut Trace,
    events: &mut Events,
) -> io::Result<Ended> {
    let mut dirty = false;
    let mut last_draw = Instant::now();
    loop {
        let turn = Instant::now();
        // 1. Input first.
        let mut had_input = false;
        for _ in 0..256 {
            let ev = match events.take()? {
                Next::Event(ev) => ev,
                Next::Signal(sig) => return Ok(Ended::Signal(sig)),
                Next::Idle => break,
            };
            if let Some(action) = to_action(ev, app.mouse) {
                had_input = true;
                let effects = update(app, action);
                if effects.iter().any(|e| matches!(e, Effect::Write(_))) {
                    trace.write_sent = Some(Instant::now());
                }
                run_effects(app, effects, tx, worker);
                dirty = true;
            }
        }
        if app.quit {
            return Ok(Ended::Quit);
        }
        // 2. Worker and scan results, within a budget.
        let budget_start = Instant::now();
        let input_time = budget_start - turn;
        let mut more = false;
        let mut n_results = 0;
        let mut slowest = Duration::ZERO;
        while let Ok(action) = rx.try_recv() {
            if let Action::WriteDone(r) = &action {
                if let Some(sent) = trace.write_sent.take() {
                    trace.writes.push((r.written, sent.elapsed()));
                }
            }
            let one = Instant::now();
            let effects = update(app, action);
            slowest = slowest.max(one.elapsed());
            n_results += 1;
            run_effects(app, effects, tx, worker);
            dirty = true;
            if budget_start.elapsed() >= RESULT_BUDGET {
                more = true;
                break;
            }
        }
        if trace.scan_done.is_none() && app.catalog.progress().done {
            trace.scan_done = trace.start.map(|s| s.elapsed());
        }
        if app.quit {
            return Ok(Ended::Quit);
        }
        // 3. Draw.
        if dirty && (had_input || last_draw.elapsed() >= FRAME) {
            let t = Instant::now();
            draw_frame(guard, app)?;
            let now = Instant::now();
            if let Some(s) = trace.start {
                trace.frames.push(FrameTrace {
                    at: now - s,
                    turn: now - turn,
                    input: input_time,
                    results: t - budget_start,
                    n_results,
                    slowest,
                    draw: now - t,
                });
            }
            last_draw = now;
            dirty = false;
        }
        // 4. Wait for input (results wake us up at the next turn).
        let wait = if more || dirty {
            FRAME
                .saturating_sub(last_draw.elapsed())
                .min(Duration::from_millis(2))
        } else {
            IDLE
        };
        events.wait(wait)?;
        if let Some(sig) = events.signal() {
            return Ok(Ended::Signal(sig));
        }
    }
}

fn draw(guard: &mut Guard, app: &mut App, trace: &mut Trace, started: Instant) -> io::Result<()> {
    let t = Instant::now();
    draw_frame(guard, app)?;
    trace.frames.push(FrameTrace {
        at: started.elapsed(),
        turn: t.elapsed(),
        draw: t.elapsed(),
        ..FrameTrace::default()
    });
    Ok(())
}

fn draw_frame(guard: &mut Guard, app: &mut App) -> io::Result<()> {
    app.sync();
    guard
        .terminal
        .draw(|f| crate::tui::view::draw(app, f))
        .map(|_| ())
}

/// Terminal events the UI reacts to. Key releases are dropped.
pub fn to_action(ev: Event, mouse: bool) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) => Some(Action::Key(k)),
        Event::Paste(s) => Some(Action::Paste(s)),
        Event::Mouse(m) if mouse => Some(Action::Mouse(m)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

fn run_effects(app: &mut App, effects: Vec<Effect>, tx: &Sender<Action>, worker: &Worker) {
    let mut queue = effects;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for effect in queue {
            match effect {
                Effect::StartScan { roots } => {
                    worker::start_scan(roots, ScanOptions::default(), tx.clone());
                }
                Effect::Write(plan) => worker.send(Job::Write(plan)),
                Effect::UndoBatch { id, redo } => worker.send(Job::Undo { id, redo }),
                Effect::Reread { paths, asked } => worker.send(Job::Reread { paths, asked }),
                Effect::Inspect { paths } => worker.send(Job::Inspect { paths }),
                Effect::Export { path, rows } => worker.send(Job::Export { path, rows }),
                Effect::ReadImport { path, known } => worker.send(Job::ReadImport { path, known }),
                Effect::LoadJournal => worker.send(Job::LoadJournal {
                    folder: app.root.clone(),
                }),
                Effect::Copy(text) => {
                    let r = crate::tui::clipboard::copy(&text, terminal::write_raw)
                        .map(|via| via.label());
                    next.extend(update(app, Action::Copied(r)));
                }
                Effect::LoadTemplates => {
                    let list = crate::tui::templates::load_entries();
                    next.extend(update(app, Action::TemplatesLoaded(list)));
                }
                Effect::Quit => app.quit = true,
            }
        }
        queue = next;
    }
}

fn write_trace(trace: &Trace) {
    let Some(path) = std::env::var_os("XMPEDIT_TUI_TRACE").map(PathBuf::from) else {
        return;
    };
    let mut out = String::new();
    if let Some(f) = trace.first_frame {
        out.push_str(&format!("first_frame_ms {:.3}\n", f.as_secs_f64() * 1e3));
    }
    if let Some(s) = trace.scan_done {
        out.push_str(&format!("scan_done_ms {:.3}\n", s.as_secs_f64() * 1e3));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let max_turn = trace
        .frames
        .iter()
        .map(|f| f.turn)
        .max()
        .unwrap_or_default();
    let max_draw = trace
        .frames
        .iter()
        .map(|f| f.draw)
        .max()
        .unwrap_or_default();
    for (files, took) in &trace.writes {
        out.push_str(&format!("write files {files} ms {:.3}\n", ms(*took)));
    }
    out.push_str(&format!("frames {}\n", trace.frames.len()));
    out.push_str(&format!("max_turn_ms {:.3}\n", ms(max_turn)));
    out.push_str(&format!("max_draw_ms {:.3}\n", ms(max_draw)));
    for f in &trace.frames {
        out.push_str(&format!(
            "frame at_ms {:.1} turn_ms {:.3} input_ms {:.3} results_ms {:.3} n {} slowest_ms {:.3} draw_ms {:.3}\n",
            ms(f.at),
            ms(f.turn),
            ms(f.input),
            ms(f.results),
            f.n_results,
            ms(f.slowest),
            ms(f.draw)
        ));
    }
    let _ = std::fs::write(path, out);
}
