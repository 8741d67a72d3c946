/**
 * Deterministic BullMQ job ids (architecture.md section 5). BullMQ refuses a custom id with one colon (it
 * reserves that shape for repeatable jobs) but accepts exactly two, so the community is part of the id:
 * `import:<communityId>:<batchId>` instead of the shorter `import:<batchId>`.
 */
export function importJobId(communityId: string, batchId: string): string {
  return `import:${communityId}:${batchId}`;
}

export function recomputeAfterImportJobId(communityId: string, batchId: string): string {
  return `recompute:${communityId}:${batchId}`;
}
