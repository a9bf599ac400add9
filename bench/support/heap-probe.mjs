// Loaded into a server the bench starts (`node --expose-gc --import ./bench/support/heap-probe.mjs …`): on SIGUSR2
// it collects garbage fully and prints the heap still in use, so a bench can tell memory the server keeps from
// memory V8 has not bothered to reclaim yet (a resident set that grows proves neither).
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`[heap-probe] ${JSON.stringify({ heapUsed, rss, external, arrayBuffers })}\n`);
});
