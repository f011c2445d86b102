import path from 'node:path';
import log from 'electron-log/main';
import { logsDirFor } from '../services/log.ts';

/**
 * The shell's rotating log (electron-log): `logs/main.log` in the user-data folder, beside the services'
 * own `services.log`, rotated to `main.old.log` past 1 MB. Both travel in "Exporter un diagnostic".
 */
export function setUpLogging(userData: string): typeof log {
  log.transports.file.resolvePathFn = () => path.join(logsDirFor(userData), 'main.log');
  log.transports.file.maxSize = 1024 * 1024;
  log.transports.file.level = 'info';
  log.transports.console.level = process.env.MEDNUM_DEBUG ? 'debug' : 'warn';
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}
