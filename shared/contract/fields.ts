import { z } from 'zod';
import { plainLine } from '../domain/plain-text.ts';

/**
 * Who signs a change when it is not the staff name set in Réglages (the CLI's --by). Text that ends up in
 * synced rows follows shared/domain/plain-text.ts, as the central service checks it.
 */
export const by = plainLine(120, { trim: true }).min(1).optional();
export const fileName = plainLine(255).min(1);
export const id = z.string().min(1).max(64);
export const none = z.object({}).strict();
