import type { Warning } from './envelope.js';

/** A sharded PostgreSQL that sent every row to the coordinator (`pushed` false) is worth a word. */
export function shardWarnings(pushed: boolean | null): Warning[] {
  if (pushed !== false) return [];
  return [
    {
      code: 'shards-send-rows',
      message:
        'the shards sent every row to the coordinator instead of aggregating their own: turn on use_remote_estimate for the foreign servers (see the README)',
    },
  ];
}
