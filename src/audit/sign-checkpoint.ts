/**
 * Checkpoints: a signature over "record `seq` has hash `hash`" made with a key the database does not
 * hold. The payload is the canonical JSON of { type, v, seq, hash, time, keyId }, so a signature cannot be
 * replayed for another seq, another time, another key id, or as a signature of some other Keyflow object.
 */
import { canonicalJson } from './canonical-json.js';
import { AuditError } from './errors.js';
import type { AuditCheckpoint, AuditSigner, ChainHead, VerifySignature } from './types.js';

/** The `type` member of every checkpoint payload (domain separation from other signed objects). */
export const CHECKPOINT_TYPE = 'keyflow.audit.checkpoint';

/** The exact bytes a checkpoint's signature covers. */
export function checkpointPayload(checkpoint: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  const { seq, hash, time, keyId } = checkpoint;
  return new TextEncoder().encode(canonicalJson({ type: CHECKPOINT_TYPE, v: 1, seq, hash, time, keyId }));
}

/** Signs `head` (seq >= 1) at `time`; ERR_AUDIT_SIGNER when the signer fails or returns no bytes. */
export async function signCheckpoint(head: ChainHead, signer: AuditSigner, time: string): Promise<AuditCheckpoint> {
  if (!Number.isSafeInteger(head.seq) || head.seq < 1) throw new TypeError('signCheckpoint: head.seq must be a positive integer');
  const unsigned = { seq: head.seq, hash: head.hash, time, keyId: signer.keyId };
  let signature: Uint8Array;
  try {
    signature = await signer.sign(checkpointPayload(unsigned));
  } catch (err) {
    throw new AuditError('ERR_AUDIT_SIGNER', `cannot sign the audit checkpoint at seq ${head.seq} with key ${signer.keyId}: ${(err as Error).message}`, { cause: err, seq: head.seq });
  }
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new AuditError('ERR_AUDIT_SIGNER', `the signer for key ${signer.keyId} returned no signature for the audit checkpoint at seq ${head.seq}`, { seq: head.seq });
  }
  return { ...unsigned, signature: Buffer.from(signature).toString('base64url') };
}

/** True when the checkpoint's signature verifies; false for a malformed signature, unknown key or a throwing verifier. */
export async function checkCheckpointSignature(checkpoint: AuditCheckpoint, verify: VerifySignature): Promise<boolean> {
  if (typeof checkpoint.signature !== 'string' || !/^[A-Za-z0-9_-]+$/.test(checkpoint.signature)) return false;
  try {
    return (await verify(checkpoint.keyId, checkpointPayload(checkpoint), Buffer.from(checkpoint.signature, 'base64url'))) === true;
  } catch {
    // A verifier that throws (bad key material, unsupported algorithm) has not vouched for the checkpoint.
    return false;
  }
}
