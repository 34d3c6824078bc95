import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { packArtifact } from './pack-artifact.js';
import type { MountPlan } from './plan-sandbox-mounts.js';
import { resolveTaskFile } from './resolve-task-file.js';
import type { OutputSpec } from './types.js';

/** Largest output parameter read back; Argo has no cap, but a parameter lives in the database and in memory. */
export const MAX_PARAMETER_BYTES = 1024 * 1024;

/** What the task left behind, and what was wrong with it. */
export interface CollectedOutputs {
  outputParameters: Record<string, string>;
  outputArtifacts: Record<string, string>;
  problems: string[];
}

/**
 * Reads output parameters and stores output artifacts after the task exited. A missing parameter file is left
 * out (the engine applies `default` or fails the node, as Argo does); a missing artifact is a problem unless it
 * is optional or `requireArtifacts` is false (the task was stopped, so its outputs are best effort).
 */
export async function collectOutputs(
  outputs: OutputSpec, plan: MountPlan, artifactDir: string, requireArtifacts: boolean,
): Promise<CollectedOutputs> {
  const collected: CollectedOutputs = { outputParameters: {}, outputArtifacts: {}, problems: [] };
  for (const param of outputs.parameters) {
    const value = await readParameter(plan, param.path).catch((err: Error) => ({ problem: err.message }));
    if (typeof value === 'string') collected.outputParameters[param.name] = value;
    else if (value !== undefined) collected.problems.push(`output parameter "${param.name}": ${param.path} ${value.problem}`);
  }
  for (const artifact of outputs.artifacts) {
    const label = `output artifact "${artifact.name}": ${artifact.path}`;
    const stored = await storeArtifact(artifact, plan, artifactDir, requireArtifacts)
      .catch((err: Error) => ({ problem: `could not be stored: ${err.message}` }));
    if (typeof stored === 'string') collected.outputArtifacts[artifact.name] = stored;
    else if (stored !== undefined) collected.problems.push(`${label} ${stored.problem}`);
  }
  return collected;
}

async function storeArtifact(
  artifact: OutputSpec['artifacts'][number], plan: MountPlan, artifactDir: string, requireArtifacts: boolean,
): Promise<string | { problem: string } | undefined> {
  const found = await resolveTaskFile(plan, artifact.path);
  if (found.kind === 'missing') return requireArtifacts && artifact.optional !== true ? { problem: 'does not exist' } : undefined;
  if (found.kind === 'refused') return { problem: found.problem };
  if (!found.stats.isFile() && !found.stats.isDirectory()) return { problem: 'is neither a file nor a directory' };
  return packArtifact(found.hostPath, found.stats.isDirectory(), artifactDir, artifact.name, artifact.archive);
}

async function readParameter(plan: MountPlan, path: string): Promise<string | { problem: string } | undefined> {
  const found = await resolveTaskFile(plan, path);
  if (found.kind === 'missing') return undefined;
  if (found.kind === 'refused') return { problem: found.problem };
  if (!found.stats.isFile()) return { problem: 'is not a regular file' };
  // O_NOFOLLOW + O_NONBLOCK: a link or FIFO swapped in after the check can neither redirect nor block the read.
  const handle = await open(found.hostPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { problem: 'is not a regular file' };
    if (stats.size > MAX_PARAMETER_BYTES) {
      return { problem: `is ${stats.size} bytes, larger than the ${MAX_PARAMETER_BYTES}-byte limit for output parameters (use an output artifact)` };
    }
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, stats.size, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    // Argo trims one trailing newline "for user convenience".
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    await handle.close();
  }
}
