/**
 * The real service for the soak bench, in its own process so its memory is
 * its own: started like `lma serve` (configuration from the environment the
 * bench gives it), and answering 'memory' over IPC with process.memoryUsage()
 * after a full garbage collection (run with --expose-gc), so the heap figure is
 * what is live, not what is waiting to be collected.
 */
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const config = loadConfig(process.env);
const app = await startApp({ config, logger: createLogger(config.logLevel) });
process.send?.({ url: app.url });
process.on('message', (m) => {
  if (m === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
  if (m === 'stop') void app.close().then(() => process.exit(0));
});
