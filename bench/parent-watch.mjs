// Preloaded into every server process the benchmark starts (`node --import`). When the benchmark that
// started it is gone, even after a kill -9 that left it no chance to clean up, the server is re-parented
// and ends itself: SIGTERM to its own pid (a graceful shutdown), then exit after 10 s at the latest.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  setTimeout(() => process.exit(1), 10_000).unref();
  process.kill(process.pid, 'SIGTERM');
}, 500);
timer.unref();
