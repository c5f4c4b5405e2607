export { startServer, type RunningServer } from './server.js';
export { parseEnv, EnvError, type Env } from './env.js';
export { createApp, createRequestListener } from './app.js';
