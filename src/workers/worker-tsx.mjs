// The worker thread's entry under tsx (npm start, the tests): registers tsx's loader in this thread, then
// runs the TypeScript worker. The compiled server (dist/) starts worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
