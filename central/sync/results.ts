import type { Mutation, MutationResult } from '../../shared/sync/protocol.ts';

/** A mutation that ends without changing anything: a stable code and a French reason. */
export const rejected = (m: Mutation, code: string, reason: string): MutationResult => ({
  clientSeq: m.clientSeq,
  mutationId: m.mutationId,
  status: 'rejected',
  code,
  reason,
});
