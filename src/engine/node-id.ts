/**
 * Node ids are derived from node names (as Argo does) so that re-running the reconciler after a crash
 * finds the nodes it already created instead of creating them twice. Argo uses a 32-bit FNV hash; at
 * 10,000 nodes that collides about 1% of the time, so Keyflow uses a 53-bit hash and probes on a clash.
 */

/** 53-bit string hash (cyrb53 construction), hex encoded. */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The id of the node called `nodeName` in workflow `workflowName`: the workflow name itself for the
 * root node (Argo's convention), else `<workflow>-<hash>`, probing past ids taken by other names.
 */
export function nodeIdFor(workflowName: string, nodeName: string, nameOfId: (id: string) => string | undefined): string {
  if (nodeName === workflowName) return workflowName;
  for (let probe = 0; ; probe++) {
    const id = `${workflowName}-${hash53(nodeName, probe)}`;
    const holder = nameOfId(id);
    if (holder === undefined || holder === nodeName) return id;
  }
}
